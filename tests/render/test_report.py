"""The editors' report (``kennispunt rapport``): exact lines on a small fixture, exit code 0."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.link.graph import build_graph
from generator.load.repository import check_repository
from generator.render.report import build_editors_report, read_dead_links, render_report_text
from tests.conftest import FIXTURE_SITE, copy_repository

TODAY = "2026-09-01"
LINK_REPORT = """# Linkrapport

Gecontroleerd op 2026-08-30: 3 adressen in 3 links uit 2 bestanden.

## Dode links (1)

Deze adressen bestaan niet meer. Zoek het nieuwe adres op, of haal de link weg.

### `content/onderzoek/monitor-ouderenhuisvesting.md`

| regel | adres | melding |
| ---: | --- | --- |
| 9 | <https://www.example.nl/weg> | HTTP 404 |

## Tijdelijke fouten (1)

### `content/beleid/programma-een-thuis.md`

| regel | adres | melding |
| ---: | --- | --- |
| 3 | <https://www.example.nl/traag> | time-out |
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def report_repository(tmp_path: Path) -> Path:
    """The fixture site with one case of each finding."""
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    content = root / "content"
    _edit(content / "wet-en-regelgeving/huisvestingswet-wijziging.md",
          "kamerstuk: 1.10\n", "kamerstuk: 1.10\nbeoogd: 2026-07-01\n")
    _edit(content / "financiele-regelingen/stimulering-ouderenwoningen.md",
          "aanvragen_tot: 2026-12-31\n", "")
    _edit(content / "onderzoek/monitor-ouderenhuisvesting.md",
          "gecontroleerd: 2026-01-01\n", "gecontroleerd: 2026-01-01\nstand: 2024-06\n")
    _edit(content / "beleid/actieplan-dakloosheid-2018.md",
          "gecontroleerd: 2026-02-01\n", "gecontroleerd: 2025-06-01\n")
    (root / "linkrapport.md").write_text(LINK_REPORT, "utf-8")
    return root


# The exact output, one finding of each kind (lines too long for this file).
EXPECTED = (Path(__file__).parent / "rapport-verwacht.txt").read_text("utf-8")


def test_rapport_lists_each_finding_per_organisation_and_exits_0(tmp_path: Path) -> None:
    root = report_repository(tmp_path)
    result = CliRunner().invoke(cli, ["rapport", "--map", str(root), "--datum", TODAY],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output == EXPECTED


def test_rapport_without_link_report_says_so(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    result = CliRunner().invoke(cli, ["rapport", "--map", str(root), "--datum", "2026-06-01"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert "- Dode links (laatste linkcontrole): geen linkrapport gevonden (linkrapport.md)\n" \
        in result.output
    assert result.output.endswith("Niets te melden.\n")


def test_rapport_with_content_errors_still_exits_0(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    _edit(root / "content/beleid/actieplan-dakloosheid-2018.md", "organisatie: vng", "organisatie: onbekend")
    result = CliRunner().invoke(cli, ["rapport", "--map", str(root), "--datum", TODAY],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.startswith("Geen redactierapport: de inhoud heeft fouten.")


def test_many_files_on_one_review_date_are_flagged(tmp_path: Path) -> None:
    today = date(2026, 6, 1)
    graph = build_graph(check_repository(FIXTURE_SITE, today).content, today)
    text = render_report_text(build_editors_report(graph, None, bulk=2))
    assert "- 2 bestanden zijn nagekeken op 1 april 2026: is elk bestand echt tegen de bron " \
           "gelezen?\n" in text


def test_dead_links_are_read_from_the_link_report_only(tmp_path: Path) -> None:
    report = tmp_path / "linkrapport.md"
    report.write_text(LINK_REPORT, "utf-8")
    [dead] = read_dead_links(report) or []
    assert (dead.path, dead.line, dead.url, dead.detail) == (
        "content/onderzoek/monitor-ouderenhuisvesting.md", 9, "https://www.example.nl/weg", "HTTP 404")
    assert read_dead_links(tmp_path / "er-niet.md") is None


def test_a_shared_file_is_listed_under_each_of_its_organisations_and_counted_once(
        tmp_path: Path) -> None:
    """An editor of VNG or Aedes finds a finding about a file they share with BZK under their
    own name, and sees who else has it; the overview counts the finding once."""
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    content = root / "content"
    _edit(content / "beleid/programma-een-thuis.md", "gecontroleerd: 2026-02-01\n",
          "gecontroleerd: 2024-01-01\n")
    (root / "linkrapport.md").write_text(LINK_REPORT.replace(
        "onderzoek/monitor-ouderenhuisvesting.md", "beleid/programma-een-thuis.md", 1), "utf-8")
    today = date.fromisoformat(TODAY)
    graph = build_graph(check_repository(root, today).content, today)
    report = build_editors_report(graph, read_dead_links(root / "linkrapport.md"))
    assert report.counts["verouderd"] == 1 and report.counts["dode-link"] == 1
    assert list(report.by_organisation) == ["aedes", "bzk", "vng"]
    for owner, others in (("bzk", "VNG, Aedes vereniging van woningcorporaties"),
                          ("vng", "BZK, Aedes vereniging van woningcorporaties"),
                          ("aedes", "BZK, VNG")):
        stale, dead = report.by_organisation[owner]
        assert stale.resource is dead.resource is graph.resources["programma-een-thuis"]
        assert stale.text == f"nagekeken op 1 januari 2024 (ook bij {others})"
        assert dead.text == f"regel 9: https://www.example.nl/weg (HTTP 404) (ook bij {others})"
    text = render_report_text(report)
    assert "- Nagekeken meer dan 12 maanden geleden (of nooit): 1\n" in text
    assert text.count("content/beleid/programma-een-thuis.md (") == 6


def test_many_files_on_one_review_date_counts_shared_files_for_each_organisation() -> None:
    today = date(2026, 6, 1)
    graph = build_graph(check_repository(FIXTURE_SITE, today).content, today)
    report = build_editors_report(graph, None, bulk=1)
    for owner in ("bzk", "vng", "aedes"):
        days = {f.text.split(" op ")[1].split(":")[0] for f in report.by_organisation[owner]
                if f.kind == "controledatum"}
        shared = {r.meta.gecontroleerd for r in graph.resources.values()
                  if owner in r.meta.organisatie and r.meta.gecontroleerd}
        assert len(days) == len(shared)
