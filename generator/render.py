"""Site graph -> generated docs tree: Markdown pages (through Jinja2 templates) and mkdocs.yml.

Every page is registered in one :class:`~generator.output.Registry`; templates live in
``theme/templates/`` and receive plain values plus a few escaping filters.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .body import resolve_link
from .calendars import render_calendars
from .feeds import render_feeds
from .graph import Node, SiteGraph, newest_first
from .markup import (
    dutch_date,
    dutch_moment,
    host,
    html_text,
    md_text,
    number_steps,
    rewrite_links,
    sanitize_body,
    yaml_text,
)
from .models import ALL_GROUPS, SOORTEN, Group, Resource
from .opendata import render_opendata
from .output import Registry
from .settings import Settings
from .sources import IMAGE_SUFFIXES
from .zoekwoorden import load_abbreviations, node_texts, search_terms

HOME, GROUPS_INDEX, SEARCH, AGENDA = "index.md", "doelgroepen/index.md", "zoeken.md", "agenda/index.md"
COVERAGE = "dekking.md"
NEWEST = 8


def docs_path(node: Node) -> str:
    """Where a source file's page lives in the generated tree."""
    if isinstance(node, Resource):
        return f"{node.soort}/{node.id}.md"
    if isinstance(node, Group):
        return f"doelgroepen/{node.id}.md"
    return f"{node.id}.md"


def soort_path(soort: str) -> str:
    return f"{soort}/index.md"


def relative(from_page: str, to_page: str) -> str:
    """A relative Markdown link between two generated pages (MkDocs resolves and checks it).

    Same result as ``posixpath.relpath(to_page, dirname(from_page))`` for the tree's normalised
    relative paths, without its getcwd/abspath calls: it runs for every link on every page.
    """
    from_dir = from_page.rpartition("/")[0]
    if not from_dir:
        return to_page
    if to_page.startswith(from_dir + "/"):
        return to_page[len(from_dir) + 1:]
    up, target = from_dir.split("/"), to_page.split("/")
    common = 0
    while common < len(up) and common < len(target) - 1 and up[common] == target[common]:
        common += 1
    return "../" * (len(up) - common) + "/".join(target[common:])


@dataclass(frozen=True, slots=True)
class Renderer:
    """Renders pages of one graph with one template environment."""

    graph: SiteGraph
    settings: Settings
    env: jinja2.Environment
    abbreviations: Mapping[str, str] = field(default_factory=dict)

    def page(self, template: str, path: str, **values: Any) -> str:
        def link(target: str) -> str:
            return relative(path, target)

        return self.env.get_template(template).render(
            g=self.graph, s=self.settings, link=link, here=path, soorten=SOORTEN,
            path_of=docs_path, soort_path=soort_path, zoekwoorden=self.search_terms, **values)

    def search_terms(self, node: Node) -> list[str]:
        """Hidden words a page is also found on: its groups' synonyms and abbreviation pairs."""
        groups: tuple[Group, ...] = (node,) if isinstance(node, Group) else ()
        if isinstance(node, Resource):  # 'alle' adds no synonyms: they would match everything
            groups = tuple(self.graph.groups[g] for g in node.meta.doelgroepen if g in self.graph.groups)
        return search_terms(node_texts(node), groups, self.abbreviations)

    def body(self, node: Node, path: str) -> str:
        """The contributor's body, sanitised, with links pointing at generated pages."""
        def target_for(target: str) -> str | None:
            if ":" in target.split("/", 1)[0] or target.startswith(("#", "/")):
                return None
            found = self.graph.by_path.get(resolve_link(node.path, target))
            if found is None:
                return None
            anchor = target.split("#", 1)[1] if "#" in target else ""
            return relative(path, docs_path(found)) + (f"#{anchor}" if anchor else "")

        text = rewrite_links(sanitize_body(node.body), target_for)
        if isinstance(node, Resource) and node.soort == "stappenplannen":
            text = number_steps(text)
        return text.strip() + "\n"


def make_environment(templates: Path) -> jinja2.Environment:
    """Jinja2 for Markdown output: no HTML autoescape, explicit escaping filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)), autoescape=False,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)
    env.filters.update(host=host, md=md_text, attr=html_text, yaml=yaml_text, datum=dutch_date,
                       moment=dutch_moment)
    return env


def render_site(graph: SiteGraph, settings: Settings) -> Registry:
    """Every page of the site, registered by address."""
    theme = settings.root / "theme"
    renderer = Renderer(graph, settings, make_environment(theme / "templates"),
                        load_abbreviations(theme / "zoekwoorden.yml"))
    registry = Registry()
    registry.add(HOME, renderer.page("home.md.j2", HOME, newest=newest_first(
        graph.content.resources)[:NEWEST]), "content/")
    registry.add(GROUPS_INDEX, renderer.page("groups.md.j2", GROUPS_INDEX), "groups/")
    for group in graph.groups.values():
        path = docs_path(group)
        registry.add(path, renderer.page("group.md.j2", path, group=group,
                                         body=renderer.body(group, path)), group.path)
    for soort in SOORTEN:
        path = soort_path(soort)
        template = "agenda.md.j2" if path == AGENDA else "soort.md.j2"
        registry.add(path, renderer.page(template, path, soort=SOORTEN[soort]), f"content/{soort}/")
    for resource in graph.content.resources:
        path = docs_path(resource)
        registry.add(path, renderer.page("resource.md.j2", path, r=resource,
                                         body=renderer.body(resource, path),
                                         groups=graph.groups_of(resource),
                                         for_all=ALL_GROUPS in resource.meta.doelgroepen),
                     resource.path)
    for page in graph.content.pages:
        path = docs_path(page)
        registry.add(path, renderer.page("page.md.j2", path, p=page,
                                         body=renderer.body(page, path)), page.path)
    registry.add(SEARCH, renderer.page("zoeken.md.j2", SEARCH), "theme/templates/zoeken.md.j2")
    registry.add(COVERAGE, renderer.page("dekking.md.j2", COVERAGE,
                                         page_ids={p.id for p in graph.content.pages}),
                 "theme/templates/dekking.md.j2")
    add_images(registry, settings.root)
    render_feeds(graph, settings, registry)
    render_calendars(graph, settings, registry)
    render_opendata(graph, settings, registry)
    return registry


def add_images(registry: Registry, root: Path) -> None:
    """Images beside the resources keep their relative place, so body links keep working."""
    for image in sorted((root / "content").glob("*/*")):
        if image.suffix.lower() in IMAGE_SUFFIXES and image.is_file() and not image.is_symlink():
            rel = image.relative_to(root / "content").as_posix()
            registry.add(rel, image.read_bytes(), image.relative_to(root).as_posix())


def render_config(graph: SiteGraph, settings: Settings, docs_dir: Path, site_dir: Path) -> str:
    """The generated mkdocs.yml: the project's mkdocs.yml plus paths and a short navigation."""
    base = yaml.safe_load((settings.root / "mkdocs.yml").read_text("utf-8"))
    out = settings.root / "build"
    base["docs_dir"] = posixpath.relpath(docs_dir.as_posix(), out.as_posix())
    base["site_dir"] = posixpath.relpath(site_dir.as_posix(), out.as_posix())
    base["theme"]["custom_dir"] = posixpath.relpath(
        (settings.root / base["theme"]["custom_dir"]).as_posix(), out.as_posix())
    base["nav"] = navigation(graph)
    return "# Gemaakt door kennispunt build; pas mkdocs.yml in de hoofdmap aan.\n" + yaml.safe_dump(
        base, allow_unicode=True, sort_keys=False)


def navigation(graph: SiteGraph) -> list[Any]:
    """Home, groups, types, agenda and site pages: never the individual resources."""
    pages = sorted(graph.content.pages, key=lambda p: (p.meta.volgorde, p.id))
    types: list[dict[str, str]] = [{SOORTEN[s].label: soort_path(s)} for s in SOORTEN if s != "agenda"]
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
