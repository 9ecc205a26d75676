"""The site graph: related items, backlinks and agenda, built by one pure function."""

from __future__ import annotations

from datetime import date

from generator.link.graph import build_graph
from generator.load.repository import check_repository
from tests.conftest import FIXTURE_SITE

TODAY = date(2026, 6, 1)


def test_graph_related_never_contains_itself_and_is_capped() -> None:
    content = check_repository(FIXTURE_SITE, TODAY).content
    graph = build_graph(content, TODAY)
    for rid, related in graph.related.items():
        ids = [r.id for r in related]
        assert rid not in ids and len(ids) <= 6 and len(set(ids)) == len(ids)
