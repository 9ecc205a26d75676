"""Atom feeds: parse with a real feed parser, follow RFC 4287's structure, escape everything,
and come out byte for byte the same from the same content."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import feedparser  # type: ignore[import-untyped]
import pytest
from export_graphs import HOSTILE, PINNED, crowded_graph, fixture_graph, hostile_graph, render

from generator.link.graph import newest_first
from generator.render.feeds import MAX_ENTRIES, render_feeds
from generator.render.paths import ALL_FEED
from generator.settings import DEFAULT_SITE_URL

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
PAGE = DEFAULT_SITE_URL


@pytest.fixture(scope="module")
def feeds() -> dict[str, bytes]:
    return render(render_feeds, fixture_graph())


def entry_ids(data: bytes) -> list[str]:
    return [e.id for e in feedparser.parse(data).entries]


def test_a_feed_for_all_and_one_per_group(feeds: dict[str, bytes]) -> None:
    assert sorted(feeds) == ["feeds/dak-en-thuisloosheid.xml", "feeds/nieuw.xml",
                             "feeds/ouderen.xml", "feeds/statushouders.xml"]


@pytest.mark.parametrize("path", ["feeds/nieuw.xml", "feeds/statushouders.xml"])
def test_feeds_parse_without_complaint(feeds: dict[str, bytes], path: str) -> None:
    parsed = feedparser.parse(feeds[path])
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.language == "nl"
    assert parsed.feed.links[0].href == PAGE + path


def test_all_feed_lists_every_resource_newest_first(feeds: dict[str, bytes]) -> None:
    graph = fixture_graph()
    expected = [PAGE + f"{r.soort}/{r.id}/" for r in newest_first(graph.content.resources)]
    assert entry_ids(feeds[ALL_FEED]) == expected


def test_group_feed_holds_exactly_the_groups_resources(feeds: dict[str, bytes]) -> None:
    graph = fixture_graph()
    for group in graph.groups:
        expected = {PAGE + f"{r.soort}/{r.id}/" for items in graph.by_group[group].values()
                    for r in items}
        assert set(entry_ids(feeds[f"feeds/{group}.xml"])) == expected, group


def test_entry_carries_title_summary_link_dates_and_categories(feeds: dict[str, bytes]) -> None:
    parsed = feedparser.parse(feeds["feeds/statushouders.xml"])
    entry = next(e for e in parsed.entries if e.id.endswith("/agenda/webinar-taakstelling/"))
    assert entry.title == "Webinar taakstelling statushouders"
    assert entry.summary.startswith("Online uitleg over de nieuwe taakstelling")
    assert entry.link == PAGE + "agenda/webinar-taakstelling/"
    assert entry.published == "2026-01-20T00:00:00+01:00"
    assert entry.updated == "2026-01-20T00:00:00+01:00"
    assert {t.term for t in entry.tags} == {"agenda", "statushouders"}
    assert entry.author == "Vereniging van Nederlandse Gemeenten"


def test_updated_uses_review_date_and_feed_updated_is_newest_entry(feeds: dict[str, bytes]) -> None:
    root = ElementTree.fromstring(feeds[ALL_FEED])
    entries = root.findall(f"{A}entry")
    updated = [e.findtext(f"{A}updated") for e in entries]
    assert root.findtext(f"{A}updated") == max(updated, key=lambda u: u[:10])
    congres = next(e for e in entries if e.findtext(f"{A}id", "").endswith("/congres-wonen-en-zorg/"))
    assert congres.findtext(f"{A}published", "").startswith("2026-04-01")


def test_structure_follows_rfc_4287(feeds: dict[str, bytes]) -> None:
    """What the Atom RelaxNG schema demands, checked by hand (no schema file offline)."""
    for path, data in feeds.items():
        root = ElementTree.fromstring(data)
        assert root.tag == f"{A}feed", path
        for name in ("id", "title", "updated"):
            assert len(root.findall(f"{A}{name}")) == 1, (path, name)
        assert root.findall(f"{A}author/{A}name")
        assert RFC3339.match(root.findtext(f"{A}updated", ""))
        for entry in root.findall(f"{A}entry"):
            for name in ("id", "title", "updated", "published", "summary"):
                assert len(entry.findall(f"{A}{name}")) == 1, (path, name)
            for name in ("updated", "published"):
                assert RFC3339.match(entry.findtext(f"{A}{name}", "")), (path, name)
            alternates = [link for link in entry.findall(f"{A}link") if link.get("rel") == "alternate"]
            assert len(alternates) == 1 and alternates[0].get("href", "").startswith("https://")
            assert entry.findtext(f"{A}id", "").startswith("https://")
            assert all(c.get("term") for c in entry.findall(f"{A}category"))
        ids = [e.findtext(f"{A}id") for e in root.findall(f"{A}entry")]
        assert len(ids) == len(set(ids)), path


def test_at_most_fifty_entries_newest_first() -> None:
    graph = crowded_graph(60)
    feeds = render(render_feeds, graph)
    newest = [PAGE + f"{r.soort}/{r.id}/" for r in newest_first(graph.content.resources)]
    assert entry_ids(feeds[ALL_FEED]) == newest[:MAX_ENTRIES]
    for group in graph.groups:
        ids = entry_ids(feeds[f"feeds/{group}.xml"])
        assert len(ids) == MAX_ENTRIES
        assert ids == [i for i in newest if i in ids]
        assert PAGE + "handreikingen/extra-059/" in ids, group


def test_hostile_text_survives_exactly() -> None:
    graph = hostile_graph()
    feeds = render(render_feeds, graph)
    for data in feeds.values():
        assert feedparser.parse(data).bozo == 0
        assert b"<b>" not in data and b"]]>" not in data
    root = ElementTree.fromstring(feeds[ALL_FEED])
    titles = {e.findtext(f"{A}title") for e in root.findall(f"{A}entry")}
    assert {f"{HOSTILE} {r.id}" for r in graph.content.resources} == titles
    assert {e.findtext(f"{A}summary") for e in root.findall(f"{A}entry")} == {
        f"Samenvatting: {HOSTILE}"}


def test_same_content_gives_same_bytes() -> None:
    assert render(render_feeds, fixture_graph()) == render(render_feeds, fixture_graph())


def test_feeds_do_not_depend_on_the_build_date() -> None:
    later = PINNED.replace(month=11)
    assert render(render_feeds, fixture_graph()) == render(render_feeds, fixture_graph(later), later)
