"""Site graphs for the feed, calendar and open-data tests: the fixture site, pinned to a date,
and variants of it with hostile text or many resources."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from generator.link.graph import SiteGraph, build_graph
from generator.load.repository import check_repository
from generator.model.models import AgendaMeta, Content, Resource
from generator.render.output import Registry
from generator.settings import Settings

FIXTURE_SITE = Path(__file__).resolve().parent / "fixtures" / "site"
PINNED = date(2026, 6, 1)
HOSTILE = ('Wonen <b>&amp; </b> & ]]> "citaat" \'enkel\', komma; puntkomma \\ schuin\n'
           'nieuwe regel 🏠 مرحبا بكم שלום \u202e omgekeerd')

Renderer = Callable[[SiteGraph, Settings, Registry], None]


def fixture_content(today: date = PINNED) -> Content:
    """The validated fixture site; it must be clean on the pinned date."""
    checked = check_repository(FIXTURE_SITE, today)
    assert not checked.report.fails(strict=False), checked.report.diagnostics
    return checked.content


def fixture_graph(today: date = PINNED) -> SiteGraph:
    return build_graph(fixture_content(today), today)


def settings_for(today: date = PINNED) -> Settings:
    return Settings(root=FIXTURE_SITE, today=today)


def render(renderer: Renderer, graph: SiteGraph, today: date = PINNED) -> dict[str, bytes]:
    """The files one renderer registers, by docs path."""
    registry = Registry()
    renderer(graph, settings_for(today), registry)
    assert registry.problems == []
    return {path: item.data for path, item in registry.files.items()}


def hostile_graph(today: date = PINNED) -> SiteGraph:
    """The fixture site with hostile text in every title, summary and place."""
    content = fixture_content(today)
    resources = tuple(_hostile(r) for r in content.resources)
    return build_graph(dataclasses.replace(content, resources=resources), today)


def _hostile(resource: Resource) -> Resource:
    update: dict[str, object] = {"titel": f"{HOSTILE} {resource.id}",
                                 "samenvatting": f"Samenvatting: {HOSTILE}"}
    if isinstance(resource.meta, AgendaMeta) and not resource.meta.online:
        update["locatie"] = f"Zaal {HOSTILE}, Utrecht; ingang B"
    return dataclasses.replace(resource, meta=resource.meta.model_copy(update=update))


def crowded_graph(count: int, today: date = PINNED) -> SiteGraph:
    """The fixture site plus ``count`` handreikingen for every group, one day apart."""
    content = fixture_content(today)
    model = next(r for r in content.resources if r.soort == "handreikingen")
    extra = tuple(
        dataclasses.replace(
            model, id=f"extra-{i:03d}", path=f"content/handreikingen/extra-{i:03d}.md",
            meta=model.meta.model_copy(update={
                "titel": f"Extra handreiking {i:03d}", "doelgroepen": ["alle"],
                "datum": date(2025, 1, 1) + timedelta(days=i), "gecontroleerd": None,
                "gerelateerd": []}))
        for i in range(count))
    return build_graph(dataclasses.replace(content, resources=content.resources + extra), today)
