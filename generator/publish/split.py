"""A large site built by two MkDocs processes at once, one per core, with MkDocs' own settings.

MkDocs renders page after page in one process; on a site of thousands of resource pages that
is most of the build. The resource pages (``<soort>/<id>/index.md``) are not in the
navigation, and what the templates link to from them is plain HTML, so a page's HTML does not
depend on which other pages the same process builds. Each half is therefore a normal strict
build of the generated configuration (``INHERIT``) with ``exclude_docs`` naming the resource
folders of the other half: the first half, which also builds every other page and copies the
assets, into ``site/``; the second into a folder beside it, from which its resource folders are
moved in. The sitemap is the union of both (each lists only what it built), written as MkDocs
writes it. The generated tree and its configuration are untouched: any renderer builds them
as they are; this is only how ``kennispunt build`` runs MkDocs and ProperDocs on a large site.

tests/publish/test_split.py builds the fixture site both ways and compares every file.
"""

from __future__ import annotations

import gzip
import itertools
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.model.models import SOORTEN
from generator.parallel import cores
from generator.render.paths import GROUPS_INDEX, SOORTEN_INDEX
from generator.settings import Settings, read_mkdocs_config

SPLIT_FROM = 600  # resource pages; below this a second process costs more than it saves
# The first half also builds every other page and copies the assets: the second takes a bit
# more than half of the resource pages, whole type folders at a time.
SECOND_SHARE = 0.55
_URL = re.compile(r"[ \t]*<url>.*?</url>\n?", re.DOTALL)
_LOC = re.compile(r"<loc>(.*?)</loc>")


@dataclass(frozen=True, slots=True)
class Half:
    """One of the two builds: its configuration file and its site folder."""

    config_file: Path
    site_dir: Path


def worth_splitting(settings: Settings, at_least: int = SPLIT_FROM) -> bool:
    """True when the tree has enough resource pages and this machine more than one core."""
    if cores() < 2:
        return False
    pages = sum(1 for soort in SOORTEN for _ in (settings.docs_dir / soort).glob("*/index.md"))
    return pages >= at_least


def halves(settings: Settings) -> tuple[Half, Half]:
    """Write the two configurations (beside the generated one) and return both halves."""
    folder = settings.config_file.parent
    second_site = settings.site_dir.parent / f".{settings.site_dir.name}-deel-2"
    # Beside the generated configuration: what it inherits (the theme folder, for one) is read
    # relative to the inheriting file. Removed again by merge() or forget().
    first = Half(folder / ".mkdocs.deel-1.yml", settings.site_dir)
    second = Half(folder / ".mkdocs.deel-2.yml", second_site)
    theirs = second_share(settings.docs_dir)
    _write_config(first, settings, [f"/{s}/*/" for s in SOORTEN if s in theirs])
    # The second half builds only its resource pages: every other page, the feeds, calendars,
    # data and the editing screen are the first half's. Excluded pages stay in the navigation
    # (MkDocs still knows them); the two section pages whose front matter the navigation reads
    # (sectie_index) are built by both.
    sections = [f"!/{GROUPS_INDEX}", f"!/{SOORTEN_INDEX}"]
    _write_config(second, settings, [f"/{s}/*/" for s in SOORTEN if s not in theirs]
                  + ["/*.md", "/*/index.md", *sections, "/doelgroepen/*/", "/redactie/",
                     "/bijdragen/bewerken/", "*.json", "*.ics", "*.xml", "/api/"])
    return first, second


def second_share(docs_dir: Path) -> frozenset[str]:
    """The types whose resource pages the second half builds: of all ways to share the nine
    type folders, the one closest to :data:`SECOND_SHARE` of the resource pages."""
    counts = {soort: sum(1 for _ in (docs_dir / soort).glob("*/index.md")) for soort in SOORTEN}
    wanted = SECOND_SHARE * sum(counts.values())
    best = min(itertools.chain.from_iterable(
        itertools.combinations(sorted(counts), size) for size in range(len(counts) + 1)),
        key=lambda chosen: (abs(sum(counts[s] for s in chosen) - wanted), chosen))
    return frozenset(best)


def _write_config(half: Half, settings: Settings, excluded: list[str]) -> None:
    """A configuration that inherits the generated one, with its own site folder and exclusions."""
    half.config_file.parent.mkdir(parents=True, exist_ok=True)
    config = {
        "INHERIT": _relative(settings.config_file, half.config_file.parent),
        "docs_dir": _relative(settings.docs_dir, half.config_file.parent),
        "site_dir": _relative(half.site_dir, half.config_file.parent),
        # INHERIT replaces a key: the project's own exclusions (mkdocs.yml) come first.
        "exclude_docs": "\n".join([*_own_exclusions(settings), *excluded]) + "\n",
    }
    text = "# Gemaakt door kennispunt build (twee MkDocs-processen tegelijk); niet aanpassen.\n"
    half.config_file.write_text(text + yaml.safe_dump(config, sort_keys=False), "utf-8")


def _own_exclusions(settings: Settings) -> list[str]:
    own = (read_mkdocs_config(settings.root) or {}).get("exclude_docs") or ""
    return [line for line in str(own).splitlines() if line.strip()]


def _relative(path: Path, start: Path) -> str:
    return os.path.relpath(path, start).replace(os.sep, "/")


def merge(first: Half, second: Half) -> None:
    """Move the second half's resource pages into the first's site and join the sitemaps."""
    moved: list[str] = []
    for soort in SOORTEN:
        for page in sorted((second.site_dir / soort).glob("*/index.html")):
            target = first.site_dir / soort / page.parent.name
            if target.exists():
                raise RuntimeError(f"{soort}/{page.parent.name} is door beide delen gebouwd")
            page.parent.rename(target)
            moved.append(f"/{soort}/{page.parent.name}/")
    _join_sitemaps(first.site_dir / "sitemap.xml", second.site_dir / "sitemap.xml", moved)
    forget(first, second)


def forget(first: Half, second: Half) -> None:
    """Remove the two configurations and the second half's folder."""
    shutil.rmtree(second.site_dir, ignore_errors=True)
    for half in (first, second):
        half.config_file.unlink(missing_ok=True)


def _page_of(entry: str) -> str:
    """'/soort/id/' of a sitemap entry's address."""
    found = _LOC.search(entry)
    parts = found.group(1).rstrip("/").split("/") if found else []
    return "/" + "/".join(parts[-2:]) + "/"


def _join_sitemaps(first: Path, second: Path, moved: list[str]) -> None:
    """The first sitemap with the second's entries for ``moved`` pages, all in address order."""
    if not first.is_file() or not second.is_file():
        return
    text = first.read_text("utf-8")
    entries = _URL.findall(text)
    wanted = set(moved)
    extra = [e for e in _URL.findall(second.read_text("utf-8")) if _page_of(e) in wanted]
    if not entries:
        return
    start_at = text.index(entries[0])
    end_at = text.index(entries[-1]) + len(entries[-1])
    ordered = sorted(entries + extra, key=lambda e: (m.group(1) if (m := _LOC.search(e)) else e))
    joined = text[:start_at] + "".join(ordered) + text[end_at:]
    first.write_text(joined, "utf-8")
    packed = first.with_name(first.name + ".gz")
    if packed.is_file():
        mtime = int.from_bytes(packed.read_bytes()[4:8], "little")  # as MkDocs wrote it
        with packed.open("wb") as handle, gzip.GzipFile(
                fileobj=handle, filename=str(packed), mode="wb", mtime=mtime) as zipped:
            zipped.write(joined.encode("utf-8"))
