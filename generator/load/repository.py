"""The whole validation run: discover, parse, validate every file, then the cross-file rules.

:func:`load_repository` is the per-file part, :func:`check_repository` the whole stage (the
pipeline, :mod:`generator.pipeline`, runs the same two steps).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.diagnostics import Diagnostic, Report, error
from generator.load.body import BodyJob, MarkdownSetup, prefetch_bodies
from generator.load.discover import discover_sources
from generator.load.frontmatter import Position
from generator.load.images import check_images
from generator.load.rules import Registry, check_rules
from generator.load.validate import (
    Loaded,
    Parsing,
    load_organisations,
    parse_document,
    read_source,
    validate_document,
)
from generator.model.models import (
    Content,
    Group,
    GroupMeta,
    Organisation,
    Page,
    PageMeta,
    Resource,
    ResourceMeta,
)
from generator.settings import markdown_setup


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What validation produced: the valid content and every problem found."""

    content: Content
    report: Report


@dataclass(frozen=True, slots=True)
class LoadedRepository:
    """Every file parsed and validated on its own; the cross-file rules still to run."""

    loaded: list[Loaded]
    organisations: list[tuple[Organisation, Position]]
    registry: Registry
    problems: list[Diagnostic]

    @property
    def content(self) -> Content:
        """The valid files as typed content (valid on their own; see :meth:`rule_problems`)."""
        return _content(self.loaded, self.organisations)

    def rule_problems(self, today: date) -> list[Diagnostic]:
        """The cross-file and body rules: references, unique titles, dates, links."""
        return check_rules(self.loaded, self.registry, today)


def check_repository(root: Path, today: date) -> CheckResult:
    """Validate the repository at ``root`` as of ``today``."""
    repository = load_repository(root)
    problems = [*repository.problems, *repository.rule_problems(today)]
    return CheckResult(repository.content, Report.from_diagnostics(problems))


# What a long-running command (the live preview) keeps between runs: per source path, the
# bytes last read and what parsing and validating them gave. Documents are immutable, so a
# file whose bytes did not change is not parsed or validated again.
LoadCache = dict[str, tuple[bytes, Loaded, list[Diagnostic]]]


def load_repository(root: Path, cache: LoadCache | None = None) -> LoadedRepository:
    """Discover, read, parse and validate every file of the repository at ``root``.

    With ``cache`` (see :data:`LoadCache`), files whose bytes did not change since the run
    that filled it are taken from it; the result is the same as without.
    """
    sources, problems = discover_sources(root)
    setup = markdown_setup(root)
    loaded: list[Loaded] = []
    organisations: list[tuple[Organisation, Position]] = []
    registry_readable = True
    # Every file that needs it is parsed first; the bodies then start rendering on the other
    # cores (the body check needs them all) while this process validates the front matter.
    parsed: dict[str, tuple[bytes, Parsing]] = {}
    for source in sources:
        if source.kind == "organisations":
            continue
        raw = read_source(root, source)
        kept = cache.get(source.path) if cache is not None else None
        if kept is None or kept[0] != raw or kept[1].source != source:
            parsed[source.path] = (raw, parse_document(root, source, raw))
    prefetch_bodies([job for _, parsing in parsed.values() if (job := _expected_job(parsing, setup))])
    for source in sources:
        if source.kind == "organisations":
            found_orgs, found = load_organisations(root, source)
            organisations.extend(found_orgs)
            registry_readable = bool(found_orgs) or not found
        elif source.path in parsed:
            raw, parsing = parsed[source.path]
            document, found = validate_document(parsing)
            loaded.append(document)
            if cache is not None:
                cache[source.path] = (raw, document, found)
        else:
            assert cache is not None
            kept = cache[source.path]
            loaded.append(kept[1])
            found = list(kept[2])
        problems.extend(found)
    if cache is not None:  # files that are gone
        for path in cache.keys() - {s.path for s in sources}:
            del cache[path]
    if not any(s.kind == "organisations" for s in sources):
        problems.append(error("content/organisaties.yml", 1, 1, "register-ontbreekt",
                              "het register van organisaties ontbreekt",
                              "maak content/organisaties.yml aan"))
    problems.extend(_duplicate_organisations(organisations))
    problems.extend(check_images(root, _other_files(root)))
    registry = Registry(
        groups=frozenset(s.id for s in sources if s.kind == "group"),
        organisations=frozenset(o.id for o, _ in organisations),
        resources=frozenset(s.id for s in sources if s.kind == "resource"),
        files=frozenset(s.path for s in sources) | _other_files(root),
        organisations_known=registry_readable,
        markdown=setup,
    )
    return LoadedRepository(loaded, organisations, registry, problems)


def _expected_job(parsing: Parsing, setup: MarkdownSetup) -> BodyJob | None:
    """The body job validation will most likely ask for (see :func:`bodyrules.title_of`):
    the title as written; None for a file whose front matter did not parse."""
    if parsing.split is None or parsing.split_failed:
        return None
    data = parsing.split.front.data
    title = (data.get("titel") or data.get("naam")) if isinstance(data, dict) else None
    return (parsing.split.body, setup, title if isinstance(title, str) else "",
            parsing.source.soort == "stappenplannen")


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
