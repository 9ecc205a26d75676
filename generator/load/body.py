"""Contributor bodies through the real renderer: Python-Markdown, then nh3.

A body is judged on the HTML that Python-Markdown makes of it with exactly the site's
extensions (read from mkdocs.yml), not on the Markdown source: a source-level reading of
code fences, comments or brackets disagrees with the renderer and with browsers, and every
such disagreement was a way to smuggle markup onto a page. The rendered HTML is sanitised
with nh3 and a strict allowlist (:mod:`generator.load.sanitize`); whatever sanitising removes is a
problem reported with the contributor's file and the nearest line. What reaches a page is
that sanitised HTML (see :func:`generator.render.pages.Renderer.body`), never the source.

:func:`render_body` is cached: validation, the graph (backlinks), the anchor check and the
renderer all read the same result, so the four always agree.
"""

from __future__ import annotations

import copy
import multiprocessing
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import markdown
from markdown.treeprocessors import Treeprocessor
from selectolax.lexbor import LexborNode as Node

from generator.load.sanitize import BodyFinding, judge_html, parse_fragment, sanitize_html
from generator.parallel import cores, fork_map_started
from generator.render.markup import md_text

# The site's own list (mkdocs.yml); used for a repository without mkdocs.yml, such as a test
# fixture. tests/test_body.py checks that the two agree.
DEFAULT_EXTENSIONS: tuple[str, ...] = (
    "toc", "tables", "admonition", "def_list", "md_in_html", "footnotes", "sane_lists")

MAX_BODY_CHARS = 200_000
MAX_LINE_CHARS = 5_000  # frontmatter.MAX_LINE_CHARS reports longer lines
MAX_NESTING = 12
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True, eq=False)
class MarkdownSetup:
    """Python-Markdown's extensions and their options, as mkdocs.yml gives them.

    Compared by identity: :func:`generator.settings.markdown_setup` makes one per
    mkdocs.yml text, so caches keyed on it hold across commands in one process.
    """

    extensions: tuple[str, ...] = DEFAULT_EXTENSIONS
    configs: Mapping[str, Any] = field(default_factory=lambda: {
        "toc": {"permalink": False},
        "footnotes": {"BACKLINK_TITLE": "Terug naar voetnoot %d in de tekst"}})

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None) -> MarkdownSetup:
        """The ``markdown_extensions`` of a parsed mkdocs.yml (the default without one)."""
        if config is None:
            return cls()
        extensions: list[str] = []
        options: dict[str, Any] = {}
        for item in config.get("markdown_extensions") or []:
            name, values = next(iter(item.items())) if isinstance(item, dict) else (item, None)
            extensions.append(str(name))
            if values:
                options[str(name)] = values
        return cls(tuple(extensions), options)


DEFAULT_SETUP = MarkdownSetup()


class BodyLink(NamedTuple):
    """A link or image target in a body, with the nearest place in the body (1-based)."""

    target: str
    line: int
    column: int
    image: bool = False

    @property
    def scheme(self) -> str:
        match = _SCHEME.match(self.target)
        return match.group(1).lower() if match else ""


class Heading(NamedTuple):
    """A heading of a rendered body: level, plain text and the id the toc extension gave it."""

    level: int
    text: str
    id: str
    top: bool  # a direct child of the body, so it becomes a heading of the page (and its toc)


@dataclass(frozen=True, slots=True)
class RenderedBody:
    """A body as the site shows it, and what is wrong with it."""

    html: str  # sanitised: what reaches the page
    headings: tuple[Heading, ...]
    links: tuple[BodyLink, ...]
    findings: tuple[BodyFinding, ...]

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(h.id for h in self.headings)

    @property
    def steps(self) -> int:
        """Second-level headings directly in the body: the steps of a stappenplan."""
        return sum(1 for h in self.headings if h.level == 2 and h.top)


class _NumberSteps(Treeprocessor):
    """'Plan maken' -> 'Stap 1: Plan maken' for each second-level heading of a stappenplan.

    Runs before the toc extension, so the anchors are those of the numbered headings.
    """

    def run(self, root: etree.Element) -> None:
        number = 0
        for child in root:
            if child.tag == "h2":
                number += 1
                child.text = f"Stap {number}: {child.text or ''}"


class _DropSeed(Treeprocessor):
    """Removes the page title that was put in front only to make anchors unique like MkDocs."""

    def run(self, root: etree.Element) -> None:
        if len(root) and root[0].tag == "h1":
            root.remove(root[0])


@lru_cache(maxsize=16)
def _converter(setup: MarkdownSetup, steps: bool, seeded: bool) -> markdown.Markdown:
    md = markdown.Markdown(extensions=list(setup.extensions),
                           extension_configs=copy.deepcopy(dict(setup.configs)))
    if steps:
        md.treeprocessors.register(_NumberSteps(md), "kp-stappen", 6)
    if seeded:
        md.treeprocessors.register(_DropSeed(md), "kp-zaad", 4)
    return md


def limit_findings(body: str) -> list[BodyFinding]:
    """Bodies the renderer must not see: too big or nested too deep."""
    if len(body) > MAX_BODY_CHARS:
        return [BodyFinding(1, 1, "tekst-te-lang",
                            f"de tekst is {len(body):,} tekens lang; het maximum is "
                            f"{MAX_BODY_CHARS:,}".replace(",", "."),
                            "verdeel de tekst over meer bronnen of kort hem in")]
    found = []
    for number, line in enumerate(body.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            # Reported for the whole file by frontmatter.check_characters; here only the
            # nesting count is spared the work.
            continue
        if _nesting(line) > MAX_NESTING:
            found.append(BodyFinding(number, 1, "te-diep-genest",
                                     f"lijsten of citaten zijn hier meer dan {MAX_NESTING} "
                                     "niveaus diep genest",
                                     "gebruik minder niveaus; meestal zijn er drie genoeg"))
    return found


def _nesting(line: str) -> int:
    """How many list or quote levels a line opens (markers and indentation together)."""
    depth, position = 0, 0
    indent = len(line) - len(line.lstrip(" \t"))
    while match := _CONTAINER.match(line, position):
        depth, position = depth + 1, match.end()
    return depth + indent // 4


BodyJob = tuple[str, MarkdownSetup, str, bool]  # body, setup, title, steps: render_body's arguments
CACHE_SIZE = 16384
PARALLEL_FROM = 200  # fewer bodies than this render in this process: starting workers costs more
_cache: dict[BodyJob, RenderedBody] = {}


def render_body(body: str, setup: MarkdownSetup = DEFAULT_SETUP, title: str = "",
                steps: bool = False) -> RenderedBody:
    """Render, judge and sanitise a contributor body (cached: see :func:`render_bodies`).

    ``title`` is the page title: it is rendered first (then dropped) so that a heading with
    the same text gets the anchor MkDocs gives it on the page. ``steps`` numbers the
    second-level headings (stappenplannen).
    """
    job = (body, setup, title, steps)
    if _prefetched:
        _collect_prefetched()
    found = _cache.get(job)
    if found is None:
        found = _remember(job, _render(body, setup, title, steps))
    return found


def prefetch_bodies(jobs: Sequence[BodyJob]) -> None:
    """Start rendering ``jobs`` on every core and return at once; :func:`render_bodies` and
    :func:`render_body` take the results when they need them.

    For jobs known before the front matter is validated (the title as written): the workers
    render while this process validates. A job that validation changes (a smoothed title) is
    simply rendered again when asked for; the cache is keyed by the whole job.
    """
    missing = [job for job in dict.fromkeys(jobs) if job not in _cache]
    if len(missing) < PARALLEL_FROM or cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return
    global _fork_setups
    _fork_setups = tuple(dict.fromkeys(setup for _, setup, _, _ in missing))
    index = {setup: number for number, setup in enumerate(_fork_setups)}
    tasks = [(body, index[setup], title, steps) for body, setup, title, steps in missing]
    _prefetched.append((missing, fork_map_started(_prefetch_task, tasks)))


def _prefetch_task(task: tuple[str, int, str, bool]) -> RenderedBody | None:
    try:
        return _render_task(task)
    except Exception:  # rendered again when asked for: the error surfaces where it belongs
        return None


def _collect_prefetched() -> None:
    while _prefetched:
        jobs, results = _prefetched.pop(0)
        for job, result in zip(jobs, results(), strict=True):
            if result is not None:
                _remember(job, result)


_prefetched: list[tuple[list[BodyJob], Callable[[], list[RenderedBody | None]]]] = []


def render_bodies(jobs: Sequence[BodyJob]) -> None:
    """Render every body of ``jobs`` that is not cached yet, on all cores when there are many.

    Rendering bodies is most of the work of ``kennispunt check`` (Python-Markdown, nh3 and
    two HTML parses per body), and each body is independent of the others. Workers are
    forked, so they share this process's loaded modules and Markdown setups; they return
    the results, which go into the cache that every later stage reads.
    """
    _collect_prefetched()
    missing = [job for job in dict.fromkeys(jobs) if job not in _cache]
    workers = min(cores(), len(missing) // (PARALLEL_FROM // 2))
    if len(missing) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for job in missing:
            render_body(*job)
        return
    global _fork_setups
    _fork_setups = tuple(dict.fromkeys(setup for _, setup, _, _ in missing))
    index = {setup: number for number, setup in enumerate(_fork_setups)}
    tasks = [(body, index[setup], title, steps) for body, setup, title, steps in missing]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.map(_render_task, tasks, chunksize=max(1, len(tasks) // (workers * 8)))
    for job, result in zip(missing, results, strict=True):
        _remember(job, result)


def clear_body_cache() -> None:
    """Forget every rendered body (the benchmark times a first build)."""
    _collect_prefetched()
    _cache.clear()


_fork_setups: tuple[MarkdownSetup, ...] = ()


def _render_task(task: tuple[str, int, str, bool]) -> RenderedBody:
    body, setup, title, steps = task
    return _render(body, _fork_setups[setup], title, steps)


def _remember(job: BodyJob, rendered: RenderedBody) -> RenderedBody:
    if len(_cache) >= CACHE_SIZE:
        del _cache[next(iter(_cache))]  # the oldest entry
    _cache[job] = rendered
    return rendered


def _render(body: str, setup: MarkdownSetup, title: str, steps: bool) -> RenderedBody:
    limits = limit_findings(body)
    if limits:
        return RenderedBody("", (), (), tuple(limits))
    try:
        raw = _convert(body, setup, title, steps)
    except RecursionError:
        return RenderedBody("", (), (), (BodyFinding(
            1, 1, "te-diep-genest", "de tekst is te diep genest om te tonen",
            "gebruik minder niveaus van lijsten, citaten of HTML"),))
    clean = sanitize_html(raw)
    document = parse_fragment(raw)
    findings = judge_html(raw, clean, body, document)
    # Most bodies come out of sanitising unchanged: then the judge's tree is the page's.
    tree = document.body if clean == raw else parse_fragment(clean).body
    headings = tuple(_headings(tree)) if tree is not None else ()
    links = tuple(_links(tree, body)) if tree is not None else ()
    return RenderedBody(clean, headings, links, tuple(findings))


def _convert(body: str, setup: MarkdownSetup, title: str, steps: bool) -> str:
    if not title:
        return _converter(setup, steps, seeded=False).reset().convert(body)
    # The title goes first, escaped exactly as the page template writes it, and is dropped
    # again after the toc extension has claimed its anchor.
    return _converter(setup, steps, seeded=True).reset().convert(f"# {md_text(title)}\n\n{body}")


def _headings(tree: Node) -> list[Heading]:
    found = []
    for node in tree.css("h1, h2, h3, h4, h5, h6"):
        parent = node.parent
        top = parent is not None and parent.tag == "body"
        found.append(Heading(int((node.tag or "h2")[1]), node.text(deep=True).strip(),
                             node.attributes.get("id") or "", top))
    return found


def _links(tree: Node, body: str) -> list[BodyLink]:
    """Every link and image target, placed at its first unclaimed occurrence in the source."""
    found: list[BodyLink] = []
    searched_from: dict[str, int] = {}
    for node in tree.css("a[href], img[src]"):
        image = node.tag == "img"
        target = node.attributes.get("src" if image else "href") or ""
        start = body.find(target, searched_from.get(target, 0)) if target else -1
        if start < 0:
            start = body.find(target) if target else -1
        searched_from[target] = start + 1 if start >= 0 else 0
        line, column = position(body, max(start, 0))
        found.append(BodyLink(target, line, column, image))
    return found


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def resolve_link(path: str, target: str) -> str:
    """The repository path a relative link in ``path`` points at (without #anchor)."""
    bare = target.partition("#")[0].partition("?")[0]
    return _resolve(path.rpartition("/")[0], bare)


@lru_cache(maxsize=16384)
def _resolve(folder: str, bare: str) -> str:
    # Cached: many files in one folder link to the same few pages (the groups, above all).
    return posixpath.normpath(posixpath.join(folder, bare))
