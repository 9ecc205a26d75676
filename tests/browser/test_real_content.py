"""On the repository's own content: every group's synonyms find that group's resources."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser.helpers import search_url
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def groups() -> dict[str, dict[str, Any]]:
    return {p.stem: yaml.safe_load(p.read_text("utf-8").split("---", 2)[1])
            for p in sorted((ROOT / "groups").glob("*.md"))}


def test_every_group_has_synonyms() -> None:
    assert len(groups()) == 8
    assert all(meta.get("synoniemen") for meta in groups().values())


def test_synonyms_find_the_groups_resources(page: Any, real_url: str, real_root: Path) -> None:
    page.goto(search_url(real_url))
    page.wait_for_function("() => /Typ een zoekwoord/.test(document.querySelector('#kp-status').textContent)")
    missing = page.evaluate(
        """async (groups) => {
          const pf = await import(new URL('../pagefind/pagefind.js', location.href).href);
          const missing = [];
          for (const [naam, words] of groups) {
            for (const word of words) {
              const found = await pf.search(word);
              const datas = await Promise.all(found.results.slice(0, 30).map(r => r.data()));
              const ok = datas.some(d => (d.filters.doelgroep || []).includes(naam));
              if (!ok) missing.push(`${naam}: ${word}`);
            }
          }
          return missing;
        }""",
        [[meta["naam"], meta["synoniemen"]] for meta in groups().values()])
    assert missing == []
