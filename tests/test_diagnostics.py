"""Diagnostics and the report: text, JSON and GitHub annotations that cannot be hijacked."""

from __future__ import annotations

import json

from generator.diagnostics import Diagnostic, Report, Severity, error, safe_text, warning

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
    assert "\\u000A::set-output" in line and "\\u000D\\u000A::add-mask" in line
    assert "%250A" in line  # a literal %0A typed by the contributor stays literal
    assert line.startswith("::error file=a.md,line=1,col=1,title=yaml-fout::x\\u000A")


def test_properties_escape_percent_colon_comma_and_newlines() -> None:
    diagnostic = error("content/a,b:c%d\n::x.md", 1, 1, "code", "bericht")
    line = diagnostic.format_github()
    props = line.split("::")[1]
    assert props == "error file=content/a%2Cb%3Ac%25d\\u000A%3A%3Ax.md,line=1,col=1,title=code"


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
    only_warning = Report.from_diagnostics([warning("a.md", 1, 1, "sjabloontekst", "voorbeeld")])
    assert not only_warning.fails(strict=False)
    assert only_warning.fails(strict=True)
    assert Report.from_diagnostics([D]).fails(strict=False)
    assert not Report(()).fails(strict=True)


def test_time_alone_never_fails_even_strict() -> None:
    aged = Report.from_diagnostics([warning("a.md", 1, 1, "verouderd", "oud")])
    assert not aged.fails(strict=True)
    assert "houden niets tegen" in aged.summary()
    insecure = warning("b.md", 1, 1, "onveilige-verbinding", "http")
    mixed = Report.from_diagnostics([*aged.diagnostics, insecure])
    assert mixed.fails(strict=True)


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


# --- safe report lines (issue 11) ------------------------------------------------------------

EVIL_STATUS = "x\n::error file=README.md,line=1::boom"


def test_safe_text_escapes_controls_and_invisible_characters() -> None:
    assert safe_text("a\nb\rc\u0085d\u2028e\u2029f") == "a\\u000Ab\\u000Dc\\u0085d\\u2028e\\u2029f"
    assert safe_text("\u202a\u202e\u2066\u2069\u200b\u200d\u2060\ufeff\x07") == (
        "\\u202A\\u202E\\u2066\\u2069\\u200B\\u200D\\u2060\\uFEFF\\u0007")
    assert safe_text("tag\U000e0041") == "tag\\U000E0041"
    assert safe_text("Eén thuis, voor iedereen: 50% & meer") == "Eén thuis, voor iedereen: 50% & meer"


def test_safe_text_never_starts_a_workflow_command() -> None:
    assert safe_text("::add-mask::geheim") == "\\u003A:add-mask::geheim"
    assert safe_text("  ::error::x") == "  \\u003A:error::x"
    assert safe_text("a::b") == "a::b"


def test_safe_text_prints_nfc() -> None:
    assert safe_text("cafe\u0301.md") == "caf\u00e9.md"


def test_evil_status_value_gives_one_escaped_line_in_every_format() -> None:
    bad = error("content/handreikingen/cafe\u0301.md", 8, 9, "ongeldige-waarde",
                f"veld 'status': '{EVIL_STATUS}' is geen toegestane waarde", "kies uit: actueel")
    assert bad.format_text() == (
        "content/handreikingen/café.md:8:9: fout ongeldige-waarde: veld 'status': "
        "'x\\u000A::error file=README.md,line=1::boom' is geen toegestane waarde "
        "(kies uit: actueel)")
    assert bad.format_github() == (
        "::error file=content/handreikingen/café.md,line=8,col=9,title=ongeldige-waarde::"
        "veld 'status': 'x\\u000A::error file=README.md,line=1::boom' is geen toegestane waarde "
        "(kies uit: actueel)")
    report = Report.from_diagnostics([bad])
    for text in (report.format_text(), report.format_github()):
        assert all(not line.lstrip().startswith("::") or line.startswith("::error file=content/")
                   for line in text.splitlines())
    row = json.loads(report.format_json())[0]
    assert row["message"].startswith("veld 'status': 'x\\u000A::error")
    assert row["path"] == "content/handreikingen/café.md"


def test_a_path_that_starts_with_colons_cannot_start_a_command() -> None:
    line = error("::add-mask::x.md", 1, 1, "ongeldig-id", "m").format_text()
    assert line == "\\u003A:add-mask::x.md:1:1: fout ongeldig-id: m"
    github = error("::x.md", 1, 1, "c", "m").format_github()
    assert github == "::error file=%3A%3Ax.md,line=1,col=1,title=c::m"
