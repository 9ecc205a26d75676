"""Reading bodies: links with their places, steps, and raw HTML that could run code."""

from __future__ import annotations

import pytest

from generator.body import (
    count_steps,
    find_links,
    find_unsafe_html,
    mask_code,
    resolve_link,
    unsafe_scheme,
)


def targets(body: str) -> list[str]:
    return [link.target for link in find_links(body)]


def test_inline_reference_autolink_and_image_links() -> None:
    body = (
        "Zie [de wet](../wet-en-regelgeving/wet.md) en ![foto](foto.png \"titel\").\n"
        "Een [verwijzing][ref] en <https://www.example.nl/a>.\n"
        "\n"
        "[ref]: ../handreikingen/ref.md\n"
        "Spatie: [x]( <met spatie.md> )\n"
    )
    assert targets(body) == [
        "../wet-en-regelgeving/wet.md", "foto.png", "https://www.example.nl/a",
        "../handreikingen/ref.md", "met spatie.md",
    ]


def test_link_positions_are_one_based_within_the_body() -> None:
    body = "Eerste regel.\n\nTweede [link](doel.md) en [nog een](../x.md#kop)\n"
    first, second = find_links(body)
    assert (first.line, first.column) == (3, 15)
    assert body[first.start:first.end] == "doel.md"
    assert (second.line, second.column, second.target) == (3, 37, "../x.md#kop")


def test_links_with_parentheses_and_nested_brackets() -> None:
    assert targets("[a [b] c](https://example.nl/a_(b)) [x](y.md)") == ["https://example.nl/a_(b)", "y.md"]


def test_links_in_code_are_not_links() -> None:
    body = (
        "`[geen](a.md)` en ``[ook `geen`](b.md)``\n"
        "```\n[geen](c.md)\n```\n"
        "~~~python\n[geen](d.md)\n~~~\n"
        "    ```\n"
        "[wel](e.md)\n"
    )
    assert targets(body) == ["e.md"]


def test_unclosed_fence_masks_to_the_end() -> None:
    assert targets("```\n[geen](a.md)\n") == []


def test_mask_code_keeps_offsets() -> None:
    body = "a `code` b\n```\nx\n```\nc"
    masked = mask_code(body)
    assert len(masked) == len(body)
    assert masked.count("\n") == body.count("\n")
    assert "code" not in masked and masked.endswith("c")


def test_no_links_fast_path() -> None:
    assert find_links("Gewone tekst zonder links.") == ()


def test_scheme_property() -> None:
    [link] = find_links("[x](HTTPS://example.nl)")
    assert link.scheme == "https"
    [link] = find_links("[x](../a.md)")
    assert link.scheme == ""


def test_count_steps() -> None:
    body = "Intro\n## Stap 1\n### Geen stap\n##Geen stap\n```\n## Geen stap\n```\n## Stap 2\n #Geen\n"
    assert count_steps(body) == 2
    assert count_steps("") == 0


@pytest.mark.parametrize("html, words", [
    ("<script>alert(1)</script>", "<script>"),
    ("<SCRIPT src=x></SCRIPT>", "<script>"),
    ('<iframe src="https://example.org"></iframe>', "<iframe>"),
    ("<object data=x></object>", "<object>"),
    ("<embed src=x>", "<embed>"),
    ("<form action=x></form>", "<form>"),
    ("<style>body{}</style>", "<style>"),
    ("<svg onload=alert(1)>", "<svg>"),
    ("<math></math>", "<math>"),
    ("<base href=x>", "<base>"),
    ("<meta http-equiv=refresh content=0>", "<meta>"),
    ('<a href="#" onclick="x()">a</a>', "onclick"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ('<div ONMOUSEOVER="x">', "onmouseover"),
    ('<a href="javascript:alert(1)">a</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">a</a>', "javascript:"),
    ('<a href="java\tscript:alert(1)">a</a>', "javascript:"),
    ('<a href="jav&#x09;ascript:alert(1)">a</a>', "javascript:"),
    ('<a href="&#106;avascript:alert(1)">a</a>', "javascript:"),
    ('<img src="data:image/svg+xml,<svg/onload=alert(1)>">', "data:"),
    ('<a href=" vbscript:x">a</a>', "vbscript:"),
    ('<div style="background:url(javascript:x)">', "style"),
    ("<img/src=x\nonerror=alert(1)>", "onerror"),
])
def test_unsafe_html_is_found(html: str, words: str) -> None:
    problems = find_unsafe_html(f"Tekst\n\n{html}\n")
    assert problems, html
    assert any(words in p.message for p in problems)
    assert problems[0].line == 3


@pytest.mark.parametrize("html", [
    "<br>", "<abbr title='Wet maatschappelijke ondersteuning'>Wmo</abbr>", "<sup>2</sup>",
    '<a href="https://example.nl">a</a>', '<a href="../x.md">x</a>', "<!-- <script> -->",
    "a < b en c > d", "`<script>`", "```\n<script>\n```",
])
def test_harmless_html_passes(html: str) -> None:
    assert find_unsafe_html(html) == []


def test_html_problem_column() -> None:
    [problem] = find_unsafe_html("regel\n  tekst <iframe></iframe>\n")
    assert (problem.line, problem.column) == (2, 9)


@pytest.mark.parametrize("target, scheme", [
    ("javascript:alert(1)", "javascript"), ("JAVASCRIPT:x", "javascript"), (" java\nscript:x", "javascript"),
    ("data:text/html,x", "data"), ("file:///etc/passwd", "file"), ("vbscript:x", "vbscript"),
    ("https://example.nl", ""), ("mailto:a@example.nl", ""), ("tel:+31201234567", ""),
    ("../a.md", ""), ("#kop", ""), ("a.md?x=javascript:", ""),
])
def test_unsafe_scheme(target: str, scheme: str) -> None:
    assert unsafe_scheme(target) == scheme


@pytest.mark.parametrize("target, expected", [
    ("../stappenplannen/a.md", "content/stappenplannen/a.md"),
    ("b.md#kop", "content/handreikingen/b.md"),
    ("../../groups/ouderen.md?x=1", "groups/ouderen.md"),
    ("./c.png", "content/handreikingen/c.png"),
])
def test_resolve_link(target: str, expected: str) -> None:
    assert resolve_link("content/handreikingen/x.md", target) == expected


@pytest.mark.parametrize("body", [
    "Zie <https://www.example.org/onderzoek>.", "<https://example.org/a/onderwijs/b>",
    "<https://example.org/x/onload=1>", "Twee: <https://a.nl/ontwikkeling> en <mailto:a@b.nl>",
])
def test_autolinks_are_links_not_html(body: str) -> None:
    # /onderzoek once looked like an 'on…' event handler to the HTML scanner
    assert find_unsafe_html(body) == []
    assert find_links(body)


def test_html_next_to_autolinks_is_still_checked() -> None:
    [problem] = find_unsafe_html("<https://a.nl/onderzoek> <img src=x onerror=alert(1)>")
    assert "onerror" in problem.message and problem.column == 26
