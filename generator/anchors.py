"""Links to a place on a page (``pagina.md#kop``, ``#kop``) must find that place.

MkDocs checks these anchors too (``validation.links.anchors``), but stops the build with an
English message about a generated file. This check runs first and names the contributor's
file, line and column in Dutch, with the headings that do exist.

The anchors of a page are the ``id`` attributes of its HTML, as MkDocs collects them: the
generated Markdown page is converted with Python-Markdown and the site's extensions from
mkdocs.yml, so a heading's anchor is exactly the one MkDocs makes (numbered steps and the
"Gerelateerd" section included). Only pages that anchored links point at are converted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import markdown
import yaml

from .body import find_links, resolve_link
from .diagnostics import Diagnostic, error
from .graph import Node, SiteGraph
from .validate import did_you_mean

_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")
_HEADING_ID = re.compile(r"<h[1-6][^>]*\sid=\"([^\"]*)\"")


def check_anchors(graph: SiteGraph, docs_dir: Path, mkdocs_yml: Path,
                  page_of: Callable[[Node], str]) -> list[Diagnostic]:
    """Every body link with ``#anchor`` to a page of the site, checked against that page.

    ``page_of`` gives a node's generated page (relative to ``docs_dir``).
    """
    converter = _Converter(mkdocs_yml)
    problems = []
    for node in graph.by_path.values():
        for target, fragment, line, column in _anchored_links(node):
            linked = graph.by_path.get(node.path if target == "" else resolve_link(node.path, target))
            if linked is None:
                continue  # a missing file is the validator's error already
            ids, headings = converter.anchors(docs_dir / page_of(linked))
            if fragment not in ids and unquote(fragment) not in ids:
                problems.append(_problem(node, f"{target}#{fragment}", line, column, headings))
    return problems


def _anchored_links(node: Node) -> Iterator[tuple[str, str, int, int]]:
    """(page part, anchor, line in the file, column) of each link to a place on a site page."""
    for link in find_links(node.body):
        if link.scheme or link.target.startswith("/") or "#" not in link.target:
            continue
        target, fragment = link.target.split("#", 1)
        if fragment and (target == "" or target.endswith(".md")):
            yield target, fragment, node.body_line + link.line - 1, link.column


def _problem(node: Node, shown: str, line: int, column: int, headings: list[str]) -> Diagnostic:
    fragment = shown.split("#", 1)[1]
    hint = did_you_mean(f"#{fragment}", [f"#{h}" for h in headings]) or (
        "koppen op die pagina: " + ", ".join(f"#{h}" for h in headings[:12]) if headings
        else "die pagina heeft geen koppen; link naar de pagina zelf")
    return error(node.path, line, column, "onbekend-anker",
                 f"de link '{shown}' wijst naar een plek die niet op de pagina staat", hint)


class _Converter:
    """Python-Markdown with the site's extensions; the anchors of each page, worked out once."""

    def __init__(self, mkdocs_yml: Path) -> None:
        extensions, configs = markdown_extensions(mkdocs_yml)
        self._markdown = markdown.Markdown(extensions=extensions, extension_configs=configs)
        self._pages: dict[Path, tuple[frozenset[str], list[str]]] = {}

    def anchors(self, page: Path) -> tuple[frozenset[str], list[str]]:
        """Every id on the page, and the ids of its headings in order (for the hint)."""
        if page not in self._pages:
            html = self._markdown.reset().convert(page_markdown(page.read_text("utf-8")))
            self._pages[page] = (frozenset(a or b for a, b in _ID.findall(html)),
                                 _HEADING_ID.findall(html))
        return self._pages[page]


def page_markdown(text: str) -> str:
    """A generated page without its front matter: what MkDocs hands to Python-Markdown."""
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def markdown_extensions(mkdocs_yml: Path) -> tuple[list[str], dict[str, Any]]:
    """The ``markdown_extensions`` of mkdocs.yml, as Python-Markdown takes them."""
    config = yaml.safe_load(mkdocs_yml.read_text("utf-8")) if mkdocs_yml.is_file() else {}
    extensions: list[str] = []
    configs: dict[str, Any] = {}
    for item in (config or {}).get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        extensions.append(str(name))
        if options:
            configs[str(name)] = options
    return extensions, configs
