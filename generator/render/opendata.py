"""Open data: every resource as JSON, its JSON Schema, and a JSON twin per resource page.

The order is fixed (resources by id, groups in their home-page order, organisations by id,
keys in the order below), so the build date in ``gebouwd`` is the only thing that differs
between two builds of the same content. The schema is written here as data and the tests
validate the export against it.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from generator.link.graph import SiteGraph
from generator.model.models import (
    ALL_GROUPS,
    PROVINCIES,
    SOORTEN,
    AgendaMeta,
    Group,
    Organisation,
    Resource,
    ResourceMeta,
)
from generator.render.output import Sink
from generator.render.paths import (
    EXPORT,
    SCHEMA,
    docs_path,
    event_calendar,
    group_calendar,
    group_feed,
    site_address,
    twin,
)
from generator.settings import Settings

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def render_opendata(graph: SiteGraph, settings: Settings, sink: Sink) -> None:
    """Register the export, its schema and a twin per resource."""
    render_export(graph, settings, sink)
    for resource in sorted(graph.content.resources, key=lambda r: r.id):
        render_twin(graph, settings, resource, sink)


def render_export(graph: SiteGraph, settings: Settings, sink: Sink) -> None:
    """The export of every resource and its JSON Schema."""
    sink.add(EXPORT, json_bytes(export_of(graph, settings)), "content/")
    sink.add(SCHEMA, json_bytes(schema_of(settings), readable=True), "generator/opendata.py")


def render_twin(graph: SiteGraph, settings: Settings, resource: Resource, sink: Sink) -> None:
    """The JSON twin of one resource page."""
    sink.add(twin(resource), json_bytes(record_of(graph, settings, resource)), resource.path)


def json_bytes(data: Any, *, readable: bool = False) -> bytes:
    """Stable JSON in UTF-8 (no ASCII escapes, so Dutch and emoji stay legible).

    Data files are written on one line: the C encoder does that five times faster than the
    indenting one, which matters for a twin per resource. The schema, read by people, is
    indented.
    """
    return (json.dumps(data, ensure_ascii=False, indent=2 if readable else None)
            + "\n").encode("utf-8")


def export_of(graph: SiteGraph, settings: Settings) -> dict[str, Any]:
    """The whole export: build date, groups, organisations and every resource (sorted by id)."""
    return {
        "titel": "Kennisplatform Een thuis voor iedereen: alle bronnen",
        "site": settings.site_url,
        "schema": site_address(settings, SCHEMA),
        "gebouwd": graph.today.isoformat(),
        "doelgroepen": [group_of(settings, g) for g in graph.groups.values()],
        "organisaties": [organisation_of(o) for o in sorted(graph.organisations.values(),
                                                            key=lambda o: o.id)],
        "bronnen": [record_of(graph, settings, r)
                    for r in sorted(graph.content.resources, key=lambda r: r.id)],
    }


def group_of(settings: Settings, group: Group) -> dict[str, Any]:
    return {
        "id": group.id,
        "naam": group.meta.naam,
        "samenvatting": group.meta.samenvatting,
        "synoniemen": list(group.meta.synoniemen),
        "verwant": list(group.meta.verwant),
        "adres": site_address(settings, docs_path(group)),
        "feed": site_address(settings, group_feed(group.id)),
        "agenda": site_address(settings, group_calendar(group.id)),
    }


def organisation_of(organisation: Organisation) -> dict[str, Any]:
    return {"id": organisation.id, "naam": organisation.naam,
            "afkorting": organisation.afkorting, "url": organisation.url}


def record_of(graph: SiteGraph, settings: Settings, resource: Resource) -> dict[str, Any]:
    """One resource: the common fields, then the fields of its type."""
    meta = resource.meta
    record: dict[str, Any] = {
        "id": resource.id,
        "soort": resource.soort,
        "titel": meta.titel,
        "samenvatting": meta.samenvatting,
        "doelgroepen": [g.id for g in graph.groups_of(resource)],
        "alle_doelgroepen": ALL_GROUPS in meta.doelgroepen,
        "organisaties": list(meta.organisatie),
        "datum": meta.datum.isoformat(),
        "gecontroleerd": meta.gecontroleerd.isoformat() if meta.gecontroleerd else None,
        "stand": meta.stand,
        "bron": meta.bron,
        "adres": site_address(settings, docs_path(resource)),
        "status": meta.status,
        "trefwoorden": list(meta.trefwoorden),
        "gerelateerd": list(meta.gerelateerd),
    }
    for name in extra_fields(type(meta)):
        record[name] = _json_value(getattr(meta, name))
    if isinstance(meta, AgendaMeta):
        record["ical"] = site_address(settings, event_calendar(resource))
    return record


@cache
def extra_fields(model: type[ResourceMeta]) -> tuple[str, ...]:
    """The fields a type adds to the common ones, in declaration order."""
    common = ResourceMeta.model_fields  # pydantic builds this mapping on every access
    return tuple(name for name in model.model_fields if name not in common)


def _json_value(value: object) -> object:
    """Dates as JJJJ-MM-DD; times as Amsterdam time with its UTC offset."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=AMSTERDAM).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def schema_of(settings: Settings) -> dict[str, Any]:
    """The JSON Schema (2020-12) of :data:`EXPORT`; ``$defs/bron`` also describes each twin."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site_address(settings, SCHEMA),
        "title": "Alle bronnen van het Kennisplatform Een thuis voor iedereen",
        "type": "object",
        "additionalProperties": False,
        "required": ["titel", "site", "schema", "gebouwd", "doelgroepen", "organisaties", "bronnen"],
        "properties": {
            "titel": _TEXT, "site": _URL, "schema": _URL, "gebouwd": _DATE,
            "doelgroepen": {"type": "array", "items": {"$ref": "#/$defs/doelgroep"}},
            "organisaties": {"type": "array", "items": {"$ref": "#/$defs/organisatie"}},
            "bronnen": {"type": "array", "items": {"$ref": "#/$defs/bron"}},
        },
        "$defs": {"doelgroep": _GROUP, "organisatie": _ORGANISATION, "bron": _resource_schema()},
    }


_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
_OPTIONAL_TEXT: dict[str, Any] = {"type": ["string", "null"]}
_ID: dict[str, Any] = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
_IDS: dict[str, Any] = {"type": "array", "items": _ID}
_TEXTS: dict[str, Any] = {"type": "array", "items": _TEXT}
_URL: dict[str, Any] = {"type": "string", "pattern": "^https?://"}
_OPTIONAL_URL: dict[str, Any] = {"type": ["string", "null"], "pattern": "^https?://"}
_DATE: dict[str, Any] = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_OPTIONAL_DATE: dict[str, Any] = {"type": ["string", "null"], "format": "date",
                                  "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_MOMENT: dict[str, Any] = {
    "description": "Een datum (hele dag) of een tijdstip in Nederlandse tijd met verschil t.o.v. UTC.",
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$",
}
_GROUP: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "naam", "samenvatting", "synoniemen", "verwant", "adres", "feed", "agenda"],
    "properties": {"id": _ID, "naam": _TEXT, "samenvatting": _TEXT, "synoniemen": _TEXTS,
                   "verwant": _IDS, "adres": _URL, "feed": _URL, "agenda": _URL},
}
_ORGANISATION: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "naam", "afkorting", "url"],
    "properties": {"id": _ID, "naam": _TEXT, "afkorting": _OPTIONAL_TEXT, "url": _URL},
}
_COMMON: dict[str, Any] = {
    "id": _ID,
    "soort": {"enum": list(SOORTEN)},
    "titel": _TEXT,
    "samenvatting": _TEXT,
    "doelgroepen": {**_IDS, "description": "Alle doelgroepen waarvoor de bron is ('alle' uitgeschreven)."},
    "alle_doelgroepen": {"type": "boolean"},
    "organisaties": {**_IDS, "minItems": 1},
    "datum": _DATE,
    "gecontroleerd": _OPTIONAL_DATE,
    "stand": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}(-\d{2})?$",
              "description": "Het moment dat de tekst beschrijft: JJJJ-MM of JJJJ-MM-DD."},
    "bron": _OPTIONAL_URL,
    "adres": _URL,
    "status": {"enum": ["actueel", "vervallen"]},
    "trefwoorden": _TEXTS,
    "gerelateerd": _IDS,
}
SOORT_FIELDS: dict[str, dict[str, Any]] = {
    "wet-en-regelgeving": {"in_werking": _OPTIONAL_DATE,
                           "bwb_id": {"type": ["string", "null"], "pattern": "^BWB[RV]\\d{7}$"},
                           "kamerstuk": _OPTIONAL_TEXT, "aangenomen": _OPTIONAL_DATE,
                           "beoogd": _OPTIONAL_DATE, "voor_gemeenten": _OPTIONAL_TEXT},
    "beleid": {"kamerstuk": _OPTIONAL_TEXT},
    "financiele-regelingen": {"aanvragen_tot": _OPTIONAL_DATE,
                              "loket": {"type": ["string", "null"]}, "budget": _OPTIONAL_TEXT},
    "handreikingen": {},
    "stappenplannen": {},
    "praktijkvoorbeelden": {"gemeente": _TEXT, "provincie": {"enum": list(PROVINCIES)}},
    "onderzoek": {"auteurs": _OPTIONAL_TEXT},
    "agenda": {"vorm": {"enum": ["bijeenkomst", "webinar", "congres", "cursus"]},
               "start": _MOMENT, "einde": _MOMENT, "locatie": _OPTIONAL_TEXT,
               "online": {"type": "boolean"}, "aanmelden": _OPTIONAL_URL, "ical": _URL},
    "netwerken": {"contact": _OPTIONAL_TEXT},
}


def _resource_schema() -> dict[str, Any]:
    """Common fields always; the fields of a type only when ``soort`` names that type."""
    per_soort = [
        {"if": {"properties": {"soort": {"const": soort}}, "required": ["soort"]},
         "then": {"properties": fields, "required": list(fields)}}
        for soort, fields in SOORT_FIELDS.items() if fields
    ]
    return {"type": "object", "required": list(_COMMON), "properties": _COMMON,
            "allOf": per_soort, "unevaluatedProperties": False}
