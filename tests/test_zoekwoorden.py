"""Search terms (synonyms, abbreviations) and the search markup contributors cannot touch."""

from __future__ import annotations

from pathlib import Path

from generator.markup import sanitize_body
from generator.zoekwoorden import abbreviation_terms, load_abbreviations
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
    cleaned = sanitize_body(body)
    assert "data-pagefind" not in cleaned
    assert "Ouderen" in cleaned and "x" in cleaned
