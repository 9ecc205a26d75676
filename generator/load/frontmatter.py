"""Split a source file into front matter and body, after checking its bytes and characters.

The file must be UTF-8 (a BOM is allowed), within the size limits, free of invisible and
direction-changing characters, and start with front matter between ``---`` lines. The front
matter itself is parsed by :mod:`generator.load.yamlparse`, which keeps the position of every key
and value; :class:`Position`, :class:`Parsed` and :func:`parse_yaml` are re-exported here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from generator.diagnostics import Diagnostic, error, is_unsafe_char
from generator.load.yamlparse import MAX_DEPTH as MAX_DEPTH
from generator.load.yamlparse import Parsed as Parsed
from generator.load.yamlparse import Path as Path
from generator.load.yamlparse import Position as Position
from generator.load.yamlparse import Value as Value
from generator.load.yamlparse import parse_yaml as parse_yaml

MAX_FILE_BYTES = 512 * 1024
MAX_FRONTMATTER_BYTES = 16 * 1024
MAX_LINE_CHARS = 5000

# Characters that make text look different from what it is: bidirectional overrides
# ("Trojan Source"), zero-width characters, C0/C1 control characters, and the Unicode line and
# paragraph separators (libyaml counts them as line breaks, so they would shift every position);
# and the noncharacters of the first plane (U+FDD0-U+FDEF, U+FFFE, U+FFFF), which are not text:
# YAML readers refuse them and an HTML parser reports them.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufdd0-\ufdef\ufeff\ufffe\uffff]"
)
# The bytes that start (or are) the UTF-8 encoding of an _INVISIBLE character: C0 controls
# and DEL, 0xC2 (U+0080-U+00BF), 0xE2 (U+2000-U+2FFF) and 0xEF (U+F000-U+FFFF).
_SUSPECT_BYTES = frozenset([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xC2, 0xE2, 0xEF])
_HARMLESS_BYTES = bytes(b for b in range(256) if b not in _SUSPECT_BYTES)
_FENCE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_FENCE_LINE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded, checked file: front matter (parsed) and body, with the body's first line."""

    path: str
    front: Parsed
    body: str
    body_line: int


def _closing_fence(text: str, first_end: int) -> re.Match[str] | None:
    """The first '---' or '...' line after the opening one (found with str.find: a regex
    with line anchors tries every position of the front matter)."""
    if first_end < 0:
        return None
    position = first_end
    while True:
        candidates = [found for found in (text.find("\n---", position), text.find("\n...", position))
                      if found >= 0]
        if not candidates:
            return None
        start = min(candidates) + 1
        match = _FENCE_LINE.match(text, start)
        if match:
            return match
        position = start


def decode_source(path: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 (a BOM is allowed), normalise line ends, and check size and characters."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            error(path, 1, 1, "te-groot", f"het bestand is {len(raw) // 1024} KB; de grens is "
                  f"{MAX_FILE_BYTES // 1024} KB", "splits de tekst op in meer bronnen")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        data = exc.object  # without a BOM: the codec counts ``start`` from after it
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1
        return None, [
            error(path, line, column, "geen-utf8", "het bestand is niet in UTF-8 opgeslagen",
                  "sla het bestand op als UTF-8")
        ]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Every invisible character is encoded with one of a few bytes; most files have none of
    # them, and deleting the others from the raw bytes is much faster than a regex search.
    suspect = bool(raw.translate(None, _HARMLESS_BYTES))
    return text, check_characters(path, text, invisible=suspect)


def check_characters(path: str, text: str, *, invisible: bool = True) -> list[Diagnostic]:
    """Refuse invisible and direction-changing characters, and overlong lines.

    ``invisible=False`` skips the search for invisible characters (the caller knows there
    are none).
    """
    found: list[Diagnostic] = []
    for match in _INVISIBLE.finditer(text) if invisible else ():
        line, column = _line_column(text, match.start())
        found.append(error(path, line, column, "onzichtbaar-teken",
                           f"onzichtbaar of stuurteken {char_label(match.group())}",
                           "verwijder het teken; het ziet er anders uit dan het is"))
    if _has_long_line(text):
        for number, line_text in enumerate(text.split("\n"), start=1):
            if len(line_text) > MAX_LINE_CHARS:
                found.append(error(path, number, MAX_LINE_CHARS + 1, "regel-te-lang",
                                   f"de regel is {len(line_text)} tekens lang; de grens is "
                                   f"{MAX_LINE_CHARS}", "verdeel de tekst over meer regels"))
    return found


def char_label(char: str) -> str:
    """'ZERO WIDTH SPACE (U+200B)', or 'U+0007' for a character without a name."""
    name = unicodedata.name(char, "")
    return f"{name} (U+{ord(char):04X})" if name else f"U+{ord(char):04X}"


def check_values(path: str, front: Parsed, raw: str, multiline: frozenset[str]) -> list[Diagnostic]:
    """Refuse control and invisible characters in the parsed values of the front matter.

    :func:`check_characters` sees the file; this sees what YAML made of it, such as the
    escapes "\\u202e", "\\x07" or "\\n" between double quotes. A character that is in the
    file itself was reported there, and is not reported twice. A newline is allowed only
    inside the top-level fields named in ``multiline`` (the model's ``LongText`` fields);
    a newline at the start or end is ignored, because text is stripped.
    """
    if not isinstance(front.data, dict):
        return []
    found: list[Diagnostic] = []
    for key, value in front.data.items():
        for where, text in _strings(value, (key,)):
            if text.isprintable():  # the common case: no control or invisible character
                continue
            char = _bad_char(text, len(where) == 1 and key in multiline, raw)
            if char:
                pos = front.position(where)
                found.append(_value_char_error(path, pos, field_name(where), char, multiline))
    return found


def _strings(value: Value, where: Path) -> list[tuple[Path, str]]:
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _strings(item, (*where, i))]
    if isinstance(value, dict):
        return [found for k, item in value.items() for found in _strings(item, (*where, k))]
    return []


def _bad_char(text: str, newline_ok: bool, raw: str) -> str:
    for char in text.strip(" \n"):
        if char == "\n" and newline_ok:
            continue
        if is_unsafe_char(char) and not (_INVISIBLE.match(char) and char in raw):
            return char
    return ""


def _value_char_error(path: str, pos: Position, field: str, char: str,
                      multiline: frozenset[str]) -> Diagnostic:
    if char == "\n":
        allowed = " en ".join(f"'{name}'" for name in sorted(multiline)) or "geen enkel veld"
        return error(path, pos.line, pos.column, "meerdere-regels",
                     f"veld '{field}': de tekst loopt over meer dan één regel",
                     f"zet de tekst op één regel; alleen {allowed} mag meer regels hebben")
    return error(path, pos.line, pos.column, "onzichtbaar-teken",
                 f"veld '{field}': onzichtbaar of stuurteken {char_label(char)} in de waarde",
                 "haal het teken weg; tussen dubbele aanhalingstekens maakt een code als "
                 "\\u202e, \\x07 of \\t zo'n teken")


def field_name(where: Path) -> str:
    """A value's place as a contributor reads it: 'trefwoorden[2]', 'titel'."""
    head, *rest = where or ("",)
    return str(head) + "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in rest)


def _has_long_line(text: str) -> bool:
    """Whether some line is longer than MAX_LINE_CHARS, without splitting the text."""
    start = 0
    while len(text) - start > MAX_LINE_CHARS:
        newline = text.rfind("\n", start, start + MAX_LINE_CHARS + 1)
        if newline < 0:
            return True
        start = newline + 1
    return False


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def split_source(path: str, text: str) -> tuple[SourceText | None, list[Diagnostic]]:
    """Split ``---`` front matter from the body and parse it."""
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if not _FENCE.match(first) or first.startswith("..."):
        return None, [error(path, 1, 1, "frontmatter-ontbreekt",
                            "het bestand begint niet met front matter",
                            "zet op de eerste regel '---', dan de velden, dan weer '---'")]
    closing = _closing_fence(text, first_end)
    if closing is None:
        return None, [error(path, 1, 1, "frontmatter-niet-afgesloten",
                            "de front matter wordt niet afgesloten",
                            "zet na het laatste veld een regel met alleen '---'")]
    yaml_text = text[first_end + 1:max(closing.start() - 1, first_end + 1)]
    size = len(yaml_text.encode("utf-8"))
    if size > MAX_FRONTMATTER_BYTES:
        return None, [error(path, 2, 1, "frontmatter-te-groot",
                            f"de front matter is {size} bytes; de grens is "
                            f"{MAX_FRONTMATTER_BYTES}", "zet lange tekst in de hoofdtekst")]
    front, problems = parse_yaml(path, yaml_text, first_line=2)
    if front is None:
        return None, problems
    after = text.find("\n", closing.end())
    body = "" if after < 0 else text[after + 1:]
    return SourceText(path, front, body, text.count("\n", 0, closing.start()) + 2), problems
