"""Our own link check over a built site: every internal href and src resolves to a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.publish.renderer import PublishError
from generator.publish.sitecheck import (
    _target,
    check_internal_links,
    enforce_internal_links,
    resolution_key,
)
from generator.settings import Settings

SITE_URL = "https://example.org/kennisplatform/"


def page(site: Path, rel: str, body: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>{body}</body></html>", "utf-8")


def test_links_that_resolve_pass(tmp_path: Path) -> None:
    page(tmp_path, "index.html", '<a href="a/">a</a> <a href="a/#x">anker</a> <a href="#top">top</a>'
         '<link rel="stylesheet" href="assets/s.css"><a href="mailto:x@example.org">m</a>'
         '<a href="https://elders.example.com/x">extern</a><a href="?q=1">vraag</a>')
    page(tmp_path, "a/index.html", '<a href="../">home</a> <a href="../b/c.ics">ics</a>'
         '<a href="https://example.org/kennisplatform/a/">canoniek</a>'
         '<a href="/kennisplatform/b/c.ics">absoluut</a><script src="../assets/s.js"></script>')
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "s.css").write_text("", "utf-8")
    (tmp_path / "assets" / "s.js").write_text("", "utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c.ics").write_text("", "utf-8")
    assert check_internal_links(tmp_path, SITE_URL) == []


def test_missing_files_and_addresses_outside_the_site_path_are_broken(tmp_path: Path) -> None:
    page(tmp_path, "index.html", "")
    page(tmp_path, "a/index.html", '<a href="../../b/">te ver omhoog</a><a href="../weg/">weg</a>'
         '<script src="../../assets/javascripts/zoeken.js"></script>'
         '<a href="/b/">buiten /kennisplatform/</a>'
         '<img src="https://example.org/kennisplatform/plaatje.png">')
    assert check_internal_links(tmp_path, SITE_URL) == [
        'a/index.html: <a href="../../b/">',
        'a/index.html: <a href="../weg/">',
        'a/index.html: <a href="/b/">',
        'a/index.html: <img src="https://example.org/kennisplatform/plaatje.png">',
        'a/index.html: <script src="../../assets/javascripts/zoeken.js">',
    ]


def test_a_broken_link_stops_the_build_naming_page_and_link(tmp_path: Path) -> None:
    page(tmp_path / "site", "index.html", '<a href="weg/">weg</a>')
    settings = Settings(root=tmp_path, today=date(2026, 6, 1), site_url=SITE_URL)
    with pytest.raises(PublishError) as raised:
        enforce_internal_links(settings)
    assert str(raised.value) == ("De gebouwde site heeft 1 interne link(s) die nergens heen gaan "
                                 '(pagina in site/: element):\n  index.html: <a href="weg/">')


FOLDERS = ["", "a", "a/b", "a/b/c", "handreikingen/x"]
VALUES = ["../", "../../", "../../../", "../x/", "../../x/y/", "../..", "..//x", "../../x?y",
          "../x#a", "../../x/../y/", "../.../x", "../ x", "x/", "./", "", "#top", "/kennisplatform/a/",
          "/b/", "//example.org/kennisplatform/a/", "https://example.org/kennisplatform/a/",
          "https://elders.example/x", "mailto:x@example.org", "c:x", " https://example.org/x",
          "../%20x/", "..\\x", "../../../../x/", "//", "//?q", "//#x", "// ", "/\t/", "/\n/x"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_shared_resolution_key_resolves_like_the_link_itself(folder: str) -> None:
    # Links are resolved once per key (not per page); a key must lead where the link does.
    parts = folder.split("/") if folder else []
    page_rel = f"{folder}/index.html" if folder else "index.html"
    for value in VALUES:
        key_folder, key_value = resolution_key(parts, folder, value)
        keyed = _target(f"{key_folder}/_" if key_folder else "_", key_value, "example.org",
                        "/kennisplatform/")
        assert keyed == _target(page_rel, value, "example.org", "/kennisplatform/"), value
