"""iCalendar files (RFC 5545): the whole agenda, the agenda per group, and one file per event.

The icalendar library does the escaping and the line folding. Times are Amsterdam wall-clock
times with a VTIMEZONE generated from zoneinfo; all-day events are DATE values. DTSTAMP is
derived from the build date, so the same content on the same build date gives the same bytes.

An event appears in three or four files (all events, each of its groups, its own file). Each
VEVENT and VTIMEZONE is serialised by icalendar once per build, and a file is its calendar
properties (serialised by icalendar too) with those finished components placed before
``END:VCALENDAR``: RFC 5545 components are whole runs of folded lines, so this is the same
output as serialising one Calendar object, at a quarter of the cost on a large agenda.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import STATUS, Calendar, Component, Event, Timezone

from generator.link.graph import SiteGraph
from generator.model.models import AgendaMeta, Resource
from generator.render.output import Sink
from generator.render.paths import (
    ALL_EVENTS,
    docs_path,
    event_calendar,
    group_calendar,
    site_address,
    site_host,
)
from generator.settings import Settings

TZID = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TZID)
PRODID = "-//Kennisplatform Een thuis voor iedereen//kennispunt//NL"
SITE_NAME = "Kennisplatform Een thuis voor iedereen"


def render_calendars(graph: SiteGraph, settings: Settings, registry: Sink) -> None:
    """Register the calendar of all events, one per group and one per event (past ones too)."""
    events = sorted_events(graph.by_soort.get("agenda", ()))
    serialised = {e.id: _event_ical(graph, settings, e) for e in events}

    def calendar(selection: list[Resource], name: str) -> bytes:
        return render_calendar(graph.today, selection, name, serialised)

    registry.add(ALL_EVENTS, calendar(events, f"Agenda {SITE_NAME}"), "content/agenda/")
    for group in graph.groups.values():
        registry.add(group_calendar(group.id), calendar(
            sorted_events(graph.by_group[group.id].get("agenda", ())),
            f"Agenda {group.meta.naam} ({SITE_NAME})"), group.path)
    for event in events:
        registry.add(event_calendar(event), calendar([event], event.meta.titel), event.path)


# The live preview renders the calendars on every save; an event's VEVENT is made again only
# when what it is made of changed. Keyed on the identity of the validated front matter, which a
# session reuses for a file whose bytes did not change (the entry keeps it alive).
_events: dict[tuple[str, int, date, tuple[str, ...], str], tuple[object, bytes]] = {}


def _event_ical(graph: SiteGraph, settings: Settings, resource: Resource) -> bytes:
    key = (resource.id, id(resource.meta), graph.today,
           tuple(g.meta.naam for g in graph.groups_of(resource)), settings.site_url)
    found = _events.get(key)
    if found is None or found[0] is not resource.meta:
        if len(_events) > 20_000:
            _events.clear()
        found = _events[key] = (resource.meta, _ical(render_event(graph, settings, resource)))
    return found[1]


def sorted_events(resources: Iterable[Resource]) -> list[Resource]:
    """Events by start, then id: a stable order for stable bytes."""
    events = [r for r in resources if isinstance(r.meta, AgendaMeta)]
    return sorted(events, key=lambda r: (_start_key(r), r.id))


def render_calendar(today: date, events: list[Resource], name: str,
                    serialised: Mapping[str, bytes]) -> bytes:
    """One VCALENDAR with a VTIMEZONE for Amsterdam and a VEVENT per event.

    ``serialised`` holds each event's VEVENT as icalendar wrote it (see the module text).
    """
    name = " ".join(name.split())  # icalendar does not escape newlines in NAME
    calendar = Calendar()  # not Calendar.new(): that adds a random UID to every build
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    head = _ical(calendar)
    assert head.endswith(_END), head[-40:]
    parts = [head[:-len(_END)], _timezone_ical(*_years(events, today))]
    parts += [serialised[e.id] for e in events]
    return b"".join([*parts, _END])


_END = b"END:VCALENDAR\r\n"


def _ical(component: Component) -> bytes:
    data: bytes = component.to_ical()
    return data


def _years(events: list[Resource], today: date) -> tuple[int, int]:
    """The years the events (or, without events, the build) span."""
    years = [_start_key(e).year for e in events] or [today.year]
    return min(years), max(years)


@lru_cache(maxsize=64)
def _timezone(first_year: int, last_year: int) -> Timezone:
    # Building a VTIMEZONE from zoneinfo is slow, and every event file needs one.
    return Timezone.from_tzid(TZID, first_date=date(first_year, 1, 1),
                              last_date=date(last_year + 1, 12, 31))


@lru_cache(maxsize=64)
def _timezone_ical(first_year: int, last_year: int) -> bytes:
    return _ical(_timezone(first_year, last_year))


def render_event(graph: SiteGraph, settings: Settings, resource: Resource) -> Event:
    """One VEVENT: stable UID, times in Amsterdam (or whole days), place or 'Online'."""
    meta = resource.meta
    assert isinstance(meta, AgendaMeta)
    page = site_address(settings, docs_path(resource))
    start, end = event_times(meta)
    event = Event.new(
        uid=f"{resource.id}@{site_host(settings)}",
        stamp=datetime.combine(graph.today, time(0), UTC),
        start=start, end=end, summary=meta.titel,
        description=f"{meta.samenvatting}\n\nMeer informatie: {page}",
        location="Online" if meta.online else meta.locatie,
        url=(meta.aanmelden or page) if meta.online else page,
        categories=[meta.vorm, *(g.meta.naam for g in graph.groups_of(resource))],
        status=STATUS.CANCELLED if meta.status == "vervallen" else STATUS.CONFIRMED,
    )
    if meta.online and meta.aanmelden:
        event.add("comment", f"Aanmelden: {meta.aanmelden}")
    return event


def event_times(meta: AgendaMeta) -> tuple[date | datetime, date | datetime]:
    """DATE values for an all-day event (end exclusive), else aware Amsterdam datetimes."""
    start, end = meta.start, meta.einde
    if not isinstance(start, datetime) and not isinstance(end, datetime):
        return start, end + timedelta(days=1)
    return _aware(start, time(0)), _aware(end, time(23, 59))


def _aware(value: date | datetime, default: time) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, default)
    return value.replace(tzinfo=AMSTERDAM)


def _start_key(resource: Resource) -> datetime:
    meta = resource.meta
    assert isinstance(meta, AgendaMeta)
    start = meta.start
    return start if isinstance(start, datetime) else datetime.combine(start, time(0))
