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
``render`` (``until="tree"``; it then has MkDocs rebuild the changed pages), ``kennispunt
build`` runs everything. All three reach the same verdict on the same content, because they
share every step up to where they stop.

The live preview passes a :class:`Session`: the same stages then skip work whose inputs did
not change since its previous run (files are not parsed again when their bytes are the same,
resource pages no change can reach are not rendered again). The result is the same as a
fresh run; tests/test_pipeline_session.py compares the two after each kind of edit.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.diagnostics import Report
from generator.link.changes import lists_unchanged, resources_to_render
from generator.link.graph import SiteGraph, build_graph
from generator.load.repository import LoadCache, load_repository
from generator.model.models import Content
from generator.publish.editor import require_editor_bundle
from generator.publish.gate import enforce_gate
from generator.publish.renderer import DEFAULT_RENDERER, renderer_named, run_renderer, start_pagefind
from generator.publish.sitecheck import enforce_internal_links
from generator.render.output import WriteStats, Written
from generator.render.pages import KeptPages, render_config, render_site
from generator.settings import Settings, markdown_setup

Progress = Callable[[str], None]
Until = Literal["check", "tree", "site"]
TICK_SECONDS = 15.0


@dataclass
class Session:
    """What a long-running command (the live preview) keeps from one run for the next."""

    loads: LoadCache = field(default_factory=dict)  # parsed and validated files, by their bytes
    graph: SiteGraph | None = None  # of the last run that wrote the tree
    by_resource: Mapping[str, tuple[Written, ...]] = field(default_factory=dict)  # its files
    by_job: tuple[tuple[Written, ...], ...] = ()  # and per render job

    templates: tuple[tuple[str, int, int], ...] = ()  # what pages are made with, at the last run

    def kept_pages(self, graph: SiteGraph, settings: Settings) -> KeptPages | None:
        """Resources whose pages from the last run still hold for ``graph``; None: none."""
        templates, self.templates = self.templates, _template_files(settings.root)
        if self.graph is None or templates != self.templates:
            return None
        redo = resources_to_render(self.graph, graph)
        if redo is None:
            return None
        keep = frozenset(graph.resources) - redo
        if not keep <= self.by_resource.keys():
            return None
        return KeptPages(keep, self.by_resource, lists_unchanged(self.graph, graph), self.by_job)


def _template_files(root: Path) -> tuple[tuple[str, int, int], ...]:
    """The page templates, search words and mkdocs.yml, by name, change time and size."""
    files = [*sorted((root / "theme" / "templates").glob("*")), root / "theme" / "zoekwoorden.yml",
             root / "mkdocs.yml"]
    found = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


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
        renderer: str = DEFAULT_RENDERER, session: Session | None = None) -> BuildResult:
    """Run the stages up to ``until``; raises PublishError/GateError when publishing fails.

    ``renderer`` names the one that turns the tree into HTML (see generator.publish.renderer);
    ``session`` is the live preview's (see :class:`Session`).
    """
    # A renderer that is not installed stops the build before any work, with the pip command.
    label = renderer_named(renderer).label if until == "site" else renderer
    with paused_gc():
        result = _load(settings, progress, session)
        if until == "check" or result.report.fails(strict=settings.strict) or result.content is None:
            return result
        _link_and_render(result, result.content, settings, progress, session)
        if until == "tree" or result.graph is None:
            return result
        require_editor_bundle()  # a published site never has an editing page without its bundle
        with _timed(result.timings, label, progress):
            run_renderer(settings, renderer)
        # Pagefind indexes beside the site while the pages are checked; its index goes into
        # site/pagefind/ only when they pass, so a refused site is never indexed.
        indexing = start_pagefind(settings)
        try:
            with _timed(result.timings, "gebouwde pagina's controleren", progress):
                inspection = enforce_gate(settings)
            with _timed(result.timings, "interne links controleren", progress):
                enforce_internal_links(settings, inspection.references)
        except BaseException:
            indexing.cancel()
            raise
        with _timed(result.timings, "zoekindex (Pagefind, tegelijk met de controles)", progress):
            indexing.finish()
    return result


def _load(settings: Settings, progress: Progress, session: Session | None) -> BuildResult:
    timings: dict[str, float] = {}
    with _timed(timings, "controleren", progress):
        repository = load_repository(settings.root, session.loads if session else None)
        problems = [*repository.problems, *repository.rule_problems(settings.today)]
    return BuildResult(Report.from_diagnostics(problems), repository.content, timings)


def _link_and_render(result: BuildResult, content: Content, settings: Settings,
                     progress: Progress, session: Session | None) -> None:
    with _timed(result.timings, "koppelen", progress):
        graph = build_graph(content, settings.today, markdown_setup(settings.root),
                            session.graph if session is not None else None)
    with _timed(result.timings, "pagina's maken en schrijven", progress):
        kept = session.kept_pages(graph, settings) if session is not None else None
        output = render_site(graph, settings, settings.docs_dir, kept)
        if session is not None:  # a conflict leaves the tree as it was: start afresh next time
            session.graph = None if output.registry.problems else graph
            session.by_resource, session.by_job = output.by_resource, output.by_job
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
