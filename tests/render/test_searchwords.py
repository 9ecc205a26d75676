"""Search terms (synonyms, abbreviations) and the search markup contributors cannot touch."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.body import render_body
from generator.render.searchwords import _found, abbreviation_terms, load_abbreviations
from tests.conftest import ROOT

ABBREVIATIONS = {"RHA": "Regeling huisvesting aandachtsgroepen", "ggz": "geestelijke gezondheidszorg",
                 "MO": "maatschappelijke opvang"}


def test_abbreviation_gets_its_expansion_and_back() -> None:
    expansion = ["Regeling huisvesting aandachtsgroepen"]
    assert abbreviation_terms("Vraag de RHA aan.", ABBREVIATIONS) == expansion
    assert abbreviation_terms("De regeling huisvesting aandachtsgroepen.", ABBREVIATIONS) == ["RHA"]
    assert abbreviation_terms("RHA: Regeling huisvesting aandachtsgroepen", ABBREVIATIONS) == []


def test_case_and_link_targets() -> None:
    assert abbreviation_terms("De GGZ.", ABBREVIATIONS) == ["geestelijke gezondheidszorg"]
    assert abbreviation_terms("mo, momo", ABBREVIATIONS) == []
    linked = "Zie [de regeling](../financiele-regelingen/rha-2025.md)."
    assert abbreviation_terms(linked, ABBREVIATIONS) == []


def test_maintained_list_loads() -> None:
    abbreviations = load_abbreviations(ROOT / "theme" / "zoekwoorden.yml")
    assert {"Wmo", "RHA", "BRP", "COA", "ggz", "SFT", "VNG", "IPO", "BZK", "VRO", "VWS"} <= set(abbreviations)
    assert load_abbreviations(Path("/bestaat/niet.yml")) == {}


def test_body_cannot_inject_search_filters_or_metadata() -> None:
    body = ('<span data-pagefind-filter="doelgroep">Ouderen</span> '
            '<div data-pagefind-body data-pagefind-meta="title:Nep" data-pagefind-weight="10">x</div>'
            '<p data-pagefind-ignore="all">y</p>')
    cleaned = render_body(body).html
    assert "data-pagefind" not in cleaned
    assert "Ouderen" in cleaned and "x" in cleaned


def _found_one_by_one(text: str, abbreviations: dict[str, str]) -> set[str]:
    """The plain definition: each word on its own, with its word-boundary pattern."""
    found = set()
    shorts = set(abbreviations)
    for word in {*abbreviations, *abbreviations.values()}:
        exact = word in shorts and not word.islower()
        needle, haystack = (word, text) if exact else (word.casefold(), text.casefold())
        if re.search(rf"(?<![\w-]){re.escape(needle)}(?!\w)", haystack):
            found.add(word)
    return found


_PIECES = ["RHA", "Wmo", "WMO", "MO", "MOB", "BW", "BWB", "SZW", "WGV", "SZWGV", "ggz", "GGZ",
           "Wet maatschappelijke ondersteuning", "wet", " ", "-", "(", ")", ".", "’", "é", "_", "\n",
           "maatschappelijke opvang", "MO-", "x", "1"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_one_scan_finds_exactly_what_a_search_per_word_finds(pieces: list[str]) -> None:
    words = {"RHA": "Regeling huisvesting aandachtsgroepen", "Wmo": "Wet maatschappelijke ondersteuning",
             "MO": "maatschappelijke opvang", "MOB": "moeilijk bereikbaar", "BW": "beschermd wonen",
             "SZW": "Sociale Zaken", "WGV": "Wet goed verhuurderschap", "ggz": "geestelijke gezondheidszorg"}
    text = "".join(pieces)
    assert _found(text, tuple(words.items())) == _found_one_by_one(text, words)
