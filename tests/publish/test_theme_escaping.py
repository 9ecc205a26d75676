"""Contributor text with markup stays text in every page the theme prints it on.

A real build (generator, MkDocs, the gate, Pagefind) of the fixture site where a resource's
title and summary, a group's name and a site page's title carry hostile markup; every built page
is then parsed by an HTML5 parser (Lexbor, as the gate uses) and judged as a browser would see it.
"""

from __future__ import annotations

import json
import re
import subprocess
from importlib.resources import files
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, ROOT, copy_repository, run_kennispunt

pytestmark = pytest.mark.slow

HOSTILE = '</title><img src=x onerror=alert(1)>"><script>alert(2)</script><b>vet</b> & co'
RESOURCE_TITLE, RESOURCE_SUMMARY = f"Bron {HOSTILE}", f"Samenvatting {HOSTILE}"
GROUP_NAME, GROUP_SUMMARY = HOSTILE, f"Groepsamenvatting {HOSTILE}"
PAGE_TITLE = f"Pagina {HOSTILE}"
TOC_HEADING = "Kop <b>vet</b> & co"
SITE_NAME = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["site_name"]


def _set_field(path: Path, key: str, value: str) -> None:
    text = path.read_text("utf-8")
    changed = re.sub(rf"^{key}:.*$", lambda _: f"{key}: {json.dumps(value)}", text, count=1,
                     flags=re.MULTILINE)
    assert changed != text, f"{key} niet gevonden in {path}"
    path.write_text(changed, "utf-8")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory,
                  ) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = copy_repository(FIXTURE_SITE, tmp_path_factory.mktemp("vijandig"))
    resource = root / "content" / "handreikingen" / "woonwensen-peilen.md"
    _set_field(resource, "titel", RESOURCE_TITLE)
    _set_field(resource, "samenvatting", RESOURCE_SUMMARY)
    resource.write_text(resource.read_text("utf-8") + "\n## Kop `<b>vet</b>` & co\n\nTekst.\n", "utf-8")
    _set_field(root / "groups" / "ouderen.md", "naam", GROUP_NAME)
    _set_field(root / "groups" / "ouderen.md", "samenvatting", GROUP_SUMMARY)
    _set_field(root / "content" / "paginas" / "over.md", "titel", PAGE_TITLE)
    # Breadcrumbs and previous/next links print titles too: switch them on for this build.
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "    - navigation.top\n", "    - navigation.top\n    - navigation.path\n    - navigation.footer\n"),
        "utf-8")
    return root, run_kennispunt("build", "--map", str(root), "--datum", FIXTURE_DATE)


def pages(root: Path) -> dict[str, LexborHTMLParser]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): LexborHTMLParser(p.read_bytes(), scripting=True)
            for p in sorted(site.rglob("*.html"))}


def page(root: Path, address: str) -> LexborHTMLParser:
    return LexborHTMLParser((root / "site" / address / "index.html").read_bytes(), scripting=True)


def text(node: LexborNode | None) -> str:
    assert node is not None
    return " ".join(node.text(deep=True).split())


def test_the_build_and_its_gate_pass(hostile_build: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    _, done = hostile_build
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_element_or_attribute_comes_from_contributor_text(
        hostile_build: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    problems = []
    for address, doc in pages(hostile_build[0]).items():
        for node in doc.css("*"):
            problems += [f"{address}: <{node.tag} {name}>" for name in node.attributes
                         if name.startswith("on") or name.startswith('"')]
        problems += [f"{address}: <img src=x>" for node in doc.css('img[src="x"]')]
        problems += [f"{address}: <script>alert" for node in doc.css("script") if "alert" in node.text()]
        problems += [f"{address}: <b>vet</b>" for node in doc.css("b") if node.text() == "vet"]
        if len(doc.css("title")) != 1 or len(doc.css('meta[name="description"]')) > 1:
            problems.append(f"{address}: title or description split")
    assert problems == []


def test_title_description_and_header_show_the_literal_text(
        hostile_build: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root = hostile_build[0]
    for address, title, summary in (("handreikingen/woonwensen-peilen", RESOURCE_TITLE, RESOURCE_SUMMARY),
                                    ("doelgroepen/ouderen", GROUP_NAME, GROUP_SUMMARY),
                                    ("over", PAGE_TITLE, None)):
        doc = page(root, address)
        assert text(doc.css_first("title")) == f"{title} - {SITE_NAME}"
        assert text(doc.css_first('[data-md-component="header-topic"]')) == title
        if summary:
            description = doc.css_first('meta[name="description"]')
            assert description is not None and description.attributes["content"] == summary


def test_navigation_labels_show_the_literal_text(
        hostile_build: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    footers: list[str] = []
    shown: dict[str, set[str]] = {GROUP_NAME: set(), PAGE_TITLE: set()}
    for address, doc in pages(hostile_build[0]).items():
        if address == "bijdragen/bewerken/index.html":  # the editing screen: a tool without the theme
            continue
        labels = {text(a) for a in doc.css(".md-nav--primary a.md-nav__link")}
        for label, where in shown.items():
            if label in labels:
                where.add(address)
        nav = doc.css_first(".md-nav--primary")
        assert nav is not None and not nav.css("img, script, b"), address  # nothing became markup
        footers += [text(a) for a in doc.css(".md-footer__link .md-ellipsis")]
    # navigation.prune: a section's pages are listed on the pages of that section
    assert {"doelgroepen/index.html", "doelgroepen/ouderen/index.html"} <= shown[GROUP_NAME]
    assert "over/index.html" in shown[PAGE_TITLE]
    assert GROUP_NAME in footers and PAGE_TITLE in footers


def test_toc_labels_are_escaped_once(hostile_build: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    doc = page(hostile_build[0], "handreikingen/woonwensen-peilen")
    labels = [text(a) for a in doc.css(".md-nav--secondary a.md-nav__link")]
    assert TOC_HEADING in labels


MATERIAL_TEMPLATES = Path(str(files("material"))) / "templates"


def render_macro(partial: str, call: str, nav_item: SimpleNamespace) -> LexborHTMLParser:
    """One macro of an override partial, rendered as MkDocs would (no autoescaping)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(
        [ROOT / "theme" / "overrides", MATERIAL_TEMPLATES]))
    env.filters["url"] = lambda value: value
    template = env.from_string(f'{{% import "{partial}" as item with context %}}{call}')
    return LexborHTMLParser(template.render(nav_item=nav_item, features=[]), is_fragment=True)


@pytest.mark.parametrize("partial", ["partials/tabs-item.html", "partials/path-item.html"])
def test_tab_and_breadcrumb_labels_are_escaped(partial: str) -> None:
    """The generated navigation never puts contributor text in a tab or a breadcrumb, so these
    two partials are checked on their own."""
    nav_item = SimpleNamespace(title=HOSTILE, url="x/", children=None, active=False,
                               is_index=False, meta={})
    doc = render_macro(partial, "{{ item.render(nav_item) }}", nav_item)
    assert doc.css("img, script, b") == []
    assert text(doc.css_first("a")) == HOSTILE
