"""`kennispunt check` as contributors and CI use it: output, formats and exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import generator.cli
from generator.cli import EXIT_BUG, ISSUES_URL, cli
from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, ROOT, run_kennispunt

BROKEN = ROOT / "tests" / "fixtures" / "broken"


def kennispunt(*args: str, github: bool = False) -> Result:
    env = {"GITHUB_ACTIONS": "true" if github else None, "SOURCE_DATE_EPOCH": None}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def check(root: Path, *args: str, github: bool = False) -> Result:
    return kennispunt("check", "--map", str(root), "--datum", FIXTURE_DATE, *args, github=github)


def test_clean_site_exits_0() -> None:
    result = check(FIXTURE_SITE, "--strict")
    assert result.exit_code == 0
    assert result.output == "Geen problemen gevonden.\n"


def test_problems_exit_1() -> None:
    result = check(BROKEN)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].endswith("waarschuwingen.")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [
    ["check", "--datum", "morgen"],
    ["check", "--datum", "2026-02-30"],
    ["check", "--format", "xml"],
    ["check", "--onbekend"],
    ["onbekend-commando"],
    ["check", "--map", "/bestaat/niet"],
])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = kennispunt(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_path_outside_the_repository_is_a_usage_error(tmp_path: Path) -> None:
    result = check(FIXTURE_SITE, str(tmp_path))
    assert result.exit_code == 2
    assert "ligt niet in de repository" in result.output


def test_source_date_epoch_sets_today(repo: Path) -> None:
    target = repo / "content/onderzoek/monitor-ouderenhuisvesting.md"
    text = target.read_text("utf-8")
    target.write_text(text.replace("gecontroleerd: 2026-01-01", "gecontroleerd: 2025-01-01"), "utf-8")
    runner = CliRunner()
    # 2026-06-01: the review date is 17 months old; 2025-06-01 (epoch 1748736000) it is 5 months old
    late = runner.invoke(cli, ["check", "--map", str(repo), "--strict"],
                         env={"SOURCE_DATE_EPOCH": "1780272000", "GITHUB_ACTIONS": None})
    early = runner.invoke(cli, ["check", "--map", str(repo), "--strict"],
                          env={"SOURCE_DATE_EPOCH": "1748736000", "GITHUB_ACTIONS": None})
    assert late.exit_code == 1 and "verouderd" in late.output
    assert "verouderd" not in early.output
    bad = runner.invoke(cli, ["check", "--map", str(repo)], env={"SOURCE_DATE_EPOCH": "gisteren"})
    assert bad.exit_code == 2


def test_strict_turns_warnings_into_failure(repo: Path) -> None:
    target = repo / "content/onderzoek/monitor-ouderenhuisvesting.md"
    target.write_text(target.read_text("utf-8").replace("gecontroleerd: 2026-01-01\n", ""))
    relaxed = check(repo)
    assert relaxed.exit_code == 0
    assert "waarschuwing niet-gecontroleerd" in relaxed.output
    assert relaxed.output.splitlines()[-1] == "0 fouten, 1 waarschuwing."
    assert check(repo, "--strict").exit_code == 1


def test_json_format_parses() -> None:
    result = check(BROKEN, "--format", "json")
    assert result.exit_code == 1
    rows = json.loads(result.output)
    expected = (BROKEN / "expected.txt").read_text("utf-8").splitlines()[:-1]
    assert len(rows) == len(expected)
    assert {"path", "line", "column", "severity", "code", "message", "hint"} == set(rows[0])
    first = rows[0]
    assert expected[0].startswith(f"{first['path']}:{first['line']}:{first['column']}: {first['severity']} "
                                  f"{first['code']}: ")


def test_json_of_a_clean_site_is_an_empty_list() -> None:
    result = check(FIXTURE_SITE, "--format", "json")
    assert (result.exit_code, json.loads(result.output)) == (0, [])


def test_github_actions_adds_annotations() -> None:
    plain = check(BROKEN).output.splitlines()
    annotated = check(BROKEN, github=True).output.splitlines()
    assert annotated[: len(plain)] == plain
    annotations = annotated[len(plain):]
    assert len(annotations) == len(plain) - 1
    assert all(line.startswith(("::error file=", "::warning file=")) for line in annotations)
    assert any(",line=4,col=30,title=onbekende-doelgroep::" in line for line in annotations)
    assert check(BROKEN, "--format", "github").output.splitlines() == annotated


def test_github_annotations_of_a_clean_site_are_nothing() -> None:
    assert check(FIXTURE_SITE, github=True).output == "Geen problemen gevonden.\n"


def test_paths_filter_what_is_shown(repo: Path) -> None:
    one = "content/handreikingen/te-kort.md"
    result = check(BROKEN, str(BROKEN / one))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:-1] and all(line.startswith(one + ":") for line in lines[:-1])
    assert lines[-1] == "1 fout, 0 waarschuwingen."
    folder = check(BROKEN, str(BROKEN / "groups"))
    assert {line.split(":")[0] for line in folder.output.splitlines()[:-1]} == {
        "groups/alle.md", "groups/onbekende-doelgroep-verwant.md", "groups/ongeldige-waarde-volgorde.md",
        "groups/verkeerde-plek-groep.txt"}


def test_a_clean_file_in_a_broken_repository_passes() -> None:
    result = check(BROKEN, str(BROKEN / "content/handreikingen/basis-bron.md"))
    assert (result.exit_code, result.output) == (0, "Geen problemen gevonden.\n")


def test_check_runs_from_a_subfolder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURE_SITE / "content" / "beleid")
    result = kennispunt("check", "--datum", FIXTURE_DATE, "programma-een-thuis.md")
    assert (result.exit_code, result.output) == (0, "Geen problemen gevonden.\n")


def test_missing_registry(repo: Path) -> None:
    (repo / "content/organisaties.yml").unlink()
    result = check(repo)
    assert result.exit_code == 1
    assert "content/organisaties.yml:1:1: fout register-ontbreekt:" in result.output
    assert "onbekende-organisatie" in result.output


def test_registry_that_is_not_a_list(repo: Path) -> None:
    (repo / "content/organisaties.yml").write_text("bzk: Binnenlandse Zaken\n", "utf-8")
    result = check(repo, str(repo / "content/organisaties.yml"))
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("content/organisaties.yml:1:1: fout geen-lijst:")


def test_registry_with_broken_yaml(repo: Path) -> None:
    (repo / "content/organisaties.yml").write_text("- id: bzk\n  naam: [BZK\n", "utf-8")
    result = check(repo, str(repo / "content/organisaties.yml"))
    assert "fout yaml-fout" in result.output and result.exit_code == 1


def test_registry_with_two_documents(repo: Path) -> None:
    registry = repo / "content/organisaties.yml"
    registry.write_text(registry.read_text("utf-8") + "---\n- id: x\n", "utf-8")
    result = check(repo, str(registry))
    assert "fout yaml-fout" in result.output and "meer dan één" in result.output


def test_internal_error_says_it_is_a_bug(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("kapot van binnen")

    monkeypatch.setattr(generator.cli, "check_repository", broken)
    monkeypatch.setattr(sys, "argv", ["kennispunt", "check", "--map", str(FIXTURE_SITE)])
    monkeypatch.delenv("KENNISPUNT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as caught:
        generator.cli.main()
    assert caught.value.code == EXIT_BUG
    err = capsys.readouterr().err
    assert "Interne fout in kennispunt" in err and "niet in uw tekst" in err
    assert ISSUES_URL in err
    assert "RuntimeError: kapot van binnen" in err
    assert "Traceback" not in err


def test_internal_error_shows_traceback_when_debugging(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*_: object) -> None:
        raise KeyError("x")

    monkeypatch.setattr(generator.cli, "check_repository", broken)
    monkeypatch.setattr(sys, "argv", ["kennispunt", "check", "--map", str(FIXTURE_SITE)])
    monkeypatch.setenv("KENNISPUNT_DEBUG", "1")
    with pytest.raises(SystemExit) as caught:
        generator.cli.main()
    assert caught.value.code == EXIT_BUG
    assert "Traceback" in capsys.readouterr().err


def test_real_process_exit_codes() -> None:
    assert run_kennispunt("check", "--map", str(FIXTURE_SITE), "--datum", FIXTURE_DATE).returncode == 0
    usage = run_kennispunt("check", "--datum", "nooit")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    assert run_kennispunt("--version").stdout.startswith("kennispunt ")


def test_usage_errors_are_dutch_through_the_real_entry_point(repo: Path) -> None:
    from tests.conftest import run_kennispunt

    for args, expected in ((["nieuw", "woningen", "X"], "'woningen' is geen soort"),
                           (["nieuw", "handreikingen"], "het argument TITEL ontbreekt"),
                           (["check", "--stric"], "onbekende optie --stric (bedoelde u --strict?)")):
        done = run_kennispunt(*args, "--map", str(repo))
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("Fout: ") and expected in done.stderr
        assert "Usage:" not in done.stderr and "Error:" not in done.stderr


def test_scaffold_leaves_the_source_address_empty(repo: Path) -> None:
    result = kennispunt("nieuw", "handreikingen", "Een nieuwe handreiking", "--map", str(repo),
                        "--datum", FIXTURE_DATE)
    assert result.exit_code == 0
    text = (repo / "content" / "handreikingen" / "een-nieuwe-handreiking.md").read_text("utf-8")
    assert "\nbron:  # optioneel" in text


def test_a_broken_registry_is_one_problem_not_a_flood(repo: Path) -> None:
    registry = repo / "content" / "organisaties.yml"
    registry.write_text("- id: bzk\n  naam: [niet afgesloten\n", "utf-8")
    result = check(repo)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": fout " in line]
    assert lines and all(line.startswith("content/organisaties.yml:") for line in lines), lines
