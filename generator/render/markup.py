"""Safe text for generated Markdown: escaping, Dutch dates, and contributor bodies.

Contributor text in generated Markdown goes through these functions: titles and summaries
are escaped so they cannot become HTML or Markdown syntax. Bodies do not: they reach a page
as sanitised HTML (:mod:`generator.load.body`, :mod:`generator.load.sanitize`).
"""

from __future__ import annotations

import html
import json
import re
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlsplit

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


@lru_cache(maxsize=65536)  # titles and names recur on many pages (related, backlinks, lists)
def md_text(text: str) -> str:
    """Escape text for inline Markdown: it shows exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def html_text(text: str) -> str:
    """Escape text for HTML content or a quoted attribute."""
    return html.escape(text, quote=True)


def yaml_text(text: str) -> str:
    """A YAML scalar that is exactly ``text`` (JSON strings are valid YAML).

    Characters a YAML reader refuses to find in a file (C1 controls, U+FFFE, U+FFFF) are
    written as escapes: MkDocs drops a page's whole front matter when it cannot read it.
    """
    dumped = json.dumps(text, ensure_ascii=False)
    return _YAML_UNREADABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", dumped)


# What PyYAML's reader accepts, negated, less U+0085, U+2028 and U+2029 (line breaks to YAML);
# json.dumps has escaped the C0 controls already.
_YAML_UNREADABLE = re.compile("[^\\x09\\x0a\\x0d\\x20-\\x7e\\xa0-\\u2027\\u202a-\\ud7ff"
                              "\\ue000-\\ufffd\\U00010000-\\U0010ffff]")


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
