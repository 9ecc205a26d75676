"""Search works with MkDocs, ProperDocs and Zensical when the site is served only under
/kennisplatform/, and no page asks for a file that is not there.

The site is served below that path and nowhere else (as GitHub Pages serves it), so a script
or index reached through an address that leaves the path fails here. Every response of 400 or
more and every request that fails counts: a missing file shows as an error in the console.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import serve_under
from tests.browser.helpers import result_links, wait_for_results
from tests.conftest import BuildSite

pytestmark = [pytest.mark.browser, pytest.mark.renderers]
SUBPATH = "/kennisplatform/"
RENDERERS = ["mkdocs", "properdocs", "zensical"]
# Pages with feed or calendar links in their head: home and a group (Atom and iCalendar), the
# agenda and an upcoming event (iCalendar).
PAGES_WITH_FEEDS = ["", "doelgroepen/ouderen/", "agenda/", "agenda/regiodag-dakloosheid/"]


def record_failures(page: Any) -> list[str]:
    """Every response with status >= 400 and every request that failed, as they happen."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}"))
    return failed


@pytest.fixture()
def served(build_with_renderer: BuildSite, request: pytest.FixtureRequest) -> Iterator[str]:
    site: Path = build_with_renderer(request.param) / "site"
    with serve_under(site, SUBPATH) as base:
        yield base


@pytest.mark.parametrize("served", RENDERERS, indirect=True)
def test_header_search_finds_results_under_the_site_path(page: Any, served: str) -> None:
    failed = record_failures(page)
    page.goto(served)
    page.fill("#kp-header-q", "vergunninghouders")
    page.press("#kp-header-q", "Enter")
    page.wait_for_url(f"**{SUBPATH}zoeken/?q=vergunninghouders")
    assert wait_for_results(page) > 0
    links = result_links(page)
    assert links and all(urlsplit(link).path.startswith(SUBPATH) for link in links), links
    page.click(".kp-resultaten a >> nth=0")
    page.wait_for_load_state()
    assert urlsplit(page.url).path.startswith(SUBPATH) and "/zoeken/" not in page.url
    assert failed == []
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in page.requested)


@pytest.mark.parametrize("served", RENDERERS, indirect=True)
def test_pages_with_a_feed_request_no_missing_file(page: Any, served: str) -> None:
    """Material's bundle (and Zensical's) asks for a sitemap.xml beside every
    <link rel="alternate">; the feed links say rel="alternate feed", which feed readers find
    and the bundle's exact match does not, so nothing asks for feeds/sitemap.xml."""
    failed = record_failures(page)
    for path in PAGES_WITH_FEEDS:
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
        links = page.locator('head link[rel~="alternate"]')
        assert links.count() > 0, path
        for href in links.evaluate_all("ls => ls.map(l => l.href)"):
            assert page.request.get(href).ok, href  # discovery still finds a file that is there
        feeds = page.locator('head link[rel~="alternate"][type="application/atom+xml"]').count()
        assert feeds == (0 if path.startswith("agenda/") else 1), path
    assert failed == []
    assert not any(url.endswith("/sitemap.xml") and SUBPATH + "sitemap.xml" not in url
                   for url in page.requested), page.requested
