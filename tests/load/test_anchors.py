"""Links to a place on a page: `kennispunt check` checks them in Dutch, as the build would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.load.repository import check_repository
from generator.pipeline import run as run_pipeline
from generator.publish.renderer import PublishError, run_mkdocs
from generator.settings import Settings
from tests.conftest import FIXTURE_SITE, copy_repository

TODAY = date(2026, 6, 1)
SOURCE = "content/handreikingen/taakstelling-statushouders.md"


def _with_line(tmp_path: Path, line: str) -> tuple[Settings, int]:
    """The fixture site with ``line`` added to one body; its line number in the file."""
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    path = root / SOURCE
    text = path.read_text("utf-8").rstrip("\n") + "\n\n" + line + "\n"
    path.write_text(text, "utf-8")
    return Settings(root=root, today=TODAY), text.count("\n")


def test_anchors_that_exist_pass_check_and_build(tmp_path: Path) -> None:
    settings, _ = _with_line(tmp_path, (
        "Zie [voorrang](#voorrang), [stap 2](../stappenplannen/woonzorgvisie-opstellen.md"
        "#stap-2-maak-keuzes) en [verwant](../onderzoek/monitor-ouderenhuisvesting.md#gerelateerd)."))
    assert check_repository(settings.root, TODAY).report.diagnostics == ()
    result = run_pipeline(settings, "tree")
    assert result.ok, result.report.diagnostics
    page = (settings.docs_dir / "handreikingen" / "taakstelling-statushouders" / "index.md").read_text()
    assert 'href="../../stappenplannen/woonzorgvisie-opstellen/#stap-2-maak-keuzes"' in page


def test_check_names_an_unknown_anchor_on_another_page_with_the_step(tmp_path: Path) -> None:
    settings, line = _with_line(
        tmp_path, "Zie [stap 2](../stappenplannen/woonzorgvisie-opstellen.md#maak-keuzes).")
    [problem] = check_repository(settings.root, TODAY).report.errors
    assert (problem.path, problem.line, problem.column, problem.code) == (
        SOURCE, line, 14, "onbekend-anker")
    assert "'../stappenplannen/woonzorgvisie-opstellen.md#maak-keuzes'" in problem.message
    assert problem.hint == "bedoelde u '#stap-2-maak-keuzes'?"
    assert not run_pipeline(settings, "tree").ok  # check and build give one verdict


def test_unknown_anchor_on_the_same_page_lists_its_headings(tmp_path: Path) -> None:
    settings, line = _with_line(tmp_path, "Lees [hier](#bestaat-niet) verder.")
    [problem] = check_repository(settings.root, TODAY).report.errors
    assert (problem.line, problem.column, problem.code) == (line, 13, "onbekend-anker")
    assert problem.hint == "koppen op die pagina: #voorrang"


def test_links_in_code_and_to_other_sites_are_not_checked(tmp_path: Path) -> None:
    settings, _ = _with_line(tmp_path, "`[x](#nergens)` en [extern](https://example.org/a#nergens).")
    assert check_repository(settings.root, TODAY).report.diagnostics == ()


def test_mkdocs_strict_validation_really_stops_the_build(tmp_path: Path) -> None:
    """--quiet once hid MkDocs' warnings, and with them --strict: a broken anchor passed."""
    settings, _ = _with_line(tmp_path, "Zie [voorrang](#voorrang).")
    assert run_pipeline(settings, "tree").ok
    page = settings.docs_dir / "handreikingen" / "taakstelling-statushouders" / "index.md"
    page.write_text(page.read_text("utf-8") + "\n[weg](#weg)\n", "utf-8")
    with pytest.raises(PublishError, match="#weg"):
        run_mkdocs(settings)
