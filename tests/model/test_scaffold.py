"""`kennispunt nieuw`: a scaffold for every soort that passes `kennispunt check` as written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.load.frontmatter import decode_source, split_source
from generator.load.repository import check_repository
from generator.model.models import SOORTEN
from generator.model.scaffold import ScaffoldError, build_scaffold
from tests.conftest import FIXTURE_DATE

TODAY = date.fromisoformat(FIXTURE_DATE)


def nieuw(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["nieuw", *args, "--map", str(root), "--datum", FIXTURE_DATE],
                              catch_exceptions=False)


@pytest.mark.parametrize("soort", list(SOORTEN))
def test_scaffold_of_every_soort_passes_check(repo: Path, soort: str) -> None:
    result = nieuw(repo, soort, f"Een nieuwe bron over {soort}")
    assert result.exit_code == 0, result.output
    path = repo / "content" / soort / f"een-nieuwe-bron-over-{soort}.md"
    assert result.output.startswith(f"Nieuw bestand: content/{soort}/een-nieuwe-bron-over-{soort}.md")
    report = check_repository(repo, TODAY).report
    assert report.errors == ()
    # the only remarks are reminders to replace the example texts (summary, body, ...)
    assert {(d.path, d.code) for d in report.warnings} == {
        (path.relative_to(repo).as_posix(), "sjabloontekst")}
    assert any(d.message == "veld 'samenvatting': dit is nog de voorbeeldtekst"
               for d in report.warnings)
    assert any(d.message == "in de tekst staat nog een voorbeeldzin van 'kennispunt nieuw'"
               for d in report.warnings)
    check = CliRunner().invoke(cli, ["check", "--map", str(repo), "--datum", FIXTURE_DATE],
                               env={"GITHUB_ACTIONS": None})
    assert check.exit_code == 0


@pytest.mark.parametrize("soort", list(SOORTEN))
def test_scaffold_has_every_key_with_a_dutch_comment(repo: Path, soort: str) -> None:
    scaffold = build_scaffold(repo, soort, "Titel van de test", TODAY, ["alle"], ["bzk"])
    front = scaffold.text.split("---\n")[1]
    keys = [line.split(":", 1)[0] for line in front.splitlines()]
    assert keys == list(SOORTEN[soort].model.model_fields)
    assert all("  # verplicht: " in line or "  # optioneel: " in line for line in front.splitlines())


def test_the_new_file_once_filled_in_passes_strict(repo: Path) -> None:
    nieuw(repo, "handreikingen", "Woningdelen voor jongeren")
    path = repo / "content/handreikingen/woningdelen-voor-jongeren.md"
    text = path.read_text("utf-8").replace(
        "Vat hier in een of twee zinnen samen waar deze bron over gaat.",
        "Hoe gemeenten woningdelen door jongeren mogelijk maken.")
    text = text.replace("Schrijf hier in gewone taal waar de bron over gaat.", "Over woningdelen.")
    path.write_text(text.replace("Schrijf hier wat een beleidsadviseur ermee kan doen.",
                                 "Wat u ermee kunt."), "utf-8")
    assert check_repository(repo, TODAY).report.diagnostics == ()


def test_options_fill_groups_and_organisations(repo: Path) -> None:
    result = nieuw(repo, "beleid", "Beleid voor ouderen", "--doelgroep", "ouderen",
                   "--doelgroep", "statushouders", "--organisatie", "vng", "--organisatie", "bzk")
    assert result.exit_code == 0
    text = (repo / "content/beleid/beleid-voor-ouderen.md").read_text("utf-8")
    assert "doelgroepen: [ouderen, statushouders]" in text
    assert "organisatie: [vng, bzk]" in text


def test_default_organisation_is_the_first_of_the_registry(repo: Path) -> None:
    nieuw(repo, "onderzoek", "Onderzoek zonder organisatie")
    text = (repo / "content/onderzoek/onderzoek-zonder-organisatie.md").read_text("utf-8")
    assert "organisatie: [bzk]" in text


def test_refuses_to_overwrite(repo: Path) -> None:
    first = nieuw(repo, "handreikingen", "Dubbel werk")
    path = repo / "content/handreikingen/dubbel-werk.md"
    path.write_text("eigen tekst", "utf-8")
    again = nieuw(repo, "handreikingen", "Dubbel werk")
    assert first.exit_code == 0 and again.exit_code == 2
    assert "bestaat al" in again.output
    assert path.read_text("utf-8") == "eigen tekst"


def test_refuses_an_id_that_another_soort_has(repo: Path) -> None:
    result = nieuw(repo, "onderzoek", "Programma: Een thuis!")
    assert result.exit_code == 2
    assert "content/beleid/programma-een-thuis.md" in result.output


@pytest.mark.parametrize("title, expected_id", [
    ("Eén thuis, voor iedereen! (2026)", "een-thuis-voor-iedereen-2026"),
    ("Wonen & zorg: 'ouderen' — Fryslân", "wonen-zorg-ouderen-fryslan"),
    ("  Huisvesting   statushouders  ", "huisvesting-statushouders"),
])
def test_id_from_title_with_accents_and_punctuation(repo: Path, title: str, expected_id: str) -> None:
    result = nieuw(repo, "handreikingen", title)
    assert result.exit_code == 0, result.output
    path = repo / "content/handreikingen" / f"{expected_id}.md"
    text, _ = decode_source("x", path.read_bytes())
    assert text is not None
    split, problems = split_source("x", text)
    assert problems == [] and split is not None
    assert split.front.data["titel"] == title  # type: ignore[index,call-overload]


def test_title_with_quotes_and_backslashes_round_trips(repo: Path) -> None:
    title = 'De "Wet" \\ een: test #1'
    scaffold = build_scaffold(repo, "beleid", title, TODAY, ["alle"], ["bzk"])
    split, problems = split_source("x", scaffold.text)
    assert problems == [] and split is not None
    assert split.front.data["titel"] == title  # type: ignore[index,call-overload]


@pytest.mark.parametrize("soort, title, words", [
    ("nieuws", "Een titel", "geen soort"),
    ("beleid", "Zoeken", "gereserveerd"),
    ("beleid", "Agenda", "gereserveerd"),
])
def test_refusals(repo: Path, soort: str, title: str, words: str) -> None:
    with pytest.raises(ScaffoldError, match=words):
        build_scaffold(repo, soort, title, TODAY, ["alle"], ["bzk"])
    result = nieuw(repo, soort, title)
    assert result.exit_code == 2 and words in result.output


def test_agenda_scaffold_is_an_upcoming_event(repo: Path) -> None:
    scaffold = build_scaffold(repo, "agenda", "Bijeenkomst", TODAY, ["alle"], ["bzk"])
    assert "start: 2026-07-01T10:00" in scaffold.text
    assert "online: false" in scaffold.text


def test_stappenplan_scaffold_has_two_steps(repo: Path) -> None:
    scaffold = build_scaffold(repo, "stappenplannen", "Plan", TODAY, ["alle"], ["bzk"])
    assert scaffold.text.count("\n## ") == 2
