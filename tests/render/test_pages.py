"""The render stage without MkDocs: registry, incremental writing, escaping."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.pipeline import run as run_pipeline
from generator.render.markup import md_text
from generator.render.output import Registry, TreeWriter, remove_stale
from generator.settings import Settings
from tests.conftest import FIXTURE_SITE, copy_repository

TODAY = date(2026, 6, 1)


def test_registry_refuses_two_pages_on_one_address() -> None:
    registry = Registry()
    registry.add("beleid/x.md", "een", "content/beleid/x.md")
    registry.add("beleid/X.md", "twee", "content/paginas/X.md")
    assert len(registry.files) == 1
    [problem] = registry.problems
    assert problem.code == "adresconflict"
    assert problem.path == "content/paginas/X.md" and "content/beleid/x.md" in problem.message


def test_tree_writer_rewrites_only_changed_files_and_stale_ones_go(tmp_path: Path) -> None:
    first = TreeWriter(tmp_path)
    first.add("a.md", "a", "s")
    first.add("b/c.md", "c", "s")
    assert [w.changed for w in first.written] == [True, True]
    before = (tmp_path / "a.md").stat().st_mtime_ns
    again = TreeWriter(tmp_path)
    again.add("a.md", "a", "s")
    again.add("d.md", "d", "s")
    again.add("b/c.md", "changed", "s")
    assert [w.changed for w in again.written] == [False, True, True]
    assert (tmp_path / "a.md").stat().st_mtime_ns == before
    assert (tmp_path / "b" / "c.md").read_text("utf-8") == "changed"
    assert remove_stale({"a.md", "d.md"}, tmp_path) == 1
    assert not (tmp_path / "b").exists()
    assert not list(tmp_path.rglob("*.tmp"))


def test_editing_one_resource_rewrites_few_pages(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    settings = Settings(root=root, today=TODAY)
    first = run_pipeline(settings, "tree")
    assert first.ok and first.written is not None
    target = root / "content" / "onderzoek" / "monitor-ouderenhuisvesting.md"
    target.write_text(target.read_text("utf-8") + "\nEen extra zin.\n", "utf-8")
    second = run_pipeline(settings, "tree")
    assert second.written is not None
    assert second.written.written == 1
    assert second.written.unchanged == first.written.written - 1


def test_titles_cannot_become_markup() -> None:
    assert md_text("<script>alert(1)</script> [x](y) *z*") == (
        "&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[x\\]\\(y\\) \\*z\\*")


def test_body_reaches_the_page_as_sanitised_html_with_headings_in_markdown() -> None:
    from generator.render.pages import page_fragments

    html = ('<p>Tekst &amp; <a href="../x/">link</a></p>\n<h2 id="stap-1-a">Stap 1: A &amp; *b*</h2>\n'
            "<ul>\n<li>een</li>\n</ul>\n")
    assert page_fragments(html) == (
        '<div class="kp-tekst">\n<p>Tekst &amp; <a href="../x/">link</a></p>\n</div>\n\n'
        "## Stap 1: A &amp; \\*b\\*\n\n"
        '<div class="kp-tekst">\n<ul>\n<li>een</li>\n</ul>\n</div>\n')


def test_relative_urls_between_served_pages() -> None:
    from generator.render.paths import relative_url

    assert relative_url("stappenplannen/a.md", "stappenplannen/b.md") == "../b/"
    assert relative_url("stappenplannen/a.md", "doelgroepen/x.md") == "../../doelgroepen/x/"
    assert relative_url("doelgroepen/x.md", "stappenplannen/foto.png") == "../../stappenplannen/foto.png"
    assert relative_url("over.md", "index.md") == "../"
    assert relative_url("index.md", "doelgroepen/index.md") == "doelgroepen/"
    assert relative_url("stappenplannen/a.md", "stappenplannen/a.md") == "./"


def test_relative_links_match_posixpath() -> None:
    import posixpath

    from generator.render.paths import relative

    pages = ["index.md", "zoeken.md", "handreikingen/x.md", "handreikingen/index.md",
             "doelgroepen/statushouders.md", "doelgroepen/statushouders/agenda.ics",
             "a/b/c.md", "a/b/d/e.md", "a/x.md", "feeds/nieuw.xml"]
    for source in pages:
        for target in pages:
            expected = posixpath.relpath(target, posixpath.dirname(source) or ".")
            assert relative(source, target) == expected, (source, target)


def test_long_stages_report_that_they_are_still_running(monkeypatch: pytest.MonkeyPatch) -> None:
    import time as real_time

    from generator import pipeline as publish

    monkeypatch.setattr(publish, "TICK_SECONDS", 0.05)
    said: list[str] = []
    timings: dict[str, float] = {}
    with publish._timed(timings, "MkDocs", said.append):
        real_time.sleep(0.3)
    assert said[0] == "MkDocs…"
    assert any(line.startswith("MkDocs: nog bezig (") for line in said[1:])
    assert timings["MkDocs"] >= 0.3


def test_front_matter_the_generator_writes_is_read_back_exactly() -> None:
    # MkDocs drops a page's whole meta (title, description, search data) when its YAML reader
    # refuses a character; what check lets through must survive, and escapes keep the rest.
    import yaml

    from generator.render.markup import yaml_text

    for text in ("gewoon", "é ü\u00a0«»", "a\ufffeb\uffff", "c\x85d\x7f\x80\x9f",
                 "l\u2028s\u2029", "tab\tnl\n\"q\" \\", "\U0001f3e0 \U0001fffe"):
        assert yaml.load(f"k: {yaml_text(text)}", Loader=yaml.SafeLoader) == {"k": text}, text
