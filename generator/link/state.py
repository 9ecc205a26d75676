"""The state of the thing a resource describes, decided by the build date, never by hand.

This is not the state of our text (``status: actueel | vervallen``, ``gecontroleerd``): a
scheme can be closed while its text is perfectly current. Per type:

========================  =====================================================================
financiele-regelingen     ``opent`` (start after today), ``open`` (until ``aanvragen_tot``, or
                          without an end date for a year), ``gesloten`` (after
                          ``aanvragen_tot``), ``onbekend`` (no end date, and the start and the
                          ``stand`` are both more than a year ago)
wet-en-regelgeving        ``in-werking`` (``in_werking`` reached), ``aangenomen`` (adopted or
                          with a future ``in_werking``), ``beoogd-voorbij`` (``beoogd`` passed
                          without ``in_werking``), ``wetsvoorstel`` (a bill: kamerstuk or
                          ``beoogd`` set, nothing else)
agenda                    ``binnenkort`` (until the end of its last day), ``geweest``
========================  =====================================================================

A withdrawn text (``status: vervallen``) is ``vervallen`` whatever its dates say: its dates are
no longer vouched for. Other types have no state (``key == ""``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from generator.model.fieldtypes import stand_start
from generator.model.models import (
    AgendaMeta,
    RegelingMeta,
    Resource,
    WetMeta,
    event_end,
    event_start,
)

# A scheme without an end date that nobody has looked at for this long may have closed.
UNKNOWN_AFTER = timedelta(days=365)
# The link stage comes before rendering, so it keeps its own month names (render.markup has
# the same list for the pages).
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")


@dataclass(frozen=True, slots=True)
class State:
    """What a reader sees about the state of the thing described.

    ``key`` is one of "open", "opent", "gesloten", "onbekend", "in-werking", "aangenomen",
    "wetsvoorstel", "beoogd-voorbij", "binnenkort", "geweest", "vervallen", or "" (this type
    has no state). ``label`` is the short badge text, ``sentence`` one sentence for the top
    of the page (or ""). ``current`` is False for what is over: such items are listed under
    "Eerder" and demoted in search.
    """

    key: str
    label: str
    sentence: str
    current: bool


NONE = State("", "", "", True)
PAST_KEYS = frozenset({"gesloten", "geweest", "vervallen"})


def dutch_day(value: date) -> str:
    """'1 maart 2027'."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def state_of(resource: Resource, today: date) -> State:
    """The state of what ``resource`` describes on ``today``."""
    meta = resource.meta
    if meta.status == "vervallen":
        return State("vervallen", "Vervallen", "Deze tekst is ingetrokken: wat hier staat, "
                     "geldt niet meer.", False)
    if isinstance(meta, RegelingMeta):
        return _scheme_state(meta, today)
    if isinstance(meta, WetMeta):
        return _law_state(meta, today)
    if isinstance(meta, AgendaMeta):
        return _event_state(meta, today)
    return NONE


def _scheme_state(meta: RegelingMeta, today: date) -> State:
    end = meta.aanvragen_tot
    if meta.datum > today:
        until = f" Aanvragen kan tot en met {dutch_day(end)}." if end else ""
        return State("opent", f"Opent op {dutch_day(meta.datum)}",
                     f"Deze regeling opent op {dutch_day(meta.datum)}.{until}", True)
    if end is not None and end < today:
        return State("gesloten", "Gesloten",
                     f"Deze regeling is gesloten. Aanvragen kon tot en met {dutch_day(end)}.",
                     False)
    if end is not None:
        return State("open", f"Open tot en met {dutch_day(end)}",
                     f"U kunt aanvragen tot en met {dutch_day(end)}.", True)
    # How old the information is: the moment the text describes ('stand'), else the start.
    # Not 'gecontroleerd': a review date is often set for many files at once.
    seen = max(meta.datum, stand_start(meta.stand)) if meta.stand else meta.datum
    if today - seen > UNKNOWN_AFTER:
        return State("onbekend", "Onbekend: controleer of deze regeling nog open is",
                     "Er is geen einddatum bekend en de gegevens zijn ouder dan een jaar. "
                     "Controleer bij de bron of deze regeling nog open is.", True)
    return State("open", "Open", "Er is geen einddatum bekend.", True)


def _law_state(meta: WetMeta, today: date) -> State:
    start = meta.in_werking
    if start is not None and start <= today:
        return State("in-werking", f"In werking sinds {dutch_day(start)}",
                     f"Deze regels gelden sinds {dutch_day(start)}.", True)
    if start is not None:
        return State("aangenomen", "Aangenomen, nog niet in werking",
                     f"Deze regels gelden vanaf {dutch_day(start)}.", True)
    if meta.beoogd is not None and meta.beoogd < today:
        return State("beoogd-voorbij", "Beoogde datum voorbij",
                     f"De beoogde datum ({dutch_day(meta.beoogd)}) is voorbij. Controleer de "
                     "actuele stand bij de bron.", True)
    intended = (f" De beoogde datum van inwerkingtreding is {dutch_day(meta.beoogd)}."
                if meta.beoogd is not None else "")
    if meta.aangenomen is not None and meta.aangenomen <= today:
        return State("aangenomen", "Aangenomen, nog niet in werking",
                     f"Aangenomen op {dutch_day(meta.aangenomen)}, nog niet in werking."
                     + intended, True)
    if meta.kamerstuk is not None or meta.beoogd is not None:
        return State("wetsvoorstel", "Wetsvoorstel",
                     "Dit is een wetsvoorstel: het geldt nog niet." + intended, True)
    return NONE


def _event_state(meta: AgendaMeta, today: date) -> State:
    first, last = event_start(meta).date(), event_end(meta).date()
    when = _event_days(first, last)
    if last < today:
        return State("geweest", f"Geweest: {when}", f"Deze bijeenkomst was op {when}.", False)
    if first < today:
        return State("binnenkort", f"Nu bezig: tot en met {dutch_day(last)}",
                     f"Deze bijeenkomst loopt tot en met {dutch_day(last)}.", True)
    return State("binnenkort", f"Binnenkort: {when}", f"Deze bijeenkomst is op {when}.", True)


def _event_days(first: date, last: date) -> str:
    """'12 maart 2027', or '12 tot en met 14 maart 2027' for an event of several days."""
    if first == last:
        return dutch_day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} tot en met {dutch_day(last)}"
    if first.year == last.year:
        return f"{first.day} {_MONTHS[first.month - 1]} tot en met {dutch_day(last)}"
    return f"{dutch_day(first)} tot en met {dutch_day(last)}"


def event_when(meta: AgendaMeta) -> str:
    """When an event is, with one date for one day: '12 maart 2027, 10.00 tot 12.00 uur',
    '12 maart 2027' (all day), '12 tot en met 14 maart 2027'."""
    first, last = event_start(meta), event_end(meta)
    timed = isinstance(meta.start, datetime) and isinstance(meta.einde, datetime)
    if first.date() == last.date():
        day = dutch_day(first.date())
        return f"{day}, {_clock(first)} tot {_clock(last)} uur" if timed else day
    if timed:
        return f"{dutch_day(first.date())}, {_clock(first)} uur tot {dutch_day(last.date())}, " \
               f"{_clock(last)} uur"
    return _event_days(first.date(), last.date())


def _clock(moment: datetime) -> str:
    return f"{moment.hour}.{moment.minute:02d}"


def stand_text(stand: str) -> str:
    """A ``stand`` value as readers say it: '2026-01' -> 'januari 2026', a day in full."""
    if len(stand) == 7:
        return f"{_MONTHS[int(stand[5:7]) - 1]} {stand[:4]}"
    return dutch_day(date.fromisoformat(stand))
