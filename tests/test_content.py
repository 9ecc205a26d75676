"""The repository's own content: valid, and coverage that cannot silently erode (issue 6)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

from generator.link.graph import build_graph
from generator.load.repository import check_repository
from generator.model.models import SOORTEN
from tests.conftest import ROOT, content_date, copy_repository, run_kennispunt

TODAY = content_date()
# issue 14: the floor the content may not sink below
MIN_PER_GROUP, MIN_TYPES_PER_GROUP, MIN_TOTAL = 10, 6, 90
GROUPS = {"dak-en-thuisloosheid", "uitstroom-instellingen", "urgenten", "statushouders",
          "arbeidsmigranten", "studenten", "woonwagenbewoners", "ouderen"}


def test_content_is_clean_under_strict_rules() -> None:
    report = check_repository(ROOT, TODAY).report
    assert report.diagnostics == (), report.format_text()


def test_content_still_passes_two_years_ahead() -> None:
    """Review age is reported, never an error: time passing must not fail a pull request."""
    later = TODAY + timedelta(days=2 * 366)
    report = check_repository(ROOT, later).report
    assert report.errors == (), report.format_text()
    assert {d.code for d in report.warnings} <= {"verouderd"}


def test_every_group_and_type_is_covered() -> None:
    content = check_repository(ROOT, TODAY).content
    graph = build_graph(content, TODAY)
    assert set(graph.groups) == GROUPS
    assert len(content.resources) >= MIN_TOTAL
    per_type = Counter(r.soort for r in content.resources)
    assert [s for s in SOORTEN if per_type[s] == 0] == []
    thin = {}
    for group, by_soort in graph.by_group.items():
        count = sum(len(items) for items in by_soort.values())
        types = sum(1 for items in by_soort.values() if items)
        if count < MIN_PER_GROUP or types < MIN_TYPES_PER_GROUP:
            thin[group] = (count, types)
    assert thin == {}


def test_every_resource_is_sourced_and_reviewed() -> None:
    content = check_repository(ROOT, TODAY).content
    unreviewed = [r.path for r in content.resources if r.meta.gecontroleerd is None]
    assert unreviewed == []



def test_real_content_builds_two_years_ahead(tmp_path: Path) -> None:
    """The whole pipeline (check --strict, render, MkDocs, gate, Pagefind) does not break by itself."""
    root = copy_repository(ROOT, tmp_path / "repo")
    later = (TODAY + timedelta(days=2 * 366)).isoformat()
    checked = run_kennispunt("check", "--strict", "--map", str(root), "--datum", later)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "houden niets tegen" in checked.stdout
    built = run_kennispunt("build", "--strict", "--map", str(root), "--datum", later)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (root / "site" / "pagefind").is_dir()
