"""The issue forms: valid GitHub issue forms, and "Nieuwe bron voorstellen" speaks the schema.

Each field of the proposal form is named after the front-matter key it fills in, so an editor
can turn an issue into a file one to one. The keys come from ``kennispunt schema``: the one
declaration of the content model, never a list kept by hand here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
NEW_SOURCE = FORMS / "nieuwe-bron.yml"
REPORT_ERROR = FORMS / "fout-melden.yml"
NOT_KEYS = {"soort", "toelichting"}  # the folder, and free text for the editors
NOT_RESOURCES = {"doelgroep", "pagina", "organisatie"}
FIELD_TYPES = {"input", "textarea", "dropdown", "checkboxes"}
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")


@pytest.fixture(scope="module")
def definitions() -> dict[str, Any]:
    """The ``$defs`` of ``kennispunt schema``: one definition per kind of file."""
    kennispunt = Path(sys.executable).parent / "kennispunt"
    result = subprocess.run(
        [str(kennispunt), "schema"], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    defs: dict[str, Any] = json.loads(result.stdout)["$defs"]
    return defs


def _form(path: Path) -> dict[str, Any]:
    form: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return form


def _fields(path: Path) -> list[dict[str, Any]]:
    return [item for item in _form(path)["body"] if item["type"] != "markdown"]


def _options(path: Path, field_id: str) -> list[str]:
    (field,) = [item for item in _fields(path) if item["id"] == field_id]
    options: list[str] = field["attributes"]["options"]
    return options


@pytest.mark.parametrize("path", [NEW_SOURCE, REPORT_ERROR], ids=lambda p: p.name)
def test_is_a_well_formed_issue_form(path: Path) -> None:
    form = _form(path)
    assert form["name"] and form["description"]
    assert all(item["type"] in FIELD_TYPES | {"markdown"} for item in form["body"])
    fields = _fields(path)
    ids = [item["id"] for item in fields]
    labels = [item["attributes"]["label"] for item in fields]
    assert all(ID_PATTERN.match(field_id) for field_id in ids), ids
    assert len(set(ids)) == len(ids), ids
    assert len(set(labels)) == len(labels), labels
    for item in fields:
        if item["type"] == "dropdown":
            options = item["attributes"]["options"]
            assert options and len(set(options)) == len(options), item["id"]
            assert all(isinstance(option, str) for option in options), item["id"]


def test_the_chooser_config_is_valid() -> None:
    config = yaml.safe_load((FORMS / "config.yml").read_text(encoding="utf-8"))
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config.get("contact_links", []):
        assert link["url"].startswith("https://") and link["name"] and link["about"]


def test_every_proposal_field_is_a_front_matter_key_of_every_type(
    definitions: dict[str, Any],
) -> None:
    soorten = _options(NEW_SOURCE, "soort")
    keys = [item["id"] for item in _fields(NEW_SOURCE) if item["id"] not in NOT_KEYS]
    assert keys, "het formulier heeft geen velden"
    for soort in soorten:
        properties = definitions[soort]["properties"]
        unknown = [key for key in keys if key not in properties]
        assert not unknown, f"{soort}: geen sleutel in het schema: {unknown}"


def test_the_proposal_requires_what_the_schema_requires_of_every_type(
    definitions: dict[str, Any],
) -> None:
    required_everywhere = set.intersection(
        *(set(definitions[soort]["required"]) for soort in _options(NEW_SOURCE, "soort"))
    )
    form_required = {
        item["id"] for item in _fields(NEW_SOURCE) if item.get("validations", {}).get("required", False)
    }
    assert required_everywhere <= form_required


def test_the_types_offered_are_exactly_the_type_folders(definitions: dict[str, Any]) -> None:
    soorten = set(definitions) - NOT_RESOURCES
    assert len(soorten) == 9
    assert set(_options(NEW_SOURCE, "soort")) == soorten


def test_the_groups_offered_are_the_groups_in_the_repository() -> None:
    groups = {path.stem for path in (ROOT / "groups").glob("*.md")}
    if not groups:
        pytest.skip("groups/ bevat nog geen doelgroepen")
    assert set(_options(NEW_SOURCE, "doelgroepen")) == groups | {"alle"}
