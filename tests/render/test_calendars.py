"""iCalendar files: parse with icalendar, hold exactly the expected events for a pinned date,
carry Amsterdam time with a VTIMEZONE, fold long lines, escape everything, and are stable."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from export_graphs import HOSTILE, PINNED, fixture_graph, hostile_graph, render
from icalendar import Calendar, Event

from generator.render.calendars import render_calendars
from generator.render.paths import ALL_EVENTS
from generator.settings import DEFAULT_SITE_URL

HOST = "een-thuis-voor-iedereen.github.io"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ALL = {"webinar-taakstelling", "regiodag-dakloosheid", "congres-wonen-en-zorg"}


@pytest.fixture(scope="module")
def calendars() -> dict[str, bytes]:
    return render(render_calendars, fixture_graph())


def events(data: bytes) -> list[Event]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def uids(data: bytes) -> list[str]:
    return [str(e["UID"]).removesuffix(f"@{HOST}") for e in events(data)]


def by_uid(data: bytes, event_id: str) -> Event:
    return next(e for e in events(data) if e["UID"] == f"{event_id}@{HOST}")


def test_files_for_all_each_group_and_each_event(calendars: dict[str, bytes]) -> None:
    assert sorted(calendars) == sorted([
        ALL_EVENTS, "doelgroepen/dak-en-thuisloosheid/agenda.ics", "doelgroepen/ouderen/agenda.ics",
        "doelgroepen/statushouders/agenda.ics", *(f"agenda/{e}.ics" for e in ALL)])


def test_all_events_past_ones_kept_in_start_order(calendars: dict[str, bytes]) -> None:
    assert uids(calendars[ALL_EVENTS]) == [
        "webinar-taakstelling", "regiodag-dakloosheid", "congres-wonen-en-zorg"]


@pytest.mark.parametrize(("group", "expected"), [
    ("statushouders", ["webinar-taakstelling"]),
    ("ouderen", ["congres-wonen-en-zorg"]),
    ("dak-en-thuisloosheid", ["regiodag-dakloosheid"]),
])
def test_group_calendar_has_exactly_its_events(calendars: dict[str, bytes], group: str,
                                              expected: list[str]) -> None:
    assert uids(calendars[f"doelgroepen/{group}/agenda.ics"]) == expected


def test_event_file_holds_one_event(calendars: dict[str, bytes]) -> None:
    for event_id in ALL:
        assert uids(calendars[f"agenda/{event_id}.ics"]) == [event_id]


def test_every_file_has_the_amsterdam_timezone(calendars: dict[str, bytes]) -> None:
    for path, data in calendars.items():
        calendar = Calendar.from_ical(data)
        zones = calendar.walk("VTIMEZONE")
        assert [str(z["TZID"]) for z in zones] == ["Europe/Amsterdam"], path
        assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]


def test_timed_event_is_amsterdam_wall_clock(calendars: dict[str, bytes]) -> None:
    data = calendars[ALL_EVENTS]
    assert b"DTSTART;TZID=Europe/Amsterdam:20260915T093000\r\n" in data
    congres = by_uid(data, "congres-wonen-en-zorg")
    start = congres.decoded("DTSTART")
    assert start == datetime(2026, 9, 15, 9, 30, tzinfo=AMSTERDAM)
    assert start.astimezone(UTC) == datetime(2026, 9, 15, 7, 30, tzinfo=UTC)
    assert congres.decoded("DTEND") == datetime(2026, 9, 16, 17, 0, tzinfo=AMSTERDAM)
    assert str(congres["LOCATION"]) == "Jaarbeurs, Utrecht"
    assert str(congres["URL"]) == DEFAULT_SITE_URL + "agenda/congres-wonen-en-zorg/"


def test_all_day_event_uses_dates_with_exclusive_end(calendars: dict[str, bytes]) -> None:
    regiodag = by_uid(calendars[ALL_EVENTS], "regiodag-dakloosheid")
    assert regiodag.decoded("DTSTART") == date(2026, 6, 20)
    assert regiodag.decoded("DTEND") == date(2026, 6, 21)
    assert b"DTSTART;VALUE=DATE:20260620" in calendars[ALL_EVENTS]


def test_online_event_has_online_location_and_its_url(calendars: dict[str, bytes]) -> None:
    webinar = by_uid(calendars[ALL_EVENTS], "webinar-taakstelling")
    assert str(webinar["LOCATION"]) == "Online"
    assert str(webinar["URL"]) == "https://www.example.nl/aanmelden/webinar"
    assert DEFAULT_SITE_URL + "agenda/webinar-taakstelling/" in str(webinar["DESCRIPTION"])


def test_stamp_comes_from_the_build_date(calendars: dict[str, bytes]) -> None:
    for event in events(calendars[ALL_EVENTS]):
        assert event.decoded("DTSTAMP") == datetime(2026, 6, 1, tzinfo=UTC)


def test_lines_are_folded_and_end_in_crlf(calendars: dict[str, bytes]) -> None:
    for path, data in calendars.items():
        assert data.endswith(b"\r\n")
        lines = data.split(b"\r\n")[:-1]
        assert all(len(line) <= 75 for line in lines), path
        assert b"\n" not in data.replace(b"\r\n", b"")
    assert any(line.startswith(b" ") for line in calendars[ALL_EVENTS].split(b"\r\n"))


def test_hostile_text_round_trips_and_stays_folded() -> None:
    graph = hostile_graph()
    calendars = render(render_calendars, graph)
    data = calendars[ALL_EVENTS]
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
    for event in events(data):
        event_id = str(event["UID"]).removesuffix(f"@{HOST}")
        assert str(event["SUMMARY"]) == f"{HOSTILE} {event_id}"
        assert str(event["DESCRIPTION"]).startswith(f"Samenvatting: {HOSTILE}\n\n")
    single = Calendar.from_ical(calendars["agenda/regiodag-dakloosheid.ics"])
    assert str(single["NAME"]) == " ".join(f"{HOSTILE} regiodag-dakloosheid".split())
    regiodag = by_uid(data, "regiodag-dakloosheid")
    assert str(regiodag["LOCATION"]) == f"Zaal {HOSTILE}, Utrecht; ingang B"
    # escaped on the wire: a raw newline, comma or semicolon would break the property
    assert b"Utrecht\\; ingang B" in data.replace(b"\r\n ", b"")


def test_same_content_and_date_give_same_bytes() -> None:
    assert render(render_calendars, fixture_graph()) == render(render_calendars, fixture_graph())
    assert date(2026, 6, 1) == PINNED
