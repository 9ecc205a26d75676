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

from generator.model.models import Group

_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def load_abbreviations(path: Path) -> dict[str, str]:
    """``{'RHA': 'Regeling huisvesting aandachtsgroepen', ...}`` from the data file (or empty)."""
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return {str(short): str(full) for short, full in (data.get("afkortingen") or {}).items()}


_WORD_OR_HYPHEN = re.compile(r"[\w-]")


@dataclass(frozen=True, slots=True)
class _Word:
    """One abbreviation or expansion: a cheap substring test first, the word boundary after."""

    word: str
    needle: str
    exact: bool  # abbreviations with capitals match only as written; the rest in any case
    pattern: re.Pattern[str]  # the needle, not followed by a word character

    def occurs_in(self, text: str) -> bool:
        """True when the needle stands in ``text`` after a non-word, non-hyphen character.

        The same as searching ``(?<![\\w-])needle(?!\\w)``, but a pattern that starts with
        the needle lets the regex engine jump from one occurrence to the next; one that starts
        with a look-behind tries every position (fifty times slower on a long page).
        """
        match = self.pattern.search(text)
        while match:
            start = match.start()
            if start == 0 or not _WORD_OR_HYPHEN.match(text, start - 1):
                return True
            match = self.pattern.search(text, start + 1)
        return False


@dataclass(frozen=True, slots=True)
class _Matcher:
    """The words of one abbreviation list, and one regex that finds the plain ones at once.

    ``plain`` holds the case-sensitive words made of word characters only (RHA, Wmo, BRP).
    Scanning for all of them with one alternation, longest first, finds every one that occurs
    on word boundaries: a match that starts after a non-word character cannot lie inside an
    earlier match of letters only, and at its start no longer word can match instead (its
    next character would be a letter). That is one pass over the text instead of one per word.
    """

    plain: dict[str, _Word]
    scan: re.Pattern[str] | None
    exact: tuple[_Word, ...]  # the other case-sensitive words, searched one by one
    folded: tuple[_Word, ...]  # the words matched in any case, searched one by one


@lru_cache(maxsize=8)
def _matcher(pairs: tuple[tuple[str, str], ...]) -> _Matcher:
    words = []
    for word in dict.fromkeys(w for pair in pairs for w in pair):
        exact = word in {short for short, _ in pairs} and not word.islower()
        needle = word if exact else word.casefold()
        words.append(_Word(word, needle, exact, re.compile(rf"{re.escape(needle)}(?!\w)")))
    plain = {w.needle: w for w in words if w.exact and re.fullmatch(r"\w+", w.needle)}
    alternatives = "|".join(re.escape(n) for n in sorted(plain, key=lambda n: (-len(n), n)))
    rest = [w for w in words if w.needle not in plain]
    return _Matcher(plain, re.compile(alternatives) if plain else None,
                    tuple(w for w in rest if w.exact), tuple(w for w in rest if not w.exact))


def _found(text: str, pairs: tuple[tuple[str, str], ...]) -> set[str]:
    """The words of ``pairs`` that occur in ``text`` on word boundaries."""
    matcher = _matcher(pairs)
    candidates = set(matcher.scan.findall(text)) if matcher.scan else set()
    found = {matcher.plain[c].word for c in candidates if matcher.plain[c].occurs_in(text)}
    found.update(w.word for w in matcher.exact if w.needle in text and w.occurs_in(text))
    if matcher.folded:
        folded = text.casefold()
        found.update(w.word for w in matcher.folded
                     if w.needle in folded and w.occurs_in(folded))
    return found


def abbreviation_terms(text: str, abbreviations: Mapping[str, str]) -> list[str]:
    """For each abbreviation in ``text`` its expansion, and for each expansion its abbreviation.

    Upper-case abbreviations match only as written ('MO', not 'mo'); lower-case ones ('ggz')
    in any case. Link targets are left out: 'sft-2022.md' is a file name, not a mention.
    """
    found = _found(_LINK_TARGET.sub("]", text), tuple(abbreviations.items()))
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
