"""Ranking benchmark on the real content: adviser queries and the page each must find in the top three.

The queries live in ``tests/browser/zoekvragen.yml``. Each is typed into /zoeken/ of a real
build of the repository's own content, and the rank of the first expected page is read from the
result list as an adviser sees it. The test prints one line per query and the score (queries with
their page in the top three); every query must pass. Run with ``-s`` to see the table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser.helpers import open_search, result_links

pytestmark = pytest.mark.browser

QUERIES = Path(__file__).with_name("zoekvragen.yml")
TOP = 3


def queries() -> list[dict[str, Any]]:
    data = yaml.safe_load(QUERIES.read_text("utf-8"))
    return list(data["zoekvragen"])


def rank(links: list[str], expected: list[str]) -> int | None:
    """1-based place of the first result that is one of the expected pages, or None."""
    for place, link in enumerate(links, start=1):
        if any(link.rstrip("/").endswith("/" + e.rstrip("/")) for e in expected):
            return place
    return None


def test_benchmark_file_is_sound() -> None:
    found = queries()
    assert len(found) >= 9
    assert all(q["vraag"] and q["verwacht"] for q in found)


def test_ranking_benchmark(page: Any, real_url: str) -> None:
    lines, failed = [], []
    for query in queries():
        open_search(page, real_url, q=query["vraag"])
        page.wait_for_function("() => !document.querySelector('.kp-resultaten').getAttribute('aria-busy')")
        links = result_links(page)
        place = rank(links, query["verwacht"])
        needed = 1 if query.get("eerste") else TOP
        ok = place is not None and place <= needed
        lines.append(f"{'ok ' if ok else 'MIS'} {place or '-':>2}  {query['vraag']}")
        if not ok:
            failed.append(f"{query['vraag']}: plaats {place}, bovenaan: {links[:5]}")
    score = len(lines) - len(failed)
    report = "\n".join([*lines, f"score: {score}/{len(lines)} in de top {TOP}"])
    print("\n" + report)
    assert not failed, report + "\n" + "\n".join(failed)


def test_subsidie_vindt_de_rha(page: Any, real_url: str) -> None:
    """The closed RHA rounds are demoted for "subsidie", not lost: the newest round is on page one."""
    open_search(page, real_url, q="subsidie")
    page.wait_for_function("() => !document.querySelector('.kp-resultaten').getAttribute('aria-busy')")
    links = result_links(page)
    place = rank(links, ["financiele-regelingen/rha-2025/"])
    assert place is not None and place <= 10, links[:10]
