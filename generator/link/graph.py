"""The site graph: every relationship between resources, groups and pages.

Built by one pure function over validated content and the build date. Models never hold
relationships; the graph does (as side indexes, like Material's tags mapping).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from generator.link.state import State, state_of
from generator.load.body import DEFAULT_SETUP, MarkdownSetup, RenderedBody, render_body, resolve_link
from generator.load.rules import STALE_AFTER
from generator.model.models import (
    ALL_GROUPS,
    SOORTEN,
    AgendaMeta,
    Content,
    Group,
    Organisation,
    Page,
    RegelingMeta,
    Resource,
    event_end,
    event_start,
)

MAX_RELATED = 6
NEIGHBOURS = 12  # per shared group: only the resources nearest in date are candidates
COMMON_KEYWORD = 300  # a keyword on more resources than this says little about relatedness

Node = Resource | Group | Page


@dataclass(frozen=True, slots=True)
class SiteGraph:
    """Content plus the indexes the pages need."""

    content: Content
    today: date
    resources: dict[str, Resource]
    groups: dict[str, Group]
    organisations: dict[str, Organisation]
    by_path: dict[str, Node]
    by_group: dict[str, dict[str, tuple[Resource, ...]]]
    by_soort: dict[str, tuple[Resource, ...]]
    related: dict[str, tuple[Resource, ...]]
    mentioned_in: dict[str, tuple[Node, ...]]
    related_groups: dict[str, tuple[Group, ...]]
    upcoming: tuple[Resource, ...]
    past: tuple[Resource, ...]
    closed: frozenset[str]
    stale: frozenset[str]
    states: dict[str, State]
    open_schemes: tuple[Resource, ...]

    def state(self, resource: Resource) -> State:
        """The state of what ``resource`` describes on the build date (see link/state.py)."""
        return self.states[resource.id]

    def split_current(self, resources: Iterable[Resource]) -> tuple[tuple[Resource, ...],
                                                                     tuple[Resource, ...]]:
        """Current items, then what is over (closed, past, withdrawn: listed under "Eerder")."""
        items = tuple(resources)
        return (tuple(r for r in items if self.states[r.id].current),
                tuple(r for r in items if not self.states[r.id].current))

    def open_now(self, group_id: str | None = None) -> tuple[Resource, ...]:
        """Open schemes (closing soonest first), then upcoming events (soonest first); of one
        group when ``group_id`` is given (items for all groups included)."""
        items = (*self.open_schemes, *self.upcoming)
        if group_id is None:
            return items
        mine = {r.id for rs in self.by_group[group_id].values() for r in rs}
        return tuple(r for r in items if r.id in mine)

    def mentioned_elsewhere(self, resource: Resource) -> tuple[Node, ...]:
        """Backlinks of a resource without the ones already under "Gerelateerd"."""
        related = {r.path for r in self.related.get(resource.id, ())}
        return tuple(n for n in self.mentioned_in.get(resource.path, ()) if n.path not in related)

    def groups_of(self, resource: Resource) -> tuple[Group, ...]:
        """The groups a resource is for (every group for 'alle')."""
        if ALL_GROUPS in resource.meta.doelgroepen:
            return tuple(self.groups.values())
        return tuple(self.groups[g] for g in resource.meta.doelgroepen if g in self.groups)

    def upcoming_for(self, group_id: str) -> tuple[Resource, ...]:
        """The upcoming events of one group (events for all groups included), soonest first."""
        mine = {r.id for r in self.by_group[group_id].get("agenda", ())}
        return tuple(r for r in self.upcoming if r.id in mine)

    def past_for(self, group_id: str) -> tuple[Resource, ...]:
        """The past events of one group, the most recent first."""
        mine = {r.id for r in self.by_group[group_id].get("agenda", ())}
        return tuple(r for r in self.past if r.id in mine)

    def is_upcoming(self, resource: Resource) -> bool:
        return isinstance(resource.meta, AgendaMeta) and event_end(resource.meta).date() >= self.today


def newest_first(resources: Iterable[Resource]) -> tuple[Resource, ...]:
    """Sorted by date, newest first; ties by title so the order is stable."""
    return tuple(sorted(resources, key=lambda r: (-r.meta.datum.toordinal(), r.meta.titel, r.id)))


def rendered_body(node: Node, setup: MarkdownSetup) -> RenderedBody:
    """A node's body as its page shows it (the same cached rendering the validator judged)."""
    title = node.meta.naam if isinstance(node, Group) else node.meta.titel
    steps = isinstance(node, Resource) and node.soort == "stappenplannen"
    return render_body(node.body, setup, title, steps)


def build_graph(content: Content, today: date, markdown: MarkdownSetup = DEFAULT_SETUP,
                previous: SiteGraph | None = None) -> SiteGraph:
    """Link validated content into the site graph (``markdown``: the site's extensions).

    ``previous`` (the live preview's last graph) lets the related items be reused when no
    resource changed in what decides them.
    """
    resources = {r.id: r for r in content.resources}
    groups = {g.id: g for g in sorted(content.groups, key=lambda g: (g.meta.volgorde, g.id))}
    ordered = newest_first(content.resources)
    events = [r for r in ordered if isinstance(r.meta, AgendaMeta)]
    events.sort(key=lambda r: (event_start(r.meta), r.id))  # type: ignore[arg-type]
    upcoming = tuple(r for r in events if event_end(r.meta).date() >= today)  # type: ignore[arg-type]
    coming = {r.id for r in upcoming}  # a tuple test would compare whole resources: quadratic
    states = {r.id: state_of(r, today) for r in content.resources}
    return SiteGraph(
        content=content,
        today=today,
        resources=resources,
        groups=groups,
        organisations={o.id: o for o in content.organisations},
        by_path=_by_path(content),
        by_group=_by_group(ordered, groups),
        by_soort={s: tuple(r for r in ordered if r.soort == s) for s in SOORTEN},
        related=_related(ordered, resources, previous),
        mentioned_in=_mentioned_in(content, resources, markdown),
        related_groups={g.id: tuple(groups[v] for v in g.meta.verwant if v in groups)
                        for g in groups.values()},
        upcoming=upcoming,
        past=tuple(reversed([r for r in events if r.id not in coming])),
        closed=frozenset(r.id for r in content.resources if isinstance(r.meta, RegelingMeta)
                         and r.meta.aanvragen_tot is not None and r.meta.aanvragen_tot < today),
        stale=frozenset(r.id for r in content.resources if r.meta.gecontroleerd is not None
                        and today - r.meta.gecontroleerd > STALE_AFTER),
        states=states,
        open_schemes=_open_schemes(ordered, states),
    )


def _open_schemes(ordered: tuple[Resource, ...], states: dict[str, State]) -> tuple[Resource, ...]:
    """Schemes open now, the first to close first (no end date last)."""
    return tuple(sorted((r for r in ordered if states[r.id].key == "open"), key=_closing))


def _closing(resource: Resource) -> tuple[date, str, str]:
    meta = resource.meta
    end = meta.aanvragen_tot if isinstance(meta, RegelingMeta) else None
    return (end or date.max, meta.titel, resource.id)


def _by_path(content: Content) -> dict[str, Node]:
    nodes: list[Node] = [*content.resources, *content.groups, *content.pages]
    return {n.path: n for n in nodes}


def _by_group(ordered: tuple[Resource, ...],
              groups: dict[str, Group]) -> dict[str, dict[str, tuple[Resource, ...]]]:
    result: dict[str, dict[str, list[Resource]]] = {g: {s: [] for s in SOORTEN} for g in groups}
    for resource in ordered:
        targets = groups if ALL_GROUPS in resource.meta.doelgroepen else resource.meta.doelgroepen
        for group in targets:
            if group in result:
                result[group][resource.soort].append(resource)
    return {g: {s: tuple(items) for s, items in by_soort.items()} for g, by_soort in result.items()}


def _related(ordered: tuple[Resource, ...], resources: dict[str, Resource],
             previous: SiteGraph | None) -> dict[str, tuple[Resource, ...]]:
    """:func:`build_related`, or ``previous``'s lists (with today's resources) when they hold."""
    if previous is not None and _related_inputs(previous.content.resources) == _related_inputs(ordered):
        return {rid: tuple(resources[r.id] for r in items) for rid, items in previous.related.items()}
    return build_related(ordered, resources)


def _related_inputs(resources: Iterable[Resource]) -> list[tuple[object, ...]]:
    """Everything :func:`build_related` reads, per resource, in date order."""
    return [(r.id, r.soort, r.meta.datum, r.meta.titel, tuple(r.meta.trefwoorden),
             tuple(r.meta.doelgroepen), tuple(r.meta.gerelateerd))
            for r in newest_first(resources)]


def build_related(ordered: tuple[Resource, ...],
                  resources: dict[str, Resource]) -> dict[str, tuple[Resource, ...]]:
    """Explicit ``gerelateerd`` first, then the best computed matches; at most six, never itself.

    Candidates come from inverted indexes (keywords, and the date-nearest neighbours in each
    shared group), so the cost grows with the number of resources, not with its square.
    """
    position = {r.id: i for i, r in enumerate(ordered)}
    soort_of = {r.id: r.soort for r in ordered}
    by_keyword: dict[str, list[str]] = defaultdict(list)
    by_group: dict[str, list[str]] = defaultdict(list)
    for resource in ordered:
        for word in _keywords(resource):
            by_keyword[word].append(resource.id)
        for group in resource.meta.doelgroepen:
            by_group[group].append(resource.id)
    group_index = {g: {rid: i for i, rid in enumerate(ids)} for g, ids in by_group.items()}
    related = {}
    for resource in ordered:
        scores: dict[str, int] = defaultdict(int)
        for word in _keywords(resource):
            if len(by_keyword[word]) <= COMMON_KEYWORD:
                for other in by_keyword[word]:
                    scores[other] += 3
        for group in resource.meta.doelgroepen:
            ids, here = by_group[group], group_index[group][resource.id]
            for other in ids[max(0, here - NEIGHBOURS): here + NEIGHBOURS + 1]:
                scores[other] += 2
        explicit = [resources[r] for r in resource.meta.gerelateerd
                    if r in resources and r != resource.id]
        taken = {r.id for r in explicit} | {resource.id}
        # Best first: highest score (one more for the same type), then newest, then id. Plain
        # tuples: compared in C, no key function per candidate.
        mine = resource.soort
        best = heapq.nsmallest(MAX_RELATED, [
            (-score - (soort_of[other] == mine), position[other], other)
            for other, score in scores.items() if other not in taken])
        related[resource.id] = tuple((explicit + [resources[o] for _, _, o in best])[:MAX_RELATED])
    return related


def _keywords(resource: Resource) -> set[str]:
    return {w.casefold() for w in resource.meta.trefwoorden}


def _mentioned_in(content: Content, resources: dict[str, Resource],
                  markdown: MarkdownSetup) -> dict[str, tuple[Node, ...]]:
    """Backlinks: who links to a resource or group in its body, or lists it in gerelateerd."""
    by_path = _by_path(content)
    found: dict[str, dict[str, Node]] = defaultdict(dict)
    sources: list[Node] = [*content.resources, *content.groups, *content.pages]
    for source in sources:
        for link in rendered_body(source, markdown).links:
            if link.scheme or link.target.startswith(("#", "/")):
                continue
            target = by_path.get(resolve_link(source.path, link.target))
            if target is not None and target.path != source.path:
                found[target.path][source.path] = source
    for resource in content.resources:
        for other in resource.meta.gerelateerd:
            if other in resources and other != resource.id:
                found[resources[other].path][resource.path] = resource
    return {path: tuple(nodes[p] for p in sorted(nodes)) for path, nodes in found.items()}
