"""A site built by two MkDocs processes is the site one process builds, file for file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator import pipeline
from generator.publish.renderer import run_renderer
from generator.publish.split import worth_splitting
from generator.settings import Settings
from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, copy_repository

pytestmark = pytest.mark.slow
TODAY = date.fromisoformat(FIXTURE_DATE)


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def built(root: Path, split_from: int) -> dict[str, bytes]:
    settings = Settings(root=root, today=TODAY)
    assert pipeline.run(settings, "tree").ok
    assert worth_splitting(settings, split_from) == (split_from == 1)
    run_renderer(settings, "mkdocs", split_from=split_from)
    return site_files(settings.site_dir)


def test_two_processes_build_the_same_site(tmp_path: Path) -> None:
    whole = built(copy_repository(FIXTURE_SITE, tmp_path / "een"), split_from=10**9)
    halves = built(copy_repository(FIXTURE_SITE, tmp_path / "twee"), split_from=1)
    assert halves.keys() == whole.keys()
    different = sorted(name for name in whole if halves[name] != whole[name])
    # Only the sitemap may list the same pages in another order (address order when joined).
    assert set(different) <= {"sitemap.xml", "sitemap.xml.gz"}, different
    if different:
        lines = sorted(whole["sitemap.xml"].decode().splitlines())
        assert sorted(halves["sitemap.xml"].decode().splitlines()) == lines
    assert not (tmp_path / "twee" / ".site-deel-2").exists()  # the second half's folder is gone
