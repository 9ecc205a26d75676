"""Words a page should also be found on: group synonyms and abbreviations with their expansions.

Advisers search in their own words ("vergunninghouders", "RHA"). The render stage writes these
words into each page as hidden, indexed text, so Pagefind finds the page on them. The list of
abbreviations is data, kept in ``theme/zoekwoorden.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
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


@dataclass(frozen=True, slots=True)
class _Matcher:
    """All abbreviations and expansions in two regular expressions: one pass over a text."""

    exact: re.Pattern[str] | None  # abbreviations with capitals: only as written
    folded: re.Pattern[str] | None  # lower-case abbreviations and all expansions: any case
    canonical: dict[str, str]  # casefolded match -> the word as listed

    def found(self, text: str) -> set[str]:
        words = set(self.exact.findall(text)) if self.exact else set()
        if self.folded:
            words |= {self.canonical[m.casefold()] for m in self.folded.findall(text)}
        return words


def _alternation(words: Iterable[str], flags: int) -> re.Pattern[str] | None:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))  # longest first
    if not ordered:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ordered)) + r")(?!\w)", flags)


@lru_cache(maxsize=8)
def _matcher(pairs: tuple[tuple[str, str], ...]) -> _Matcher:
    exact = [short for short, _ in pairs if not short.islower()]
    folded = [short for short, _ in pairs if short.islower()] + [full for _, full in pairs]
    return _Matcher(_alternation(exact, 0), _alternation(folded, re.IGNORECASE),
                    {word.casefold(): word for word in folded})


def abbreviation_terms(text: str, abbreviations: Mapping[str, str]) -> list[str]:
    """For each abbreviation in ``text`` its expansion, and for each expansion its abbreviation.

    Upper-case abbreviations match only as written ('MO', not 'mo'); lower-case ones ('ggz')
    in any case. Link targets are left out: 'sft-2022.md' is a file name, not a mention.
    """
    found = _matcher(tuple(abbreviations.items())).found(_LINK_TARGET.sub("]", text))
    terms: list[str] = []
    for short, full in abbreviations.items():
        if short in found and full not in found:
            terms.append(full)
        elif full in found and short not in found:
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
