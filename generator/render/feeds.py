"""Atom feeds (RFC 4287): all new resources, and one per target group.

Built as an element tree (the standard library's ElementTree), so the serializer escapes every
title and summary. Dates come from the content (``datum`` and ``gecontroleerd``), never from
the clock, so the same content gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from xml.etree import ElementTree as etree
from zoneinfo import ZoneInfo

from generator.link.graph import SiteGraph, newest_first
from generator.model.models import SOORTEN, Resource
from generator.render.output import Sink
from generator.render.paths import (
    ALL_FEED,
    GROUPS_INDEX,
    docs_path,
    group_feed,
    site_address,
    soort_page,
    xml_safe,
)
from generator.settings import Settings

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 50
SITE_NAME = "Kennisplatform Een thuis voor iedereen"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def render_feeds(graph: SiteGraph, settings: Settings, registry: Sink) -> None:
    """Register the feed of all resources and one feed per target group."""
    registry.add(ALL_FEED, render_feed(
        graph, settings, graph.content.resources, ALL_FEED, "index.md",
        f"Nieuw op het {SITE_NAME}"), "content/")
    for group in graph.groups.values():
        resources = [r for items in graph.by_group[group.id].values() for r in items]
        path = group_feed(group.id)
        registry.add(path, render_feed(graph, settings, resources, path,
                                       f"doelgroepen/{group.id}.md",
                                       f"{group.meta.naam}: nieuw op het {SITE_NAME}"),
                     group.path)


def render_feed(graph: SiteGraph, settings: Settings, resources: Iterable[Resource],
                path: str, page: str, title: str) -> bytes:
    """One Atom document: the newest resources first, at most :data:`MAX_ENTRIES`."""
    entries = newest_first(resources)[:MAX_ENTRIES]
    # Plain tag names plus an xmlns attribute: ElementTree then writes the Atom namespace as
    # the default one instead of inventing an "ns0:" prefix.
    feed = etree.Element("feed", xmlns=ATOM)
    feed.set(_XML_LANG, "nl")
    _text(feed, "id", site_address(settings, path))
    _text(feed, "title", xml_safe(title))
    _link(feed, "self", site_address(settings, path), "application/atom+xml")
    _link(feed, "alternate", site_address(settings, page), "text/html")
    newest = max((updated_of(r) for r in entries), default=graph.today)
    _text(feed, "updated", atom_date(newest))
    author = etree.SubElement(feed, "author")
    _text(author, "name", SITE_NAME)
    _text(author, "uri", settings.site_url)
    _text(feed, "generator", "kennispunt")
    for resource in entries:
        feed.append(render_entry(graph, settings, resource))
    etree.indent(feed)
    document: bytes = etree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def render_entry(graph: SiteGraph, settings: Settings, resource: Resource) -> etree.Element:
    """One entry: title, address, dates, summary, organisations and categories."""
    meta = resource.meta
    address = site_address(settings, docs_path(resource))
    entry = etree.Element("entry")
    _text(entry, "id", address)
    _text(entry, "title", xml_safe(meta.titel)).set("type", "text")
    _link(entry, "alternate", address, "text/html")
    _text(entry, "published", atom_date(meta.datum))
    _text(entry, "updated", atom_date(updated_of(resource)))
    for organisation_id in meta.organisatie:
        organisation = graph.organisations.get(organisation_id)
        if organisation is not None:
            author = etree.SubElement(entry, "author")
            _text(author, "name", xml_safe(organisation.naam))
            _text(author, "uri", organisation.url)
    _text(entry, "summary", xml_safe(meta.samenvatting)).set("type", "text")
    soort = SOORTEN[resource.soort]
    _category(entry, resource.soort, soort.label, site_address(settings, soort_page(resource.soort)))
    for group in graph.groups_of(resource):
        _category(entry, group.id, group.meta.naam, site_address(settings, GROUPS_INDEX))
    return entry


def updated_of(resource: Resource) -> date:
    """The last change we know of: the later of publication and review."""
    checked = resource.meta.gecontroleerd
    return max(resource.meta.datum, checked) if checked else resource.meta.datum


def atom_date(value: date) -> str:
    """Midnight of a day in Amsterdam, as an RFC 3339 timestamp with its offset."""
    return datetime.combine(value, time(0), AMSTERDAM).isoformat()


def _text(parent: etree.Element, name: str, text: str) -> etree.Element:
    element = etree.SubElement(parent, name)
    element.text = text
    return element


def _link(parent: etree.Element, rel: str, href: str, media_type: str) -> None:
    etree.SubElement(parent, "link", rel=rel, href=href, type=media_type)


def _category(parent: etree.Element, term: str, label: str, scheme: str) -> None:
    etree.SubElement(parent, "category", term=term, label=xml_safe(label),
                     scheme=scheme)
