"""Kind input and every problem at once (issues 11 and 12), checked on a whole repository.

Each test writes one file into a copy of the fixture site and asserts the exact lines that
`kennispunt check` prints for it. Nothing the contributor wrote is changed on disk.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from generator.load.repository import check_repository
from generator.model.models import AgendaMeta, HandreikingMeta, PraktijkMeta
from tests.conftest import FIXTURE_DATE, VALID_FRONT

TODAY = date.fromisoformat(FIXTURE_DATE)
FRONT = VALID_FRONT
AGENDA = FRONT + "vorm: webinar\nonline: true\n"
PATH = "content/handreikingen/nieuw.md"


def write(repo: Path, front: str, body: str = "Tekst.\n", path: str = PATH) -> Path:
    file = repo / path
    file.write_text(f"---\n{front}---\n\n{body}", "utf-8")
    return file


def lines_of(repo: Path, path: str = PATH) -> list[str]:
    """The report lines of one file, as `kennispunt check` prints them."""
    report = check_repository(repo, TODAY).report
    return [d.format_text() for d in report.diagnostics if d.path == path]


def meta_of(repo: Path, path: str = PATH) -> object:
    content = check_repository(repo, TODAY).content
    return next(r.meta for r in content.resources if r.path == path)


# --- 5. every problem at once ------------------------------------------------------------------

def test_impossible_date_and_unknown_group_in_one_run(repo: Path) -> None:
    write(repo, FRONT.replace("2025-01-01", "2026-02-30").replace("[statushouders]", "[statushouder]"))
    assert lines_of(repo) == [
        "content/handreikingen/nieuw.md:4:15: fout onbekende-doelgroep: veld 'doelgroepen': "
        "'statushouder' bestaat niet (bedoelde u 'statushouders'?)",
        "content/handreikingen/nieuw.md:6:8: fout ongeldige-datum: veld 'datum': '2026-02-30' "
        "bestaat niet in de kalender",
    ]


def test_reference_and_date_rules_run_beside_any_field_error(repo: Path) -> None:
    front = (FRONT.replace("titel: Een nieuwe handreiking", "titel: Kort")
             .replace("organisatie: bzk", "organisatie: [vgn]")
             .replace("gecontroleerd: 2026-01-01", "gecontroleerd: 2027-01-01")
             + "gerelateerd: [woonwensen-peilenn]\nstatus: weg\n")
    write(repo, front)
    codes = [line.split(": ")[1].split(" ")[1] for line in lines_of(repo)]
    assert codes == ["te-kort", "onbekende-organisatie", "datum-onwaarschijnlijk",
                     "onbekende-verwijzing", "ongeldige-waarde"]


def test_an_invalid_file_is_not_published(repo: Path) -> None:
    write(repo, FRONT.replace("2025-01-01", "2026-02-30"))
    content = check_repository(repo, TODAY).content
    assert PATH not in {r.path for r in content.resources}


# --- 6. kind input: accepted and normalised in memory ------------------------------------------

def test_moments_with_seconds_and_offsets(repo: Path) -> None:
    path = "content/agenda/nieuw.md"
    write(repo, AGENDA + "start: 2027-02-10T14:00:00\neinde: 2027-02-10T15:00:00+01:00\n", path=path)
    assert lines_of(repo, path) == []
    meta = meta_of(repo, path)
    assert isinstance(meta, AgendaMeta)
    assert (meta.start, meta.einde) == (datetime(2027, 2, 10, 14, 0), datetime(2027, 2, 10, 15, 0))
    write(repo, AGENDA + "start: 2027-07-10T08:00Z\neinde: 2027-07-10T12:00:00Z\n", path=path)
    meta = meta_of(repo, path)
    assert isinstance(meta, AgendaMeta)
    assert (meta.start, meta.einde) == (datetime(2027, 7, 10, 10, 0), datetime(2027, 7, 10, 14, 0))


def test_friesland_is_fryslan(repo: Path) -> None:
    path = "content/praktijkvoorbeelden/nieuw.md"
    file = write(repo, FRONT + "gemeente: Leeuwarden\nprovincie: Friesland\n", path=path)
    assert lines_of(repo, path) == []
    meta = meta_of(repo, path)
    assert isinstance(meta, PraktijkMeta) and meta.provincie == "Fryslân"
    assert "provincie: Friesland\n" in file.read_text("utf-8")  # the file itself is untouched


def test_typographic_quotes_around_a_whole_plain_value_are_taken_off(repo: Path) -> None:
    file = write(repo, FRONT.replace("titel: Een nieuwe handreiking", "titel: “Een nieuwe handreiking”")
                 .replace("[statushouders]", "[‘statushouders’]") + "trefwoorden: [„wonen”]\n")
    assert lines_of(repo) == []
    meta = meta_of(repo)
    assert isinstance(meta, HandreikingMeta)
    assert (meta.titel, meta.doelgroepen, meta.trefwoorden) == (
        "Een nieuwe handreiking", ["statushouders"], ["wonen"])
    assert "titel: “Een nieuwe handreiking”" in file.read_text("utf-8")


def test_quotes_the_contributor_chose_stay(repo: Path) -> None:
    write(repo, FRONT.replace("titel: Een nieuwe handreiking", "titel: '“Thuis” en “zorg”'")
          + "trefwoorden: [\"“citaat”\"]\n")
    meta = meta_of(repo)
    assert isinstance(meta, HandreikingMeta)
    assert (meta.titel, meta.trefwoorden) == ("“Thuis” en “zorg”", ["“citaat”"])


# --- 6. kind input: precise messages -----------------------------------------------------------

def test_list_without_brackets_shows_the_corrected_line(repo: Path) -> None:
    write(repo, FRONT.replace("doelgroepen: [statushouders]", "doelgroepen: statushouders, ouderen"))
    assert lines_of(repo) == [
        "content/handreikingen/nieuw.md:4:14: fout lijst-zonder-haken: veld 'doelgroepen': "
        "'statushouders, ouderen' is één waarde; een lijst staat tussen blokhaken "
        "(schrijf: doelgroepen: [statushouders, ouderen])",
    ]


def test_list_without_brackets_still_checks_each_item(repo: Path) -> None:
    write(repo, FRONT + "trefwoorden: wonen en zorg, opvang: regio\n")
    write(repo, FRONT.replace("doelgroepen: [statushouders]", "doelgroepen: statushouder, ouderen"))
    lines = lines_of(repo)
    assert [line.split(": ")[1] for line in lines] == ["fout lijst-zonder-haken",
                                                       "fout onbekende-doelgroep"]


def test_a_quoted_value_with_a_comma_is_one_value(repo: Path) -> None:
    write(repo, FRONT + "trefwoorden: \"wonen, zorg\"\n")
    assert lines_of(repo) == []


def test_hash_in_plain_text_is_not_a_comment(repo: Path) -> None:
    write(repo, FRONT.replace("titel: Een nieuwe handreiking", "titel: Actieplan #2 wonen"))
    assert lines_of(repo) == [
        "content/handreikingen/nieuw.md:2:18: fout commentaar-in-tekst: veld 'titel': YAML leest "
        "alles vanaf ' #' als commentaar, dus de waarde is nu 'Actieplan' (zet de tekst tussen "
        "aanhalingstekens: titel: \"Actieplan #2 wonen\")",
    ]


def test_real_comments_are_fine(repo: Path) -> None:
    front = FRONT.replace("titel: Een nieuwe handreiking",
                          "titel: Een nieuwe handreiking  # verplicht: De titel van de bron")
    write(repo, front.replace("organisatie: bzk", "organisatie: bzk  # van het ministerie")
          + "# een regel commentaar\n")
    assert lines_of(repo) == []
    write(repo, FRONT.replace("titel: Een nieuwe handreiking", "titel: \"Actieplan #2 wonen\""))
    assert lines_of(repo) == []


WORD_TABLE = "Inleiding.\n\nRegeling\tBedrag\nSPUK\t€ 10 miljoen\nHuisvesting\t€ 5 miljoen\n"


def test_a_table_pasted_from_word(repo: Path) -> None:
    write(repo, FRONT, WORD_TABLE)
    assert lines_of(repo) == [
        "content/handreikingen/nieuw.md:12:1: fout tabel-met-tabs: deze regels lijken een tabel "
        "uit Word: de cellen staan tussen tabs (maak er een Markdown-tabel van, met | tussen de "
        "cellen en een tweede regel met ---, zoals: | Regeling | Bedrag | dan | --- | --- |)",
    ]


def test_tabs_in_code_or_a_single_line_are_no_table(repo: Path) -> None:
    write(repo, FRONT, "Een\tlos\tregel.\n\n```\na\tb\nc\td\n```\n\n\ta\tb\n\tc\td\n")
    assert lines_of(repo) == []


def test_template_text_left_in_field_and_body(repo: Path) -> None:
    from generator.model.scaffold import TEMPLATE_SENTENCES, placeholder_texts

    summary = placeholder_texts(HandreikingMeta)["samenvatting"]
    sentence = sorted(TEMPLATE_SENTENCES)[0]
    write(repo, FRONT.replace("Een samenvatting van ruim twintig tekens.", summary),
          f"## Waar gaat het over?\n\n{sentence}\n")
    assert lines_of(repo) == [
        "content/handreikingen/nieuw.md:3:15: waarschuwing sjabloontekst: veld 'samenvatting': "
        "dit is nog de voorbeeldtekst (vervang de voorbeeldtekst door uw eigen tekst)",
        "content/handreikingen/nieuw.md:12:1: waarschuwing sjabloontekst: in de tekst staat nog "
        "een voorbeeldzin van 'kennispunt nieuw' (vervang de zin door uw eigen tekst)",
    ]


# --- 7. an unknown organisation: a ready-made registry entry -----------------------------------

def test_unknown_organisation_gets_a_registry_entry(repo: Path) -> None:
    write(repo, FRONT.replace("organisatie: bzk", "organisatie: [bzk, coa]"))
    assert lines_of(repo) == [
        "content/handreikingen/nieuw.md:5:20: fout onbekende-organisatie: veld 'organisatie': "
        "'coa' bestaat niet (Voeg de organisatie toe onderaan content/organisaties.yml, met deze "
        "regels: '- id: coa' / '  naam: <volledige naam invullen>' / "
        "'  url: <webadres met https:// invullen>')",
    ]
    write(repo, FRONT.replace("organisatie: bzk", "organisatie: gemeente-staphorst"))
    assert lines_of(repo) == [
        "content/handreikingen/nieuw.md:5:14: fout onbekende-organisatie: veld 'organisatie': "
        "'gemeente-staphorst' bestaat niet (Voeg de organisatie toe onderaan "
        "content/organisaties.yml, met deze regels: "
        "'- id: gemeente-staphorst' / '  naam: <volledige naam invullen>' / "
        "'  url: <webadres met https:// invullen>')",
    ]


def test_a_shared_first_word_is_no_typo(repo: Path) -> None:
    write(repo, FRONT.replace("organisatie: bzk", "organisatie: gemeente-voorbeeldstat"))
    [line] = lines_of(repo)
    assert "(bedoelde u 'gemeente-voorbeeldstad'? Anders: voeg de organisatie toe" in line


def test_close_organisation_gets_both_hints(repo: Path) -> None:
    path = "content/financiele-regelingen/nieuw.md"
    write(repo, FRONT + "loket: rvoo\n", path=path)
    assert lines_of(repo, path) == [
        "content/financiele-regelingen/nieuw.md:8:8: fout onbekende-organisatie: veld 'loket': "
        "'rvoo' bestaat niet (bedoelde u 'rvo'? Anders: voeg de organisatie toe onderaan "
        "content/organisaties.yml, met deze regels: '- id: rvoo' / "
        "'  naam: <volledige naam invullen>' / '  url: <webadres met https:// invullen>')",
    ]


def test_the_entry_is_in_the_registrys_own_format() -> None:
    from generator.load.rules import registry_entry

    entry = registry_entry("gemeente-staphorst").split(" / ")
    as_yaml = "\n".join(line.strip("'") for line in entry)
    assert as_yaml == ("- id: gemeente-staphorst\n  naam: <volledige naam invullen>\n"
                       "  url: <webadres met https:// invullen>")
