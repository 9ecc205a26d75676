"""Property tests: whatever Markdown a contributor writes, unsafe output is refused by `check`.

"Unsafe" is defined here on its own, independently of generator.load.sanitize: an element that runs
or embeds something, an event handler, a URL with a scheme other than http(s)/mailto, an
image from another host, a search-index attribute. The renderer's raw HTML for any generated
body that is unsafe by this definition must give a finding; the sanitised HTML never is.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from generator.load.body import DEFAULT_SETUP, _convert, render_body
from generator.load.sanitize import sanitize_html

BUDGET = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RUNNING = frozenset({"script", "iframe", "frame", "object", "embed", "applet", "form", "base",
                     "meta", "link", "style", "svg", "math", "template", "input", "button"})
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "srcset", "cite")

_PIECES = st.sampled_from([
    "\n", "\n\n", " ", "    ", "`", "```", "\\`", "<!--", "-->", "<!-->", "<![CDATA[", "]]>", ">",
    "[", "]", "(", ")", "](", "]:", "![", "<", "tekst", "## Kop", "- ", "> ", "1. ", "!!! note\n    ",
    "<script>x()</script>", "<img src=x onerror=y()>", "<iframe src=x></iframe>", "<svg onload=1>",
    "javascript:x()", "&#106;avascript:y", "data:text/html,x", "https://example.nl/a",
    "https://tracker.example/p.gif", "../a.md", "foto.png", "<div>", "</div>", "<div markdown>",
    '<a href="', '">', "'", '"', "<span data-pagefind-meta='title:x'>", "</span>", "<style>",
    "<p onclick=1>", "[^1]", "[^1]: noot", "|a|b|\n|-|-|\n|1|2|", "<details>", "<object data=x>",
])
markdown_bodies = st.lists(_PIECES, max_size=30).map("".join)


def unsafe(html: str) -> list[str]:
    """What in ``html`` could run code, embed or load something, or steer the search index."""
    tree = LexborHTMLParser(f"<body>{html}</body>")
    found = []
    for node in tree.root.traverse(include_text=False) if tree.root else []:
        tag = node.tag or ""
        if tag in RUNNING:
            found.append(f"<{tag}>")
        for name, value in node.attributes.items():
            value = re.sub(r"[\x00-\x20]", "", value or "")
            if name.startswith("on") or name.startswith("data-pagefind"):
                found.append(name)
            elif name in URL_ATTRIBUTES:
                scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", value)
                if scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
                    found.append(f"{name}={scheme.group(1)}:")
                if tag == "img" and name == "src" and (scheme or value.startswith("/")):
                    found.append("remote image")
    return found


@BUDGET
@given(markdown_bodies)
def test_what_the_renderer_would_emit_unsafely_check_refuses(body: str) -> None:
    rendered = render_body(body)
    if rendered.findings and rendered.findings[0].code in ("te-diep-genest", "regel-te-lang"):
        return
    raw = _convert(body, DEFAULT_SETUP, "", False)
    if unsafe(raw):
        assert rendered.findings, (body, unsafe(raw))


@BUDGET
@given(markdown_bodies)
def test_sanitised_output_is_never_unsafe_and_sanitising_is_idempotent(body: str) -> None:
    html = render_body(body).html
    assert unsafe(html) == []
    assert sanitize_html(html) == html
