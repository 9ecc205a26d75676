"""`kennispunt schema`: one JSON Schema definition per soort, agreeing with the validator."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from generator.cli import cli
from generator.model.models import SOORTEN
from generator.model.schema import build_schema
from tests.conftest import FIXTURE_SITE

# Files whose unquoted values (1.10, 1:20, NO, 0755) a YAML 1.1/1.2 editor reads as numbers or
# booleans; the validator keeps them as text. The editor's schema rightly asks to quote them.
TRICKY = {"huisvestingswet-wijziging", "wet-versterking-regie"}


def editor_view(path: Path) -> dict[str, Any]:
    """The front matter as an editor's YAML parser sees it (dates shown as text)."""
    text = path.read_text("utf-8").split("---\n")[1]
    data = yaml.safe_load(text)
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    parsed: dict[str, Any] = json.loads(result.output)
    return parsed


def validator(schema: dict[str, Any], name: str) -> Draft202012Validator:
    return Draft202012Validator({**schema["$defs"][name], "$defs": schema["$defs"]},
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_schema_is_valid_json_schema(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema == build_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_a_definition_per_soort(schema: dict[str, Any]) -> None:
    assert set(schema["$defs"]) == {*SOORTEN, "doelgroep", "pagina", "organisatie"}
    for soort, spec in SOORTEN.items():
        definition = schema["$defs"][soort]
        assert definition["title"] == spec.label
        assert definition["additionalProperties"] is False
        assert set(definition["properties"]) == set(spec.model.model_fields)
        assert {"titel", "samenvatting", "doelgroepen", "organisatie", "datum"} <= set(definition["required"])


def test_every_field_has_a_dutch_description(schema: dict[str, Any]) -> None:
    for name, definition in schema["$defs"].items():
        for key, prop in definition["properties"].items():
            assert prop.get("description"), f"{name}.{key}"


def _fixture_files() -> list[tuple[str, Path]]:
    files = [(p.parent.name, p) for p in sorted((FIXTURE_SITE / "content").glob("*/*.md"))]
    files += [("doelgroep", p) for p in sorted((FIXTURE_SITE / "groups").glob("*.md"))]
    return [("pagina" if kind == "paginas" else kind, p) for kind, p in files if p.stem not in TRICKY]


@pytest.mark.parametrize("kind, path", _fixture_files(), ids=lambda v: getattr(v, "stem", v))
def test_fixture_front_matter_validates(schema: dict[str, Any], kind: str, path: Path) -> None:
    errors = [e.message for e in validator(schema, kind).iter_errors(editor_view(path))]
    assert errors == []


def test_registry_validates(schema: dict[str, Any]) -> None:
    check = validator(schema, "organisatie")
    for entry in yaml.safe_load((FIXTURE_SITE / "content/organisaties.yml").read_text("utf-8")):
        assert list(check.iter_errors(entry)) == []


def test_one_value_where_a_list_is_expected_is_fine(schema: dict[str, Any]) -> None:
    data = editor_view(FIXTURE_SITE / "content/handreikingen/woonwensen-peilen.md")
    assert data["organisatie"] == "gemeente-voorbeeldstad"
    assert list(validator(schema, "handreikingen").iter_errors(data)) == []


@pytest.mark.parametrize("change, words", [
    ({"samenvating": "x"}, "Additional properties"),
    ({"titel": "Kort"}, "too short"),
    ({"doelgroepen": []}, "not valid under any"),
    ({"doelgroepen": ["Statushouders"]}, "not valid under any"),
    ({"bron": "javascript:alert(1)"}, "not valid under any"),
    ({"status": "oud"}, "is not one of"),
    ({"datum": "11-05-2022"}, "is not a 'date'"),
])
def test_schema_catches_what_the_validator_catches(schema: dict[str, Any], change: dict[str, Any],
                                                   words: str) -> None:
    data = {**editor_view(FIXTURE_SITE / "content/handreikingen/woonwensen-peilen.md"), **change}
    messages = " | ".join(e.message for e in validator(schema, "handreikingen").iter_errors(data))
    assert words in messages


def test_type_specific_rules(schema: dict[str, Any]) -> None:
    wet = editor_view(FIXTURE_SITE / "content/wet-en-regelgeving/huisvestingswet-wijziging.md")
    wet.pop("kamerstuk"), wet.pop("trefwoorden")
    check = validator(schema, "wet-en-regelgeving")
    assert list(check.iter_errors(wet)) == []
    assert list(check.iter_errors({**wet, "bwb_id": "BWB123"}))
    agenda = validator(schema, "agenda")
    event = editor_view(FIXTURE_SITE / "content/agenda/webinar-taakstelling.md")
    assert list(agenda.iter_errors(event)) == []
    assert list(agenda.iter_errors({**event, "start": "10 februari"}))
    assert list(agenda.iter_errors({**event, "vorm": "workshop"}))
    group = validator(schema, "doelgroep")
    assert list(group.iter_errors({"naam": "Groep", "samenvatting": "x" * 20, "volgorde": -1}))


def test_unquoted_tricky_values_are_flagged_by_an_editor(schema: dict[str, Any]) -> None:
    data = editor_view(FIXTURE_SITE / "content/wet-en-regelgeving/huisvestingswet-wijziging.md")
    assert data["kamerstuk"] == 1.1  # what a YAML editor makes of it; the validator keeps "1.10"
    assert list(validator(schema, "wet-en-regelgeving").iter_errors(data))


def test_voor_gemeenten_is_an_optional_short_text_of_laws_only(schema: dict[str, Any]) -> None:
    """Issue 15: a law's 'what it means for gemeenten' line; one line, 20 to 300 characters."""
    for name, soort in SOORTEN.items():
        assert ("voor_gemeenten" in soort.model.model_fields) is (name == "wet-en-regelgeving")
    wet = editor_view(FIXTURE_SITE / "content/wet-en-regelgeving/huisvestingswet-wijziging.md")
    wet.pop("kamerstuk"), wet.pop("trefwoorden")
    check = validator(schema, "wet-en-regelgeving")
    assert "voor_gemeenten" not in schema["$defs"]["wet-en-regelgeving"].get("required", [])
    assert list(check.iter_errors({**wet, "voor_gemeenten": "Gemeenten stellen een programma op."})) == []
    assert list(check.iter_errors({**wet, "voor_gemeenten": "Te kort."}))
    assert list(check.iter_errors({**wet, "voor_gemeenten": "x" * 301}))


def test_voor_gemeenten_on_several_lines_is_refused_by_check(tmp_path: Path) -> None:
    from tests.conftest import copy_repository
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    law = root / "content/wet-en-regelgeving/huisvestingswet-wijziging.md"
    lines = "voor_gemeenten: |\n  Gemeenten passen de verordening aan.\n  En nog een regel.\n"
    law.write_text(law.read_text("utf-8").replace("kamerstuk:", lines + "kamerstuk:", 1), "utf-8")
    result = CliRunner().invoke(cli, ["check", "--map", str(root), "--datum", "2026-06-01"])
    assert result.exit_code == 1
    assert "huisvestingswet-wijziging.md" in result.output and "voor_gemeenten" in result.output
