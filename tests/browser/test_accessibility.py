"""axe-core (WCAG 2.0/2.1 A and AA) on the main kinds of page, search results included."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import open_search

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = ["", "doelgroepen/statushouders/", "handreikingen/taakstelling-statushouders/", "agenda/", "dekking/"]


def violations(page: Any) -> str:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return results.generate_report() if results.violations_count else ""


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_violations(page: Any, fixture_url: str, path: str) -> None:
    page.goto(fixture_url + path)
    assert violations(page) == ""


def test_search_results_have_no_violations(page: Any, fixture_url: str) -> None:
    assert open_search(page, fixture_url, q="wonen", doelgroep=["Ouderen"]) > 0
    assert violations(page) == ""
