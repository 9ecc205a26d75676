"""Shared fixtures: real builds of the fixture site (MkDocs, Pagefind) in temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
FIXTURE_DATE = "2026-06-01"
# The front matter of a valid handreiking in the fixture site, for tests that write one file.
VALID_FRONT = (
    "titel: Een nieuwe handreiking\n"
    "samenvatting: Een samenvatting van ruim twintig tekens.\n"
    "doelgroepen: [statushouders]\n"
    "organisatie: bzk\n"
    "datum: 2025-01-01\n"
    "gecontroleerd: 2026-01-01\n"
)



def content_date() -> date:
    """"Today" for the repository's own content: its newest date, never the wall clock.

    A correct file reviewed today must pass, and time passing must never fail a test, so tests
    of the live content run as of the newest date any file carries (and some two years later).
    """
    from generator.load.repository import check_repository

    resources = check_repository(ROOT, date(9000, 1, 1)).content.resources
    dates = [r.meta.datum for r in resources]
    dates += [r.meta.gecontroleerd for r in resources if r.meta.gecontroleerd]
    return max(dates)


def copy_repository(content_from: Path, target: Path) -> Path:
    """A repository in ``target``: content and groups from ``content_from``, theme from ROOT."""
    shutil.copytree(content_from / "content", target / "content")
    shutil.copytree(content_from / "groups", target / "groups")
    shutil.copytree(ROOT / "theme", target / "theme")
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def run_kennispunt(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A writable copy of the fixture site's content and groups (no theme)."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE_SITE / "content", root / "content")
    shutil.copytree(FIXTURE_SITE / "groups", root / "groups")
    return root


BuildSite = Callable[[str], Path]


@pytest.fixture(scope="session")
def build_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuildSite:
    """Build the fixture site for a given date (cached per date within the session)."""
    built: dict[str, Path] = {}

    def build(datum: str = FIXTURE_DATE) -> Path:
        if datum not in built:
            root = copy_repository(FIXTURE_SITE, tmp_path_factory.mktemp(f"site-{datum}"))
            done = run_kennispunt("build", "--map", str(root), "--datum", datum)
            assert done.returncode == 0, done.stdout + done.stderr
            built[datum] = root
        return built[datum]

    return build


@pytest.fixture(scope="session")
def fixture_root(build_fixture_site: BuildSite) -> Path:
    """The fixture site built on the pinned date."""
    return build_fixture_site(FIXTURE_DATE)


@pytest.fixture(scope="session")
def build_with_renderer(build_fixture_site: BuildSite,
                        tmp_path_factory: pytest.TempPathFactory) -> BuildSite:
    """The fixture site built on the pinned date with one renderer (cached per renderer)."""
    built: dict[str, Path] = {}

    def build(renderer: str) -> Path:
        if renderer == "mkdocs":  # the default: the same build as ``fixture_root``
            return build_fixture_site(FIXTURE_DATE)
        if renderer not in built:
            root = copy_repository(FIXTURE_SITE, tmp_path_factory.mktemp(f"renderer-{renderer}"))
            done = run_kennispunt("build", "--map", str(root), "--datum", FIXTURE_DATE,
                                  "--renderer", renderer)
            assert done.returncode == 0, done.stdout + done.stderr
            built[renderer] = root
        return built[renderer]

    return build
