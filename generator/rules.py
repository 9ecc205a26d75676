"""Rules that look across files or into bodies: references, unique titles, dates, links, HTML.

Each rule is a function from loaded documents to diagnostics. Rules do not decide whether a
problem stops the build: that is the report's policy (``--strict``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from .body import DEFAULT_SETUP, MarkdownSetup
from .bodyrules import check_bodies
from .diagnostics import Diagnostic, error, warning
from .frontmatter import Position
from .models import ALL_GROUPS, AgendaMeta, GroupMeta, ResourceMeta, event_end, event_start
from .validate import Loaded, did_you_mean, shown

STALE_AFTER = timedelta(days=365)
FUTURE_LIMIT = timedelta(days=366)
EVENT_FUTURE_LIMIT = timedelta(days=3 * 366)
TEMPLATE_SUMMARIES = frozenset({
    "Vat hier in een of twee zinnen samen waar deze bron over gaat.",
})


@dataclass(frozen=True, slots=True)
class Registry:
    """The ids that references may point at."""

    groups: frozenset[str]
    organisations: frozenset[str]
    resources: frozenset[str]
    files: frozenset[str]
    # False when content/organisaties.yml could not be read at all: then every organisation
    # would look unknown, and a hundred follow-up errors would hide the one that matters.
    organisations_known: bool = True
    markdown: MarkdownSetup = DEFAULT_SETUP  # the site's Markdown extensions (mkdocs.yml)


def check_rules(loaded: list[Loaded], registry: Registry, today: date) -> list[Diagnostic]:
    """Run every cross-file and body rule."""
    return [
        *check_references(loaded, registry),
        *check_unique_titles(loaded),
        *check_dates(loaded, today),
        *check_bodies(loaded, registry.files, registry.markdown),
    ]


def _at(doc: Loaded, *path: str | int) -> Position:
    assert doc.text is not None
    return doc.text.front.position(path)


def _unknown(doc: Loaded, field: str, values: Iterable[str], known: frozenset[str],
             code: str, what: str, extra: tuple[str, ...] = ()) -> Iterator[Diagnostic]:
    # Positions are looked up only for a problem: working them out costs more than the check.
    for index, value in enumerate(values):
        if value not in known and value not in extra:
            pos = _at(doc, field, index)
            hint = did_you_mean(value, sorted(known | set(extra)))
            yield error(doc.source.path, pos.line, pos.column, code,
                        f"veld '{field}': '{shown(value)}' bestaat niet", hint or what)


def check_references(loaded: list[Loaded], registry: Registry) -> Iterator[Diagnostic]:
    """Groups, organisations and related resources named in front matter must exist."""
    group_hint = "kies een bestandsnaam uit groups/ of 'alle'"
    org_hint = "voeg de organisatie toe aan content/organisaties.yml"
    for doc in loaded:
        meta = doc.model
        if isinstance(meta, ResourceMeta):
            yield from _unknown(doc, "doelgroepen", meta.doelgroepen, registry.groups,
                                "onbekende-doelgroep", group_hint, (ALL_GROUPS,))
            if registry.organisations_known:
                yield from _unknown(doc, "organisatie", meta.organisatie, registry.organisations,
                                    "onbekende-organisatie", org_hint)
            yield from _unknown(doc, "gerelateerd", meta.gerelateerd, registry.resources,
                                "onbekende-verwijzing", "gebruik de bestandsnaam van een bron")
            loket = getattr(meta, "loket", None)
            if loket is not None and registry.organisations_known \
                    and loket not in registry.organisations:
                pos = _at(doc, "loket")
                yield error(doc.source.path, pos.line, pos.column, "onbekende-organisatie",
                            f"veld 'loket': '{shown(loket)}' bestaat niet",
                            did_you_mean(loket, sorted(registry.organisations)) or org_hint)
            for index, value in enumerate(meta.gerelateerd):
                if value == doc.source.id:
                    pos = _at(doc, "gerelateerd", index)
                    yield error(doc.source.path, pos.line, pos.column, "zelfverwijzing",
                                "veld 'gerelateerd': een bron kan niet naar zichzelf verwijzen",
                                "haal dit id weg")
        elif isinstance(meta, GroupMeta):
            yield from _unknown(doc, "verwant", meta.verwant, registry.groups,
                                "onbekende-doelgroep", group_hint)


def check_unique_titles(loaded: list[Loaded]) -> Iterator[Diagnostic]:
    """Two resources with one title confuse readers and search."""
    seen: dict[str, str] = {}
    for doc in loaded:
        if isinstance(doc.model, ResourceMeta):
            key = " ".join(doc.model.titel.casefold().split())
            if key in seen:
                pos = _at(doc, "titel")
                yield error(doc.source.path, pos.line, pos.column, "dubbele-titel",
                            f"veld 'titel': dezelfde titel staat al in {seen[key]}",
                            "maak de titel onderscheidend")
            else:
                seen[key] = doc.source.path


def check_dates(loaded: list[Loaded], today: date) -> Iterator[Diagnostic]:
    """Dates that cannot be right, events that end before they start, and overdue reviews."""
    for doc in loaded:
        meta = doc.model
        if not isinstance(meta, ResourceMeta):
            continue
        path = doc.source.path
        if meta.datum > today + FUTURE_LIMIT:
            pos = _at(doc, "datum")
            yield error(path, pos.line, pos.column, "datum-onwaarschijnlijk",
                        f"veld 'datum': {meta.datum.isoformat()} ligt meer dan een jaar in de "
                        "toekomst", "gebruik de datum van publicatie of inwerkingtreding")
        yield from _review_date(doc, meta, today)
        if meta.samenvatting in TEMPLATE_SUMMARIES:
            pos = _at(doc, "samenvatting")
            yield warning(path, pos.line, pos.column, "sjabloontekst",
                          "veld 'samenvatting': dit is nog de voorbeeldtekst",
                          "schrijf een eigen samenvatting")
        if isinstance(meta, AgendaMeta):
            yield from _event_rules(doc, meta, today)


def _review_date(doc: Loaded, meta: ResourceMeta, today: date) -> Iterator[Diagnostic]:
    path = doc.source.path
    if meta.gecontroleerd is None:
        pos = _at(doc)
        yield warning(path, pos.line, pos.column, "niet-gecontroleerd",
                      "veld 'gecontroleerd' ontbreekt", "vul de datum in waarop u de tekst "
                      "tegen de bron hebt nagekeken")
    elif meta.gecontroleerd > today:
        pos = _at(doc, "gecontroleerd")
        yield error(path, pos.line, pos.column, "datum-onwaarschijnlijk",
                    f"veld 'gecontroleerd': {meta.gecontroleerd.isoformat()} ligt in de toekomst",
                    "vul de datum in waarop u de tekst hebt nagekeken")
    elif today - meta.gecontroleerd > STALE_AFTER:
        pos = _at(doc, "gecontroleerd")
        yield warning(path, pos.line, pos.column, "verouderd",
                      f"veld 'gecontroleerd': de tekst is voor het laatst nagekeken op "
                      f"{meta.gecontroleerd.isoformat()}, meer dan 12 maanden geleden",
                      "kijk de tekst na tegen de bron en pas de datum aan")


def _event_rules(doc: Loaded, meta: AgendaMeta, today: date) -> Iterator[Diagnostic]:
    path = doc.source.path
    if event_end(meta) < event_start(meta):
        pos = _at(doc, "einde")
        yield error(path, pos.line, pos.column, "einde-voor-start",
                    "veld 'einde': het einde ligt vóór de start", "controleer datum en tijd")
    if event_start(meta).date() > today + EVENT_FUTURE_LIMIT:
        pos = _at(doc, "start")
        yield error(path, pos.line, pos.column, "datum-onwaarschijnlijk",
                    "veld 'start': ligt meer dan drie jaar in de toekomst", "controleer het jaar")
    if not meta.online and not meta.locatie:
        pos = _at(doc)
        yield error(path, pos.line, pos.column, "locatie-ontbreekt",
                    "een bijeenkomst heeft een 'locatie' of 'online: true' nodig",
                    "vul de plaats in, of zet online: true")
