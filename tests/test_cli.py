"""`kennispunt check` as contributors and CI use it: output, formats and exit codes."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import generator.cli
from generator import clitext
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
    assert "waarschuwingen." in result.output.splitlines()[-1]
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
    assert english_words(result.output) == [], result.output


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
    # the date decides what is reported; review age alone never fails, not even --strict
    assert late.exit_code == 0 and "verouderd" in late.output
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
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("kapot van binnen")

    monkeypatch.setattr(generator.cli.pipeline, "run", broken)
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

    monkeypatch.setattr(generator.cli.pipeline, "run", broken)
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
    for args, expected in ((["nieuw", "woningen", "X"], "'woningen' is geen soort"),
                           (["nieuw", "handreikingen"], "Ontbrekend argument 'TITEL'."),
                           (["check", "--stric"], "Onbekende optie '--stric'. Bedoelde u '--strict'?")):
        done = run_kennispunt(*args, "--map", str(repo))
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("Fout: ") and expected in done.stderr
        assert english_words(done.stderr) == []


# What click says in English when its texts are not translated (see generator/clitext.py).
ENGLISH = re.compile(
    r"(?<!-)\b(usage|options?|commands?|show|message|exit|version|error|try|such|missing|invalid|"
    r"default|required|choose|mean|one of|is not|does not|aborted|env var|values?|given)\b"
    r"|\b(OPTIONS|COMMAND|ARGS|TEXT|INTEGER|RANGE|DIRECTORY|FILE|PATHS?|FILENAME|BOOLEAN)\b",
    re.IGNORECASE)
KENNISPUNT = Path(sys.executable).with_name("kennispunt")  # the installed entry point


def english_words(text: str) -> list[str]:
    """English words in ``text``; the upper-case ones only as click's placeholders.

    Option names (``--version``) are not words to translate.
    """
    return [match.group(0) for match in ENGLISH.finditer(text)
            if match.group(1) or match.group(0).isupper()]


def run_entry_point(*args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("GITHUB_ACTIONS", "SOURCE_DATE_EPOCH", "LANG", "LANGUAGE", "LC_ALL")}
    return subprocess.run([str(KENNISPUNT), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False, timeout=60)


def test_english_words_finds_what_click_says_in_english() -> None:
    assert english_words("Usage: kennispunt [OPTIONS] COMMAND [ARGS]...") == [
        "Usage", "OPTIONS", "COMMAND", "ARGS"]
    assert english_words("Error: Missing argument 'TITEL'.") == ["Error", "Missing"]
    assert english_words("Gebruik: kennispunt [OPTIES] OPDRACHT; een tekst met een pad") == []
    assert english_words("  --version   Toon het versienummer en stop.") == []


@pytest.mark.parametrize("command", ["", *sorted(cli.commands)])
def test_help_is_dutch(command: str) -> None:
    done = run_entry_point(*([command] if command else []), "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Gebruik: kennispunt {command}".rstrip() + " [OPTIES]")
    assert "Opties:" in done.stdout and "-h, --help  " in done.stdout
    assert "Toon deze hulp en stop." in done.stdout
    assert english_words(done.stdout) == [], done.stdout
    if not command:
        assert "Opdrachten:" in done.stdout and "Toon het versienummer en stop." in done.stdout


def test_defaults_in_help_are_dutch() -> None:
    done = run_entry_point("nieuw", "--help")
    assert "[standaard: alle]" in done.stdout
    assert "-p, --poort GETAL" in run_entry_point("serve", "--help").stdout


@pytest.mark.parametrize(("args", "expected"), [
    (["nieuw", "handreikingen"], "Fout: Ontbrekend argument 'TITEL'.\nHulp: kennispunt nieuw --help\n"),
    (["onbekend"], "Fout: Onbekende opdracht 'onbekend'.\nHulp: kennispunt --help\n"),
    (["chek"], "Fout: Onbekende opdracht 'chek'. (Bedoelde u een van deze: 'check', 'schema'?)\n"),
    (["check", "--format", "xml"],
     "Fout: Ongeldige waarde voor '--format': 'xml' kan niet; kies uit 'tekst', 'github', 'json'.\n"),
    (["serve", "--poort", "acht"],
     "Fout: Ongeldige waarde voor '--poort' / '-p': 'acht' is geen geldig getal."),
    (["check", "--datum"], "Fout: De optie '--datum' heeft een waarde nodig."),
    (["schema", "extra"], "Fout: Onverwacht extra argument (extra)"),
])
def test_usage_errors_are_dutch_with_exit_2(args: list[str], expected: str) -> None:
    done = run_entry_point(*args)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(expected), done.stderr
    assert english_words(done.stderr) == [], done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr


def test_no_command_shows_the_help_without_an_error() -> None:
    done = run_entry_point()
    assert done.returncode == 2
    assert done.stderr.startswith("Gebruik: kennispunt [OPTIES] OPDRACHT [ARGUMENTEN]...")
    assert "Fout" not in done.stderr and english_words(done.stderr) == []


def test_click_own_error_layout_is_dutch_too() -> None:
    """Without our entry point (click's standalone mode, as in CliRunner) it is Dutch as well."""
    result = CliRunner().invoke(cli, ["check", "--format", "xml"], prog_name="kennispunt")
    assert result.exit_code == 2
    assert result.output.startswith("Gebruik: kennispunt check [OPTIES] [PADEN]...\n"
                                    "Hulp: kennispunt check --help\n\nFout: Ongeldige waarde")
    assert english_words(result.output) == []


def _click_string_constants() -> tuple[set[str], set[str]]:
    """Every string in click's sources, and the ones click passes to gettext."""
    import click

    strings: set[str] = set()
    translated: set[str] = set()
    for module in clitext.CLICK_MODULES:
        path = Path(click.__file__).with_name(module.split(".")[1] + ".py")
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("_", "ngettext"):
                translated.update(arg.value for arg in node.args
                                  if isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    return strings, translated


# click texts a contributor never sees: mistakes in our own code, prompts we do not use.
NOT_FOR_CONTRIBUTORS = {
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Invalid start character for option ({option})",
    "Choice({choices})",
    "Do you want to continue?", "Confirm the action without prompting.",
    "Repeat for confirmation", "Error: The two entered values do not match.", "Error: invalid input",
    "Press any key to continue...", "Unknown color {colour!r}", "Unknown standard stream '{name}'",
    "?",
}


def test_the_dutch_table_matches_click() -> None:
    """Every key still exists in click, and every text click can show a contributor is in it."""
    strings, translated = _click_string_constants()
    keys = set(clitext.DUTCH) | {form for pair in clitext.DUTCH_PLURAL for form in pair}
    assert keys - strings == set()  # a click upgrade renamed a text: update the table
    assert translated - keys - NOT_FOR_CONTRIBUTORS == set()  # a new click text: translate it


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
