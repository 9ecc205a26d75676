"""The live preview's incremental runs give exactly the tree a fresh run gives, after every edit.

One repository is regenerated with a :class:`~generator.pipeline.Session` (as ``kennispunt serve``
does), a copy of it from scratch after the same edit; the two docs trees must be identical, file
by file. Each edit is one kind of change that reaches other pages than the edited one.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from generator import pipeline
from generator.settings import Settings
from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, copy_repository

TODAY = date.fromisoformat(FIXTURE_DATE)
Edit = Callable[[Path], None]


def replace_in(relative: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text("utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), "utf-8")
    return edit


def remove(relative: str) -> Edit:
    return lambda root: (root / relative).unlink()


def add_copy(relative: str, new: str, title: str) -> Edit:
    def edit(root: Path) -> None:
        text = (root / relative).read_text("utf-8")
        start = text.index('titel: "') + len('titel: "')
        end = text.index('"', start)
        (root / new).write_text(text[:start] + title + text[end:], "utf-8")
    return edit


PROGRAMMA = "content/beleid/programma-een-thuis.md"
WEBINAR = "content/agenda/webinar-taakstelling.md"
REGIE = "content/wet-en-regelgeving/wet-versterking-regie.md"

EDITS: list[tuple[str, Edit]] = [
    ("a sentence in a body", replace_in(PROGRAMMA, "Gemeenten maken regionale afspraken.",
                                        "Gemeenten maken samen regionale afspraken.")),
    ("the title of an item others list", replace_in(PROGRAMMA, "Programma Een thuis voor iedereen",
                                                    "Programma Een thuis voor iedereen (2024)")),
    ("a date, which moves neighbours", replace_in(PROGRAMMA, "datum: 2024-05-13", "datum: 2020-01-02")),
    ("the groups of an item", replace_in(WEBINAR, "doelgroepen: [statushouders]",
                                         "doelgroepen: [statushouders, ouderen]")),
    ("a new link in a body (backlinks)", replace_in(
        WEBINAR, "Lees de [handreiking]",
        "Zie het [programma](../beleid/programma-een-thuis.md). Lees de [handreiking]")),
    ("an explicit related item", replace_in(PROGRAMMA, "gerelateerd: [wet-versterking-regie]",
                                            "gerelateerd: [wet-versterking-regie, webinar-taakstelling]")),
    ("the end of an event (its state)", replace_in(WEBINAR, "einde: 2026-02-10T11:30",
                                                   "einde: 2026-02-10T12:30")),
    ("an error, then its repair", replace_in(WEBINAR, "doelgroepen: [statushouders, ouderen]",
                                             "doelgroepen: [statushouder, ouderen]")),
    ("the repair", replace_in(WEBINAR, "doelgroepen: [statushouder, ouderen]",
                              "doelgroepen: [statushouders, ouderen]")),
    ("a group's name", replace_in("groups/ouderen.md", "naam: Ouderen", "naam: Ouderen (65+)")),
    ("a new resource", add_copy(REGIE, "content/wet-en-regelgeving/wet-kopie.md", "Een kopie van de wet")),
    ("a resource removed", remove("content/wet-en-regelgeving/wet-kopie.md")),
    ("a page template", replace_in("theme/templates/resource.md.j2", "\n", "\n{# bewerkt #}\n")),
]


def docs_tree(root: Path) -> dict[str, bytes]:
    docs = root / "build" / "docs"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def repositories(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("sessie")
    return copy_repository(FIXTURE_SITE, base / "sessie"), base / "vers"


def test_every_incremental_run_equals_a_fresh_one(repositories: tuple[Path, Path]) -> None:
    root, fresh_root = repositories
    session = pipeline.Session()
    first = pipeline.run(Settings(root=root, today=TODAY), "tree", session=session)
    assert first.ok and session.graph is not None
    for what, edit in EDITS:
        edit(root)
        result = pipeline.run(Settings(root=root, today=TODAY), "tree", session=session)
        if fresh_root.exists():
            shutil.rmtree(fresh_root)
        shutil.copytree(root, fresh_root, ignore=shutil.ignore_patterns("build"))
        fresh = pipeline.run(Settings(root=fresh_root, today=TODAY), "tree")
        assert result.ok == fresh.ok, what
        assert result.report.format_text() == fresh.report.format_text(), what
        if result.ok:
            assert docs_tree(root) == docs_tree(fresh_root), what


def test_a_session_skips_the_pages_an_edit_cannot_reach(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    settings = Settings(root=root, today=TODAY)
    session = pipeline.Session()
    assert pipeline.run(settings, "tree", session=session).ok
    replace_in("content/onderzoek/monitor-ouderenhuisvesting.md", "\n---\n",
               "\n---\nEen nieuwe eerste zin.\n")(root)
    graph_before = session.graph
    result = pipeline.run(settings, "tree", session=session)
    assert result.ok and result.graph is not None and graph_before is not None
    kept = session.kept_pages(result.graph, settings)  # the same graph again: nothing to redo
    assert kept is not None and kept.resources == frozenset(result.graph.resources)
    redo = pipeline.resources_to_render(graph_before, result.graph)
    assert redo is not None and "monitor-ouderenhuisvesting" in redo
    assert len(redo) < len(result.graph.resources)
