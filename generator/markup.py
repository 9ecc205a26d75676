"""Safe text for generated Markdown: escaping, Dutch dates, and contributor bodies.

Contributor text reaches pages only through these functions. Titles and summaries are
escaped so they cannot become HTML or Markdown syntax; bodies keep their Markdown but lose
any HTML tag or attribute that nh3 does not allow (a backstop behind the validator), and
their links are rewritten from source files to page addresses.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlsplit

import nh3

from .body import find_links, mask_code, unsafe_scheme

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)(/?)>")
_STEP = re.compile(r"^## +(\S.*)$", re.M)
ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS) - {"img"}  # images only through Markdown syntax


@lru_cache(maxsize=65536)  # titles and names recur on many pages (related, backlinks, lists)
def md_text(text: str) -> str:
    """Escape text for inline Markdown: it shows exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def html_text(text: str) -> str:
    """Escape text for HTML content or a quoted attribute."""
    return html.escape(text, quote=True)


def yaml_text(text: str) -> str:
    """A YAML scalar that is exactly ``text`` (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def host(url: str) -> str:
    """'https://www.rvo.nl/subsidies' -> 'rvo.nl': a short, readable link text."""
    name = urlsplit(url).hostname or url
    return name.removeprefix("www.")


def dutch_date(value: date | datetime) -> str:
    """'11 mei 2022'."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def dutch_moment(value: date | datetime) -> str:
    """'12 maart 2025, 10.00 uur', or only the date for an all-day value."""
    if isinstance(value, datetime):
        return f"{dutch_date(value)}, {value.hour}.{value.minute:02d} uur"
    return dutch_date(value)


def sanitize_body(body: str) -> str:
    """Escape HTML tags nh3 would not allow and drop attributes it would strip."""
    if "<" not in body:
        return body
    masked = mask_code(body)
    pieces, last = [], 0
    for match in _TAG.finditer(masked):
        start, end = match.span()
        pieces.append(body[last:start])
        pieces.append(_clean_tag(body[start:end], match))
        last = end
    pieces.append(body[last:])
    return "".join(pieces)


def _clean_tag(raw: str, match: re.Match[str]) -> str:
    closing, name = match.group(1), match.group(2).lower()
    if name not in ALLOWED_TAGS:
        return html.escape(raw, quote=False)
    if closing:
        return f"</{name}>"
    cleaned = nh3.clean(raw + f"</{name}>", tags=set(ALLOWED_TAGS))
    return cleaned[: -len(f"</{name}>")] if cleaned.endswith(f"</{name}>") else cleaned


def rewrite_links(body: str, target_for: Callable[[str], str | None]) -> str:
    """Replace each link target by ``target_for(target)``; unsafe schemes become '#'."""
    links = find_links(body)
    if not links:
        return body
    pieces, last = [], 0
    for link in links:
        replacement = "#" if unsafe_scheme(link.target) else target_for(link.target)
        if replacement is None:
            continue
        pieces.append(body[last:link.start])
        pieces.append(replacement)
        last = link.end
    pieces.append(body[last:])
    return "".join(pieces)


def number_steps(body: str) -> str:
    """'## Plan maken' -> '## Stap 1: Plan maken' for every step of a stappenplan."""
    masked = mask_code(body)
    pieces, last = [], 0
    for number, match in enumerate(_STEP.finditer(masked), start=1):
        pieces.append(body[last:match.start(1)])
        pieces.append(f"Stap {number}: ")
        last = match.start(1)
    pieces.append(body[last:])
    return "".join(pieces)
