"""Render jobs on several cores: same bytes, same order, same conflicts as in one process."""

from __future__ import annotations

import os
import sys
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from generator import parallel
from generator.check import check_repository
from generator.graph import build_graph
from generator.output import Registry
from generator.publish import generate
from generator.render import render_site
from generator.settings import Settings
from tests.conftest import FIXTURE_SITE, copy_repository

TODAY = date(2026, 6, 1)
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork only on Linux")


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value


@linux_only
def test_jobs_run_in_other_processes_with_results_in_job_order() -> None:
    jobs = [lambda v=v: _pid_and(v * v) for v in range(40)]
    results = parallel.run_jobs(jobs, workers=2, min_jobs=1)
    assert [value for _, value in results] == [v * v for v in range(40)]
    assert {pid for pid, _ in results} - {os.getpid()}, "no job ran in a worker process"


def test_small_job_lists_and_one_worker_stay_in_this_process() -> None:
    jobs = [lambda v=v: _pid_and(v) for v in range(5)]
    assert {pid for pid, _ in parallel.run_jobs(jobs, workers=2)} == {os.getpid()}
    assert {pid for pid, _ in parallel.run_jobs(jobs, workers=1, min_jobs=1)} == {os.getpid()}


@linux_only
def test_an_error_in_a_worker_reaches_the_caller() -> None:
    def broken() -> int:
        raise ValueError("kapot")
    with pytest.raises(ValueError, match="kapot"):
        parallel.run_jobs([lambda: 1, broken, lambda: 3], workers=2, min_jobs=1)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@linux_only
def test_parallel_render_writes_the_same_tree_as_one_process(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    settings = Settings(root=root, today=TODAY)
    graph = build_graph(check_repository(root, TODAY).content, TODAY)
    serial = render_site(graph, settings, tmp_path / "serieel", workers=1)
    monkeypatch.setattr(parallel, "MIN_JOBS", 1)
    forked = render_site(graph, settings, tmp_path / "parallel", workers=2)
    assert _tree(tmp_path / "serieel") == _tree(tmp_path / "parallel")
    assert serial.registry.files_claimed == forked.registry.files_claimed
    assert serial.stats == forked.stats and forked.stats.written > 50


@linux_only
def test_conflict_found_in_parallel_names_both_sources_and_keeps_stale_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    settings = Settings(root=root, today=TODAY)
    graph = build_graph(check_repository(root, TODAY).content, TODAY)
    target = tmp_path / "docs"
    (target / "oud.md").parent.mkdir(parents=True)
    (target / "oud.md").write_text("oud", "utf-8")
    # A file beside the resources on the address of a resource's JSON twin.
    (root / "content" / "onderzoek" / "monitor-ouderenhuisvesting.json").write_bytes(b"x")
    (root / "content" / "onderzoek" / "grafiek.png").write_bytes(b"png")
    monkeypatch.setattr("generator.render.IMAGE_SUFFIXES", frozenset({".png", ".json"}))
    monkeypatch.setattr(parallel, "MIN_JOBS", 1)
    output = render_site(graph, settings, target, workers=2)
    [problem] = output.registry.problems
    assert problem.code == "adresconflict"
    assert problem.path == "content/onderzoek/monitor-ouderenhuisvesting.json"
    assert "content/onderzoek/monitor-ouderenhuisvesting.md" in problem.message
    assert (target / "oud.md").exists(), "a failed render must not clean up the tree"
    assert (target / "onderzoek" / "grafiek.png").read_bytes() == b"png"


def test_registry_claims_in_order() -> None:
    registry = Registry()
    assert registry.claim("a.md", "x") and not registry.claim("A.md", "y")
    assert registry.files_claimed == ["a.md"]


@linux_only
def test_beside_runs_the_side_job_elsewhere_and_returns_both() -> None:
    side, main = parallel.run_beside(lambda: _pid_and(1), lambda: _pid_and(2))
    assert side[1] == 1 and main == (os.getpid(), 2)
    assert side[0] != os.getpid()


def test_beside_returns_the_main_error_and_raises_the_side_error() -> None:
    def broken() -> int:
        raise ValueError("kapot")
    side, main = parallel.run_beside(lambda: 1, broken)
    assert side == 1 and isinstance(main, ValueError)
    with pytest.raises(ValueError, match="kapot"):
        parallel.run_beside(broken, lambda: 1)


def test_rule_errors_stop_the_build_even_when_linking_succeeded(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    target = root / "content" / "onderzoek" / "monitor-ouderenhuisvesting.md"
    text = target.read_text("utf-8")
    target.write_text(text.replace("\n---\n", "\ngerelateerd: [bestaat-niet]\n---\n", 1), "utf-8")
    result = generate(Settings(root=root, today=TODAY))
    assert not result.ok
    assert [d.code for d in result.report.errors] == ["onbekende-verwijzing"]
    assert not (root / "build" / "docs").exists()


@pytest.mark.parametrize(("count", "workers"), [(1, 2), (63, 2), (64, 2), (5031, 2), (1000, 3), (7, 8)])
def test_chunks_cover_every_job_once_and_alternate_between_far_regions(count: int, workers: int) -> None:
    chunks = parallel._spread(count, workers)
    assert sorted(i for chunk in chunks for i in chunk) == list(range(count))
    if len(chunks) >= 2 * workers:  # the first turn hands out one chunk from each region
        starts = [chunk.start for chunk in chunks[:workers]]
        size = len(chunks[0])
        assert starts[0] == 0
        for before, after in pairwise(starts):
            assert after - before >= count // workers - size
