"""Open data: the export validates against its own schema, round-trips every resource, has a
twin per page, escapes nothing away, and only ``gebouwd`` changes with the build date."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from export_graphs import HOSTILE, PINNED, fixture_graph, hostile_graph, render
from jsonschema import Draft202012Validator, FormatChecker

from generator.link.graph import SiteGraph
from generator.model.models import ALL_GROUPS, SOORTEN, AgendaMeta, Resource
from generator.render.opendata import SOORT_FIELDS, extra_fields, render_opendata
from generator.render.paths import EXPORT, SCHEMA
from generator.settings import DEFAULT_SITE_URL


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render(render_opendata, fixture_graph())


def load(files: dict[str, bytes], path: str) -> Any:
    return json.loads(files[path].decode("utf-8"))


def validator(schema: dict[str, Any], definition: str | None = None) -> Draft202012Validator:
    if definition:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"],
                  "$ref": f"#/$defs/{definition}"}
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_schema_is_a_valid_json_schema(files: dict[str, bytes]) -> None:
    Draft202012Validator.check_schema(load(files, SCHEMA))


def test_export_validates_against_its_schema(files: dict[str, bytes]) -> None:
    errors = list(validator(load(files, SCHEMA)).iter_errors(load(files, EXPORT)))
    assert errors == []


def test_every_twin_validates_and_equals_its_export_record(files: dict[str, bytes]) -> None:
    check = validator(load(files, SCHEMA), "bron")
    export = {r["id"]: r for r in load(files, EXPORT)["bronnen"]}
    for resource in fixture_graph().content.resources:
        twin = load(files, f"{resource.soort}/{resource.id}.json")
        assert list(check.iter_errors(twin)) == [], resource.id
        assert twin == export[resource.id]


def test_schema_rejects_unknown_and_misplaced_fields(files: dict[str, bytes]) -> None:
    check = validator(load(files, SCHEMA), "bron")
    record = load(files, "handreikingen/woonwensen-peilen.json")
    assert check.is_valid(record)
    assert not check.is_valid({**record, "onbekend": 1})
    assert not check.is_valid({**record, "provincie": "Utrecht"})  # not a praktijkvoorbeeld
    assert not check.is_valid({**record, "datum": "1 mei 2026"})
    event = load(files, "agenda/congres-wonen-en-zorg.json")
    assert check.is_valid(event)
    assert not check.is_valid({k: v for k, v in event.items() if k != "start"})


def test_schema_names_exactly_the_fields_of_each_type() -> None:
    for soort, info in SOORTEN.items():
        expected = set(extra_fields(info.model)) | ({"ical"} if soort == "agenda" else set())
        assert set(SOORT_FIELDS[soort]) == expected, soort


def test_export_round_trips_every_resource(files: dict[str, bytes]) -> None:
    graph = fixture_graph()
    export = load(files, EXPORT)
    assert [r["id"] for r in export["bronnen"]] == sorted(graph.resources)
    for record in export["bronnen"]:
        assert_round_trip(graph, graph.resources[record["id"]], record)


def assert_round_trip(graph: SiteGraph, resource: Resource, record: dict[str, Any]) -> None:
    meta = resource.meta
    assert record["soort"] == resource.soort
    assert (record["titel"], record["samenvatting"]) == (meta.titel, meta.samenvatting)
    assert record["doelgroepen"] == [g.id for g in graph.groups_of(resource)]
    assert record["alle_doelgroepen"] == (ALL_GROUPS in meta.doelgroepen)
    assert record["organisaties"] == list(meta.organisatie)
    assert date.fromisoformat(record["datum"]) == meta.datum
    assert (date.fromisoformat(record["gecontroleerd"]) if record["gecontroleerd"] else None) \
        == meta.gecontroleerd
    assert (record["bron"], record["status"]) == (meta.bron, meta.status)
    assert (record["trefwoorden"], record["gerelateerd"]) == (meta.trefwoorden, meta.gerelateerd)
    assert record["adres"] == f"{DEFAULT_SITE_URL}{resource.soort}/{resource.id}/"
    for name in extra_fields(type(meta)):
        value = getattr(meta, name)
        if isinstance(value, datetime):
            parsed = datetime.fromisoformat(record[name])
            assert parsed.replace(tzinfo=None) == value and parsed.utcoffset() is not None
        elif isinstance(value, date):
            assert date.fromisoformat(record[name]) == value
        else:
            assert record[name] == value, name
    if isinstance(meta, AgendaMeta):
        assert record["ical"] == f"{DEFAULT_SITE_URL}agenda/{resource.id}.ics"


def test_summer_time_offset(files: dict[str, bytes]) -> None:
    event = load(files, "agenda/congres-wonen-en-zorg.json")
    assert (event["start"], event["einde"]) == ("2026-09-15T09:30:00+02:00", "2026-09-16T17:00:00+02:00")
    assert load(files, "agenda/regiodag-dakloosheid.json")["start"] == "2026-06-20"


def test_groups_and_organisations_are_listed(files: dict[str, bytes]) -> None:
    graph = fixture_graph()
    export = load(files, EXPORT)
    assert [g["id"] for g in export["doelgroepen"]] == list(graph.groups)
    assert export["doelgroepen"][0]["feed"].startswith(DEFAULT_SITE_URL + "feeds/")
    assert [o["id"] for o in export["organisaties"]] == sorted(graph.organisations)
    assert export["gebouwd"] == PINNED.isoformat()


def test_hostile_text_round_trips() -> None:
    graph = hostile_graph()
    files = render(render_opendata, graph)
    export = load(files, EXPORT)
    assert validator(load(files, SCHEMA)).is_valid(export)
    for record in export["bronnen"]:
        assert record["titel"] == f"{HOSTILE} {record['id']}"
        assert_round_trip(graph, graph.resources[record["id"]], record)


def test_only_the_build_date_changes_between_builds() -> None:
    later = date(2026, 11, 25)
    first = render(render_opendata, fixture_graph())
    second = render(render_opendata, fixture_graph(later), later)
    assert first == render(render_opendata, fixture_graph())
    assert sorted(first) == sorted(second)
    changed = [path for path in first if first[path] != second[path]]
    assert changed == [EXPORT]
    before, after = load(first, EXPORT), load(second, EXPORT)
    assert after["gebouwd"] == "2026-11-25"
    assert {**before, "gebouwd": None} == {**after, "gebouwd": None}
