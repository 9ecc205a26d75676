"""The repository's own content: valid, and coverage that cannot silently erode (issue 6)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from generator.check import check_repository
from generator.graph import build_graph
from generator.models import SOORTEN
from tests.conftest import ROOT

TODAY = date(2026, 11, 25)
MIN_PER_GROUP, MIN_TYPES_PER_GROUP, MIN_TOTAL = 6, 4, 70
GROUPS = {"dak-en-thuisloosheid", "uitstroom-instellingen", "urgenten", "statushouders",
          "arbeidsmigranten", "studenten", "woonwagenbewoners", "ouderen"}


def test_content_is_clean_under_strict_rules() -> None:
    report = check_repository(ROOT, TODAY).report
    assert report.diagnostics == (), report.format_text()


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
    # a resource without 'bron' must at least link its sources in the body
    unsourced = [r.path for r in content.resources if r.meta.bron is None and "https://" not in r.body]
    assert unsourced == []

