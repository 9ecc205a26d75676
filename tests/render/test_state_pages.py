"""Pages that show state: "Open nu", the agenda, type pages, resource pages (no MkDocs)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from generator.link.graph import build_graph
from generator.load.repository import check_repository
from generator.model.models import SOORTEN
from generator.pipeline import run as run_pipeline
from generator.render.pages import navigation
from generator.settings import Settings
from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, copy_repository

LATER = "2027-06-01"  # every scheme of the fixture closed, every event past


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The generated docs tree of the fixture site on two build dates."""
    found = {}
    for day in (FIXTURE_DATE, LATER):
        root = copy_repository(FIXTURE_SITE, tmp_path_factory.mktemp(day) / "repo")
        result = run_pipeline(Settings(root=root, today=date.fromisoformat(day)), "tree")
        assert result.ok, result.report.format_text()
        found[day] = root / "build" / "docs"
    return found


def page(trees: dict[str, Path], day: str, path: str) -> str:
    return (trees[day] / path).read_text("utf-8")


def test_open_now_is_on_home_and_group_pages_when_something_is_open(trees: dict[str, Path]) -> None:
    home = page(trees, FIXTURE_DATE, "index.md")
    assert "## Open nu" in home
    block = home.split("## Open nu")[1].split("</ul>")[0]
    assert "Stimuleringsregeling ouderenwoningen" in block and "Regiodag dakloosheid Noord" in block
    assert "Regeling huisvesting aandachtsgroepen 2025" not in block  # closed
    ouderen = page(trees, FIXTURE_DATE, "doelgroepen/ouderen/index.md")
    assert "## Open nu" in ouderen and "Stimuleringsregeling ouderenwoningen" in ouderen


def test_open_now_is_hidden_when_nothing_is_open(trees: dict[str, Path]) -> None:
    pages = ["index.md", *(p.relative_to(trees[LATER]).as_posix()
                           for p in (trees[LATER] / "doelgroepen").glob("*/index.md"))]
    for path in pages:
        text = page(trees, LATER, path)
        assert "Open nu" not in text, path
        assert "kp-open-nu" not in text, path
    statushouders = page(trees, FIXTURE_DATE, "doelgroepen/statushouders/index.md")
    assert "## Open nu" not in statushouders  # its only scheme is closed, its only event past


def test_empty_agenda_is_one_line_then_partner_pages(trees: dict[str, Path]) -> None:
    agenda = page(trees, LATER, "agenda/index.md")
    body = agenda.split("# Agenda\n\n", 1)[1]
    assert body.startswith(
        "Er staan nu geen bijeenkomsten op het platform gepland.\n\n"
        "Kijk ook bij de partners: [webinars van het programma Een thuis voor iedereen "
        "(volkshuisvestingnederland.nl)](https://www.volkshuisvestingnederland.nl/onderwerpen/"
        "programma-een-thuis-voor-iedereen/webinars).\n")
    assert "## Binnenkort" not in agenda and "## Geweest" in agenda
    assert "## Binnenkort" in page(trees, FIXTURE_DATE, "agenda/index.md")


def test_past_events_offer_no_calendar_and_one_day_events_show_one_date(
        trees: dict[str, Path]) -> None:
    past = page(trees, FIXTURE_DATE, "agenda/webinar-taakstelling/index.md")
    assert "Zet in uw agenda" not in past and "Meld u aan" not in past
    assert "Geweest: 10 februari 2026" in past
    assert "<dt>Wanneer</dt>\n<dd>10 februari 2026, 10.00 tot 11.30 uur</dd>\n" in past
    coming = page(trees, FIXTURE_DATE, "agenda/regiodag-dakloosheid/index.md")
    assert "Zet in uw agenda" in coming


def test_type_pages_list_each_resource_once_with_its_groups(trees: dict[str, Path]) -> None:
    for index in trees[FIXTURE_DATE].glob("*/index.md"):
        if index.parent.name not in SOORTEN or index.parent.name == "agenda":
            continue
        text = index.read_text("utf-8")
        links = re.findall(r'^<li><strong><a href="([^"]+)">', text, re.M)
        assert links and len(links) == len(set(links)), index
    beleid = page(trees, FIXTURE_DATE, "beleid/index.md")
    assert beleid.count('href="programma-een-thuis/"') == 1
    assert '<span class="kp-label">Alle doelgroepen</span>' in beleid


def test_closed_schemes_are_listed_under_eerder(trees: dict[str, Path]) -> None:
    schemes = page(trees, FIXTURE_DATE, "financiele-regelingen/index.md")
    current, earlier = schemes.split("## Eerder")
    assert 'href="stimulering-ouderenwoningen/"' in current
    assert 'href="regeling-huisvesting-gesloten/"' in earlier


def test_related_and_mentioned_in_never_repeat_each_other(trees: dict[str, Path]) -> None:
    checked = 0
    for resource in trees[FIXTURE_DATE].glob("*/*/index.md"):
        text = resource.read_text("utf-8")
        if "## Gerelateerd" not in text or "## Genoemd in" not in text:
            continue
        related = text.split("## Gerelateerd")[1].split("## Genoemd in")[0]
        mentioned = text.split("## Genoemd in")[1]
        links = set(re.findall(r'href="([^"]+)"', related))
        assert links and links.isdisjoint(re.findall(r'href="([^"]+)"', mentioned)), resource
        checked += 1
    assert checked  # the fixture has pages with both


def test_every_resource_page_has_a_breadcrumb_and_leads_with_its_state(
        trees: dict[str, Path]) -> None:
    docs = trees[FIXTURE_DATE]
    for resource in docs.glob("*/*/index.md"):
        if resource.parent.parent.name in ("doelgroepen", "redactie"):
            continue
        text = resource.read_text("utf-8")
        assert '<nav class="kp-kruimelpad" aria-label="Kruimelpad"' in text, resource
    law = page(trees, FIXTURE_DATE, "wet-en-regelgeving/wet-versterking-regie/index.md")
    top = law.split("<div class=\"kp-kern\"")[0]
    assert '<span class="kp-staat kp-staat--in-werking">In werking sinds 1 januari 2025</span>' in top
    assert '<p class="kp-samenvatting">' in top
    assert "<dt>Tekst</dt>\n<dd>Actueel</dd>\n" in law and "<dt>Status</dt>" not in law


def test_editors_page_is_outside_the_search_index_and_navigation(trees: dict[str, Path]) -> None:
    report = page(trees, FIXTURE_DATE, "redactie/rapport/index.md")
    assert "zoekbaar" not in report.split("---")[1]
    today = date.fromisoformat(FIXTURE_DATE)
    nav = str(navigation(build_graph(check_repository(FIXTURE_SITE, today).content, today)))
    assert "redactie/rapport" not in nav
    assert "{'Soorten bronnen': [{'Alle soorten': 'soorten/index.md'}" in nav
    assert "'open-nu/index.md'" in nav
