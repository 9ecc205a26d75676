"""Search works with MkDocs and ProperDocs when the site is served only under /kennisplatform/.

The site is served below that path and nowhere else (as GitHub Pages serves it), so a script
or index reached through an address that leaves the path fails here.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import serve_under
from tests.browser.helpers import result_links, wait_for_results
from tests.conftest import BuildSite

pytestmark = [pytest.mark.browser, pytest.mark.renderers]
SUBPATH = "/kennisplatform/"


@pytest.mark.parametrize("renderer", ["mkdocs", "properdocs"])
def test_header_search_finds_results_under_the_site_path(page: Any, build_with_renderer: BuildSite,
                                                         renderer: str) -> None:
    site = build_with_renderer(renderer) / "site"
    with serve_under(site, SUBPATH) as base:
        failed: list[str] = []
        # Material's bundle probes for a sitemap.xml beside the page's feed links (feeds/); the
        # miss is harmless (it falls back to nothing) and the same at any path.
        page.on("response", lambda r: failed.append(r.url)
                if r.status >= 400 and not r.url.endswith("/feeds/sitemap.xml") else None)
        page.goto(base)
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
