"""The editing screen (Decap CMS) in real Chromium, against decap-server on 127.0.0.1.

The site is built from a copy of the repository, the page /bijdragen/bewerken/ is served from
it, and decap-server (MODE=fs) reads and writes that copy, as ``kennispunt bewerkscherm`` does.
Every entry made here is judged by the real ``kennispunt check`` and ``kennispunt build``.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.render.editor import DECAP_SERVER
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve
from tests.browser.helpers import decap_server
from tests.conftest import ROOT, content_date, copy_repository, run_kennispunt

# "Today" for the live content: its newest date, never the wall clock (tests/conftest.py).
DATUM = content_date().isoformat()
# One new entry per kind: the collection, its folder, the file name the title makes, and the
# fields beyond titel/samenvatting/doelgroepen/organisatie/datum that the kind requires.
NEW: list[tuple[str, str, str, dict[str, str]]] = [
    ("wet-en-regelgeving", "content/wet-en-regelgeving", "proefwet-over-wonen", {"bwb_id": "BWBR0035303"}),
    ("beleid", "content/beleid", "proefbeleid-voor-ouderen", {}),
    ("financiele-regelingen", "content/financiele-regelingen", "proefregeling-zorggeschikt",
     {"aanvragen_tot": "2027-01-31"}),
    ("handreikingen", "content/handreikingen", "proefhandreiking-een-twee-drie", {}),
    ("stappenplannen", "content/stappenplannen", "proefstappenplan-woonzorgvisie", {}),
    ("praktijkvoorbeelden", "content/praktijkvoorbeelden", "proefvoorbeeld-uit-utrecht",
     {"gemeente": "Utrecht"}),
    ("onderzoek", "content/onderzoek", "proefonderzoek-naar-dakloosheid", {}),
    ("agenda", "content/agenda", "proefbijeenkomst-in-amersfoort",
     {"start": "2027-02-01T10:00", "einde": "2027-02-01T12:30", "locatie": "Amersfoort"}),
    ("netwerken", "content/netwerken", "proefnetwerk-wonen", {"contact": "info@voorbeeld.nl"}),
]
TITLES = {
    "proefwet-over-wonen": "Proefwet over wonen",
    "proefbeleid-voor-ouderen": "Proefbeleid voor ouderen",
    "proefregeling-zorggeschikt": "Proefregeling: zorggeschikt",
    "proefhandreiking-een-twee-drie": "Proefhandreiking één, twee & drie",
    "proefstappenplan-woonzorgvisie": "Proefstappenplan woonzorgvisie",
    "proefvoorbeeld-uit-utrecht": "Proefvoorbeeld uit Utrecht",
    "proefonderzoek-naar-dakloosheid": "Proefonderzoek naar dakloosheid",
    "proefbijeenkomst-in-amersfoort": "Proefbijeenkomst in Amersfoort",
    "proefnetwerk-wonen": "Proefnetwerk wonen",
}
# Every Content-Security-Policy violation of the page, kept where a test can read it.
CSP_LISTENER = ("window.kennispuntCsp = []; document.addEventListener('securitypolicyviolation',"
                " e => window.kennispuntCsp.push(e.violatedDirective + ' ' + e.blockedURI));")
STEPS = "Inleiding van het plan.\n\n## Eerste stap\n\nDoe dit.\n\n## Tweede stap\n\nDoe dat.\n"



@pytest.fixture(scope="module")
def cms_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not DECAP_SERVER.is_file() or shutil.which("node") is None:
        message = "decap-server of node ontbreekt: draai ./scripts/setup"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    root = copy_repository(ROOT, tmp_path_factory.mktemp("bewerken"))
    done = run_kennispunt("build", "--map", str(root), "--datum", DATUM)
    assert done.returncode == 0, done.stdout + done.stderr
    return root


@pytest.fixture(scope="module")
def proxy(cms_root: Path) -> Iterator[int]:
    """decap-server on 127.0.0.1, writing into the copy (what 'kennispunt bewerkscherm' starts)."""
    with decap_server(cms_root) as port:
        yield port


@pytest.fixture(scope="module")
def site_url(cms_root: Path) -> Iterator[str]:
    yield from serve(cms_root / "site")


@pytest.fixture()
def editor(page: Any, site_url: str, proxy: int) -> Any:
    """The editing screen, signed in to the local backend."""
    page.editor_url = f"{site_url}bijdragen/bewerken/?proxy={proxy}"
    page.add_init_script(CSP_LISTENER)
    page.goto(page.editor_url)
    page.get_by_role("button", name="Inloggen").click()
    page.locator("a[href*='/new']").first.wait_for()
    return page


def _field(page: Any, name: str) -> Any:
    return page.locator(f"[id^='{name}-field-']").first


def _choose(page: Any, name: str, text: str) -> None:
    _field(page, name).click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _choose_related(page: Any, name: str, text: str) -> None:
    """Pick an entry in a relation field: its options arrive from the other collection."""
    _field(page, name).click()
    page.keyboard.type(text)
    page.locator("[class*='option']", has_text=text).first.click()


def _fill_body(page: Any, text: str) -> None:
    """Type into the body editor, which offers plain Markdown only (no rich-text mode)."""
    page.locator("[contenteditable=true]").last.fill(text)


def _wait_until(condition: Any, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)


def _settled(path: Path) -> str:
    """The file once decap-server has finished writing it (it truncates, then writes)."""
    text = path.read_text("utf-8")
    for _ in range(50):
        time.sleep(0.2)
        again = path.read_text("utf-8")
        if again == text and text.endswith("\n"):
            return text
        text = again
    return text


def _publish(page: Any) -> None:
    page.get_by_role("button", name="Publiceer", exact=True).click()
    page.get_by_text("Publiceer nu").click()


def _open(page: Any, route: str) -> None:
    """A fresh start of the screen on ``route`` (still signed in: Decap keeps that)."""
    page.goto("about:blank")
    page.goto(f"{page.editor_url}#/{route}")
    _field(page, "naam" if route.split("/")[1] == "doelgroepen" else "titel").wait_for()


def _fill_resource(page: Any, collection: str, titel: str, extra: dict[str, str]) -> None:
    _open(page, f"collections/{collection}/new")
    _field(page, "titel").fill(titel)
    _field(page, "samenvatting").fill("Een korte samenvatting van deze proefbron voor de test.")
    _choose(page, "doelgroepen", "Ouderen")
    _choose(page, "organisatie", "BZK")
    _field(page, "datum").fill("2026-03-01")
    for name, value in extra.items():
        _field(page, name).fill(value)
    if collection == "praktijkvoorbeelden":
        _choose(page, "provincie", "Utrecht")
    if collection == "agenda":
        _choose(page, "vorm", "webinar")
    _fill_body(page, STEPS if collection == "stappenplannen" else "## Waar gaat het over?\n\nProef.\n")


def test_every_kind_can_be_made_in_the_form_and_passes_check_and_build(
        editor: Any, cms_root: Path) -> None:
    for collection, folder, slug, extra in NEW:
        _fill_resource(editor, collection, TITLES[slug], extra)
        _publish(editor)
        target = cms_root / folder / f"{slug}.md"
        deadline = time.monotonic() + 10
        while not target.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert target.is_file(), f"{collection}: {target} is niet geschreven"
    _open(editor, "collections/doelgroepen/new")
    _field(editor, "naam").fill("Proefgroep")
    _field(editor, "samenvatting").fill("Een doelgroep die alleen in deze test bestaat.")
    _choose_related(editor, "verwant", "Ouderen")
    _fill_body(editor, "## Over wie gaat het?\n\nOver niemand.\n")
    _publish(editor)
    group = cms_root / "groups" / "proefgroep.md"
    deadline = time.monotonic() + 10
    while not group.is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert group.is_file()
    assert "verwant: [ouderen]\n" in _settled(group)
    written = (cms_root / "content/agenda/proefbijeenkomst-in-amersfoort.md").read_text("utf-8")
    assert "doelgroepen: [ouderen]\norganisatie: [bzk]\ndatum: 2026-03-01\n" in written
    assert "start: 2027-02-01T10:00\neinde: 2027-02-01T12:30\n" in written
    checked = run_kennispunt("check", "--map", str(cms_root), "--datum", DATUM)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run_kennispunt("build", "--map", str(cms_root), "--datum", DATUM)
    assert built.returncode == 0, built.stdout + built.stderr
    for _, folder, slug, _ in NEW:
        assert (cms_root / "site" / folder.removeprefix("content/") / slug / "index.html").is_file()


@pytest.mark.parametrize("path", ["content/wet-en-regelgeving/huisvestingswet-2014.md",
                                  "content/agenda/webinar-cbs-monitor-dakloosheid-2024.md",
                                  "content/praktijkvoorbeelden/groene-metropoolregio-aandachtsgroepen-en-ouderen.md",
                                  "groups/arbeidsmigranten.md"])
def test_an_edit_changes_one_line_and_undoing_it_restores_every_byte(
        editor: Any, cms_root: Path, path: str) -> None:
    """Decap saves only a changed entry (the button says 'Gepubliceerd' otherwise), so the
    no-diff round trip is: change the title and save (exactly that line changes), then change
    it back and save (the file is byte for byte what it was)."""
    before = (cms_root / path).read_text("utf-8")
    collection = "doelgroepen" if path.startswith("groups/") else path.split("/")[1]
    key = "naam" if collection == "doelgroepen" else "titel"
    route = f"collections/{collection}/entries/{Path(path).stem}"
    _open(editor, route)
    original = _field(editor, key).input_value()
    _field(editor, key).fill(original + " bewerkt")
    _publish(editor)
    _wait_until(lambda: (cms_root / path).read_text("utf-8") != before)
    after = _settled(cms_root / path).splitlines()
    changed = [(a, b) for a, b in zip(before.splitlines(), after, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].startswith(f"{key}: ")
    _open(editor, route)
    _field(editor, key).fill(original)
    _publish(editor)
    _wait_until(lambda: (cms_root / path).read_text("utf-8") == before)
    assert _settled(cms_root / path) == before


def test_format_reads_and_writes_every_file_unchanged(editor: Any, cms_root: Path) -> None:
    files = {str(p.relative_to(cms_root)): p.read_text("utf-8")
             for top in ("content", "groups") for p in sorted((cms_root / top).rglob("*.md"))}
    changed = editor.evaluate(
        """files => Object.keys(files).filter(path => {
             const data = window.kennispuntFormaat.fromFile(files[path]);
             return window.kennispuntFormaat.toFile(data, Object.keys(data)) !== files[path];
           })""", files)
    assert len(files) > 100
    assert changed == []


def test_the_page_runs_under_its_own_policy_and_the_body_is_markdown_only(editor: Any) -> None:
    _open(editor, "collections/handreikingen/new")
    _field(editor, "samenvatting").fill("Iets")
    assert editor.locator("[role=switch]").count() == 0  # no rich-text toggle
    assert editor.locator("[contenteditable=true]").count() == 1  # the Markdown editor
    assert editor.evaluate("window.kennispuntCsp") == []


def test_a_required_field_left_empty_is_refused_in_dutch(editor: Any, cms_root: Path) -> None:
    _open(editor, "collections/handreikingen/new")
    _field(editor, "titel").fill("Handreiking zonder samenvatting")
    _choose(editor, "doelgroepen", "Ouderen")
    _choose(editor, "organisatie", "BZK")
    _field(editor, "datum").fill("2026-03-01")
    _publish(editor)
    editor.get_by_text("Samenvatting is vereist.", exact=False).first.wait_for()
    assert not (cms_root / "content/handreikingen/handreiking-zonder-samenvatting.md").exists()


def test_a_bad_pattern_is_refused_with_the_dutch_hint(editor: Any) -> None:
    _open(editor, "collections/wet-en-regelgeving/new")
    _field(editor, "bwb_id").fill("BWB123")
    _publish(editor)
    editor.get_by_text("Een BWB-id: BWBR of BWBV met zeven cijfers", exact=False).first.wait_for()


def test_locally_the_page_asks_only_127_0_0_1(editor: Any) -> None:
    editor.goto(f"{editor.editor_url}#/collections/handreikingen")
    editor.wait_for_timeout(1500)
    hosts = {urlsplit(url).hostname for url in editor.requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}


def test_published_page_asks_no_other_host_before_sign_in(browser: Any, site_url: str) -> None:
    """Opened under a real host name (as on GitHub Pages), not localhost: GitHub backend."""
    port = urlsplit(site_url).port
    # A second Chromium from the same Playwright, which resolves a made-up name to 127.0.0.1.
    named = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP kennisplatform.test 127.0.0.1",
              # Decap needs a secure context (crypto.randomUUID); the real site is on https.
              f"--unsafely-treat-insecure-origin-as-secure=http://kennisplatform.test:{port}"])
    try:
        page = named.new_page(locale="nl-NL")
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"http://kennisplatform.test:{port}/bijdragen/bewerken/")
        page.get_by_role("button", name="Inloggen met GitHub").wait_for()
        page.wait_for_timeout(2000)
        robots = page.locator("meta[name=robots]").get_attribute("content")
    finally:
        named.close()
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {"kennisplatform.test"}, requested
    assert robots == "noindex, nofollow"


def test_editing_page_is_not_in_search_sitemap_or_navigation(cms_root: Path) -> None:
    site = cms_root / "site"
    assert (site / "bijdragen/bewerken/index.html").is_file()
    assert "bewerken" not in (site / "sitemap.xml").read_text("utf-8")
    assert "bijdragen/bewerken" not in (site / "index.html").read_text("utf-8")
    indexed = b"".join(p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file())
    assert b"bijdragen/bewerken" not in indexed
