"""Resource pages rendered by forked workers are the pages one process renders, in the same order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator import pipeline
from generator.render import pages
from generator.settings import Settings
from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, copy_repository


def tree(root: Path) -> dict[str, bytes]:
    docs = root / "build" / "docs"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


def test_workers_render_the_same_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    today = date.fromisoformat(FIXTURE_DATE)
    serial = copy_repository(FIXTURE_SITE, tmp_path / "een")
    assert pipeline.run(Settings(root=serial, today=today), "tree").ok
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pages, "_SPAN", 3)
    calls: list[object] = []
    real = pages.fork_map_started
    monkeypatch.setattr(pages, "fork_map_started", lambda *a, **k: calls.append(a) or real(*a, **k))
    parallel = copy_repository(FIXTURE_SITE, tmp_path / "twee")
    result = pipeline.run(Settings(root=parallel, today=today), "tree")
    assert result.ok and calls  # the workers did run
    assert tree(parallel) == tree(serial)
    assert result.written is not None and result.written.written == len(tree(serial))
