"""Absolute addresses of generated files, for feeds, calendars and open data.

Pages link to each other relatively (MkDocs resolves those); files meant for other programs
carry absolute addresses built from the site URL, because a feed reader or calendar app does
not know where it found the file.
"""

from __future__ import annotations

import re

from .models import Resource
from .settings import Settings

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def resource_path(resource: Resource) -> str:
    """The docs path of a resource's page (the same rule as the page renderer)."""
    return f"{resource.soort}/{resource.id}.md"


def site_address(settings: Settings, docs_path: str) -> str:
    """The absolute URL of a generated file; a page ``x/y.md`` is served at ``x/y/``."""
    path = docs_path
    if path.endswith(".md"):
        path = path.removesuffix(".md")
        path = path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"
    return settings.site_url.rstrip("/") + "/" + path


def site_host(settings: Settings) -> str:
    """The host of the site URL, for calendar UIDs."""
    match = re.match(r"^[a-z]+://([^/:]+)", settings.site_url)
    return match.group(1) if match else "localhost"


def xml_safe(text: str) -> str:
    """Text without the control characters that XML 1.0 cannot carry at all."""
    return _NOT_XML.sub("", text)
