"""check -> link -> render -> write -> MkDocs -> Pagefind, with timings per stage.

The only module that runs MkDocs or Pagefind. Both run as subprocesses of the same Python, so
the generated tree stays an ordinary MkDocs project (and builds with Zensical too).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .check import LoadedRepository, load_repository
from .diagnostics import Diagnostic, Report
from .gate import enforce_gate
from .graph import SiteGraph, build_graph
from .memory import paused_gc
from .models import Content
from .output import WriteStats
from .parallel import run_beside
from .render import render_config, render_site
from .settings import Settings, markdown_setup

Progress = Callable[[str], None]
TICK_SECONDS = 15.0


class PublishError(RuntimeError):
    """MkDocs or Pagefind failed; the message holds their output."""


@dataclass
class BuildResult:
    """What a build did: the report, counts, timings, and whether it succeeded."""

    report: Report
    timings: dict[str, float] = field(default_factory=dict)
    graph: SiteGraph | None = None
    written: WriteStats | None = None
    pages: int = 0

    @property
    def ok(self) -> bool:
        return self.graph is not None


@contextmanager
def _timed(timings: dict[str, float], stage: str, progress: Progress) -> Iterator[None]:
    progress(f"{stage}…")
    start = time.perf_counter()
    done = threading.Event()

    def tick() -> None:  # a long stage (MkDocs on a big site) still shows it is alive
        while not done.wait(TICK_SECONDS):
            progress(f"{stage}: nog bezig ({time.perf_counter() - start:.0f} s)")

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield
    finally:
        done.set()
        ticker.join()
    timings[stage] = time.perf_counter() - start


def generate(settings: Settings, progress: Progress = lambda _: None) -> BuildResult:
    """Validate, link, render and write the docs tree and build/mkdocs.yml (no MkDocs yet)."""
    with paused_gc():
        return _generate(settings, progress)


def _generate(settings: Settings, progress: Progress) -> BuildResult:
    timings: dict[str, float] = {}
    with _timed(timings, "controleren", progress):
        repository = load_repository(settings.root)
        content = repository.content
    with _timed(timings, "koppelen en samenhang controleren", progress):
        rule_problems, graph = _rules_and_graph(repository, content, settings)
    result = BuildResult(Report.from_diagnostics([*repository.problems, *rule_problems]), timings)
    if result.report.fails(strict=settings.strict):
        return result
    if isinstance(graph, BaseException):
        raise graph  # valid content that cannot be linked: a bug, reported as one
    with _timed(timings, "pagina's maken en schrijven", progress):
        output = render_site(graph, settings, settings.docs_dir)
        problems = output.registry.problems
        if not problems:
            _write_if_changed(settings.root / "build" / "mkdocs.yml",
                              render_config(graph, settings, settings.docs_dir, settings.site_dir))
    if problems:
        result.report = Report.from_diagnostics([*result.report.diagnostics, *problems])
        return result
    result.graph, result.written, result.pages = graph, output.stats, output.pages
    return result


def _rules_and_graph(repository: LoadedRepository, content: Content, settings: Settings,
                     ) -> tuple[list[Diagnostic], SiteGraph | BaseException]:
    """The cross-file rules, and beside them (on another core) the link stage.

    Linking needs only the files that are valid on their own, so it need not wait for the
    rules; its result is used only when the rules pass. With per-file errors there is nothing
    to link, and the rules run alone (every problem is still reported in one run).
    """
    if Report.from_diagnostics(repository.problems).fails(strict=settings.strict):
        return repository.rule_problems(settings.today), RuntimeError("niet gekoppeld")
    return run_beside(lambda: repository.rule_problems(settings.today),
                      lambda: build_graph(content, settings.today, markdown_setup(settings.root)))


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


def build(settings: Settings, progress: Progress = lambda _: None) -> BuildResult:
    """The whole build into ``site/``; raises :class:`PublishError` when MkDocs or Pagefind fail
    and :class:`~generator.gate.GateError` when a built page holds script or foreign assets.

    The gate runs before Pagefind: a refused site is not indexed (Pagefind only adds files
    under ``site/pagefind/`` and changes no page, so the gate misses nothing by going first).
    """
    result = generate(settings, progress)
    if not result.ok:
        return result
    with _timed(result.timings, "MkDocs", progress):
        run_mkdocs(settings)
    with _timed(result.timings, "gebouwde pagina's controleren", progress):
        enforce_gate(settings)
    with _timed(result.timings, "zoekindex (Pagefind)", progress):
        run_pagefind(settings)
    return result


def _environment(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["SOURCE_DATE_EPOCH"] = str(int(time.mktime(settings.today.timetuple())) + 12 * 3600)
    return env


def run_mkdocs(settings: Settings) -> None:
    """``mkdocs build --strict`` on the generated configuration."""
    _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
          "--config-file", str(settings.root / "build" / "mkdocs.yml")], settings, "MkDocs")


def run_pagefind(settings: Settings) -> None:
    """Index the built site with the Pagefind binary from PyPI."""
    _run([sys.executable, "-m", "pagefind", "--site", str(settings.site_dir), "--silent"],
         settings, "Pagefind")


def _run(command: list[str], settings: Settings, name: str) -> None:
    done = subprocess.run(command, cwd=settings.root, env=_environment(settings),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        raise PublishError(f"{name} is mislukt (code {done.returncode}):\n{output}")
