"""Golden generated pages: the fixture site in, the generated docs tree out (no MkDocs).

Refresh after an intended change with ``./scripts/refresh-golden pages`` and read the diff of
tests/fixtures/site-expected/ before committing.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from generator.pipeline import run as run_pipeline
from generator.settings import Settings
from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, ROOT, copy_repository

EXPECTED = ROOT / "tests" / "fixtures" / "site-expected"


def generated_tree(tmp_path: Path) -> Path:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    result = run_pipeline(Settings(root=root, today=date.fromisoformat(FIXTURE_DATE)), "tree")
    assert result.ok, result.report.format_text()
    return root / "build" / "docs"


def _files(tree: Path) -> dict[str, bytes]:
    return {p.relative_to(tree).as_posix(): p.read_bytes()
            for p in sorted(tree.rglob("*")) if p.is_file() and p.suffix == ".md"}


def test_generated_pages_match_golden(tmp_path: Path) -> None:
    docs = generated_tree(tmp_path)
    if os.environ.get("KP_REFRESH_GOLDEN") == "1":
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for rel, data in _files(docs).items():
            (EXPECTED / rel).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / rel).write_bytes(data)
    actual, expected = _files(docs), _files(EXPECTED)
    assert sorted(actual) == sorted(expected), "pagina's erbij of weg: ./scripts/refresh-golden pages"
    changed = [rel for rel in actual if actual[rel] != expected[rel]]
    assert changed == [], f"anders dan golden: {changed}; ./scripts/refresh-golden pages"
