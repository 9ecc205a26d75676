"""The editing screen's configuration follows the model declaration (generator/model/cmsconfig.py);
its page (generator/render/editor.py) passes the post-build gate there and nowhere else."""

from __future__ import annotations

from typing import Any

import yaml

from generator.model.cmsconfig import (
    ID_TARGETS,
    Backend,
    Choices,
    build_cms_config,
    render_cms_config,
)
from generator.model.models import SOORTEN, GroupMeta
from generator.publish.gate import check_page
from generator.render.editor import backend_from, content_security_policy, editor_page
from generator.render.paths import EDITOR
from tests.conftest import ROOT

CHOICES = Choices(groups=(("ouderen", "Ouderen"),), organisations=(("bzk", "BZK"),),
                  resources=(("wmo-2015", "Wmo 2015 (wet of regeling)"),))


def _config() -> dict[str, Any]:
    return build_cms_config(CHOICES, Backend("org/repo"), "https://voorbeeld.nl/site/")


def _fields(name: str) -> dict[str, dict[str, Any]]:
    collection = next(c for c in _config()["collections"] if c["name"] == name)
    return {f["name"]: f for f in collection["fields"]}


def test_one_folder_collection_per_soort_and_one_for_groups() -> None:
    collections = {c["name"]: c["folder"] for c in _config()["collections"]}
    assert collections == {**{s: f"content/{s}" for s in SOORTEN}, "doelgroepen": "groups"}


def test_fields_required_and_hints_exactly_as_in_the_model() -> None:
    for folder, soort in SOORTEN.items():
        fields = _fields(folder)
        assert list(fields) == [*soort.model.model_fields, "body"]
        for name, info in soort.model.model_fields.items():
            assert fields[name]["required"] is info.is_required(), (folder, name)
            assert fields[name]["hint"].startswith(info.description or ""), (folder, name)
    assert list(_fields("doelgroepen")) == [*GroupMeta.model_fields, "body"]


def test_every_id_field_of_every_model_has_a_target() -> None:
    models = [s.model for s in SOORTEN.values()] + [GroupMeta]
    id_fields = {name for model in models for name, info in model.model_fields.items()
                 if "check_id" in repr(info.annotation) + repr(info.metadata)}
    assert id_fields == set(ID_TARGETS)


def test_widgets_mirror_the_field_types() -> None:
    wet, agenda, praktijk = _fields("wet-en-regelgeving"), _fields("agenda"), _fields("praktijkvoorbeelden")
    assert wet["doelgroepen"]["options"][0] == {"label": "Alle doelgroepen", "value": "alle"}
    assert wet["doelgroepen"]["multiple"] and wet["doelgroepen"]["min"] == 1
    assert wet["organisatie"]["options"] == [{"label": "BZK", "value": "bzk"}]
    assert wet["gerelateerd"]["options"] == [{"label": "Wmo 2015 (wet of regeling)", "value": "wmo-2015"}]
    assert wet["datum"]["widget"] == "datetime" and wet["datum"]["format"] == "YYYY-MM-DD"
    assert wet["datum"]["time_format"] is False
    assert wet["bwb_id"]["pattern"][0] == r"^BWB[RV]\d{7}$"
    assert wet["bron"]["pattern"][1].startswith("Een webadres")
    assert agenda["start"]["format"] == "YYYY-MM-DDTHH:mm"
    assert [o["value"] for o in agenda["vorm"]["options"]] == ["bijeenkomst", "webinar", "congres", "cursus"]
    assert agenda["online"] == {**agenda["online"], "widget": "boolean", "default": False}
    assert len(praktijk["provincie"]["options"]) == 12
    assert _fields("financiele-regelingen")["loket"]["multiple"] is False
    verwant = _fields("doelgroepen")["verwant"]
    assert {k: verwant[k] for k in ("widget", "collection", "value_field", "multiple")} == {
        "widget": "relation", "collection": "doelgroepen", "value_field": "{{slug}}", "multiple": True}
    assert verwant["search_fields"] == verwant["display_fields"] == ["naam"]


def test_voor_gemeenten_is_an_optional_text_field_of_laws_with_a_dutch_label() -> None:
    field = _fields("wet-en-regelgeving")["voor_gemeenten"]
    assert field["label"] == "Voor gemeenten" and field["required"] is False
    assert field["widget"] == _fields("wet-en-regelgeving")["kamerstuk"]["widget"]
    assert all("voor_gemeenten" not in _fields(s) for s in SOORTEN if s != "wet-en-regelgeving")


def test_the_body_opens_as_markdown_only() -> None:
    for collection in _config()["collections"]:
        body = collection["fields"][-1]
        assert body["name"] == "body" and body["widget"] == "markdown" and body["modes"] == ["raw"]


def test_editorial_workflow_open_authoring_dutch_and_images_beside_the_file() -> None:
    config = _config()
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["open_authoring"] is True
    assert config["locale"] == "nl"
    for collection in config["collections"]:
        assert collection["media_folder"] == "" and collection["public_folder"] == ""
        assert collection["format"] == "kennispunt"
        assert "truncate(79, '-')" in collection["slug"]


def test_rendered_yaml_has_no_aliases_and_reads_back() -> None:
    text = render_cms_config(_config())
    assert "&id" not in text and "*id" not in text
    assert yaml.safe_load(text) == _config()


def test_production_backend_comes_from_mkdocs_yml() -> None:
    backend = backend_from(ROOT)
    assert backend.repo == "een-thuis-voor-iedereen/kennisplatform"
    policy = content_security_policy(Backend("o/r", base_url="https://relay.voorbeeld.nl/auth"))
    assert "connect-src 'self' blob: http://127.0.0.1:* http://localhost:* https://api.github.com" in policy
    assert "https://relay.voorbeeld.nl" in policy
    page = editor_page(backend)
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "http" not in page.split("<body", 1)[1]


SITE = "https://voorbeeld.nl/kennisplatform/"


def test_gate_allows_the_editing_scripts_on_the_editing_page_only() -> None:
    page = editor_page(Backend("o/r"))
    assert check_page(page, f"{EDITOR}/index.html", SITE) == []
    elsewhere = check_page(page, "bijdragen/index.html", SITE)
    assert [f.code for f in elsewhere] == ["script-niet-toegestaan"] * 3


def test_gate_refuses_any_other_script_on_the_editing_page() -> None:
    page = editor_page(Backend("o/r"))
    for script in ('<script src="decap/other.js"></script>',
                   '<script src="../kennispunt-bewerken.js"></script>',
                   '<script src="https://cdn.example/decap-cms.js"></script>',
                   '<script src="decap/decap-cms.js" onload="x()"></script>',
                   "<script>alert(1)</script>"):
        found = check_page(page.replace("</body>", script + "</body>"), f"{EDITOR}/index.html", SITE)
        assert found, script


def test_the_editing_page_points_to_the_help_page_only_when_there_is_one() -> None:
    backend = Backend(repo="org/repo")
    assert '<a href="../">Bijdragen</a>' in editor_page(backend, help_page=True)
    without = editor_page(backend, help_page=False)
    assert 'href="../"' not in without and '<a href="../../">startpagina</a>' in without
