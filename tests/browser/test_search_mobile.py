"""Search on a phone (390 px), served only under /kennisplatform/ as on GitHub Pages (issue 15).

The results come first; the filters fold away behind a button 'Filters (n)' that names how many
filters are chosen, opens and closes with the keyboard and says whether it is open
(``aria-expanded``). On a wide screen the filters stand beside the results and the button is gone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import serve_under
from tests.browser.helpers import search_url, wait_for_results

pytestmark = pytest.mark.browser
SUBPATH = "/kennisplatform/"
PHONE = {"width": 390, "height": 844}
TOGGLE = ".kp-filterknop"
PANEL = "#kp-filterpaneel"


@pytest.fixture(scope="module")
def site_url(fixture_root: Path) -> Iterator[str]:
    with serve_under(fixture_root / "site", SUBPATH) as base:
        yield base


@pytest.fixture()
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, locale="nl-NL")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def _open(page: Any, site_url: str, **params: Any) -> int:
    page.goto(search_url(site_url, **params))
    return wait_for_results(page)


def _toggle_state(page: Any) -> tuple[str, str, bool]:
    """The button's text, its aria-expanded, and whether the filter panel is shown."""
    toggle = page.locator(TOGGLE)
    return toggle.inner_text(), toggle.get_attribute("aria-expanded"), page.locator(PANEL).is_visible()


def _top(page: Any, selector: str) -> float:
    return float(page.locator(selector).first.bounding_box()["y"])


def test_results_come_first_and_the_filters_wait_behind_the_button(phone: Any, site_url: str) -> None:
    assert _open(phone, site_url, q="wonen") > 0
    assert _toggle_state(phone) == ("Filters (0)", "false", False)
    assert phone.locator(TOGGLE).get_attribute("aria-controls") == PANEL.removeprefix("#")
    # The first result is on the first screen, and below the button (never below the filters).
    first = _top(phone, ".kp-resultaten a")
    assert _top(phone, TOGGLE) < first < PHONE["height"]
    phone.locator(TOGGLE).click()
    assert _toggle_state(phone) == ("Filters (0)", "true", True)
    # Opened, the filters unfold right under the button that opened them.
    assert _top(phone, TOGGLE) < _top(phone, PANEL) < first
    assert urlsplit(phone.url).path == f"{SUBPATH}zoeken/"


def test_the_button_names_the_number_of_chosen_filters(phone: Any, site_url: str) -> None:
    _open(phone, site_url, q="wonen", doelgroep="Ouderen", soort=["Handreiking", "Onderzoek"])
    assert phone.locator(TOGGLE).inner_text() == "Filters (3)"
    assert phone.locator(TOGGLE).get_attribute("aria-label") == "Filters, 3 gekozen"
    _open(phone, site_url, doelgroep="Ouderen")
    assert phone.locator(TOGGLE).inner_text() == "Filters (1)"
    assert phone.locator(TOGGLE).get_attribute("aria-label") == "Filters, 1 gekozen"


def test_keyboard_opens_chooses_and_closes(phone: Any, site_url: str) -> None:
    before = _open(phone, site_url, q="wonen")
    # Tab from the sort list reaches the button next, before any result.
    phone.focus("#kp-sorteer")
    phone.keyboard.press("Tab")
    assert phone.evaluate(f"document.activeElement.matches('{TOGGLE}')")
    phone.keyboard.press("Enter")
    assert _toggle_state(phone) == ("Filters (0)", "true", True)
    # The next Tab goes into the panel: its first checkbox, chosen with the space bar.
    phone.keyboard.press("Tab")
    assert phone.evaluate(f"document.querySelector('{PANEL}').contains(document.activeElement)")
    assert phone.evaluate("document.activeElement.type") == "checkbox"
    phone.keyboard.press("Space")
    phone.wait_for_function(f"document.querySelector('{TOGGLE}').textContent === 'Filters (1)'")
    narrowed = wait_for_results(phone)
    assert 0 < narrowed < before
    # Choosing keeps the panel open and the focus on the box just chosen.
    assert _toggle_state(phone) == ("Filters (1)", "true", True)
    assert phone.evaluate("document.activeElement.checked") is True
    assert urlsplit(phone.url).path == f"{SUBPATH}zoeken/" and urlsplit(phone.url).query
    # Back to the button with Shift+Tab, closed with the space bar.
    phone.keyboard.press("Shift+Tab")
    assert phone.evaluate(f"document.activeElement.matches('{TOGGLE}')")
    phone.keyboard.press("Space")
    assert _toggle_state(phone) == ("Filters (1)", "false", False)
    assert wait_for_results(phone) == narrowed  # closing hides the filters, it does not drop them


def test_on_a_wide_screen_the_filters_stand_beside_the_results(page: Any, site_url: str) -> None:
    assert _open(page, site_url, q="wonen") > 0
    assert not page.locator(TOGGLE).is_visible()
    assert page.locator(PANEL).is_visible()
