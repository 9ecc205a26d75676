"""Every output address, declared once: where each generated file lives and how to link to it.

A file's *docs path* is its place in the generated tree (``beleid/x/index.md``, ``agenda.ics``).
Every page is the ``index.md`` of a folder of its own, so its source lies in the folder it is
served from: a renderer that resolves relative URLs in raw HTML against the source file
(Zensical does) and one that resolves them against the served page (a browser, after MkDocs)
then read them the same way. Pages link to each other with relative Markdown links between
docs paths (:func:`relative`; MkDocs resolves and checks them); HTML the generator writes
itself uses the served URL (:func:`relative_url`); files meant for other programs carry
absolute addresses built from the site URL (:func:`site_address`), because a feed reader or
calendar app does not know where it found the file. Templates get these functions as ``paths``.
"""

from __future__ import annotations

import re

from generator.model.models import Group, Page, Resource
from generator.settings import Settings

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


HOME = "index.md"
GROUPS_INDEX = "doelgroepen/index.md"
SEARCH = "zoeken/index.md"
AGENDA = "agenda/index.md"
COVERAGE = "dekking/index.md"
SOORTEN_INDEX = "soorten/index.md"  # all types: the target of the "Soorten bronnen" tab
OPEN_NOW = "open-nu/index.md"  # every scheme open now, and upcoming events
EDITOR = "bijdragen/bewerken"  # the editing screen (a folder of plain files, not a page)
EDITORS = "redactie/rapport/index.md"  # the editors' report: outside the navigation and the index
ALL_FEED = "feeds/nieuw.xml"
ALL_EVENTS = "agenda.ics"
EXPORT = "api/bronnen.json"
SCHEMA = "api/bronnen.schema.json"

Node = Resource | Group | Page


def docs_path(node: Node) -> str:
    """Where a source file's page lives in the generated tree."""
    if isinstance(node, Resource):
        return f"{node.soort}/{node.id}/index.md"
    if isinstance(node, Group):
        return f"doelgroepen/{node.id}/index.md"
    return site_page(node.id)


def site_page(page_id: str) -> str:
    """A site page (content/paginas/<id>.md) at the top of the tree."""
    return f"{page_id}/index.md"


def soort_page(soort: str) -> str:
    """The overview page of one type of resource."""
    return f"{soort}/index.md"


def twin(resource: Resource) -> str:
    """A resource's open-data twin (JSON) beside its page's folder."""
    return f"{resource.soort}/{resource.id}.json"


def event_calendar(resource: Resource) -> str:
    """The iCalendar file of one event."""
    return f"agenda/{resource.id}.ics"


def group_calendar(group_id: str) -> str:
    """The iCalendar file of a group's events."""
    return f"doelgroepen/{group_id}/agenda.ics"


def group_feed(group_id: str) -> str:
    """The Atom feed of a group's new resources."""
    return f"feeds/{group_id}.xml"


def relative(from_page: str, to_page: str) -> str:
    """A relative Markdown link between two generated files (MkDocs resolves and checks it).

    Same result as ``posixpath.relpath(to_page, dirname(from_page))`` for the tree's normalised
    relative paths, without its getcwd/abspath calls: it runs for every link on every page.
    """
    from_dir = from_page.rpartition("/")[0]
    if not from_dir:
        return to_page
    if to_page.startswith(from_dir + "/"):
        return to_page[len(from_dir) + 1:]
    if "/" not in from_dir:  # the common case: one folder up
        return "../" + to_page
    up, target = from_dir.split("/"), to_page.split("/")
    common = 0
    while common < len(up) and common < len(target) - 1 and up[common] == target[common]:
        common += 1
    return "../" * (len(up) - common) + "/".join(target[common:])


def served_path(docs_path: str) -> str:
    """Where a generated file is served, relative to the site: a page ``x/y/index.md`` (or
    ``x/y.md``) at ``x/y/``."""
    if not docs_path.endswith(".md"):
        return docs_path
    path = docs_path.removesuffix(".md")
    return path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"


def relative_url(from_docs: str, to_docs: str) -> str:
    """The relative URL from the page ``from_docs`` to the file ``to_docs`` as browsers resolve it.

    For HTML the generator writes itself (contributor bodies), which MkDocs passes on as is.
    """
    here, there = served_path(from_docs), served_path(to_docs)
    base = here.rpartition("/")[0]
    if there == here:
        return "./"
    relative = _relpath(there.rstrip("/"), base)
    if relative == ".":
        return "./"
    return relative + "/" if there == "" or there.endswith("/") else relative


def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath(target or '.', base or '.')`` for normalised relative paths, without
    its getcwd/abspath calls (every link of every page comes here)."""
    to, start = (target.split("/") if target else []), (base.split("/") if base else [])
    common = 0
    while common < len(to) and common < len(start) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


def site_address(settings: Settings, docs_path: str) -> str:
    """The absolute URL of a generated file; a page ``x/y/index.md`` is served at ``x/y/``."""
    return settings.site_url.rstrip("/") + "/" + served_path(docs_path)


def site_host(settings: Settings) -> str:
    """The host of the site URL, for calendar UIDs."""
    match = re.match(r"^[a-z]+://([^/:]+)", settings.site_url)
    return match.group(1) if match else "localhost"


def xml_safe(text: str) -> str:
    """Text without the control characters that XML 1.0 cannot carry at all."""
    return _NOT_XML.sub("", text)
