"""The generated tree builds unchanged with MkDocs, ProperDocs and Zensical, to the same site.

Each renderer builds the fixture site through ``kennispunt build --renderer`` (which runs the
post-build gate and our own link check on each). Compared: the set of pages, every page's
article (text, and links as the browser resolves them), our own link check and the search
index. ProperDocs (a continuation of MkDocs 1.x with the same theme) writes the same bytes but
for its generator tag; Zensical writes its own theme around the same articles.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from selectolax.lexbor import LexborHTMLParser

from generator.publish.gate import check_site
from generator.publish.sitecheck import check_internal_links
from generator.settings import DEFAULT_SITE_URL
from tests.conftest import BuildSite

pytestmark = [pytest.mark.slow, pytest.mark.renderers]
RENDERERS = ("mkdocs", "properdocs", "zensical")
OTHERS = RENDERERS[1:]


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def pages(site: Path) -> list[str]:
    return sorted(p for p in files(site) if p.endswith(".html"))


def article(site: Path, page: str) -> tuple[str, list[str]]:
    """A page's article (the body of a page without one, such as the editing screen): its text,
    whitespace normalised, and every href/src/action in it as the browser resolves it on the
    served page (``/kennisplatform/.`` and ``/kennisplatform/`` are one address)."""
    tree = LexborHTMLParser((site / page).read_text("utf-8"))
    node = tree.css_first("article") or tree.body
    assert node is not None, page
    text = re.sub(r"\s+", " ", node.text(separator=" ")).strip()
    here = urljoin(DEFAULT_SITE_URL, page)
    links = [urljoin(here, str(n.attributes.get("href") or n.attributes.get("src")
                               or n.attributes.get("action")))
             for n in node.css("[href], [src], [action]")]
    return text, links


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sites(build_with_renderer: BuildSite) -> dict[str, Path]:
    return {name: build_with_renderer(name) / "site" for name in RENDERERS}


@pytest.mark.parametrize("renderer", OTHERS)
def test_same_pages(sites: dict[str, Path], renderer: str) -> None:
    assert len(pages(sites["mkdocs"])) > 30
    assert pages(sites[renderer]) == pages(sites["mkdocs"])


@pytest.mark.parametrize("renderer", OTHERS)
def test_every_page_says_the_same_and_links_the_same(sites: dict[str, Path], renderer: str) -> None:
    mkdocs, other = sites["mkdocs"], sites[renderer]
    differ = [rel for rel in pages(mkdocs) if article(mkdocs, rel) != article(other, rel)]
    assert differ == []


def test_properdocs_writes_the_same_bytes_but_for_the_generator_tag(sites: dict[str, Path]) -> None:
    mkdocs, properdocs = sites["mkdocs"], sites["properdocs"]
    assert files(properdocs) == files(mkdocs)
    tag = re.compile(rb'<meta name="generator" content="[^"]*">')
    differ = [rel for rel in sorted(files(mkdocs))
              if tag.sub(b"", (mkdocs / rel).read_bytes()) != tag.sub(b"", (properdocs / rel).read_bytes())]
    assert differ == []


@pytest.mark.parametrize("renderer", RENDERERS)
def test_no_broken_internal_link(sites: dict[str, Path], renderer: str) -> None:
    assert check_internal_links(sites[renderer], DEFAULT_SITE_URL) == []


@pytest.mark.parametrize("renderer", RENDERERS)
def test_every_page_passes_the_gate(sites: dict[str, Path], renderer: str) -> None:
    """The build ran the gate already; checked here again so a skipped gate cannot hide."""
    assert check_site(sites[renderer], DEFAULT_SITE_URL) == []


@pytest.mark.parametrize("renderer", OTHERS)
def test_the_search_index_is_the_same_whatever_the_renderer(sites: dict[str, Path],
                                                            renderer: str) -> None:
    """Same article HTML in, same Pagefind index out: the renderer cannot change search."""
    assert digest(sites[renderer] / "pagefind") == digest(sites["mkdocs"] / "pagefind")


@pytest.mark.parametrize("renderer", RENDERERS)
def test_the_search_page_loads_its_script_from_the_site_root(sites: dict[str, Path],
                                                             renderer: str) -> None:
    """zoeken.js comes from main.html, so every renderer writes the same src, inside the site."""
    tree = LexborHTMLParser((sites[renderer] / "zoeken" / "index.html").read_text("utf-8"))
    sources = [n.attributes.get("src") for n in tree.css("script[src$='zoeken.js']")]
    assert sources == ["../assets/javascripts/zoeken.js"]


@pytest.mark.parametrize("renderer", RENDERERS)
def test_the_skip_link_has_its_target(sites: dict[str, Path], renderer: str) -> None:
    for rel in ("index.html", "handreikingen/woonwensen-peilen/index.html"):
        tree = LexborHTMLParser((sites[renderer] / rel).read_text("utf-8"))
        skip = tree.css_first("a.md-skip")
        assert skip is not None, rel
        target = str(skip.attributes.get("href"))
        assert target.startswith("#") and tree.css_first(f'[id="{target[1:]}"]') is not None, rel


@pytest.mark.parametrize("renderer", RENDERERS)
def test_one_palette_no_toggle(sites: dict[str, Path], renderer: str) -> None:
    html = (sites[renderer] / "index.html").read_text("utf-8")
    assert 'data-md-component="palette"' not in html and "__palette" not in html
