"""The allowlist for contributor HTML, the sanitiser (nh3) and the judge that explains it.

:func:`sanitize_html` is what protects readers: nh3 (html5ever, the HTML5 parser of a
browser engine) keeps only the tags, attributes, classes and URL schemes listed here.
:func:`judge_html` is what helps contributors: it walks the same HTML with another HTML5
parser (Lexbor, through selectolax) and names, in Dutch, each thing sanitising removes. If
sanitising changes anything the judge cannot name, that is still a finding: a body passes
only when its sanitised HTML is the HTML Python-Markdown made.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

import nh3
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
TAGS = frozenset({
    "p", "br", "hr", *HEADING_TAGS, "strong", "b", "em", "i", "u", "s", "del", "ins", "sub",
    "sup", "small", "mark", "abbr", "code", "pre", "kbd", "samp", "var", "blockquote", "q",
    "cite", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th",
    "td", "caption", "a", "img", "div", "span", "details", "summary", "figure", "figcaption",
})
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "td": {"style", "colspan", "rowspan"},
    "ol": {"start"},
    "sup": {"id"},
    "li": {"id"},
    **{tag: {"id"} for tag in HEADING_TAGS},
}
ADMONITIONS = frozenset({"note", "abstract", "info", "tip", "success", "question", "warning",
                         "failure", "danger", "bug", "example", "quote"})
CLASSES: dict[str, set[str]] = {
    "div": {"admonition", "footnote", *ADMONITIONS},
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "srcset", "poster", "data",
                            "xlink:href", "cite", "background", "longdesc"})
# Ids a contributor's HTML may carry: heading anchors as the toc extension makes them, and
# the footnote extension's own. Never an id starting with '_' (Material's __config, __drawer:
# a body must not be able to shadow the theme's elements).
_HEADING_ID = re.compile(r"^[^\W_][\w.-]*$")
_FOOTNOTE_ID = {"sup": re.compile(r"^fnref\d*:[\w.-]+$"), "li": re.compile(r"^fn:[\w.-]+$")}
_ALIGN = re.compile(r"^text-align: (?:left|right|center);?$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]")


class BodyFinding(NamedTuple):
    """Something in a body that does not reach the page as written (line 1-based in the body)."""

    line: int
    column: int
    code: str
    message: str
    hint: str


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        pattern = _FOOTNOTE_ID.get(tag, _HEADING_ID)
        return value if pattern.match(value) else None
    if attribute == "style":
        return value if _ALIGN.match(value.strip()) else None
    if tag == "img" and attribute == "src":
        return value if is_local(value) else None
    return value


def is_local(url: str) -> bool:
    """A relative address on this site: no scheme, no host, no root path."""
    cleaned = _IGNORED_IN_SCHEME.sub("", html.unescape(url))
    return not (_SCHEME.match(cleaned) or cleaned.startswith(("/", "\\")))


def url_scheme(url: str) -> str:
    """The scheme of a URL as a browser reads it (entities decoded, controls ignored), or ''."""
    match = _SCHEME.match(_IGNORED_IN_SCHEME.sub("", html.unescape(url)))
    return match.group(1).lower() if match else ""


def sanitize_html(fragment: str, rewrite: Callable[[str], str | None] | None = None) -> str:
    """The fragment with only allowlisted tags, attributes, classes and URL schemes.

    ``rewrite`` maps each relative URL (``href``/``src``) to the address the page uses. The
    result is a fixed point: html5ever can serialise a tree (a ``<p>`` left inside a ``<p>``
    where an ``<object>`` was removed) that parses differently the next time, so cleaning
    repeats until nothing changes, and sanitising sanitised HTML changes nothing.
    """
    clean = _clean(fragment, rewrite)
    if rewrite is None and clean == fragment:
        return clean  # a fixed point already: cleaning it again gives the same (most bodies)
    for _ in range(MAX_PASSES):
        again = _clean(clean, None)
        if again == clean:
            return clean
        clean = again
    return html.escape(fragment)  # never seen: better plain text than an unstable tree


MAX_PASSES = 4


def _clean(fragment: str, rewrite: Callable[[str], str | None] | None) -> str:
    return nh3.clean(fragment, tags=set(TAGS), attributes=ATTRIBUTES,
                     attribute_filter=_attribute_filter, allowed_classes=CLASSES,
                     url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True,
                     url_relative=rewrite)


def parse_fragment(fragment: str) -> HTMLParser:
    """A body's HTML parsed as the content of ``<body>``."""
    return HTMLParser(f"<body>{fragment}</body>")


def normalized(fragment: str) -> str:
    """The fragment as one HTML5 parser serialises it, without comments."""
    tree = HTMLParser(f"<body>{fragment}</body>")
    for node in list(tree.root.traverse(include_text=False)) if tree.root else []:
        if node.tag == "-comment":
            node.decompose()
    return tree.body.html or "" if tree.body else ""


def judge_html(raw: str, clean: str, source: str,
               document: HTMLParser | None = None) -> list[BodyFinding]:
    """What sanitising removed from ``raw`` (rendered from ``source``), in Dutch.

    The judge is stricter than the sanitiser in places (it reads ``java   script:`` as a
    scheme), so it reads every body, also one that sanitising left as it was. ``document``:
    ``raw`` already parsed as :func:`parse_fragment` parses it.
    """
    tree = (document or parse_fragment(raw)).body
    found: list[tuple[str, str, str, str]] = []  # needle, code, message, hint
    if tree is not None:
        for node in tree.traverse(include_text=False):
            found.extend(_judge_element(node))
    if not found and clean != raw and normalized(raw) != normalized(clean):
        found.append(("<", "onveilige-html", "deze HTML verandert bij het veilig maken",
                      "gebruik gewone Markdown in plaats van HTML"))
    return _placed(found, source)


def _judge_element(node: Node) -> list[tuple[str, str, str, str]]:
    tag = node.tag
    if tag in ("body", "-comment"):
        return []
    if tag not in TAGS:
        return [(f"<{tag}", "onveilige-html", f"de HTML-tag <{tag}> is niet toegestaan",
                 "gebruik gewone Markdown; video's, formulieren en scripts kunnen niet")]
    found = []
    for name, value in node.attributes.items():
        found.extend(_judge_attribute(tag, name, value or ""))
    return found


def _judge_attribute(tag: str, name: str, value: str) -> list[tuple[str, str, str, str]]:
    if name == "class":
        extra = [c for c in value.split() if c not in CLASSES.get(tag, set())]
        return [(value, "onveilige-html", f"de class '{c}' op <{tag}> is niet toegestaan",
                 "laat de opmaak aan de site over") for c in extra]
    if name.startswith("on"):
        return [(name, "onveilige-html", f"het HTML-attribuut '{name}' (een script) is niet "
                 "toegestaan", "gebruik gewone Markdown")]
    if name not in ATTRIBUTES.get(tag, set()):
        return [(name, "onveilige-html", f"het attribuut '{name}' op <{tag}> is niet toegestaan",
                 "gebruik gewone Markdown")]
    if name in URL_ATTRIBUTES:
        return _judge_url(tag, value)
    if _attribute_filter(tag, name, value) != value:
        return [(value, "onveilige-html", f"de waarde van '{name}' op <{tag}> is niet toegestaan",
                 "laat dit attribuut weg")]
    return []


def _judge_url(tag: str, value: str) -> list[tuple[str, str, str, str]]:
    scheme = url_scheme(value)
    if scheme and scheme not in URL_SCHEMES:
        return [(value, "onveilige-link", f"een link met '{scheme}:' is niet toegestaan",
                 "gebruik een gewone https://-link")]
    if tag == "img" and not is_local(value):
        return [(value, "externe-afbeelding",
                 "een afbeelding van een andere site wordt niet getoond (die site zou zien wie "
                 "de pagina leest)",
                 "zet de afbeelding naast dit bestand en link ernaar, zoals ![beschrijving](foto.png)")]
    return []


def _placed(found: list[tuple[str, str, str, str]], source: str) -> list[BodyFinding]:
    """Each finding at the nearest line: the n-th occurrence of its text in the source."""
    seen: Counter[str] = Counter()
    placed = []
    lowered = source.lower()
    for needle, code, message, hint in found:
        offset = _nth(lowered, _findable(lowered, needle.lower()), seen[needle])
        seen[needle] += 1
        line = lowered.count("\n", 0, offset) + 1
        column = offset - (lowered.rfind("\n", 0, offset) + 1) + 1
        placed.append(BodyFinding(line, column, code, message, hint))
    return placed


def _findable(text: str, needle: str) -> str:
    """The needle, or the part of it the source spells literally (after an encoded scheme)."""
    for candidate in (needle, needle.partition(":")[2], needle[:40]):
        if candidate and candidate in text:
            return candidate
    return needle


def _nth(text: str, needle: str, n: int) -> int:
    if not needle:
        return 0
    offset = -1
    for _ in range(n + 1):
        following = text.find(needle, offset + 1)
        if following < 0:
            break
        offset = following
    return max(offset, 0)
