"""End-to-end: the real build (generator, MkDocs, Pagefind) of the fixture site, read as HTML."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml

from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, BuildSite, copy_repository, run_kennispunt

pytestmark = pytest.mark.slow


def page(root: Path, address: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((root / "site" / address / "index.html").read_bytes())


def section_links(doc: lxml.html.HtmlElement, heading_id: str) -> list[str]:
    """The link targets in the list right after the heading with ``heading_id``."""
    heading = doc.get_element_by_id(heading_id)
    items = heading.getnext()
    assert items is not None and items.tag == "ul", f"geen lijst na #{heading_id}"
    return [a.get("href") for a in items.iter("a")]


def test_group_page_lists_resources_by_type(fixture_root: Path) -> None:
    doc = page(fixture_root, "doelgroepen/statushouders")
    article = doc.find_class("md-content__inner")[0]
    headings = [h.text_content().strip() for h in article.iter("h2")]
    assert "Handreikingen" in headings and "Beleid" in headings
    handreikingen = section_links(doc, "handreikingen")
    assert "../../handreikingen/taakstelling-statushouders/" in handreikingen
    # a resource for every group ('alle') appears on this page too, and says so
    assert "../../handreikingen/woonwensen-peilen/" in handreikingen
    assert "alle doelgroepen" in article.text_content()
    # a resource only for ouderen does not
    assert "monitor-ouderenhuisvesting" not in lxml.html.tostring(article).decode()


def test_resource_page_has_metadata_related_and_backlinks(fixture_root: Path) -> None:
    doc = page(fixture_root, "wet-en-regelgeving/wet-versterking-regie")
    meta = doc.find_class("kp-meta")[0].text_content()
    # dates are labelled by what they mean; the text's own status is named as such (issue 14)
    for label in ("Soort", "Doelgroepen", "Organisatie", "In werking sinds", "Bron",
                  "Nagekeken tegen de bron", "Tekst"):
        assert label in meta
    related = section_links(doc, "gerelateerd")
    # explicit 'gerelateerd' first, in the order written, then computed ones; never itself
    assert related[:2] == ["../../handreikingen/taakstelling-statushouders/",
                           "../../beleid/programma-een-thuis/"]
    assert 2 < len(related) <= 6
    assert not any("wet-versterking-regie" in href for href in related)
    # 'genoemd in' would be the handreiking (links to it in its body) and the programme (lists
    # it), but both are under 'Gerelateerd' already, so no repeats: the section is left out
    assert doc.get_element_by_id("genoemd-in", None) is None


def test_body_links_are_rewritten_to_pages(fixture_root: Path) -> None:
    doc = page(fixture_root, "handreikingen/taakstelling-statushouders")
    hrefs = {a.get("href") for a in doc.find_class("md-content__inner")[0].iter("a")}
    assert "../../wet-en-regelgeving/wet-versterking-regie/" in hrefs
    assert "../../doelgroepen/statushouders/" in hrefs


def test_stappenplan_steps_are_numbered(fixture_root: Path) -> None:
    doc = page(fixture_root, "stappenplannen/woonzorgvisie-opstellen")
    steps = [h.text_content() for h in doc.iter("h2") if h.text_content().startswith("Stap ")]
    assert [s.split(":")[0] for s in steps] == ["Stap 1", "Stap 2", "Stap 3"]


def test_closed_scheme_and_vervallen_banners(fixture_root: Path) -> None:
    closed = page(fixture_root, "financiele-regelingen/regeling-huisvesting-gesloten").text_content()
    assert "Gesloten" in closed and "Deze regeling is gesloten" in closed
    open_scheme = page(fixture_root, "financiele-regelingen/stimulering-ouderenwoningen")
    assert "Deze regeling is gesloten" not in open_scheme.text_content()


def _agenda_sections(root: Path) -> tuple[list[str], list[str]]:
    doc = page(root, "agenda")
    return section_links(doc, "binnenkort"), section_links(doc, "geweest")


def test_agenda_moves_events_with_the_build_date(build_fixture_site: BuildSite) -> None:
    upcoming, past = _agenda_sections(build_fixture_site(FIXTURE_DATE))
    assert "../agenda/regiodag-dakloosheid/" in upcoming or "regiodag-dakloosheid/" in upcoming
    assert any("webinar-taakstelling" in href for href in past)
    assert any("regiodag-dakloosheid" in href for href in upcoming)
    later_upcoming, later_past = _agenda_sections(build_fixture_site("2026-07-01"))
    assert any("regiodag-dakloosheid" in href for href in later_past)
    assert not any("regiodag-dakloosheid" in href for href in later_upcoming)


def test_navigation_never_lists_resources(fixture_root: Path) -> None:
    config = yaml.safe_load((fixture_root / "mkdocs.generated.yml").read_text("utf-8"))
    targets = []

    def walk(items: object) -> None:
        if isinstance(items, list):
            for item in items:
                walk(item)
        elif isinstance(items, dict):
            for value in items.values():
                walk(value)
        else:
            targets.append(str(items))

    walk(config["nav"])
    resource_pages = [t for t in targets if t.count("/") == 2 and not t.startswith("doelgroepen/")]
    assert resource_pages == []
    assert "agenda/index.md" in targets and "doelgroepen/statushouders/index.md" in targets


EXTERNAL_ATTRIBUTES = {"script": "src", "link": "href", "img": "src", "source": "srcset",
                       "iframe": "src", "video": "src", "audio": "src"}


def test_site_references_no_other_host(fixture_root: Path) -> None:
    """Scripts, styles, fonts and images come from the site itself."""
    offenders = []
    for html_file in (fixture_root / "site").rglob("*.html"):
        doc = lxml.html.fromstring(html_file.read_bytes())
        for tag, attribute in EXTERNAL_ATTRIBUTES.items():
            for element in doc.iter(tag):
                value = element.get(attribute) or ""
                if tag == "link" and element.get("rel") not in ("stylesheet", "icon", "preload",
                                                                "modulepreload", "prefetch"):
                    continue
                if urlsplit(value).netloc or value.startswith("//"):
                    offenders.append(f"{html_file.name}: <{tag} {attribute}={value}>")
    for css in (fixture_root / "site").rglob("*.css"):
        text = css.read_text("utf-8", errors="replace")
        assert "fonts.googleapis" not in text and "@import url(http" not in text, css
    assert offenders == []


def _tree_digest(site: Path) -> dict[str, str]:
    """Every file of the built site, the Pagefind index included (1.6 writes it byte-stably;
    1.5, the newest on PyPI, renamed its filter and meta files on every run)."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_input_are_byte_identical(fixture_root: Path,
                                                         tmp_path: Path) -> None:
    other = copy_repository(FIXTURE_SITE, tmp_path / "again")
    done = run_kennispunt("build", "--map", str(other), "--datum", FIXTURE_DATE)
    assert done.returncode == 0, done.stderr
    first, second = _tree_digest(fixture_root / "site"), _tree_digest(other / "site")
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_build_refuses_content_errors(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "kapot")
    target = root / "content" / "handreikingen" / "woonwensen-peilen.md"
    target.write_text(target.read_text("utf-8").replace("doelgroepen: [alle]",
                                                        "doelgroepen: [statushouder]"), "utf-8")
    done = run_kennispunt("build", "--map", str(root), "--datum", FIXTURE_DATE)
    assert done.returncode == 1
    assert "onbekende-doelgroep" in done.stdout and "bedoelde u 'statushouders'?" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert not (root / "site").exists()


def _edit_links(doc: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    return [(a.get("href") or "", a.text_content().strip())
            for a in doc.iter("a") if a.get("rel") == "edit"]


def test_edit_link_opens_the_source_file_in_the_editing_screen(fixture_root: Path) -> None:
    """Issue 15: advisers get 'Fout melden'; contributors a small link that opens this very file
    in the editing screen (Decap's deep link), in the collection the CMS configuration names
    for the file's folder. Plain pages have no collection, so no link (the bijdragen page is
    their route)."""
    config = yaml.safe_load((fixture_root / "site/bijdragen/bewerken/config.yml").read_text("utf-8"))
    folders = {c["folder"]: c["name"] for c in config["collections"]}
    sources = [*sorted((fixture_root / "content").glob("*/*.md")),
               *sorted((fixture_root / "groups").glob("*.md"))]
    linked = 0
    for source in sources:
        folder = source.parent.relative_to(fixture_root).as_posix()
        address = {"groups": f"doelgroepen/{source.stem}",
                   "content/paginas": source.stem}.get(folder, f"{source.parent.name}/{source.stem}")
        doc = page(fixture_root, address)
        assert doc.find_class("kp-fout-melden"), source
        if folder == "content/paginas":
            assert _edit_links(doc) == [], source
            continue
        [(href, text)] = _edit_links(doc)
        assert href == f"../../bijdragen/bewerken/#/collections/{folders[folder]}/entries/{source.stem}"
        assert text == "Bewerken in het bewerkscherm (voor bijdragers)"
        linked += 1
    assert linked == len(sources) - 2 and folders["groups"] == "doelgroepen"


def test_no_page_links_to_githubs_web_editor(fixture_root: Path) -> None:
    site = fixture_root / "site"
    editor_links = [f"{p.relative_to(site)}: {a.get('href')}"
                    for p in site.rglob("*.html")
                    for a in lxml.html.fromstring(p.read_bytes()).iter("a")
                    if "github.com" in (a.get("href") or "") and "/edit/" in (a.get("href") or "")]
    assert editor_links == []


def test_every_page_is_within_three_clicks_of_home(fixture_root: Path) -> None:
    site = fixture_root / "site"
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    # The editing screen is a tool, and the editors' report a page for editors: both deliberately
    # outside the advisers' navigation (test_bewerken.py, tests/render/test_report.py).
    pages = {"" if p == "." else p for p in pages} - {"bijdragen/bewerken", "redactie/rapport"}
    depth = {"": 0}
    frontier = [""]
    while frontier:
        current = frontier.pop(0)
        if depth[current] == 3:
            continue
        doc = lxml.html.fromstring((site / current / "index.html").read_bytes())
        for anchor in doc.iter("a"):
            href = (anchor.get("href") or "").split("#")[0]
            if not href or urlsplit(href).scheme or href.startswith("/"):
                continue
            target = Path(current, href).as_posix()
            target = str(Path(os.path.normpath(target))).strip("/")
            target = "" if target == "." else target
            if target in pages and target not in depth:
                depth[target] = depth[current] + 1
                frontier.append(target)
    assert sorted(pages - depth.keys()) == []


def test_no_script_handler_iframe_or_javascript_link_reaches_a_page(fixture_root: Path) -> None:
    problems = []
    for html_file in (fixture_root / "site").rglob("*.html"):
        doc = lxml.html.fromstring(html_file.read_bytes())
        rel = html_file.relative_to(fixture_root / "site").as_posix()
        problems += [f"{rel}: iframe" for _ in doc.iter("iframe", "object", "embed")]
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                if name.lower().startswith("on"):
                    problems.append(f"{rel}: <{element.tag} {name}>")
                if name in ("href", "src") and value.strip().lower().startswith(("javascript:",
                                                                                 "data:")):
                    problems.append(f"{rel}: <{element.tag} {name}={value}>")
        for article in doc.find_class("md-content__inner"):
            if rel != "zoeken/index.html":
                problems += [f"{rel}: script in content" for _ in article.iter("script")]
    assert problems == []


def test_stale_review_shows_a_banner_a_year_later(build_fixture_site: BuildSite) -> None:
    banner = "Mogelijk verouderd"
    now = page(build_fixture_site(FIXTURE_DATE), "handreikingen/woonwensen-peilen").text_content()
    later = page(build_fixture_site("2027-06-01"), "handreikingen/woonwensen-peilen").text_content()
    assert banner not in now
    assert banner in later


def test_coverage_page_counts_resources_per_group_and_type(fixture_root: Path) -> None:
    doc = page(fixture_root, "dekking")
    rows = {row.findtext("td/a"): [c.text_content().strip() for c in row.findall("td")]
            for row in doc.iter("tr") if row.find("td/a") is not None}
    headers = [th.text_content().strip() for th in doc.iter("th")]
    ouderen = dict(zip(headers, rows["Ouderen"], strict=True))
    group_page = page(fixture_root, "doelgroepen/ouderen")
    for soort, heading_id in (("Onderzoek", "onderzoek"), ("Beleid", "beleid")):
        expected = len(section_links(group_page, heading_id))
        assert ouderen[soort] == str(expected)
    assert ouderen["Praktijkvoorbeelden"] in ("–", "0") or ouderen["Praktijkvoorbeelden"].isdigit()


def test_page_titles_are_distinct_and_the_home_title_says_the_site_name_once(fixture_root: Path) -> None:
    site = fixture_root / "site"
    titles: dict[str, str] = {}
    for html_file in sorted(site.rglob("index.html")):
        rel = html_file.parent.relative_to(site).as_posix()
        if rel.startswith("bijdragen/bewerken"):
            continue  # the editing screen is a tool with its own title
        titles[rel] = lxml.html.fromstring(html_file.read_bytes()).findtext(".//title") or ""
    assert titles["."] == "Kennisplatform Een thuis voor iedereen"
    repeated = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    assert repeated == set()
