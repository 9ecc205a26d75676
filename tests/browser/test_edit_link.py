"""The contributors' link on a resource or group page opens that very file in the editing screen.

Issue 15: advisers get 'Fout melden'; contributors keep a small link, 'Bewerken in het
bewerkscherm (voor bijdragers)', a Decap deep link (``#/collections/<collection>/entries/<id>``).
Here it is followed in real Chromium on the built fixture site, with decap-server (MODE=fs) on
127.0.0.1 reading the fixture's files, as ``kennispunt bewerkscherm`` runs it. Nothing is saved.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from generator.render.editor import DECAP_SERVER
from tests.browser.conftest import serve
from tests.browser.helpers import decap_server

pytestmark = pytest.mark.browser
LINK_TEXT = "Bewerken in het bewerkscherm (voor bijdragers)"



@pytest.fixture(scope="module")
def proxy(fixture_root: Path) -> Iterator[int]:
    """decap-server on 127.0.0.1 over the built fixture site's sources (read, never written)."""
    if not DECAP_SERVER.is_file() or shutil.which("node") is None:
        message = "decap-server of node ontbreekt: draai ./scripts/setup"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with decap_server(fixture_root) as port:
        yield port


@pytest.fixture(scope="module")
def site_url(fixture_root: Path) -> Iterator[str]:
    yield from serve(fixture_root / "site")


def _title(source: Path, key: str) -> str:
    front = source.read_text("utf-8").split("---\n")[1]
    return str(yaml.safe_load(front)[key])


@pytest.mark.parametrize(("address", "source", "key"), [
    ("handreikingen/woonwensen-peilen/", "content/handreikingen/woonwensen-peilen.md", "titel"),
    ("agenda/regiodag-dakloosheid/", "content/agenda/regiodag-dakloosheid.md", "titel"),
    ("doelgroepen/ouderen/", "groups/ouderen.md", "naam"),
])
def test_the_link_opens_this_entry_in_the_editing_screen(
        page: Any, site_url: str, proxy: int, fixture_root: Path,
        address: str, source: str, key: str) -> None:
    page.goto(site_url + address)
    link = page.get_by_role("link", name=LINK_TEXT)
    assert link.count() == 1
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/bijdragen/bewerken/#/collections/**")
    collection = "doelgroepen" if source.startswith("groups/") else source.split("/")[1]
    landed = urlsplit(page.url)
    assert landed.path == "/bijdragen/bewerken/"
    assert landed.fragment == f"/collections/{collection}/entries/{Path(source).stem}"
    # The same address with this test's decap-server port (the screen's default is 8081,
    # what 'kennispunt bewerkscherm' uses); signing in keeps the entry the link named.
    page.goto(f"{site_url}bijdragen/bewerken/?proxy={proxy}#{landed.fragment}")
    page.get_by_role("button", name="Inloggen").click()
    field = page.locator(f"[id^='{key}-field-']").first
    field.wait_for()
    assert field.input_value() == _title(fixture_root / source, key)
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in page.requested)


def test_plain_pages_have_no_editing_link(page: Any, site_url: str) -> None:
    page.goto(site_url + "over/")
    assert page.locator(".kp-acties a").all_inner_texts() == ["Fout melden"]
    assert page.get_by_role("link", name=LINK_TEXT).count() == 0
