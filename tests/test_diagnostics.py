"""Diagnostics and the report: text, JSON and GitHub annotations that cannot be hijacked."""

from __future__ import annotations

import json

from generator.diagnostics import Diagnostic, Report, Severity, error, warning

D = error("content/beleid/x.md", 4, 3, "onbekende-doelgroep",
          "veld 'doelgroepen': 'statushouder' bestaat niet", "bedoelde u 'statushouders'?")


def test_format_text_is_the_contract() -> None:
    assert D.format_text() == (
        "content/beleid/x.md:4:3: fout onbekende-doelgroep: veld 'doelgroepen': 'statushouder' "
        "bestaat niet (bedoelde u 'statushouders'?)"
    )
    assert warning("a.md", 1, 1, "verouderd", "oud").format_text() == "a.md:1:1: waarschuwing verouderd: oud"


def test_format_github() -> None:
    assert D.format_github() == (
        "::error file=content/beleid/x.md,line=4,col=3,title=onbekende-doelgroep::veld 'doelgroepen': "
        "'statushouder' bestaat niet (bedoelde u 'statushouders'?)"
    )
    assert warning("a.md", 2, 1, "verouderd", "oud").format_github().startswith("::warning file=a.md,")


def test_contributor_text_cannot_inject_workflow_commands() -> None:
    evil = "x\n::set-output name=token::gestolen\r\n::add-mask::geheim%0A::stop-commands::z"
    line = error("a.md", 1, 1, "yaml-fout", evil, "hint\n::error::nep").format_github()
    assert "\n" not in line and "\r" not in line
    # one line, so nothing the contributor typed can start a workflow command of its own
    assert "%0A::set-output" in line and "%0D%0A::add-mask" in line
    assert "%250A" in line  # a literal %0A typed by the contributor stays literal
    assert line.startswith("::error file=a.md,line=1,col=1,title=yaml-fout::x%0A")


def test_properties_escape_percent_colon_comma_and_newlines() -> None:
    diagnostic = error("content/a,b:c%d\n::x.md", 1, 1, "code", "bericht")
    line = diagnostic.format_github()
    props = line.split("::")[1]
    assert props == "error file=content/a%2Cb%3Ac%25d%0A%3A%3Ax.md,line=1,col=1,title=code"


def test_report_deduplicates_and_sorts() -> None:
    a = error("b.md", 2, 1, "x", "m")
    b = error("a.md", 10, 1, "x", "m")
    c = error("a.md", 9, 5, "x", "m")
    d = warning("a.md", 9, 5, "w", "m")
    report = Report.from_diagnostics([a, b, c, a, d, b])
    assert report.diagnostics == (c, d, b, a)
    assert report.errors == (c, b, a) and report.warnings == (d,)


def test_sorting_is_numeric_by_line_not_textual() -> None:
    report = Report.from_diagnostics([error("a.md", 10, 1, "x", "m"), error("a.md", 9, 1, "x", "m")])
    assert [d.line for d in report.diagnostics] == [9, 10]


def test_fails_is_policy() -> None:
    only_warning = Report.from_diagnostics([warning("a.md", 1, 1, "verouderd", "oud")])
    assert not only_warning.fails(strict=False)
    assert only_warning.fails(strict=True)
    assert Report.from_diagnostics([D]).fails(strict=False)
    assert not Report(()).fails(strict=True)


def test_only_paths_selects_files_and_folders() -> None:
    report = Report.from_diagnostics([
        error("content/beleid/a.md", 1, 1, "x", "m"),
        error("content/beleid-oud/b.md", 1, 1, "x", "m"),
        error("groups/c.md", 1, 1, "x", "m"),
    ])
    assert [d.path for d in report.only_paths(["content/beleid"]).diagnostics] == ["content/beleid/a.md"]
    assert [d.path for d in report.only_paths(["content/beleid/"]).diagnostics] == ["content/beleid/a.md"]
    assert [d.path for d in report.only_paths(["groups/c.md", "content/beleid-oud"]).diagnostics] == [
        "content/beleid-oud/b.md", "groups/c.md"]
    assert report.only_paths(["content/beleid/a"]).diagnostics == ()


def test_summary_in_dutch() -> None:
    assert Report(()).summary() == "Geen problemen gevonden."
    assert Report.from_diagnostics([D]).summary() == "1 fout, 0 waarschuwingen."
    two = Report.from_diagnostics([D, error("b.md", 1, 1, "x", "m"), warning("c.md", 1, 1, "w", "m")])
    assert two.summary() == "2 fouten, 1 waarschuwing."
    assert two.format_text().splitlines()[-1] == "2 fouten, 1 waarschuwing."


def test_format_json() -> None:
    rows = json.loads(Report.from_diagnostics([D]).format_json())
    assert rows == [{
        "path": "content/beleid/x.md", "line": 4, "column": 3, "severity": "fout",
        "code": "onbekende-doelgroep", "message": "veld 'doelgroepen': 'statushouder' bestaat niet",
        "hint": "bedoelde u 'statushouders'?",
    }]
    assert "é" in Report.from_diagnostics([error("é.md", 1, 1, "x", "é")]).format_json()


def test_severity_values_are_dutch() -> None:
    assert Severity.ERROR.value == "fout" and Severity.WARNING.value == "waarschuwing"
    assert isinstance(D, Diagnostic) and D.severity is Severity.ERROR
