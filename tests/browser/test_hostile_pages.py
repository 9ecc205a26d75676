"""Hostile front matter on the built site, in real Chromium: every field the templates print as
HTML, the search results and the group page show the literal text; nothing runs, nothing
becomes an element."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import serve_under
from tests.browser.helpers import open_search
from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, copy_repository, run_kennispunt

HOSTILE = 'X<img src=x onerror=alert(1)>"><script>alert(2)</script><b>vet</b>&amp;'
QUOTED = HOSTILE.replace('"', '\\"')
# (file, front-matter field, value): fields the resource template writes as HTML since issue 18
FIELDS = [
    ("content/financiele-regelingen/stimulering-ouderenwoningen.md", "titel", f"Stimulering {QUOTED}"),
    ("content/agenda/congres-wonen-en-zorg.md", "locatie", QUOTED),
    ("content/beleid/programma-een-thuis.md", "kamerstuk", QUOTED),
    ("content/onderzoek/monitor-ouderenhuisvesting.md", "auteurs", QUOTED),
    ("content/praktijkvoorbeelden/skaeve-huse-noorddorp.md", "gemeente", QUOTED),
    ("groups/ouderen.md", "naam", f"Ouderen {QUOTED}"),
]
PAGES = ["financiele-regelingen/stimulering-ouderenwoningen/", "agenda/congres-wonen-en-zorg/",
         "beleid/programma-een-thuis/", "onderzoek/monitor-ouderenhuisvesting/",
         "praktijkvoorbeelden/skaeve-huse-noorddorp/", "doelgroepen/ouderen/",
         "financiele-regelingen/", ""]


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_repository(FIXTURE_SITE, tmp_path_factory.mktemp("vijandig"))
    for relative, field, value in FIELDS:
        path = root / relative
        line = f'{field}: "{value}"'
        text, count = re.subn(rf"^{field}: .*$", lambda _, line=line: line,
                              path.read_text("utf-8"), count=1, flags=re.MULTILINE)
        assert count == 1, (relative, field)
        path.write_text(text, "utf-8")
    done = run_kennispunt("build", "--map", str(root), "--datum", FIXTURE_DATE)
    assert done.returncode == 0, done.stdout + done.stderr  # the gate let it through
    with serve_under(root / "site", "/kennisplatform/") as url:
        yield url


def _nothing_became_markup(page: Any) -> None:
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("b", has_text="vet").count() == 0


def test_pages_show_the_literal_text(page: Any, hostile_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for address in PAGES:
        page.goto(hostile_url + address)
        assert HOSTILE in page.inner_text("body"), address
        _nothing_became_markup(page)
    assert dialogs == []


def test_search_results_show_the_literal_title(page: Any, hostile_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    assert open_search(page, hostile_url, q="Stimulering") >= 1
    assert f"Stimulering {HOSTILE}" in page.inner_text("body")
    _nothing_became_markup(page)
    assert dialogs == []
