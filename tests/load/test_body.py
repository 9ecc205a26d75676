"""Bodies through the real renderer: what Python-Markdown makes, what nh3 keeps, and why."""

from __future__ import annotations

import pytest

from generator.load.body import (
    DEFAULT_SETUP,
    MAX_NESTING,
    MarkdownSetup,
    render_body,
    resolve_link,
)
from generator.load.sanitize import normalized, sanitize_html, url_scheme
from generator.settings import markdown_setup, read_mkdocs_config
from tests.conftest import ROOT


def targets(body: str) -> list[str]:
    return [link.target for link in render_body(body).links]


def codes(body: str) -> list[str]:
    return [finding.code for finding in render_body(body).findings]


def test_default_setup_is_the_sites_own() -> None:
    site = markdown_setup(ROOT)
    assert (site.extensions, dict(site.configs)) == (DEFAULT_SETUP.extensions, dict(DEFAULT_SETUP.configs))
    assert MarkdownSetup.from_config(read_mkdocs_config(ROOT)).extensions == site.extensions


def test_links_as_the_renderer_sees_them() -> None:
    body = (
        "Zie [de wet](../wet-en-regelgeving/wet.md) en ![foto](foto.png \"titel\").\n"
        "Een [verwijzing][ref] en <https://www.example.nl/a>.\n"
        "\n"
        "[ref]: ../handreikingen/ref.md\n"
    )
    assert targets(body) == ["../wet-en-regelgeving/wet.md", "foto.png", "../handreikingen/ref.md",
                             "https://www.example.nl/a"]


def test_link_places_are_the_nearest_occurrence_in_the_source() -> None:
    body = "Eerste regel.\n\nTweede [link](doel.md) en [nog een](../x.md#kop) en [weer](doel.md)\n"
    first, second, third = render_body(body).links
    assert (first.line, first.column) == (3, 15)
    assert (second.line, second.column, second.target) == (3, 37, "../x.md#kop")
    assert (third.line, third.column) == (3, 60)


@pytest.mark.parametrize("body", [
    "`[geen](a.md)`", "``[ook `geen`](b.md)``", "    [geen](c.md)\n", "```\n[geen](e.md)\n```",
    "```\n\n[wel een link](d.md)\n",
])
def test_code_is_code_exactly_where_python_markdown_says(body: str) -> None:
    # Without the fenced_code extension ``` opens a code span, not a fence: a fence that is
    # never closed holds nothing. Only what the renderer makes counts.
    expected = ["d.md"] if "d.md" in body else []
    assert targets(body) == expected


def test_steps_are_second_level_headings_numbered_like_the_page() -> None:
    # '##Zonder spatie' is a heading for Python-Markdown too; a heading in a list is no step.
    body = "Intro\n\n## Plan\n\n### Geen stap\n\n##Zonder spatie\n\n- ## in een lijst\n\n## Uitvoeren\n"
    rendered = render_body(body, DEFAULT_SETUP, "Titel", steps=True)
    assert rendered.steps == 3
    assert [h.id for h in rendered.headings if h.level == 2] == [
        "stap-1-plan", "stap-2-zonder-spatie", "in-een-lijst", "stap-3-uitvoeren"]


def test_a_heading_like_the_title_gets_the_anchor_mkdocs_gives_it() -> None:
    rendered = render_body("## Huisvesting\n", DEFAULT_SETUP, "Huisvesting")
    assert [h.id for h in rendered.headings] == ["huisvesting_1"]


@pytest.mark.parametrize("body, code, words", [
    ("<script>alert(1)</script>", "onveilige-html", "<script>"),
    ("<SCRIPT src=x></SCRIPT>", "onveilige-html", "<script>"),
    ('<iframe src="https://example.org"></iframe>', "onveilige-html", "<iframe>"),
    ("<object data=x></object>", "onveilige-html", "<object>"),
    ("<embed src=x>", "onveilige-html", "<embed>"),
    ("<form action=x></form>", "onveilige-html", "<form>"),
    ("<style>body{}</style>", "onveilige-html", "<style>"),
    ("<svg onload=alert(1)>", "onveilige-html", "<svg>"),
    ("<base href=x>", "onveilige-html", "<base>"),
    ("<meta http-equiv=refresh content=0>", "onveilige-html", "<meta>"),
    ('<a href="#" onclick="x()">a</a>', "onveilige-html", "onclick"),
    ("<img src=x onerror=alert(1)>", "onveilige-html", "onerror"),
    ('<div ONMOUSEOVER="x">a</div>', "onveilige-html", "onmouseover"),
    ("[a](javascript:alert(1))", "onveilige-link", "javascript:"),
    ('<a href="java\tscript:alert(1)">a</a>', "onveilige-link", "javascript:"),
    ("[a](&#106;avascript:alert(1))", "onveilige-link", "javascript:"),
    ("[a](data:text/html,x)", "onveilige-link", "data:"),
    ("[a]( vbscript:x)", "onveilige-link", "vbscript:"),
    ('<div style="background:url(x)">a</div>', "onveilige-html", "style"),
    ("<p data-pagefind-meta='title:x'>y</p>", "onveilige-html", "data-pagefind-meta"),
    ('<h2 id="__config">x</h2>', "onveilige-html", "'id'"),
    ("!!! evil\n    x", "onveilige-html", "evil"),
    ("![](https://tracker.example/p.gif)", "externe-afbeelding", "andere site"),
    ("<!--> <img src=x onerror=alert(1)>", "onveilige-html", "onerror"),
    ("<![CDATA[ >\n<iframe src=x></iframe>", "onveilige-html", "<iframe>"),
    ("```\n<script>alert(1)</script>", "onveilige-html", "<script>"),
    ("```python foo bar\n<script>alert(1)</script>\n```", "onveilige-html", "<script>"),
    ("\\`<script>alert(1)</script>\\`", "onveilige-html", "<script>"),
    ("`code\n\n<script>alert(1)</script>`", "onveilige-html", "<script>"),
    ("[tekst\nover twee regels](javascript:alert(1))", "onveilige-link", "javascript:"),
    ("[a [b [c]]](javascript:alert(1))", "onveilige-link", "javascript:"),
    ("[x][r]\n\n[r]:\n  javascript:alert(1)", "onveilige-link", "javascript:"),
    ("<body onload=alert(1)>", "onveilige-html", ""),
])
def test_what_sanitising_removes_is_reported(body: str, code: str, words: str) -> None:
    findings = render_body(f"Tekst\n\n{body}\n").findings
    assert findings, body
    assert any(f.code == code and words in f.message for f in findings), findings
    assert all(f.line >= 1 for f in findings)


@pytest.mark.parametrize("body", [
    "<br>", "<abbr title='Wet maatschappelijke ondersteuning'>Wmo</abbr>", "<sup>2</sup>",
    '<a href="https://example.nl">a</a>', '<a href="../x.md">x</a>', "<!-- notitie voor de redactie -->",
    "a < b en c > d", "`<script>`", "    <script>\n", "Noot[^1]\n\n[^1]: Tekst",
    "|a|b|\n|:-|-:|\n|1|2|", '!!! note "Let op"\n    tekst', "Term\n:   Uitleg",
    "<div markdown>\n*nadruk*\n</div>", "[mail](mailto:a@example.nl)", "![foto](foto.png)",
])
def test_harmless_markdown_and_html_pass(body: str) -> None:
    assert render_body(body).findings == ()


def test_finding_lines_point_at_the_source() -> None:
    [finding] = render_body("regel\n  tekst <iframe></iframe>\n").findings
    assert (finding.line, finding.column) == (2, 9)


def test_what_reaches_the_page_is_the_sanitised_html() -> None:
    rendered = render_body('Tekst <img src=x onerror="alert(1)"> [a](javascript:x) <script>y</script>')
    assert "onerror" not in rendered.html and "javascript" not in rendered.html
    assert "<script" not in rendered.html and "alert" not in rendered.html
    assert sanitize_html(rendered.html) == rendered.html  # idempotent


def test_a_clean_body_reaches_the_page_unchanged() -> None:
    body = "## Kop\n\nTekst met **nadruk**, [link](https://example.nl) en `code`.\n\n- a\n- b\n"
    from generator.load.body import _convert
    raw = _convert(body, DEFAULT_SETUP, "", False)
    assert normalized(render_body(body).html) == normalized(raw)


def test_limits_come_before_rendering() -> None:
    assert codes("- " * 2400 + "x") == ["te-diep-genest"]
    assert codes(">" * (MAX_NESTING + 1) + " x") == ["te-diep-genest"]
    assert codes("a" * 6000) == []  # the whole-file character check reports long lines
    assert codes(("woord " * 12 + "\n") * 3000) == ["tekst-te-lang"]
    assert codes("- - - x") == []


@pytest.mark.parametrize("depth", [60, 400])
def test_deep_html_never_raises(depth: int) -> None:
    rendered = render_body("<div>" * depth + "x" + "</div>" * depth)
    assert isinstance(rendered.findings, tuple)


@pytest.mark.parametrize("target, scheme", [
    ("javascript:alert(1)", "javascript"), ("JAVASCRIPT:x", "javascript"), (" java\nscript:x", "javascript"),
    ("&#106;avascript:x", "javascript"), ("data:text/html,x", "data"), ("https://example.nl", "https"),
    ("../a.md", ""), ("#kop", ""), ("a.md?x=javascript:", ""),
])
def test_url_scheme_as_browsers_read_it(target: str, scheme: str) -> None:
    assert url_scheme(target) == scheme


@pytest.mark.parametrize("target, expected", [
    ("../stappenplannen/a.md", "content/stappenplannen/a.md"),
    ("b.md#kop", "content/handreikingen/b.md"),
    ("../../groups/ouderen.md?x=1", "groups/ouderen.md"),
    ("./c.png", "content/handreikingen/c.png"),
])
def test_resolve_link(target: str, expected: str) -> None:
    assert resolve_link("content/handreikingen/x.md", target) == expected


def test_prefetched_bodies_are_what_rendering_them_here_gives() -> None:
    # check starts rendering every body on the other cores before validation (with the
    # title as written); whatever it hands over must be what rendering here gives.
    from generator.load import body as module

    jobs = [(f"## Stap {n}\n\nTekst <b>{n}</b> [link](../x-{n}.md#a) <script>x</script>\n",
             DEFAULT_SETUP, f"Titel {n}", n % 2 == 0) for n in range(module.PARALLEL_FROM + 10)]
    module.clear_body_cache()
    module.prefetch_bodies(jobs)
    handed_over = [render_body(*job) for job in jobs]
    assert not module._prefetched
    assert handed_over == [module._render(*job) for job in jobs]
    # A job that validation changed (another title) is rendered for what it is.
    changed = (jobs[0][0], DEFAULT_SETUP, "Andere titel", jobs[0][3])
    assert render_body(*changed) == module._render(*changed)
    module.clear_body_cache()
