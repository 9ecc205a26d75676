"""The contributors' field reference is generated from the models and committed current."""

from __future__ import annotations

from click.testing import CliRunner

from generator.cli import cli
from generator.model.models import PROVINCIES, SOORTEN, ResourceMeta
from generator.model.reference import REFERENCE_PATH, render_reference
from tests.conftest import ROOT


def test_committed_reference_is_current() -> None:
    committed = (ROOT / REFERENCE_PATH).read_text("utf-8")
    assert committed == render_reference(), "draai: .venv/bin/kennispunt referentie"


def test_reference_command_check_mode() -> None:
    result = CliRunner().invoke(cli, ["referentie", "--controleer", "--map", str(ROOT)])
    assert result.exit_code == 0
    assert "actueel" in result.output


def test_reference_command_writes_and_detects_drift(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "content" / "paginas").mkdir(parents=True)
    (tmp_path / "groups").mkdir()
    runner = CliRunner()
    stale = runner.invoke(cli, ["referentie", "--controleer", "--map", str(tmp_path)])
    assert stale.exit_code == 1 and "niet actueel" in stale.output
    assert runner.invoke(cli, ["referentie", "--map", str(tmp_path)]).exit_code == 0
    assert (tmp_path / REFERENCE_PATH).read_text("utf-8") == render_reference()
    assert runner.invoke(cli, ["referentie", "--controleer", "--map", str(tmp_path)]).exit_code == 0


def test_reference_names_every_soort_field_and_province() -> None:
    text = render_reference()
    for soort in SOORTEN.values():
        assert f"## {soort.label}" in text and f"`content/{soort.folder}/`" in text
        for name in soort.model.model_fields:
            assert f"`{name}`" in text
    for name, info in ResourceMeta.model_fields.items():
        assert f"| `{name}` | {'ja' if info.is_required() else 'nee'} |" in text
    assert all(p in text for p in PROVINCIES)
    assert text.startswith("---\ntitel: Veldenreferentie\n")
