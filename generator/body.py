"""Reading Markdown bodies: links, steps and raw HTML, without rendering them.

The validator, the graph (backlinks) and the renderer (link rewriting) all need the links of a
body; they share :func:`find_links` so the three always agree.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.S)
_INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*(<[^>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)"
)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>")
_STEP = re.compile(r"^## +\S", re.M)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
BANNED_TAGS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "style", "link", "meta", "base", "svg", "math", "template",
})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "srcset", "poster", "data",
                            "xlink:href"})


@dataclass(frozen=True, slots=True)
class BodyLink:
    """A link target in a body, with its place (1-based within the body) and offsets."""

    target: str
    line: int
    column: int
    start: int
    end: int

    @property
    def scheme(self) -> str:
        match = _SCHEME.match(self.target)
        return match.group(1).lower() if match else ""


@dataclass(frozen=True, slots=True)
class HtmlProblem:
    line: int
    column: int
    message: str


def mask_code(body: str) -> str:
    """The body with code blocks and code spans blanked out, offsets unchanged."""
    if "`" not in body and "~~~" not in body:
        return body
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group())
    return _CODE_SPAN.sub(blank, _FENCE.sub(blank, body))


def find_links(body: str) -> list[BodyLink]:
    """Every link and image target: inline, reference definitions and autolinks."""
    if "](" not in body and "]:" not in body and "<" not in body:
        return []
    text = mask_code(body)
    links = []
    for pattern in (_INLINE_LINK, _REFERENCE, _AUTOLINK):
        for match in pattern.finditer(text):
            raw, start = match.group(1), match.start(1)
            if raw.startswith("<") and raw.endswith(">"):
                raw, start = raw[1:-1], start + 1
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            links.append(BodyLink(raw, line, column, start, start + len(raw)))
    return sorted(links, key=lambda link: link.start)


def count_steps(body: str) -> int:
    """Second-level headings outside code: the steps of a stappenplan."""
    return len(_STEP.findall(mask_code(body)))


def find_unsafe_html(body: str) -> list[HtmlProblem]:
    """Raw HTML that could run code or load another site."""
    if "<" not in body:
        return []
    scanner = _Scanner()
    scanner.feed(mask_code(body))
    scanner.close()
    return scanner.problems


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[HtmlProblem] = []

    def _add(self, message: str) -> None:
        line, offset = self.getpos()
        self.problems.append(HtmlProblem(line, offset + 1, message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BANNED_TAGS:
            self._add(f"de HTML-tag <{tag}> is niet toegestaan")
        for name, value in attrs:
            if name.startswith("on"):
                self._add(f"het HTML-attribuut '{name}' (een script) is niet toegestaan")
            elif name in URL_ATTRIBUTES and value and unsafe_scheme(value):
                self._add(f"een link met '{unsafe_scheme(value)}:' is niet toegestaan")
            elif name == "style" and value and ("url(" in value.lower() or "expression" in value.lower()):
                self._add("een style-attribuut met url() is niet toegestaan")

    handle_startendtag = handle_starttag


def unsafe_scheme(target: str) -> str:
    """The scheme of ``target`` if it is not a safe one, else ''."""
    # Browsers ignore control characters and whitespace inside a scheme: "java\tscript:".
    cleaned = re.sub(r"[\x00-\x20]", "", target)
    match = _SCHEME.match(cleaned)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return match.group(1).lower()
    return ""


def resolve_link(path: str, target: str) -> str:
    """The repository path a relative link in ``path`` points at (without #anchor)."""
    bare = target.split("#", 1)[0].split("?", 1)[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(path), bare))
