"""The whole validation run: discover, parse, validate every file, then the cross-file rules."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .diagnostics import Diagnostic, Report, error
from .frontmatter import Position
from .models import Content, Group, GroupMeta, Organisation, Page, PageMeta, Resource, ResourceMeta
from .rules import Registry, check_rules
from .sources import discover_sources
from .validate import Loaded, load_document, load_organisations


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What validation produced: the valid content and every problem found."""

    content: Content
    report: Report


def check_repository(root: Path, today: date) -> CheckResult:
    """Validate the repository at ``root`` as of ``today``."""
    with _without_gc_pauses():
        return _check(root, today)


@contextmanager
def _without_gc_pauses() -> Iterator[None]:
    """Pause the cycle collector while validating.

    Validation builds many small objects and frees almost none until it ends, so each
    collection walks an ever larger heap for nothing: a quarter of the time on a big site.
    What it builds has no reference cycles; reference counting frees it as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check(root: Path, today: date) -> CheckResult:
    sources, problems = discover_sources(root)
    loaded: list[Loaded] = []
    organisations: list[tuple[Organisation, Position]] = []
    registry_readable = True
    for source in sources:
        if source.kind == "organisations":
            found_orgs, found = load_organisations(root, source)
            organisations.extend(found_orgs)
            registry_readable = bool(found_orgs) or not found
        else:
            document, found = load_document(root, source)
            loaded.append(document)
        problems.extend(found)
    if not any(s.kind == "organisations" for s in sources):
        problems.append(error("content/organisaties.yml", 1, 1, "register-ontbreekt",
                              "het register van organisaties ontbreekt",
                              "maak content/organisaties.yml aan"))
    problems.extend(_duplicate_organisations(organisations))
    registry = Registry(
        groups=frozenset(s.id for s in sources if s.kind == "group"),
        organisations=frozenset(o.id for o, _ in organisations),
        resources=frozenset(s.id for s in sources if s.kind == "resource"),
        files=frozenset(s.path for s in sources) | _other_files(root),
        organisations_known=registry_readable,
    )
    problems.extend(check_rules(loaded, registry, today))
    return CheckResult(_content(loaded, organisations), Report.from_diagnostics(problems))


def _other_files(root: Path) -> frozenset[str]:
    images = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
    return frozenset(
        p.relative_to(root).as_posix()
        for p in (root / "content").glob("*/*")
        if p.suffix.lower() in images and not p.is_symlink()
    ) if (root / "content").is_dir() else frozenset()


def _duplicate_organisations(organisations: list[tuple[Organisation, Position]]) -> list[Diagnostic]:
    seen: set[str] = set()
    problems = []
    for org, pos in organisations:
        if org.id in seen:
            problems.append(error("content/organisaties.yml", pos.line, pos.column, "dubbel-id",
                                  f"de organisatie '{org.id}' staat er twee keer in",
                                  "voeg beide vermeldingen samen"))
        seen.add(org.id)
    return problems


def _content(loaded: list[Loaded], organisations: list[tuple[Organisation, Position]]) -> Content:
    resources, groups, pages = [], [], []
    for doc in loaded:
        if doc.text is None or doc.model is None:
            continue
        s, t = doc.source, doc.text
        if isinstance(doc.model, ResourceMeta) and s.soort:
            resources.append(Resource(s.id, s.soort, s.path, doc.model, t.body, t.body_line))
        elif isinstance(doc.model, GroupMeta):
            groups.append(Group(s.id, s.path, doc.model, t.body, t.body_line))
        elif isinstance(doc.model, PageMeta):
            pages.append(Page(s.id, s.path, doc.model, t.body, t.body_line))
    return Content(tuple(resources), tuple(groups), tuple(pages),
                   tuple(sorted((o for o, _ in organisations), key=lambda o: o.id)))
