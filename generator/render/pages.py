"""Site graph -> generated docs tree: Markdown pages (through Jinja2 templates) and mkdocs.yml.

Every page is registered in one :class:`~generator.render.output.Registry`; templates live in
``theme/templates/`` and receive plain values plus a few escaping filters.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markdown.extensions.toc import slugify
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from generator.link.graph import Node, SiteGraph, newest_first, rendered_body
from generator.link.state import event_when, stand_text
from generator.load.body import MarkdownSetup, resolve_link
from generator.load.discover import IMAGE_SUFFIXES
from generator.load.sanitize import HEADING_TAGS, sanitize_html
from generator.model.models import ALL_GROUPS, SOORTEN, Group, Page, Resource
from generator.parallel import cores, fork_map_started
from generator.render import paths
from generator.render.calendars import render_calendars
from generator.render.editor import render_editor
from generator.render.feeds import render_feeds
from generator.render.markup import dutch_date, dutch_moment, host, html_text, md_text, yaml_text
from generator.render.opendata import render_export, render_twin
from generator.render.output import Registry, Sink, TreeWriter, WriteStats, Written, remove_stale
from generator.render.paths import (
    AGENDA,
    COVERAGE,
    EDITORS,
    GROUPS_INDEX,
    HOME,
    OPEN_NOW,
    SEARCH,
    SOORTEN_INDEX,
    docs_path,
    relative,
    relative_url,
    soort_page,
)
from generator.render.report import KINDS, LINK_REPORT, build_editors_report, read_dead_links
from generator.render.searchwords import load_abbreviations, node_texts, search_terms
from generator.settings import ConfigDumper, Settings, markdown_setup, read_mkdocs_config

NEWEST = 8


@dataclass(frozen=True, slots=True)
class Renderer:
    """Renders pages of one graph with one template environment."""

    graph: SiteGraph
    settings: Settings
    env: jinja2.Environment
    markdown: MarkdownSetup
    abbreviations: Mapping[str, str] = field(default_factory=dict)

    def page(self, template: str, path: str, **values: Any) -> str:
        """Render ``template`` as the page at ``path`` (the ``href``/``rel`` filters link from it)."""
        return self.env.get_template(template).render(
            g=self.graph, s=self.settings, here=path, soorten=SOORTEN,
            zoekwoorden=self.search_terms, **values)

    def search_terms(self, node: Node) -> list[str]:
        """Hidden words a page is also found on: its groups' synonyms and abbreviation pairs."""
        groups: tuple[Group, ...] = (node,) if isinstance(node, Group) else ()
        if isinstance(node, Resource):  # 'alle' adds no synonyms: they would match everything
            groups = tuple(self.graph.groups[g] for g in node.meta.doelgroepen if g in self.graph.groups)
        return search_terms(node_texts(node), groups, self.abbreviations)

    def body(self, node: Node, path: str) -> str:
        """The contributor's body as sanitised HTML, its links pointing at generated pages."""
        rendered = rendered_body(node, self.markdown)
        html = rendered.html
        if any(not link.scheme and not link.target.startswith("#") for link in rendered.links):
            # Relative links point at source files: rewritten to the pages' addresses. (The
            # HTML is sanitised already, and sanitising is a fixed point: without such links
            # this pass would give the same HTML.)
            html = sanitize_html(html, lambda url: self.address(node, path, url))
        return page_fragments(html)

    def address(self, node: Node, path: str, url: str) -> str | None:
        """The URL a relative link in a body gets on the page at ``path``."""
        if url.startswith("#"):
            return url
        if url.startswith(("//", "/", "\\")):
            return None  # refused by the validator already; never a link to another host
        target, _, fragment = url.partition("#")
        repo_path = resolve_link(node.path, target)
        found = self.graph.by_path.get(repo_path)
        if found is not None:
            docs = docs_path(found)
        elif repo_path.startswith("content/"):
            docs = repo_path.removeprefix("content/")  # an image beside the resources
        else:
            return url
        return relative_url(path, docs) + (f"#{fragment}" if fragment else "")


def page_fragments(html: str) -> str:
    """Sanitised body HTML as part of a generated Markdown page.

    Headings directly in the body become Markdown headings (escaped), so the renderer puts
    them in the page's table of contents and gives them the anchors the validator worked
    out; everything between them stays HTML in a ``<div>`` block, which Python-Markdown
    passes on unchanged.
    """
    tree = HTMLParser(f"<body>{html}</body>").body
    parts: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if "".join(run).strip():
            parts.append('<div class="kp-tekst">\n' + "".join(run).strip("\n") + "\n</div>")
        run.clear()

    for child in tree.iter(include_text=True) if tree is not None else ():
        if child.tag in HEADING_TAGS:
            flush()
            parts.append("#" * int(child.tag[1]) + " " + md_text(child.text(deep=True)))
        else:
            run.append(child.html or "")
    flush()
    return "\n\n".join(parts) + "\n"


def make_renderer(graph: SiteGraph, settings: Settings) -> Renderer:
    """A renderer with the repository's templates and abbreviation list."""
    theme = settings.root / "theme"
    return Renderer(graph, settings, _environment(theme / "templates"),
                    markdown_setup(settings.root), load_abbreviations(theme / "zoekwoorden.yml"))


_environments: dict[tuple[str, tuple[tuple[str, int, int], ...]], jinja2.Environment] = {}


def _environment(templates: Path) -> jinja2.Environment:
    """:func:`make_environment`, made again only when a template changed (the live preview)."""
    key = (str(templates), tuple((p.name, (st := p.stat()).st_mtime_ns, st.st_size)
                                 for p in sorted(templates.glob("*"))))
    if key not in _environments:
        _environments.clear()
        _environments[key] = make_environment(templates)
    return _environments[key]


def make_environment(templates: Path) -> jinja2.Environment:
    """Jinja2 for Markdown output: no HTML autoescape, explicit escaping filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)), autoescape=False,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False)  # one environment per build: no file-time check for every page
    env.globals["paths"] = paths  # every address a template links to comes from render/paths.py
    env.filters.update(host=host, md=md_text, attr=html_text, yaml=yaml_text, datum=dutch_date,
                       moment=dutch_moment, iso=_iso, href=_href, rel=_rel, link=_link,
                       organisaties=_organisations,
                       anker=_anchor, url=_url, wanneer=event_when, stand=stand_text)
    return env


# Filters rather than functions for what every list item uses: Jinja calls a filter directly,
# a function through a context call that inspects it first (measured: a large part of the
# time of a page with many links).

def _iso(value: date) -> str:
    return value.isoformat()


def _anchor(heading: str) -> str:
    """``{{ naam|anker }}``: the anchor MkDocs gives a heading with this text (its toc slug)."""
    return slugify(heading, "-")


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, node: Node) -> str:
    """``{{ r|href }}``: the relative link from the page being rendered to a node's page."""
    return relative(context["here"], docs_path(node))


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, node: Node) -> str:
    """``{{ r|link }}``: the served URL of a node's page, relative to the page, for HTML."""
    return relative_url(context["here"], docs_path(node))


@jinja2.pass_context
def _rel(context: jinja2.runtime.Context, target: str) -> str:
    """``{{ 'agenda.ics'|rel }}``: the relative link from the page being rendered to a path."""
    return relative(context["here"], target)


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    """``{{ paths.SEARCH|url }}``: the served URL of a file, relative to the page, for raw HTML."""
    return relative_url(context["here"], target)


@jinja2.pass_context
def _organisations(context: jinja2.runtime.Context, resource: Resource) -> str:
    """A resource's organisations, short names where they have one, escaped for HTML."""
    known = context["g"].organisations
    return ", ".join(html_text(known[o].afkorting or known[o].naam) for o in resource.meta.organisatie)


Fill = Callable[[Sink], None]


@dataclass(frozen=True, slots=True)
class SiteOutput:
    """What the render stage wrote: the claimed addresses, counts and any address conflicts."""

    registry: Registry
    stats: WriteStats
    by_resource: Mapping[str, tuple[Written, ...]] = field(default_factory=dict)  # files per resource
    by_job: tuple[tuple[Written, ...], ...] = ()  # files per job, in job order

    @property
    def pages(self) -> int:
        return sum(1 for path in self.registry.files_claimed if path.endswith(".md"))


def render_site(graph: SiteGraph, settings: Settings, target: Path,
                kept: KeptPages | None = None) -> SiteOutput:
    """Render every page of the site into ``target``, writing only files whose bytes change.

    Addresses are claimed in job order. An address conflict is a bug backstop (the validator
    refuses duplicate ids): the build then stops with the conflict reported, and stale files
    are left in place.

    ``kept`` (the live preview) names resources whose files from the previous run are still
    right (see :mod:`generator.link.changes`): their jobs are skipped and their files kept.
    """
    writer = TreeWriter(target)
    skip = kept.resources if kept is not None else frozenset()
    by_resource: dict[str, tuple[Written, ...]] = {}
    by_job: list[tuple[Written, ...]] = []
    jobs = site_jobs(make_renderer(graph, settings), skip)
    in_workers = _render_resources(jobs, target)  # started: this process renders the rest
    lists_kept = kept is not None and kept.lists_unchanged and len(kept.by_job) == len(jobs)
    here: dict[int, tuple[Written, ...]] = {}
    for number, fill in enumerate(jobs):
        if in_workers is not None and isinstance(fill, _ResourceJob):
            continue
        if lists_kept and not isinstance(fill, _Kept | _ResourceJob | _Always):
            assert kept is not None
            here[number] = tuple(replace(item, changed=False) for item in kept.by_job[number])
        elif isinstance(fill, _Kept):
            assert kept is not None
            here[number] = tuple(replace(item, changed=False) for item in kept.files[fill.resource])
        else:
            part = TreeWriter(target)
            fill(part)
            here[number] = tuple(part.written)
    if in_workers is not None:
        here.update(in_workers())
    for number, fill in enumerate(jobs):  # claimed in job order, wherever a job ran
        done = here[number]
        writer.written.extend(done)
        if isinstance(fill, _Kept | _ResourceJob):
            by_resource[fill.resource] = done
        by_job.append(done)
    registry, changed = Registry(), 0
    for item in writer.written:
        if registry.claim(item.path, item.source):
            changed += item.changed
    claimed = set(registry.files_claimed)
    removed = 0 if registry.problems else remove_stale(claimed, target)
    return SiteOutput(registry, WriteStats(changed, len(claimed) - changed, removed), by_resource,
                      tuple(by_job))


PARALLEL_FROM = 400  # resource pages; fewer render in this process
_SPAN = 50  # resource jobs per task for a worker
_fork_jobs: list[Fill] = []


def _render_resources(jobs: list[Fill],
                      target: Path) -> Callable[[], dict[int, tuple[Written, ...]]] | None:
    """Start the resource jobs on every core when there are many; None when they run here.

    Returns a function that waits for them and gives what each wrote, by job number. Each
    resource job writes only its own files (its page and its JSON twin), so workers write side
    by side; the files are claimed afterwards in job order, as when run here.
    """
    numbers = [n for n, fill in enumerate(jobs) if isinstance(fill, _ResourceJob)]
    if len(numbers) < PARALLEL_FROM or cores() < 2:
        return None
    global _fork_jobs
    _fork_jobs = jobs
    spans = [(numbers[i:i + _SPAN], str(target)) for i in range(0, len(numbers), _SPAN)]
    try:
        results = fork_map_started(_render_span, spans)
    finally:
        _fork_jobs = []  # the workers have their own copy

    def collected() -> dict[int, tuple[Written, ...]]:
        return {number: written for result in results() for number, written in result}
    return collected


def _render_span(span: tuple[list[int], str]) -> list[tuple[int, tuple[Written, ...]]]:
    numbers, target = span
    done = []
    for number in numbers:
        writer = TreeWriter(Path(target))
        _fork_jobs[number](writer)
        done.append((number, tuple(writer.written)))
    return done


@dataclass(frozen=True, slots=True)
class KeptPages:
    """Resources whose files stay as the previous run wrote them, and those files per resource."""

    resources: frozenset[str]
    files: Mapping[str, tuple[Written, ...]]
    # No resource changed in anything but its body (and nothing wider changed): every page
    # and file that lists resources is as the previous run wrote it (``by_job``, in job order).
    lists_unchanged: bool = False
    by_job: tuple[tuple[Written, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class _Kept:
    """A resource job that is skipped: its files are claimed again as they are."""

    resource: str

    def __call__(self, sink: Sink) -> None:
        raise AssertionError("a kept job is not run")


@dataclass(frozen=True, slots=True)
class _Always:
    """A job that runs on every render (it reads files the graph does not describe)."""

    fill: Fill

    def __call__(self, sink: Sink) -> None:
        self.fill(sink)


@dataclass(frozen=True, slots=True)
class _ResourceJob:
    resource: str
    fill: Fill

    def __call__(self, sink: Sink) -> None:
        self.fill(sink)


def site_jobs(renderer: Renderer, keep: frozenset[str] = frozenset()) -> list[Fill]:
    """The render jobs in registration order: exports, overviews, resources, site pages."""
    graph, settings = renderer.graph, renderer.settings
    jobs = [_export_job(fill, graph, settings)
            for fill in (render_feeds, render_calendars, render_export)]
    jobs += [_page_job(renderer, HOME, "home.md.j2", "content/",
                       newest=newest_first(graph.content.resources)[:NEWEST]),
             _page_job(renderer, GROUPS_INDEX, "groups.md.j2", "groups/")]
    jobs += [_node_job(renderer, group, "group.md.j2", group=group) for group in graph.groups.values()]
    for soort in SOORTEN:
        path = soort_page(soort)
        jobs.append(_page_job(renderer, path, "agenda.md.j2" if path == AGENDA else "soort.md.j2",
                              f"content/{soort}/", soort=SOORTEN[soort]))
    jobs += [_Kept(resource.id) if resource.id in keep
             else _ResourceJob(resource.id, _resource_job(renderer, resource))
             for resource in graph.content.resources]
    jobs += [_node_job(renderer, page, "page.md.j2", p=page) for page in graph.content.pages]
    jobs += [_page_job(renderer, SEARCH, "zoeken.md.j2", "theme/templates/zoeken.md.j2"),
             _page_job(renderer, COVERAGE, "dekking.md.j2", "theme/templates/dekking.md.j2",
                       page_ids={p.id for p in graph.content.pages})]
    jobs += [_page_job(renderer, SOORTEN_INDEX, "soorten.md.j2", "theme/templates/soorten.md.j2"),
             _page_job(renderer, OPEN_NOW, "open-nu.md.j2", "content/financiele-regelingen/",
                       opening=_with_state(graph, "financiele-regelingen", "opent"),
                       unknown=_with_state(graph, "financiele-regelingen", "onbekend")),
             _page_job(renderer, EDITORS, "redactie.md.j2", "theme/templates/redactie.md.j2",
                       report=build_editors_report(
                           graph, read_dead_links(settings.root / LINK_REPORT)), kinds=KINDS)]
    jobs.append(_Always(lambda sink: add_images(sink, settings.root)))
    jobs.append(_export_job(render_editor, graph, settings))
    return jobs


def _with_state(graph: SiteGraph, soort: str, key: str) -> tuple[Resource, ...]:
    return tuple(r for r in graph.by_soort[soort] if graph.state(r).key == key)


def _export_job(fill: Callable[[SiteGraph, Settings, Sink], None], graph: SiteGraph,
                settings: Settings) -> Fill:
    return lambda sink: fill(graph, settings, sink)


def _page_job(renderer: Renderer, path: str, template: str, source: str, **values: Any) -> Fill:
    return lambda sink: sink.add(path, renderer.page(template, path, **values), source)


def _node_job(renderer: Renderer, node: Group | Page, template: str, **values: Any) -> Fill:
    def fill(sink: Sink) -> None:
        path = docs_path(node)
        sink.add(path, renderer.page(template, path, body=renderer.body(node, path), **values),
                 node.path)
    return fill


def _resource_job(renderer: Renderer, resource: Resource) -> Fill:
    """A resource's page and its JSON twin."""
    def fill(sink: Sink) -> None:
        path = docs_path(resource)
        graph = renderer.graph
        sink.add(path, renderer.page("resource.md.j2", path, r=resource,
                                     body=renderer.body(resource, path),
                                     groups=graph.groups_of(resource),
                                     for_all=ALL_GROUPS in resource.meta.doelgroepen,
                                     related=graph.related.get(resource.id, ()),
                                     mentioned=graph.mentioned_elsewhere(resource)),
                 resource.path)
        render_twin(renderer.graph, renderer.settings, resource, sink)
    return fill


def add_images(registry: Sink, root: Path) -> None:
    """Images beside the resources keep their relative place, so body links keep working."""
    for image in sorted((root / "content").glob("*/*")):
        if image.suffix.lower() in IMAGE_SUFFIXES and image.is_file() and not image.is_symlink():
            rel = image.relative_to(root / "content").as_posix()
            registry.add(rel, image.read_bytes(), image.relative_to(root).as_posix())


def render_config(graph: SiteGraph, settings: Settings, docs_dir: Path, site_dir: Path) -> str:
    """The generated configuration: the project's mkdocs.yml plus paths and a short navigation.

    Paths are relative to the folder of :attr:`Settings.config_file` (the repository folder),
    so ``site_dir`` lies inside the project root as Zensical demands; MkDocs and ProperDocs
    read the same file unchanged.
    """
    base = copy.deepcopy(read_mkdocs_config(settings.root, keep_tags=True) or {})
    out = settings.config_file.parent.as_posix()
    base["docs_dir"] = posixpath.relpath(docs_dir.as_posix(), out)
    base["site_dir"] = posixpath.relpath(site_dir.as_posix(), out)
    base["theme"]["custom_dir"] = posixpath.relpath(
        (settings.root / base["theme"]["custom_dir"]).as_posix(), out)
    base["markdown_extensions"] = renderer_extensions(base.get("markdown_extensions") or [])
    base["nav"] = navigation(graph)
    return "# Gemaakt door kennispunt build; pas mkdocs.yml aan, niet dit bestand.\n" + yaml.dump(
        base, Dumper=ConfigDumper, allow_unicode=True, sort_keys=False)


# What the renderer needs of Python-Markdown for the generated pages. Contributor text reaches
# them only as HTML the generator made with every extension of mkdocs.yml (load/body.py), and
# the templates write HTML too; what is left as Markdown is the headings (toc: the table of
# contents and the anchors) and the coverage table (tables). Every other extension would only
# cost time on every page.
RENDERER_EXTENSIONS = ("toc", "tables")


def renderer_extensions(configured: list[Any]) -> list[Any]:
    """mkdocs.yml's entries (with their options) for :data:`RENDERER_EXTENSIONS`, in that order."""
    by_name = {(next(iter(item)) if isinstance(item, dict) else item): item for item in configured}
    return [by_name.get(name, name) for name in RENDERER_EXTENSIONS]


def navigation(graph: SiteGraph) -> list[Any]:
    """Home, groups, types, agenda and site pages: never the individual resources."""
    pages = sorted(graph.content.pages, key=lambda p: (p.meta.volgorde, p.id))
    types: list[dict[str, str]] = [{"Alle soorten": SOORTEN_INDEX}]
    types += [{SOORTEN[s].label: soort_page(s)} for s in SOORTEN if s != "agenda"]
    types.append({"Regelingen die nu open zijn": OPEN_NOW})
    groups: list[Any] = [{"Alle doelgroepen": GROUPS_INDEX}]
    groups += [{g.meta.naam: docs_path(g)} for g in graph.groups.values()]
    return [
        {"Home": HOME},
        {"Doelgroepen": groups},
        {"Soorten bronnen": types},
        {"Agenda": AGENDA},
        {"Zoeken": SEARCH},
        {"Over dit platform": [*({p.meta.titel: docs_path(p)} for p in pages),
                               {"Dekking per doelgroep": COVERAGE}]},
    ]
