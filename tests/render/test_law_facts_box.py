"""A law's facts box says what it means for gemeenten (issue 15), escaped like all contributor
text, and only when the file says so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.pipeline import run as run_pipeline
from generator.render.markup import html_text
from generator.settings import Settings
from tests.conftest import FIXTURE_SITE, copy_repository

LAW = "content/wet-en-regelgeving/huisvestingswet-wijziging.md"
TEXT = "Gemeenten passen hun <b>verordening</b> aan; zie *artikel 3* en [meer](https://x.nl)."


def _law_page(docs: Path) -> str:
    [page] = [p for p in docs.rglob("*.md") if f"bronbestand: \"{LAW}\"" in p.read_text("utf-8")]
    return page.read_text("utf-8")


def test_voor_gemeenten_is_in_the_facts_box_escaped(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    law = root / LAW
    law.write_text(law.read_text("utf-8").replace("kamerstuk:", f"voor_gemeenten: \"{TEXT}\"\nkamerstuk:", 1),
                   "utf-8")
    result = run_pipeline(Settings(root=root, today=date(2026, 6, 1)), "tree")
    assert result.ok, result.report.format_text()
    page = _law_page(root / "build" / "docs")
    box = page[page.index('<div class="kp-kern"'):page.index("</div>", page.index('<div class="kp-kern"'))]
    # the template writes HTML that the renderer passes on: escaped for HTML, and no Markdown
    assert f"<dt>Voor gemeenten</dt>\n<dd>{html_text(TEXT)}</dd>\n" in box
    assert "<b>" not in page and '<a href="https://x.nl"' not in page


def test_no_voor_gemeenten_no_line(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    result = run_pipeline(Settings(root=root, today=date(2026, 6, 1)), "tree")
    assert result.ok
    assert "Voor gemeenten" not in _law_page(root / "build" / "docs")
