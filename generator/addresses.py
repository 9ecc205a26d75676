"""Absolute addresses of generated files, for feeds, calendars and open data.

Pages link to each other relatively (MkDocs resolves those); files meant for other programs
carry absolute addresses built from the site URL, because a feed reader or calendar app does
not know where it found the file.
"""

from __future__ import annotations

import posixpath
import re

from .models import Resource
from .settings import Settings

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def resource_path(resource: Resource) -> str:
    """The docs path of a resource's page (the same rule as the page renderer)."""
    return f"{resource.soort}/{resource.id}.md"


def served_path(docs_path: str) -> str:
    """Where a generated file is served, relative to the site: a page ``x/y.md`` at ``x/y/``."""
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
    relative = posixpath.relpath(there or ".", base or ".")
    if relative == ".":
        return "./"
    return relative + "/" if there == "" or there.endswith("/") else relative


def site_address(settings: Settings, docs_path: str) -> str:
    """The absolute URL of a generated file; a page ``x/y.md`` is served at ``x/y/``."""
    return settings.site_url.rstrip("/") + "/" + served_path(docs_path)


def site_host(settings: Settings) -> str:
    """The host of the site URL, for calendar UIDs."""
    match = re.match(r"^[a-z]+://([^/:]+)", settings.site_url)
    return match.group(1) if match else "localhost"


def xml_safe(text: str) -> str:
    """Text without the control characters that XML 1.0 cannot carry at all."""
    return _NOT_XML.sub("", text)
