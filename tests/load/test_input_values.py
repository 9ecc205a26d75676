"""Parsed values: hidden characters and web addresses in the front matter (issue 11)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.load.repository import check_repository
from tests.conftest import FIXTURE_DATE, VALID_FRONT

TODAY = date.fromisoformat(FIXTURE_DATE)
FRONT = VALID_FRONT
PATH = "content/handreikingen/nieuw.md"
HINT = ("haal het teken weg; tussen dubbele aanhalingstekens maakt een code als \\u202e, \\x07 "
        "of \\t zo'n teken")


def lines_for(repo: Path, front: str, path: str = PATH) -> list[str]:
    (repo / path).write_text(f"---\n{front}---\n\nTekst.\n", "utf-8")
    report = check_repository(repo, TODAY).report
    return [d.format_text() for d in report.diagnostics if d.path == path]


# --- 2. control and invisible characters in parsed values --------------------------------------

def test_yaml_escapes_for_invisible_characters_are_refused(repo: Path) -> None:
    front = FRONT.replace("titel: Een nieuwe handreiking", 'titel: "Een nieuwe\\u202e handreiking"')
    assert lines_for(repo, front + 'trefwoorden: [wonen, "bel\\x07"]\n') == [
        "content/handreikingen/nieuw.md:2:8: fout onzichtbaar-teken: veld 'titel': onzichtbaar of "
        f"stuurteken RIGHT-TO-LEFT OVERRIDE (U+202E) in de waarde ({HINT})",
        "content/handreikingen/nieuw.md:8:22: fout onzichtbaar-teken: veld 'trefwoorden[2]': "
        f"onzichtbaar of stuurteken U+0007 in de waarde ({HINT})",
    ]


def test_every_kind_of_hidden_character_is_refused(repo: Path) -> None:
    for escape in ("\\u200b", "\\u200d", "\\u2060", "\\ufeff", "\\u2066", "\\u2069", "\\u202a",
                   "\\x85", "\\u2028", "\\u2029", "\\x1b", "\\r", "\\t",
                   # noncharacters: MkDocs cannot read a page's meta with one in it
                   "\\ufffe", "\\uffff", "\\ufdd0", "\\U0001FFFE"):
        front = FRONT.replace("titel: Een nieuwe handreiking", f'titel: "Een nieuwe{escape}hand"')
        [line] = lines_for(repo, front)
        assert ": fout onzichtbaar-teken: veld 'titel': onzichtbaar of stuurteken " in line, escape


def test_a_newline_is_an_error_in_a_title(repo: Path) -> None:
    front = FRONT.replace("titel: Een nieuwe handreiking", 'titel: "Een nieuwe\\nhandreiking"')
    assert lines_for(repo, front) == [
        "content/handreikingen/nieuw.md:2:8: fout meerdere-regels: veld 'titel': de tekst loopt "
        "over meer dan één regel (zet de tekst op één regel; alleen 'samenvatting' mag meer "
        "regels hebben)",
    ]


def test_a_newline_is_fine_in_a_summary_block(repo: Path) -> None:
    front = FRONT.replace("samenvatting: Een samenvatting van ruim twintig tekens.\n",
                          "samenvatting: |\n  Een samenvatting van ruim twintig tekens.\n"
                          "  Op twee regels.\n")
    assert lines_for(repo, front) == []
    # a trailing newline from a block scalar is stripped, also in a one-line field
    assert lines_for(repo, FRONT.replace("titel: Een nieuwe handreiking",
                                         "titel: |\n  Een nieuwe handreiking")) == []


def test_a_character_in_the_file_is_reported_once(repo: Path) -> None:
    front = FRONT.replace("titel: Een nieuwe handreiking", "titel: Een nieuwe\u200bhandreiking")
    assert lines_for(repo, front) == [
        "content/handreikingen/nieuw.md:2:18: fout onzichtbaar-teken: onzichtbaar of stuurteken "
        "ZERO WIDTH SPACE (U+200B) (verwijder het teken; het ziet er anders uit dan het is)",
    ]


def test_an_evil_status_value_gives_one_escaped_line(repo: Path) -> None:
    front = FRONT + 'status: "x\\n::error file=README.md,line=1::boom"\n'
    lines = lines_for(repo, front)
    assert lines == [
        "content/handreikingen/nieuw.md:8:9: fout meerdere-regels: veld 'status': de tekst loopt "
        "over meer dan één regel (zet de tekst op één regel; alleen 'samenvatting' mag meer "
        "regels hebben)",
        "content/handreikingen/nieuw.md:8:9: fout ongeldige-waarde: veld 'status': "
        "'x\\u000A::error file=README.md,line=1::boom' is geen toegestane waarde "
        "(kies uit: actueel, vervallen)",
    ]
    github = check_repository(repo, TODAY).report.only_paths([PATH]).format_github()
    assert [line[:8] for line in github.splitlines()] == ["::error ", "::error "]


# --- 4. web addresses in the front matter ------------------------------------------------------

def test_a_lookalike_host_in_bron_is_an_error(repo: Path) -> None:
    assert lines_for(repo, FRONT + "bron: https://www.rv\u043e.nl/subsidie\n") == [
        "content/handreikingen/nieuw.md:8:7: fout verdachte-host: veld 'bron': de domeinnaam "
        "'www.rv\u043e.nl' mengt Cyrillische en Latijnse letters in 'rv\u043e' (typ het adres "
        "zelf over met gewone letters; een domeinnaam met letters die op andere lijken, kan naar "
        "een nagemaakte site leiden)",
    ]


def test_http_in_every_url_field_is_a_warning(repo: Path) -> None:
    warning = ("waarschuwing onveilige-verbinding: veld '{}': het adres begint met http://, een "
               "verbinding zonder versleuteling (gebruik https://)")
    agenda = "content/agenda/nieuw.md"
    lines = lines_for(repo, FRONT + "vorm: webinar\nstart: 2026-07-01T10:00\neinde: "
                      "2026-07-01T11:00\nonline: true\naanmelden: http://www.example.nl/a\n", agenda)
    assert lines == [f"{agenda}:12:12: {warning.format('aanmelden')}"]
    (repo / agenda).unlink()
    netwerk = "content/netwerken/nieuw.md"
    assert lines_for(repo, FRONT + "contact: http://www.example.nl/c\n", netwerk) == [
        f"{netwerk}:8:10: {warning.format('contact')}"]
    assert lines_for(repo, FRONT + "contact: info@example.nl\n", netwerk) == []


def test_http_in_the_organisation_registry_is_a_warning(repo: Path) -> None:
    registry = repo / "content/organisaties.yml"
    registry.write_text(registry.read_text("utf-8") + "- id: oud\n  naam: Oude site\n"
                        "  url: http://www.example.nl/oud\n", "utf-8")
    report = check_repository(repo, TODAY).report
    assert [(d.path, d.code) for d in report.diagnostics] == [
        ("content/organisaties.yml", "onveilige-verbinding")]
