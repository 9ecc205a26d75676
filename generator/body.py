"""Reading Markdown bodies: links, steps and raw HTML, without rendering them.

The validator, the graph (backlinks) and the renderer (link rewriting) all need the links of a
body; they share :func:`find_links` so the three always agree.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import NamedTuple

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)", re.M | re.S)
# The patterns start with a literal character, so the regex engine can skip to it quickly;
# the text between link brackets is written as an unrolled loop for the same reason.
_CODE_SPAN = re.compile(r"`(`*)(?!`).+?(?<!`)`\1", re.S)
_INLINE_LINK = re.compile(
    r"\[[^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*\]\(\s*(<[^>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)"
)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>")
_STEP = re.compile(r"^## +\S", re.M)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x20]")
_NOT_NEWLINE = re.compile(r"[^\n]")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
BANNED_TAGS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "style", "link", "meta", "base", "svg", "math", "template",
})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "srcset", "poster", "data",
                            "xlink:href"})


class BodyLink(NamedTuple):
    """A link target in a body, with its place (1-based within the body) and offsets.

    A named tuple, not a frozen dataclass: every link of every body becomes one, and a tuple
    is several times cheaper to create.
    """

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
    if "```" in body or "~~~" in body:
        body = _FENCE.sub(_blank, body)
    return _CODE_SPAN.sub(_blank, body) if "`" in body else body


def _blank(match: re.Match[str]) -> str:
    text = match.group()
    return _NOT_NEWLINE.sub(" ", text) if "\n" in text else " " * len(text)


@lru_cache(maxsize=16384)
def find_links(body: str) -> tuple[BodyLink, ...]:
    """Every link and image target: inline, reference definitions and autolinks.

    Cached: the validator, the graph (backlinks) and the renderer each read the same bodies.
    """
    if "](" not in body and "]:" not in body and "<" not in body:
        return ()
    text = mask_code(body)
    found = [(match.start(1), match.group(1)) for match in _INLINE_LINK.finditer(text)]
    others = [pattern for pattern, mark in ((_REFERENCE, "]:"), (_AUTOLINK, "<")) if mark in text]
    for pattern in others:
        found.extend((match.start(1), match.group(1)) for match in pattern.finditer(text))
    if others:
        found.sort()  # starts are unique: each pattern's target follows a different character
    return tuple(_located(text, found))


def _located(text: str, found: list[tuple[int, str]]) -> list[BodyLink]:
    """Links with line and column, counting lines once over the text, not once per link."""
    links, line, line_start, counted = [], 1, 0, 0
    count, rfind, new = text.count, text.rfind, tuple.__new__  # local names: this loop is hot
    for start, raw in found:
        if raw[0] == "<" and raw[-1] == ">":
            raw, start = raw[1:-1], start + 1
        newlines = count("\n", counted, start)
        if newlines:
            line += newlines
            line_start = rfind("\n", counted, start) + 1
        counted = start
        links.append(new(BodyLink, (raw, line, start - line_start + 1, start, start + len(raw))))
    return links


def count_steps(body: str) -> int:
    """Second-level headings outside code: the steps of a stappenplan."""
    return len(_STEP.findall(mask_code(body)))


def find_unsafe_html(body: str) -> list[HtmlProblem]:
    """Raw HTML that could run code or load another site.

    Autolinks (``<https://…>``) are links, not HTML: they are blanked out first, so that a
    path such as ``/onderzoek`` is not taken for an ``on…`` event-handler attribute.
    """
    if "<" not in body:
        return []
    text = mask_code(body)
    if "<" in text and _AUTOLINK.search(text):
        text = _AUTOLINK.sub(_blank, text)
    if "<" not in text:
        return []
    scanner = _Scanner()
    scanner.feed(text)
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
    if "&" in target:  # browsers decode character references in attributes: "&#106;avascript:"
        target = html.unescape(target)
    if ":" not in target:
        return ""
    # Browsers ignore control characters and whitespace inside a scheme: "java\tscript:".
    cleaned = _CONTROL.sub("", target)
    match = _SCHEME.match(cleaned)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return match.group(1).lower()
    return ""


def resolve_link(path: str, target: str) -> str:
    """The repository path a relative link in ``path`` points at (without #anchor)."""
    bare = target.partition("#")[0].partition("?")[0]
    return _resolve(path.rpartition("/")[0], bare)


@lru_cache(maxsize=16384)
def _resolve(folder: str, bare: str) -> str:
    # Cached: many files in one folder link to the same few pages (the groups, above all).
    return posixpath.normpath(posixpath.join(folder, bare))
