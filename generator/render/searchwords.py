"""Words a page should also be found on: synonyms and abbreviations, where they define something.

Advisers search in their own words ("vergunninghouders", "RHA", "flexwonen"). The render stage
writes such words into a page as hidden, indexed text, so Pagefind finds the page on them. Only
the page that *defines* a word gets it: a group page its group's synonyms; a resource the
synonyms and abbreviations of what its title and keywords name, and the words for its type
("subsidie" for a scheme). A member of a group does not carry the group's synonyms: on every
member they would make "Roma" match two dozen pages equally, and a withdrawn circular outrank
the group page.

The word lists are data, kept in ``theme/zoekwoorden.yml``: ``afkortingen`` (RHA: Regeling
huisvesting aandachtsgroepen), ``synoniemen`` (sets of words that mean the same to an adviser),
``soorten`` (words for every resource of a type) and ``samenstellingen`` (the last parts of
Dutch compounds: "huisvestingswet" is also found on "wet" and "huisvesting").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from generator.model.models import Group, Resource

_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class SearchWords(dict[str, str]):
    """The abbreviation list (``{'RHA': 'Regeling huisvesting aandachtsgroepen', ...}``) plus
    the other word lists of the data file. It is a mapping of abbreviations, so code that only
    knows abbreviations keeps working."""

    synonyms: tuple[tuple[str, ...], ...]
    type_words: dict[str, tuple[str, ...]]
    heads: tuple[str, ...]

    def __init__(self, abbreviations: Mapping[str, str] | None = None, *,
                 synonyms: Iterable[Iterable[str]] = (),
                 type_words: Mapping[str, Iterable[str]] | None = None,
                 heads: Iterable[str] = ()) -> None:
        super().__init__(abbreviations or {})
        self.synonyms = tuple(tuple(str(w) for w in words) for words in synonyms)
        self.type_words = {str(k): tuple(str(w) for w in v) for k, v in (type_words or {}).items()}
        self.heads = tuple(sorted({str(h).casefold() for h in heads}, key=lambda h: (-len(h), h)))


def load_abbreviations(path: Path) -> SearchWords:
    """The word lists of ``theme/zoekwoorden.yml`` (empty when the file is missing)."""
    if not path.is_file():
        return SearchWords()
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return SearchWords({str(short): str(full) for short, full in (data.get("afkortingen") or {}).items()},
                       synonyms=data.get("synoniemen") or (),
                       type_words=data.get("soorten") or {},
                       heads=data.get("samenstellingen") or ())


@dataclass(frozen=True, slots=True)
class SearchText:
    """The text of one page as search words need it: what it is about, and of what kind.

    ``subject`` is the title or name and the keywords (a group: its name and synonyms): the
    words a page defines. ``kind`` is "resource", "group" or "page"; ``soort`` a resource's type.
    """

    subject: tuple[str, ...]
    kind: str = "page"
    soort: str = ""
    rest: tuple[str, ...] = field(default=())


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


def synonym_terms(subject: str, synonyms: Iterable[tuple[str, ...]]) -> list[str]:
    """For each set of synonyms of which one occurs in ``subject`` (any case), the others."""
    folded = subject.casefold()
    terms: list[str] = []
    for words in synonyms:
        found = {w for w in words if _occurs(w.casefold(), folded)}
        if found:
            terms += [w for w in words if w not in found]
    return terms


@lru_cache(maxsize=4096)
def _boundary(needle: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(needle)}(?!\w)")


def _occurs(needle: str, text: str) -> bool:
    """``needle`` in ``text`` on word boundaries (a short title: one regex is cheap here)."""
    return needle in text and _boundary(needle).search(text) is not None


def compound_terms(subject: str, heads: Iterable[str]) -> list[str]:
    """The parts of Dutch compounds in ``subject`` that end in a known last part.

    "Huisvestingswet" gives "wet" and "huisvesting" (the linking s dropped), so a search for
    either finds the page; Pagefind matches the start of a word, never its end.
    """
    terms: list[str] = []
    for word in _LETTERS.findall(subject.casefold()):
        for head in heads:
            if word.endswith(head) and len(word) - len(head) >= 4 and "-" not in word:
                first = word[: -len(head)]
                if first.endswith("s") and not first.endswith("ss"):
                    first = first[:-1]
                terms += [head, first]
                break
    return terms


def search_terms(text: SearchText, groups: Iterable[Group],
                 abbreviations: Mapping[str, str]) -> list[str]:
    """The hidden words one page defines, no repeats, none its title already holds.

    A group page: its synonyms, and the other form of each abbreviation among them. Every
    page: for each abbreviation or synonym its title names, the other forms; for a resource,
    the words of its type; the parts of the compounds in its title. Keywords and the body are
    indexed as they are and add nothing here: a keyword or a passing mention does not make a
    page the one that explains the word.
    """
    title = text.subject[0] if text.subject else ""
    terms = [word for group in groups for word in group.meta.synoniemen] if text.kind == "group" else []
    terms += abbreviation_terms("\n".join([title, *terms]), abbreviations)
    if isinstance(abbreviations, SearchWords):
        terms += synonym_terms(title, abbreviations.synonyms)
        if text.kind == "resource":
            terms += abbreviations.type_words.get(text.soort, ())
        terms += compound_terms(title, abbreviations.heads)
    seen = {w.casefold() for w in _LETTERS.findall(title)}
    return [w for w in dict.fromkeys(terms) if w.casefold() not in seen]


def node_texts(node: object) -> SearchText:
    """What a resource, group or page is about: title or name first, then its keywords."""
    meta = getattr(node, "meta", None)
    title = str(getattr(meta, "titel", "") or getattr(meta, "naam", "") or "")
    keywords = tuple(str(word) for word in getattr(meta, "trefwoorden", ()) or ())
    if isinstance(node, Group):
        return SearchText((title, *keywords), "group")
    if isinstance(node, Resource):
        return SearchText((title, *keywords), "resource", node.soort)
    return SearchText((title, *keywords))
