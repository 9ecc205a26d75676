"""The site's furniture on the repository's own built content: the Dutch 404 page, the footer,
'Fout melden' instead of the edit pencil, visible focus on the dark bars, Dutch aria-labels and
axe on a phone-sized screen."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml

from tests.browser.conftest import _QuietHandler
from tests.browser.helpers import open_search, wait_for_results
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

PREFIX = "/kennisplatform/"
RESOURCE = "handreikingen/handreiking-geclusterde-woonvormen/"
ISSUE_FORM = ("https://github.com/een-thuis-voor-iedereen/kennisplatform/issues/new"
              "?template=fout-melden.yml")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ENGLISH = {"header", "tabs", "navigation", "search", "table of contents", "footer", "back to top",
           "skip to content", "edit this page", "view source of this page", "go to repository",
           "previous", "next", "share", "clear", "copy to clipboard", "close", "menu", "main",
           "select language", "select version", "source", "breadcrumb", "breadcrumbs", "home"}


class _PagesHandler(_QuietHandler):
    """Serves the site under PREFIX and answers every miss with 404.html, as GitHub Pages does."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "\0niet-onder-het-pad")
        return super().translate_path("/" + path[len(PREFIX):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_url(real_root: Path) -> Iterator[str]:
    handler = functools.partial(_PagesHandler, directory=str(real_root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with contextlib.ExitStack() as stack:
        stack.callback(server.server_close)
        stack.callback(server.shutdown)
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"


def hrefs(page: Any, selector: str) -> dict[str, str]:
    """{link text: absolute URL} of the links matching ``selector``."""
    return dict(page.eval_on_selector_all(
        selector, "els => els.map(e => [e.textContent.trim(), e.href])"))


def status(page: Any, url: str) -> int:
    return int(page.request.get(url).status)


# 1. The 404 page -------------------------------------------------------------------------------

@pytest.mark.parametrize("missing", ["bestaat-niet", "handreikingen/weg/", "a/b/c/d/niets.html"])
def test_404_page_is_dutch_and_its_links_work_at_any_depth(page: Any, pages_url: str,
                                                           missing: str) -> None:
    response = page.goto(pages_url + missing)
    assert response.status == 404
    assert page.title().startswith("Pagina niet gevonden")
    assert page.locator("article h1").inner_text() == "Pagina niet gevonden"
    assert "bestaat niet" in page.locator("article").inner_text()
    links = hrefs(page, "article .kp-404-links a")
    assert list(links) == ["Home", "Doelgroepen", "Soorten bronnen", "Agenda"]
    expected = {"Home": "", "Doelgroepen": "doelgroepen/", "Soorten bronnen": "soorten/",
                "Agenda": "agenda/"}
    for text, url in links.items():
        assert urljoin(url, ".") == pages_url + expected[text], text
        assert status(page, url) == 200, url
    form = page.locator("article form[role=search]")
    assert urljoin(page.url, form.get_attribute("action")) == pages_url + "zoeken/"
    page.fill("#kp-404-q", "wonen")
    page.press("#kp-404-q", "Enter")
    page.wait_for_url(re.compile(r"/kennisplatform/zoeken/\?q=wonen$"))
    assert wait_for_results(page) > 0


# 2. The footer ---------------------------------------------------------------------------------

def test_issue_form_exists() -> None:
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/fout-melden.yml").read_text("utf-8"))
    assert "pagina" in [field.get("id") for field in form["body"]]


@pytest.mark.parametrize("path", ["", RESOURCE, "zoeken/"])
def test_footer_links_to_the_site_pages_and_says_who_publishes(page: Any, real_url: str,
                                                                path: str) -> None:
    page.goto(real_url + path)
    links = hrefs(page, ".md-footer .kp-footer-links a")
    assert list(links) == ["Over het platform", "Toegankelijkheid", "Privacy", "Colofon",
                           "Fout melden"]
    for name in ["over", "toegankelijkheid", "privacy", "colofon"]:
        assert (ROOT / "content/paginas" / f"{name}.md").is_file()
    for text, url in links.items():
        if text != "Fout melden":
            assert url.startswith(real_url) and status(page, url) == 200, url
    assert links["Fout melden"] == ISSUE_FORM
    copyright_text = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["copyright"]
    assert page.locator(".md-footer .md-copyright").inner_text().strip() == copyright_text
    assert page.locator(".md-footer .kp-footer-links a").first.is_visible()


# 3. 'Fout melden' instead of the edit pencil; no GitHub link in the header ---------------------

def test_resource_page_has_fout_melden_and_no_pencil(page: Any, real_url: str) -> None:
    page.goto(real_url + RESOURCE)
    title = page.locator("article h1").first.inner_text().strip()
    [link] = page.eval_on_selector_all("article a.kp-fout-melden", "els => els.map(e => e.href)")
    assert link.startswith(ISSUE_FORM + "&")
    query = parse_qs(urlsplit(link).query)
    assert query["template"] == ["fout-melden.yml"]
    assert query["title"] == [f"Fout: {title}"]
    assert query["pagina"][0].endswith("/kennisplatform/" + RESOURCE)
    assert page.locator("article a.kp-fout-melden").is_visible()
    assert page.locator(".md-content__button").count() == 0
    assert page.locator(".md-header__source, .md-header a[href*='github.com']").count() == 0


def test_no_page_has_a_pencil_or_a_header_repository_link(real_root: Path) -> None:
    for html in (real_root / "site").rglob("*.html"):
        text = html.read_text("utf-8")
        assert "md-header__source" not in text, html
        assert "md-content__button" not in text, html


# 4. Focus indicators ---------------------------------------------------------------------------

FOCUS_STYLE = """el => {
  const parse = c => {
    const m = c.match(/[\\d.]+/g).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const layers = [];
  for (let n = el.parentElement; n; n = n.parentElement) {  // the outline lies outside el
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] === 1) break;
  }
  let bg = [255, 255, 255, 1];
  for (const layer of layers.reverse()) bg = over(layer, bg);
  const s = getComputedStyle(el);
  return {visible: el.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth),
          offset: parseFloat(s.outlineOffset),
          colour: parse(s.outlineColor), background: bg};
}"""


def luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    la, lb = sorted([luminance(a), luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("selector", [
    ".md-header .md-logo", "#kp-header-q", ".kp-header-zoek button", ".md-tabs__link",
    "article a", ".md-sidebar a:visible", ".md-footer .kp-footer-links a"])
def test_focus_outline_has_3_to_1_contrast(page: Any, real_url: str, selector: str) -> None:
    page.goto(real_url + RESOURCE)
    page.keyboard.press("Tab")  # keyboard use: focus() below then shows as :focus-visible
    element = page.locator(selector).first
    element.focus()
    found = element.evaluate(FOCUS_STYLE)
    assert found["visible"], selector
    assert found["style"] == "solid" and found["width"] >= 3 and found["offset"] >= 0, found
    ratio = contrast(found["colour"], found["background"])
    assert ratio >= 3, f"{selector}: {ratio:.2f}:1 ({found})"


def test_header_focus_outline_against_header_background(page: Any, real_url: str) -> None:
    page.goto(real_url)
    page.keyboard.press("Tab")
    page.locator(".md-tabs__link").first.focus()
    outline = page.locator(".md-tabs__link").first.evaluate("e => getComputedStyle(e).outlineColor")
    header = page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor")
    tabs = page.locator(".md-tabs").evaluate("e => getComputedStyle(e).backgroundColor")

    def rgb(text: str) -> list[float]:
        return [float(x) for x in re.findall(r"[\d.]+", text)[:3]]
    assert contrast(rgb(outline), rgb(header)) >= 3
    assert contrast(rgb(outline), rgb(tabs)) >= 3


# 5. Dutch aria-labels --------------------------------------------------------------------------

def test_no_english_aria_label_in_any_built_page(real_root: Path) -> None:
    pages = list((real_root / "site").rglob("*.html"))
    assert len(pages) > 100
    english = {}
    for html in pages:
        for label in re.findall(r'aria-label="([^"]*)"', html.read_text("utf-8")):
            if label.strip().lower() in ENGLISH:
                english[str(html.relative_to(real_root))] = label
    assert english == {}
    home = (real_root / "site/index.html").read_text("utf-8")
    assert 'aria-label="Bovenbalk"' in home and 'aria-label="Hoofdmenu"' in home


@pytest.mark.parametrize("path", ["", RESOURCE])
def test_no_english_aria_label_after_scripts_run(page: Any, real_url: str, path: str) -> None:
    page.goto(real_url + path)
    page.wait_for_load_state("networkidle")
    labels = page.eval_on_selector_all("[aria-label]", "els => els.map(e => e.getAttribute('aria-label'))")
    assert [label for label in labels if label.strip().lower() in ENGLISH] == []


# 6. axe at 390 px ------------------------------------------------------------------------------

@pytest.fixture()
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def violations(page: Any) -> str:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return results.generate_report() if results.violations_count else ""


@pytest.mark.parametrize("path", ["", RESOURCE])
def test_axe_at_390px(phone: Any, real_url: str, path: str) -> None:
    phone.goto(real_url + path)
    assert violations(phone) == ""


def test_axe_at_390px_on_search(phone: Any, real_url: str) -> None:
    assert open_search(phone, real_url, q="wonen") > 0
    assert violations(phone) == ""


def test_axe_on_the_404_page(phone: Any, pages_url: str) -> None:
    phone.goto(pages_url + "handreikingen/weg/")
    assert violations(phone) == ""
