"""The generated tree builds unchanged with MkDocs and ProperDocs, to the same site.

Each renderer builds the fixture site through ``kennispunt build --renderer``. Compared: the set
of pages, every page's article (text and links), our own link check and the search index.
ProperDocs (a continuation of MkDocs 1.x with the same theme) writes the same bytes but for
its generator tag. Zensical builds the tree too, but the post-build gate refuses its pages
until the theme and the gate are ported (README, "Renderer"); that is tested as it is.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from generator.publish.sitecheck import check_internal_links
from generator.settings import DEFAULT_SITE_URL
from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, BuildSite, copy_repository, run_kennispunt

pytestmark = [pytest.mark.slow, pytest.mark.renderers]
PORTED = ("mkdocs", "properdocs")


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def pages(site: Path) -> list[str]:
    return sorted(p for p in files(site) if p.endswith(".html"))


def article(path: Path) -> tuple[str, list[str]]:
    """A page's article (the body of a page without one, such as the editing screen): its text,
    whitespace normalised, and every href/src/action in it."""
    tree = LexborHTMLParser(path.read_text("utf-8"))
    node = tree.css_first("article") or tree.body
    assert node is not None, path
    text = re.sub(r"\s+", " ", node.text(separator=" ")).strip()
    links = [str(n.attributes.get("href") or n.attributes.get("src") or n.attributes.get("action"))
             for n in node.css("[href], [src], [action]")]
    return text, links


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sites(build_with_renderer: BuildSite) -> dict[str, Path]:
    return {name: build_with_renderer(name) / "site" for name in PORTED}


def test_same_pages(sites: dict[str, Path]) -> None:
    assert len(pages(sites["mkdocs"])) > 30
    assert pages(sites["properdocs"]) == pages(sites["mkdocs"])


def test_every_page_says_the_same_and_links_the_same(sites: dict[str, Path]) -> None:
    mkdocs, properdocs = sites["mkdocs"], sites["properdocs"]
    differ = [rel for rel in pages(mkdocs) if article(mkdocs / rel) != article(properdocs / rel)]
    assert differ == []


def test_properdocs_writes_the_same_bytes_but_for_the_generator_tag(sites: dict[str, Path]) -> None:
    mkdocs, properdocs = sites["mkdocs"], sites["properdocs"]
    assert files(properdocs) == files(mkdocs)
    tag = re.compile(rb'<meta name="generator" content="[^"]*">')
    differ = [rel for rel in sorted(files(mkdocs))
              if tag.sub(b"", (mkdocs / rel).read_bytes()) != tag.sub(b"", (properdocs / rel).read_bytes())]
    assert differ == []


@pytest.mark.parametrize("renderer", PORTED)
def test_no_broken_internal_link(sites: dict[str, Path], renderer: str) -> None:
    assert check_internal_links(sites[renderer], DEFAULT_SITE_URL) == []


def test_the_search_index_is_the_same_whatever_the_renderer(sites: dict[str, Path]) -> None:
    """Same article HTML in, same Pagefind index out: the renderer cannot change search."""
    assert digest(sites["properdocs"] / "pagefind") == digest(sites["mkdocs"] / "pagefind")


def test_zensical_runs_and_its_refusal_is_reported_not_hidden(tmp_path: Path) -> None:
    """Zensical 0.0.73 builds the tree, but not yet to a site we publish: its pages carry inline
    scripts the post-build gate does not allow (README, "Renderer"). The build must say so, in
    Dutch, without a traceback, and leave no search index. When this test fails because the
    build passes, the Zensical port is done: replace this test by the comparisons above."""
    root = copy_repository(FIXTURE_SITE, tmp_path / "zensical")
    done = run_kennispunt("build", "--map", str(root), "--datum", FIXTURE_DATE,
                          "--renderer", "zensical")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "  Zensical…" in done.stdout
    assert (root / "site" / "index.html").is_file()  # Zensical did build
    assert "script-niet-toegestaan" in done.stdout
    assert "De site is niet klaar om te publiceren" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not (root / "site" / "pagefind").exists()
