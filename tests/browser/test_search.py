"""Search in a real browser on the fixture site: synonyms, abbreviations, filters, URL, keyboard."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from tests.browser.helpers import filter_counts, open_search, result_links, search_url, wait_for_results
from tests.conftest import FIXTURE_SITE

pytestmark = pytest.mark.browser


def front_matter(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8").split("---", 2)[1])
    return data if isinstance(data, dict) else {}


def group_names() -> dict[str, str]:
    return {p.stem: front_matter(p)["naam"] for p in sorted((FIXTURE_SITE / "groups").glob("*.md"))}


def resources() -> list[tuple[str, dict[str, Any]]]:
    """(soort, front matter) of every fixture resource."""
    return [(p.parent.name, front_matter(p)) for p in sorted((FIXTURE_SITE / "content").glob("*/*.md"))
            if p.parent.name != "paginas"]


def expected_doelgroep_counts(only_soort: str | None = None) -> Counter[str]:
    """Per group name: resources for it or for 'alle', plus the group's own page."""
    names = group_names()
    counts: Counter[str] = Counter()
    for soort, meta in resources():
        if only_soort and soort != only_soort:
            continue
        for group_id, name in names.items():
            if group_id in meta["doelgroepen"] or "alle" in meta["doelgroepen"]:
                counts[name] += 1
    if only_soort is None:
        counts.update(names.values())
    return counts


def test_synonym_finds_group_resources(page: Any, fixture_url: str) -> None:
    # The synonym is defined on the group page: that page comes first, not every member.
    assert open_search(page, fixture_url, q="vergunninghouders") > 0
    links = result_links(page)
    assert links[0].rstrip("/").endswith("doelgroepen/statushouders"), links


def test_abbreviation_finds_its_expansion(page: Any, fixture_url: str) -> None:
    source = FIXTURE_SITE / "content" / "financiele-regelingen" / "regeling-huisvesting-gesloten.md"
    text = source.read_text("utf-8")
    assert "Regeling huisvesting aandachtsgroepen" in text and "RHA" not in text
    open_search(page, fixture_url, q="RHA")
    assert any("regeling-huisvesting-gesloten" in link for link in result_links(page))


def test_filter_counts_narrow_and_widen(page: Any, fixture_url: str) -> None:
    page.goto(search_url(fixture_url))
    page.wait_for_selector(".kp-filter input[name='doelgroep']")
    expected = expected_doelgroep_counts()
    assert filter_counts(page, "doelgroep") == dict(expected)
    soorten = Counter(s for s, _ in resources())
    shown = filter_counts(page, "soort")
    # Only real resource types: no internal "Doelgroep" or "Pagina" in the type filter.
    assert sum(shown.values()) == sum(soorten.values())
    assert not {"Doelgroep", "Pagina"} & set(shown)

    names = group_names()
    page.get_by_label(names["statushouders"], exact=False).first.check()
    narrowed = wait_for_results(page)
    assert narrowed == expected[names["statushouders"]]
    page.get_by_label(names["ouderen"], exact=False).first.check()
    widened = wait_for_results(page)
    both = {meta["titel"] for _, meta in resources()
            if {"statushouders", "ouderen", "alle"} & set(meta["doelgroepen"])}
    assert widened == len(both) + 2 > narrowed
    # Counts of another filter follow the chosen groups (AND across filters).
    assert sum(filter_counts(page, "soort").values()) == widened - 2  # the two group pages have no type
    assert "doelgroep=Statushouders" in page.url and "doelgroep=Ouderen" in page.url


def test_url_restores_search_and_history(page: Any, fixture_url: str) -> None:
    names = group_names()
    url = search_url(fixture_url, q="wonen", doelgroep=[names["ouderen"]], sorteer="datum")
    count = open_search(page, fixture_url, q="wonen", doelgroep=[names["ouderen"]], sorteer="datum")
    assert page.input_value("#kp-q") == "wonen"
    assert page.input_value("#kp-sorteer") == "datum"
    assert page.is_checked(f".kp-filter input[name='doelgroep'][value='{names['ouderen']}']")
    first = result_links(page)
    assert count > 0 and first
    page.fill("#kp-q", "statushouders")
    page.press("#kp-q", "Enter")
    wait_for_results(page)
    assert "q=statushouders" in page.url
    page.go_back()
    page.wait_for_function("() => document.querySelector('#kp-q').value === 'wonen'")
    assert wait_for_results(page) == count
    assert result_links(page) == first
    assert page.url == url
    page.go_forward()
    page.wait_for_function("() => document.querySelector('#kp-q').value === 'statushouders'")


def test_browse_with_filter_and_no_query(page: Any, fixture_url: str) -> None:
    expected = Counter(s for s, _ in resources())["praktijkvoorbeelden"]
    assert open_search(page, fixture_url, soort="Praktijkvoorbeelden") == expected


def test_keyboard_only(page: Any, fixture_url: str) -> None:
    page.goto(fixture_url)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "kp-header-q":
            break
    else:
        pytest.fail("Het zoekvak in de kop is niet met Tab te bereiken")
    page.keyboard.type("vergunninghouders")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken/?q=vergunninghouders")
    assert wait_for_results(page) > 0
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.kp-resultaten')"):
            break
    else:
        pytest.fail("Geen resultaat met Tab te bereiken")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert urlsplit(page.url).path != "/zoeken/"


def test_no_request_leaves_localhost(page: Any, fixture_url: str) -> None:
    page.goto(fixture_url)
    page.goto(fixture_url + "doelgroepen/statushouders/")
    open_search(page, fixture_url, q="wonen", doelgroep=["Ouderen"])
    page.click(".kp-resultaten a")
    page.wait_for_load_state()
    hosts = {urlsplit(url).hostname for url in page.requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, hosts
