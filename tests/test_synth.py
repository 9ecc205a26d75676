"""scripts/synth: a realistic synthetic repository that passes `kennispunt check`, the same for a seed."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from generator.load.repository import check_repository
from generator.model.models import SOORTEN
from generator.pipeline import run as run_pipeline
from generator.publish.renderer import run_mkdocs
from generator.settings import Settings
from tests.conftest import FIXTURE_DATE, ROOT

SYNTH = ROOT / "scripts" / "synth"


def synth(out: Path, *args: str) -> Path:
    subprocess.run([sys.executable, str(SYNTH), str(out), *args], check=True, capture_output=True)
    return out


def digest(root: Path) -> str:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return hashlib.sha256(b"".join(p.relative_to(root).as_posix().encode() + p.read_bytes()
                                   for p in files)).hexdigest()


def test_synthetic_repository_passes_check(tmp_path: Path) -> None:
    root = synth(tmp_path / "repo", "--n", "200", "--seed", "3")
    report = check_repository(root, date.fromisoformat(FIXTURE_DATE)).report
    assert [d.format_text() for d in report.errors] == []
    assert {d.code for d in report.warnings} <= {"verouderd"}
    result = check_repository(root, date.fromisoformat(FIXTURE_DATE))
    assert len(result.content.resources) == 200
    assert {r.soort for r in result.content.resources} == set(SOORTEN)
    assert len(result.content.groups) == 8
    per_type = Counter(r.soort for r in result.content.resources)
    assert per_type["praktijkvoorbeelden"] > per_type["netwerken"]
    sizes = [len(r.body.encode()) for r in result.content.resources]
    assert min(sizes) >= 700 and max(sizes) <= 7500
    events = [r for r in result.content.resources if r.soort == "agenda"]
    starts = {str(r.meta.start)[:10] > FIXTURE_DATE for r in events}  # type: ignore[attr-defined]
    assert starts == {True, False}  # events before and after the date


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    one = digest(synth(tmp_path / "a", "--n", "30", "--seed", "7"))
    two = digest(synth(tmp_path / "b", "--n", "30", "--seed", "7"))
    other = digest(synth(tmp_path / "c", "--n", "30", "--seed", "8"))
    assert one == two != other


def test_big_group_page_shows_the_newest_and_links_to_the_full_list(tmp_path: Path) -> None:
    """With hundreds of resources a group has dozens per soort: its page shows ten and links to
    the rest, on an anchor that MkDocs' strict validation accepts (the build stops otherwise)."""
    root = synth(tmp_path / "repo", "--n", "400", "--seed", "5")
    shutil.copytree(ROOT / "theme", root / "theme")
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    settings = Settings(root=root, today=date.fromisoformat(FIXTURE_DATE))
    assert run_pipeline(settings, "tree").ok
    run_mkdocs(settings)
    page = (root / "site" / "doelgroepen" / "statushouders" / "index.html").read_text("utf-8")
    section = page.split('id="beleid"', 1)[1].split("<h2", 1)[0]
    current = section.split('id="eerder', 1)[0]
    assert current.count('class="kp-sub"') == 10
    [(href, count)] = re.findall(r'<a href="([^"]+)">Alle (\d+) actuele bronnen in Beleid', current)
    assert href == "../../beleid/" and int(count) > 10
    listing = (root / "site" / "beleid" / "index.html").read_text("utf-8")
    assert listing.count('class="kp-sub"') >= int(count)  # the type page lists every one, once
