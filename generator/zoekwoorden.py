"""Words a page should also be found on: group synonyms and abbreviations with their expansions.

Advisers search in their own words ("vergunninghouders", "RHA"). The render stage writes these
words into each page as hidden, indexed text, so Pagefind finds the page on them. The list of
abbreviations is data, kept in ``theme/zoekwoorden.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from .models import Group

_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def load_abbreviations(path: Path) -> dict[str, str]:
    """``{'RHA': 'Regeling huisvesting aandachtsgroepen', ...}`` from the data file (or empty)."""
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return {str(short): str(full) for short, full in (data.get("afkortingen") or {}).items()}


def _has_word(text: str, word: str, ignore_case: bool) -> bool:
    pattern = rf"(?<![\w-]){re.escape(word)}(?![\w])"
    return re.search(pattern, text, re.IGNORECASE if ignore_case else 0) is not None


def abbreviation_terms(text: str, abbreviations: Mapping[str, str]) -> list[str]:
    """For each abbreviation in ``text`` its expansion, and for each expansion its abbreviation.

    Upper-case abbreviations match only as written ('MO', not 'mo'); lower-case ones ('ggz')
    in any case. Link targets are left out: 'sft-2022.md' is a file name, not a mention.
    """
    text = _LINK_TARGET.sub("]", text)
    terms: list[str] = []
    for short, full in abbreviations.items():
        if _has_word(text, short, ignore_case=short.islower()) and not _has_word(text, full, True):
            terms.append(full)
        elif _has_word(text, full, ignore_case=True) and not _has_word(text, short, short.islower()):
            terms.append(short)
    return terms


def search_terms(texts: Iterable[str], groups: Iterable[Group],
                 abbreviations: Mapping[str, str]) -> list[str]:
    """The hidden words for one page: its groups' synonyms, then abbreviation pairs, no repeats."""
    terms = [word for group in groups for word in group.meta.synoniemen]
    text = "\n".join(texts)
    terms += abbreviation_terms("\n".join([text, *terms]), abbreviations)
    return list(dict.fromkeys(terms))


def node_texts(node: object) -> list[str]:
    """The searchable text of a resource, group or page: title or name, summary, body, keywords."""
    meta = getattr(node, "meta", None)
    texts = [str(getattr(node, "body", ""))]
    texts += [str(getattr(meta, key, "") or "") for key in ("titel", "naam", "samenvatting")]
    return texts + [str(word) for word in getattr(meta, "trefwoorden", ())]
