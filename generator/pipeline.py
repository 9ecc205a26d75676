"""The one pipeline: every command runs the stages through :func:`run`.

```
load     discover, parse, validate, cross-file and body rules      -> report
GATE     any error (or a warning with --strict): stop, report all
link     valid content -> site graph
render   site graph -> build/docs (only changed files written) + mkdocs.generated.yml
publish  renderer (MkDocs, ProperDocs or Zensical) -> post-build gate -> own link check
         -> Pagefind -> site/
```

``kennispunt check`` stops after ``load`` (``until="check"``), the live preview after
``render`` (``until="tree"``; MkDocs' own server does the rest), ``kennispunt build`` runs
everything. All three reach the same verdict on the same content, because they share every
step up to where they stop.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.diagnostics import Report
from generator.link.graph import SiteGraph, build_graph
from generator.load.repository import load_repository
from generator.model.models import Content
from generator.publish.editor import require_editor_bundle
from generator.publish.gate import enforce_gate
from generator.publish.renderer import DEFAULT_RENDERER, renderer_named, run_pagefind, run_renderer
from generator.publish.sitecheck import enforce_internal_links
from generator.render.output import WriteStats
from generator.render.pages import render_config, render_site
from generator.settings import Settings, markdown_setup

Progress = Callable[[str], None]
Until = Literal["check", "tree", "site"]
TICK_SECONDS = 15.0


@dataclass
class BuildResult:
    """What a run did: the report, timings, and (past the gate) the graph and what was written."""

    report: Report
    content: Content | None = None
    timings: dict[str, float] = field(default_factory=dict)
    graph: SiteGraph | None = None
    written: WriteStats | None = None
    pages: int = 0

    @property
    def ok(self) -> bool:
        """True when the content passed and the site tree was made (``check`` reads the report)."""
        return self.graph is not None


def run(settings: Settings, until: Until = "site", progress: Progress = lambda _: None,
        renderer: str = DEFAULT_RENDERER) -> BuildResult:
    """Run the stages up to ``until``; raises PublishError/GateError when publishing fails.

    ``renderer`` names the one that turns the tree into HTML (see generator.publish.renderer).
    """
    # A renderer that is not installed stops the build before any work, with the pip command.
    label = renderer_named(renderer).label if until == "site" else renderer
    with paused_gc():
        result = _load(settings, progress)
        if until == "check" or result.report.fails(strict=settings.strict) or result.content is None:
            return result
        _link_and_render(result, result.content, settings, progress)
        if until == "tree" or result.graph is None:
            return result
        require_editor_bundle()  # a published site never has an editing page without its bundle
        with _timed(result.timings, label, progress):
            run_renderer(settings, renderer)
        # Before Pagefind: a refused site is not indexed (Pagefind only adds site/pagefind/).
        with _timed(result.timings, "gebouwde pagina's controleren", progress):
            enforce_gate(settings)
        with _timed(result.timings, "interne links controleren", progress):
            enforce_internal_links(settings)
        with _timed(result.timings, "zoekindex (Pagefind)", progress):
            run_pagefind(settings)
    return result


def _load(settings: Settings, progress: Progress) -> BuildResult:
    timings: dict[str, float] = {}
    with _timed(timings, "controleren", progress):
        repository = load_repository(settings.root)
        problems = [*repository.problems, *repository.rule_problems(settings.today)]
    return BuildResult(Report.from_diagnostics(problems), repository.content, timings)


def _link_and_render(result: BuildResult, content: Content, settings: Settings,
                     progress: Progress) -> None:
    with _timed(result.timings, "koppelen", progress):
        graph = build_graph(content, settings.today, markdown_setup(settings.root))
    with _timed(result.timings, "pagina's maken en schrijven", progress):
        output = render_site(graph, settings, settings.docs_dir)
        if output.registry.problems:
            result.report = Report.from_diagnostics([*result.report.diagnostics,
                                                     *output.registry.problems])
            return
        _write_if_changed(settings.config_file,
                          render_config(graph, settings, settings.docs_dir, settings.site_dir))
    result.graph, result.written, result.pages = graph, output.stats, output.pages


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


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


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector for the duration of the block.

    Validating, linking and rendering build many small objects and free almost none until the
    run ends, so each collection walks an ever larger heap for nothing (measured: a quarter of
    the validation time of a big site). What the stages build has no reference cycles worth
    collecting early; reference counting frees it as usual, and the collector runs again after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
