"""Validation of one document and the whole repository: typed models, Dutch messages, places."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from generator.diagnostics import did_you_mean, shown
from generator.load.frontmatter import parse_yaml
from generator.load.repository import check_repository
from generator.load.rules import EVENT_FUTURE_LIMIT, FUTURE_LIMIT, STALE_AFTER
from generator.load.validate import validate_front
from generator.model.models import (
    AgendaMeta,
    GroupMeta,
    HandreikingMeta,
    PraktijkMeta,
    RegelingMeta,
    WetMeta,
    event_end,
    event_start,
)
from tests.conftest import FIXTURE_DATE, FIXTURE_SITE

TODAY = date.fromisoformat(FIXTURE_DATE)
BASE = (
    "titel: Een geldige titel\n"
    "samenvatting: Een samenvatting van ruim twintig tekens.\n"
    "doelgroepen: [statushouders]\n"
    "organisatie: bzk\n"
    "datum: 2025-01-01\n"
)


def validate(text: str, model=HandreikingMeta):  # type: ignore[no-untyped-def]
    parsed, problems = parse_yaml("x.md", text)
    assert parsed is not None and problems == []
    return validate_front("x.md", parsed, model)


def found(text: str, model=HandreikingMeta) -> list[tuple[str, int, int, str]]:  # type: ignore[no-untyped-def]
    return [(d.code, d.line, d.column, d.message) for d in validate(text, model)[1]]


# --- the valid fixture site -------------------------------------------------------------------

@pytest.fixture(scope="module")
def site():  # type: ignore[no-untyped-def]
    return check_repository(FIXTURE_SITE, TODAY)


def test_fixture_site_is_clean(site) -> None:  # type: ignore[no-untyped-def]
    assert site.report.diagnostics == ()
    content = site.content
    assert len({r.soort for r in content.resources}) == 9
    assert [g.id for g in content.groups] == ["dak-en-thuisloosheid", "ouderen", "statushouders"]
    assert [o.id for o in content.organisations] == sorted(o.id for o in content.organisations)
    assert {p.id for p in content.pages} == {"over", "bijdragen"}


def test_tricky_scalars_round_trip_as_text(site) -> None:  # type: ignore[no-untyped-def]
    by_id = {r.id: r for r in site.content.resources}
    wet = by_id["huisvestingswet-wijziging"].meta
    assert isinstance(wet, WetMeta)
    assert wet.kamerstuk == "1.10"
    assert wet.trefwoorden == ["NO", "0755", "1.10", "yes", "2024-01-01", "~"]
    assert wet.in_werking is None and wet.bwb_id is None
    regie = by_id["wet-versterking-regie"].meta
    assert isinstance(regie, WetMeta)
    assert regie.trefwoorden[-1] == "1:20" and regie.kamerstuk == "36 512"
    ouderen = next(g for g in site.content.groups if g.id == "ouderen")
    assert ouderen.meta.volgorde == 3  # '03' is decimal three, not octal
    assert ouderen.meta.verwant == []


def test_typed_values_in_the_fixture(site) -> None:  # type: ignore[no-untyped-def]
    by_id = {r.id: r for r in site.content.resources}
    regeling = by_id["regeling-huisvesting-gesloten"].meta
    assert isinstance(regeling, RegelingMeta)
    assert regeling.aanvragen_tot == date(2026, 3, 1) and regeling.loket == "rvo"
    webinar = by_id["webinar-taakstelling"].meta
    assert isinstance(webinar, AgendaMeta)
    assert webinar.online is True and webinar.start == datetime(2026, 2, 10, 10, 0)
    regiodag = by_id["regiodag-dakloosheid"].meta
    assert isinstance(regiodag, AgendaMeta)
    assert event_start(regiodag) == datetime(2026, 6, 20, 0, 0)
    assert event_end(regiodag) == datetime(2026, 6, 20, 23, 59)
    praktijk = by_id["housing-first-voorbeeldstad"].meta
    assert isinstance(praktijk, PraktijkMeta) and praktijk.provincie == "Fryslân"
    assert by_id["actieplan-dakloosheid-2018"].meta.status == "vervallen"
    assert by_id["woonwensen-peilen"].meta.doelgroepen == ["alle"]
    assert by_id["woonwensen-peilen"].meta.organisatie == ["gemeente-voorbeeldstad"]
    assert by_id["wet-versterking-regie"].body_line == 15


# --- one document -----------------------------------------------------------------------------

def test_valid_document() -> None:
    model, problems = validate(BASE)
    assert problems == [] and isinstance(model, HandreikingMeta)
    assert model.status == "actueel" and model.trefwoorden == [] and model.bron is None


def test_every_problem_in_one_run_at_its_line() -> None:
    text = BASE.replace("Een geldige titel", "Kort").replace("2025-01-01", "2025-02-30") \
        + "status: oud\nbron: ftp://x.nl\ntrefwoord: [a]\n"
    assert [(c, line) for c, line, _, _ in found(text)] == [
        ("te-kort", 1), ("ongeldige-datum", 5), ("ongeldige-url", 7), ("ongeldige-waarde", 6),
        ("onbekend-veld", 8)]


def test_messages_are_dutch_and_name_the_field() -> None:
    long = "x" * 301
    [(code, line, column, message)] = found(BASE.replace("Een samenvatting van ruim twintig tekens.", long))
    assert (code, line, column) == ("te-lang", 2, 15)
    assert message == "veld 'samenvatting': de tekst is 301 tekens; hoogstens 300"


@pytest.mark.parametrize("extra, code, field", [
    ("titel:\n", "leeg-veld", "titel"),
    ("titel: ''\n", "te-kort", "titel"),
    ("titel: [a, b]\n", "verkeerd-type", "titel"),
    ("titel: {a: b}\n", "verkeerd-type", "titel"),
    ("doelgroepen:\n", "te-kort", "doelgroepen"),
    ("doelgroepen: [a, ~]\n", "leeg-veld", "doelgroepen[2]"),
    ("doelgroepen: [[a]]\n", "verkeerd-type", "doelgroepen[1]"),
    ("trefwoorden: ['']\n", "te-kort", "trefwoorden[1]"),
    ("gecontroleerd: [2025-01-01]\n", "verkeerd-type", "gecontroleerd"),
    ("status: Vervallen\n", "ongeldige-waarde", "status"),
])
def test_empty_and_wrong_shapes(extra: str, code: str, field: str) -> None:
    key = extra.split(":")[0]
    lines = [line for line in BASE.splitlines(keepends=True) if not line.startswith(key + ":")]
    problems = found("".join(lines) + extra)
    assert [(c, m.split(":")[0]) for c, _, _, m in problems] == [(code, f"veld '{field}'")]


def test_missing_required_field_names_it_with_its_explanation() -> None:
    model, problems = validate(BASE.replace("datum: 2025-01-01\n", ""))
    assert model is None
    [problem] = problems
    assert (problem.code, problem.line, problem.column) == ("verplicht-veld", 1, 1)
    assert problem.message == "verplicht veld 'datum' ontbreekt"
    assert "JJJJ-MM-DD" in problem.hint


def test_unknown_key_points_at_the_key_with_did_you_mean() -> None:
    [problem] = validate(BASE + "samenvating: x\n")[1]
    assert (problem.code, problem.line, problem.column) == ("onbekend-veld", 6, 1)
    assert problem.hint == "bedoelde u 'samenvatting'?"
    [problem] = validate(BASE + "zzz: x\n")[1]
    assert problem.hint.startswith("toegestane velden: titel, samenvatting")


def test_front_matter_that_is_not_a_mapping() -> None:
    [problem] = validate("- a\n- b\n")[1]
    assert problem.code == "geen-velden"
    [problem] = validate("alleen tekst\n")[1]
    assert problem.code == "geen-velden"


def test_agenda_fields() -> None:
    agenda = BASE + "vorm: webinar\nstart: 2026-07-01T10:00\neinde: 2026-07-01\nonline: ja\n"
    model, problems = validate(agenda, AgendaMeta)
    assert problems == [] and isinstance(model, AgendaMeta)
    assert model.online is True and model.einde == date(2026, 7, 1)
    assert [c for c, *_ in found(agenda.replace("start: 2026-07-01T10:00", "start:"), AgendaMeta)] == [
        "leeg-veld"]


@pytest.mark.parametrize("typed, canonical", [
    ("Friesland", "Fryslân"), ("fryslan", "Fryslân"), ("FRYSLÂN", "Fryslân"),
    ("Noord Holland", "Noord-Holland"), ("noord-holland", "Noord-Holland"),
    ("Zuid holland", "Zuid-Holland"), ("NoordBrabant", "Noord-Brabant"), ("utrecht", "Utrecht"),
])
def test_praktijk_province_spellings_are_normalised(typed: str, canonical: str) -> None:
    model, problems = validate(BASE + f"gemeente: Leeuwarden\nprovincie: {typed}\n", PraktijkMeta)
    assert problems == [] and isinstance(model, PraktijkMeta) and model.provincie == canonical


def test_praktijk_province_hint() -> None:
    text = BASE + "gemeente: Arnhem\nprovincie: Gelderlant\n"
    [problem] = validate(text, PraktijkMeta)[1]
    assert problem.message == "veld 'provincie': 'Gelderlant' is geen toegestane waarde"
    assert problem.hint == "bedoelde u 'Gelderland'?"


def test_group_fields() -> None:
    text = "naam: Groep\nsamenvatting: Een samenvatting van de groep hier.\nvolgorde: 10000\n"
    assert [c for c, *_ in found(text, GroupMeta)] == ["ongeldige-waarde"]


@pytest.mark.parametrize("value, candidates, expected", [
    ("statushouder", ["statushouders", "ouderen"], "bedoelde u 'statushouders'?"),
    ("Friesland", ["Flevoland", "Fryslân", "Zeeland"], "bedoelde u 'Fryslân'?"),
    ("TITEL", ["titel"], "bedoelde u 'titel'?"),
    ("iets-heel-anders", ["statushouders"], ""),
    ("x", [], ""),
])
def test_did_you_mean(value: str, candidates: list[str], expected: str) -> None:
    assert did_you_mean(value, candidates) == expected


def test_shown_shortens_long_values() -> None:
    assert shown("kort") == "kort"
    assert len(shown("x" * 500)) == 60 and shown("x" * 500).endswith("…")


# --- rules with a boundary --------------------------------------------------------------------

def _repo(tmp_path: Path, front: str) -> Path:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(FIXTURE_SITE / "content", root / "content")
    shutil.copytree(FIXTURE_SITE / "groups", root / "groups")
    (root / "content/handreikingen/grens.md").write_text(f"---\n{front}---\n\nTekst.\n", "utf-8")
    return root


def _codes(tmp_path: Path, front: str) -> list[str]:
    report = check_repository(_repo(tmp_path, front), TODAY).report
    return [d.code for d in report.diagnostics if d.path.endswith("grens.md")]


def _base(**changes: str) -> str:
    fields = {"titel": "Een grensgeval", "samenvatting": "Een samenvatting van ruim twintig tekens.",
              "doelgroepen": "[ouderen]", "organisatie": "bzk", "datum": "2025-01-01",
              "gecontroleerd": FIXTURE_DATE, **changes}
    return "".join(f"{k}: {v}\n" for k, v in fields.items())


def test_review_date_boundary(tmp_path: Path) -> None:
    at = (TODAY - STALE_AFTER).isoformat()
    over = (TODAY - STALE_AFTER - timedelta(days=1)).isoformat()
    assert _codes(tmp_path / "a", _base(gecontroleerd=at)) == []
    assert _codes(tmp_path / "b", _base(gecontroleerd=over)) == ["verouderd"]
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert _codes(tmp_path / "c", _base(gecontroleerd=tomorrow)) == ["datum-onwaarschijnlijk"]


def test_publication_date_boundary(tmp_path: Path) -> None:
    at = (TODAY + FUTURE_LIMIT).isoformat()
    over = (TODAY + FUTURE_LIMIT + timedelta(days=1)).isoformat()
    assert _codes(tmp_path / "a", _base(datum=at)) == []
    assert _codes(tmp_path / "b", _base(datum=over)) == ["datum-onwaarschijnlijk"]


def test_event_rules(tmp_path: Path) -> None:
    event = _base(vorm="cursus", locatie="Utrecht")
    same = event + "start: 2026-07-01T10:00\neinde: 2026-07-01T10:00\n"
    root = _repo(tmp_path / "a", "")
    target = root / "content/agenda/grens.md"
    (root / "content/handreikingen/grens.md").unlink()
    target.write_text(f"---\n{same}---\n", "utf-8")
    assert check_repository(root, TODAY).report.diagnostics == ()
    far = (TODAY + EVENT_FUTURE_LIMIT + timedelta(days=1)).isoformat()
    target.write_text(f"---\n{event}start: {far}\neinde: {far}\n---\n", "utf-8")
    assert [d.code for d in check_repository(root, TODAY).report.diagnostics] == ["datum-onwaarschijnlijk"]
    online = _base(vorm="webinar", online="true")
    target.write_text(f"---\n{online}start: 2026-07-01\neinde: 2026-07-01\n---\n", "utf-8")
    assert check_repository(root, TODAY).report.diagnostics == ()


def test_titles_compare_without_case_and_spacing(tmp_path: Path) -> None:
    root = _repo(tmp_path, _base(titel="'  MONITOR   ouderenhuisvesting 2025 '"))
    [problem] = check_repository(root, TODAY).report.diagnostics
    # reported on the later file, naming the earlier one
    assert problem.path == "content/onderzoek/monitor-ouderenhuisvesting.md"
    assert problem.code == "dubbele-titel"
    assert "content/handreikingen/grens.md" in problem.message


def test_problems_in_one_file_do_not_hide_problems_in_another(tmp_path: Path) -> None:
    root = _repo(tmp_path, _base(titel="Kort"))
    (root / "content/beleid/programma-een-thuis.md").write_text("geen front matter", "utf-8")
    codes = sorted(d.code for d in check_repository(root, TODAY).report.diagnostics)
    # the broken file still counts as an id, so references to it are no extra noise
    assert codes == ["frontmatter-ontbreekt", "te-kort"]
