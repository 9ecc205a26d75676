"""Which resource pages a change can reach: the live preview renders only those again.

A resource's page shows the resource itself and, from the graph, its groups, organisations,
state, the related items and the backlinks ("Genoemd in"), each with its title, state and
groups. So after an edit its page can differ only when

- the resource itself changed, or
- its related items, its backlinks, its state or its "verouderd" mark changed, or
- one of the items it lists changed.

Anything wider (a group, a page, an organisation, the build date, a file added or removed,
which changes the addresses links resolve to) renders every page again. The overviews,
feeds and exports are rendered on every run anyway. tests/link/test_changes.py checks that an
incremental tree equals a full one after each kind of edit.
"""

from __future__ import annotations

from generator.link.graph import Node, SiteGraph
from generator.model.models import Resource


def resources_to_render(old: SiteGraph | None, new: SiteGraph) -> frozenset[str] | None:
    """Ids of the resources whose pages may differ from ``old``'s; None: render them all."""
    if old is None or old.today != new.today or _wider_change(old, new):
        return None
    changed = {rid for rid, resource in new.resources.items() if old.resources[rid] != resource}
    redo = set(changed)
    for rid, resource in new.resources.items():
        if rid in redo:
            continue
        listed = (_ids(new.related.get(rid, ())), _ids(new.mentioned_in.get(resource.path, ())))
        before = (_ids(old.related.get(rid, ())), _ids(old.mentioned_in.get(resource.path, ())))
        if (listed != before or new.states[rid] != old.states[rid]
                or (rid in new.stale) != (rid in old.stale)
                or not changed.isdisjoint(_resource_ids(new, listed))):
            redo.add(rid)
    return frozenset(redo)


def _wider_change(old: SiteGraph, new: SiteGraph) -> bool:
    return (old.by_path.keys() != new.by_path.keys()
            or old.content.groups != new.content.groups
            or old.content.pages != new.content.pages
            or old.content.organisations != new.content.organisations)


def _ids(nodes: tuple[Node, ...]) -> tuple[str, ...]:
    return tuple(node.path for node in nodes)


def _resource_ids(graph: SiteGraph, listed: tuple[tuple[str, ...], ...]) -> set[str]:
    found = set()
    for paths in listed:
        for path in paths:
            node = graph.by_path.get(path)
            if isinstance(node, Resource):
                found.add(node.id)
    return found


def lists_unchanged(old: SiteGraph, new: SiteGraph) -> bool:
    """True when every list of resources (overviews, feeds, calendars, open data, the editing
    screen's choices) is as in ``old``: nothing wider changed and no resource changed in
    anything but its body. Lists show front matter only; a body's links reach other pages
    through the backlinks, which :func:`resources_to_render` follows."""
    if old.today != new.today or _wider_change(old, new):
        return False
    return all(old.resources[rid].meta == resource.meta and old.resources[rid].soort == resource.soort
               for rid, resource in new.resources.items())
