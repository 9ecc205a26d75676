"""The state model at pinned dates, on both sides of every boundary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from generator.link.graph import build_graph
from generator.link.state import State, state_of
from generator.load.repository import check_repository
from generator.model.models import AgendaMeta, RegelingMeta, Resource, ResourceMeta, WetMeta
from tests.conftest import FIXTURE_SITE

BASE: dict[str, Any] = {"titel": "Een testbron", "samenvatting": "Een samenvatting van twintig tekens.",
                        "doelgroepen": ["alle"], "organisatie": ["bzk"]}


def _resource(model: type[ResourceMeta], soort: str, **fields: Any) -> Resource:
    meta = model.model_validate({**BASE, **fields})
    return Resource("test", soort, f"content/{soort}/test.md", meta, "", 1)


def scheme(**fields: Any) -> Resource:
    return _resource(RegelingMeta, "financiele-regelingen", **fields)


def law(**fields: Any) -> Resource:
    return _resource(WetMeta, "wet-en-regelgeving", **fields)


def event(start: date | datetime, einde: date | datetime) -> Resource:
    return _resource(AgendaMeta, "agenda", datum=date(2026, 1, 1), vorm="webinar",
                     start=start, einde=einde, online=True)


def key(resource: Resource, today: date) -> str:
    return state_of(resource, today).key


# Schemes -------------------------------------------------------------------------------------

def test_scheme_opens_on_its_start_date() -> None:
    r = scheme(datum=date(2027, 3, 1), aanvragen_tot=date(2027, 6, 30))
    assert state_of(r, date(2027, 2, 28)) == State(
        "opent", "Opent op 1 maart 2027",
        "Deze regeling opent op 1 maart 2027. Aanvragen kan tot en met 30 juni 2027.", True)
    assert key(r, date(2027, 3, 1)) == "open"


def test_scheme_is_open_through_its_last_day_and_closed_the_day_after() -> None:
    r = scheme(datum=date(2026, 1, 1), aanvragen_tot=date(2027, 3, 1))
    assert state_of(r, date(2027, 3, 1)) == State(
        "open", "Open tot en met 1 maart 2027", "U kunt aanvragen tot en met 1 maart 2027.", True)
    assert state_of(r, date(2027, 3, 2)) == State(
        "gesloten", "Gesloten", "Deze regeling is gesloten. Aanvragen kon tot en met "
        "1 maart 2027.", False)


def test_scheme_without_end_date_becomes_unknown_after_a_year() -> None:
    r = scheme(datum=date(2025, 12, 3))
    assert state_of(r, date(2026, 12, 3)) == State(
        "open", "Open", "Er is geen einddatum bekend.", True)
    unknown = state_of(r, date(2026, 12, 4))
    assert unknown.key == "onbekend" and unknown.current
    assert unknown.label == "Onbekend: controleer of deze regeling nog open is"


def test_a_recent_stand_keeps_a_scheme_without_end_date_open() -> None:
    r = scheme(datum=date(2020, 1, 1), stand="2026-01", gecontroleerd=date(2026, 11, 1))
    assert key(r, date(2027, 1, 1)) == "open"
    assert key(r, date(2027, 1, 2)) == "onbekend"  # a review date alone vouches for nothing


# Laws ----------------------------------------------------------------------------------------

def test_law_in_force_from_its_first_day() -> None:
    r = law(datum=date(2014, 7, 1), in_werking=date(2015, 1, 1))
    assert state_of(r, date(2014, 12, 31)) == State(
        "aangenomen", "Aangenomen, nog niet in werking",
        "Deze regels gelden vanaf 1 januari 2015.", True)
    assert state_of(r, date(2015, 1, 1)) == State(
        "in-werking", "In werking sinds 1 januari 2015",
        "Deze regels gelden sinds 1 januari 2015.", True)


def test_bill_until_its_intended_date_passes() -> None:
    r = law(datum=date(2024, 3, 7), kamerstuk="36 512", beoogd=date(2026, 7, 1))
    assert state_of(r, date(2026, 7, 1)) == State(
        "wetsvoorstel", "Wetsvoorstel", "Dit is een wetsvoorstel: het geldt nog niet. "
        "De beoogde datum van inwerkingtreding is 1 juli 2026.", True)
    assert state_of(r, date(2026, 7, 2)) == State(
        "beoogd-voorbij", "Beoogde datum voorbij", "De beoogde datum (1 juli 2026) is voorbij. "
        "Controleer de actuele stand bij de bron.", True)


def test_adopted_law_from_its_adoption_day() -> None:
    r = law(datum=date(2024, 3, 7), kamerstuk="36 512", aangenomen=date(2026, 2, 10))
    assert key(r, date(2026, 2, 9)) == "wetsvoorstel"
    assert key(r, date(2026, 2, 10)) == "aangenomen"


def test_in_force_wins_over_a_passed_intended_date() -> None:
    r = law(datum=date(2024, 3, 7), beoogd=date(2026, 1, 1), in_werking=date(2026, 7, 1))
    assert key(r, date(2026, 6, 30)) == "aangenomen"
    assert key(r, date(2026, 7, 1)) == "in-werking"


def test_law_without_any_stage_has_no_state() -> None:
    assert state_of(law(datum=date(2024, 6, 25)), date(2026, 1, 1)).key == ""


# Events --------------------------------------------------------------------------------------

def test_one_day_event_is_upcoming_through_its_day_and_past_after() -> None:
    r = event(datetime(2027, 3, 12, 10, 0), datetime(2027, 3, 12, 12, 0))
    assert state_of(r, date(2027, 3, 12)) == State(
        "binnenkort", "Binnenkort: 12 maart 2027", "Deze bijeenkomst is op 12 maart 2027.", True)
    assert state_of(r, date(2027, 3, 13)) == State(
        "geweest", "Geweest: 12 maart 2027", "Deze bijeenkomst was op 12 maart 2027.", False)


def test_event_of_several_days_is_running_until_its_last_day() -> None:
    r = event(date(2027, 3, 12), date(2027, 3, 14))
    assert state_of(r, date(2027, 3, 11)).label == "Binnenkort: 12 tot en met 14 maart 2027"
    assert state_of(r, date(2027, 3, 14)).label == "Nu bezig: tot en met 14 maart 2027"
    assert key(r, date(2027, 3, 15)) == "geweest"


# Withdrawn text and types without a state ----------------------------------------------------

@pytest.mark.parametrize("resource", [
    scheme(datum=date(2026, 1, 1), aanvragen_tot=date(2030, 1, 1), status="vervallen"),
    law(datum=date(2015, 1, 1), in_werking=date(2015, 1, 1), status="vervallen"),
])
def test_withdrawn_text_is_vervallen_whatever_its_dates(resource: Resource) -> None:
    state = state_of(resource, date(2026, 6, 1))
    assert state.key == "vervallen" and not state.current


def test_other_types_have_no_state() -> None:
    from generator.model.models import HandreikingMeta
    r = _resource(HandreikingMeta, "handreikingen", datum=date(2020, 1, 1))
    assert state_of(r, date(2026, 6, 1)) == State("", "", "", True)


def test_graph_holds_the_state_of_every_resource() -> None:
    today = date(2026, 6, 1)
    graph = build_graph(check_repository(FIXTURE_SITE, today).content, today)
    for resource in graph.resources.values():
        assert graph.state(resource) == state_of(resource, today)
