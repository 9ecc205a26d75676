"""Find the source files: which files exist, what kind each is, and which may not exist.

Discovery is sorted and refuses symlinks, unknown folders, foreign file types, bad ids and
names that differ only by case or Unicode normal form (they collide on macOS and Windows).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.diagnostics import Diagnostic, error
from generator.model.fieldtypes import ID_MAX, ID_PATTERN
from generator.model.models import ALL_GROUPS, SOORTEN

Kind = Literal["resource", "group", "page", "organisations"]
CONTENT, GROUPS, PAGES = "content", "groups", "paginas"
ORGANISATIONS_FILE = "organisaties.yml"
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif"})
IGNORED_NAMES = frozenset({".gitkeep", ".DS_Store"})
RESERVED_IDS = frozenset(
    {"zoeken", "dekking", "api", "pagefind", "assets", "feeds", "agenda", "doelgroepen", "search",
     "index", "404", "stylesheets", "javascripts", PAGES, ALL_GROUPS, *SOORTEN}
)
_ID = re.compile(ID_PATTERN)
# Names that Windows reserves for devices, with any extension ('con.md', 'Aux.tar.gz'): such a
# file cannot be checked out on Windows, so a contributor there cannot even open the repository.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
     *(f"lpt{n}" for n in range(1, 10))}
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One content file: its path relative to the repository, kind, type and id."""

    path: str
    kind: Kind
    soort: str | None
    id: str


def discover_sources(root: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every source file under ``content/`` and ``groups/``, plus problems with the tree."""
    found: list[SourceFile] = []
    problems: list[Diagnostic] = []
    walked: list[str] = []
    for top in (CONTENT, GROUPS):
        for rel in _walk(root, top, problems):
            walked.append(rel)
            source = _classify(rel, problems)
            if source:
                found.append(source)
    # Every file, not only valid sources: 'Foto.png' next to 'foto.png' (or 'X.md' next to
    # 'x.md') breaks a checkout on macOS and Windows even when one name is refused anyway.
    problems.extend(_name_collisions(walked))
    problems.extend(_duplicate_ids(found))
    return found, problems


def _walk(root: Path, top: str, problems: list[Diagnostic]) -> list[str]:
    base = root / top
    if not base.is_dir():
        problems.append(error(top, 1, 1, "map-ontbreekt", f"de map {top}/ bestaat niet",
                              "maak de map aan of draai de opdracht in de hoofdmap van de repository"))
        return []
    files: list[str] = []
    _walk_folder(base, top, files, problems)
    return files


def _walk_folder(folder: Path, rel_folder: str, files: list[str], problems: list[Diagnostic]) -> None:
    """A folder's own files (sorted), then its subfolders (sorted); symlinks are refused.

    os.scandir knows from the directory listing whether an entry is a link or a folder, so
    this costs no system call per file (os.walk plus Path.is_symlink cost two).
    """
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    subfolders = []
    for entry in entries:
        rel = f"{rel_folder}/{entry.name}"
        if is_windows_reserved(entry.name):
            problems.append(_windows_reserved(rel, entry.name))
        if entry.is_symlink():
            problems.append(_symlink(rel))
        elif entry.is_dir(follow_symlinks=False):
            subfolders.append((entry.path, rel))
        elif entry.name not in IGNORED_NAMES:
            files.append(rel)
    for path, rel in subfolders:
        _walk_folder(Path(path), rel, files, problems)


def is_windows_reserved(name: str) -> bool:
    """Whether Windows refuses ``name`` as a file or folder name ('con.md', 'LPT1', 'nul.tar.gz')."""
    return name.split(".", 1)[0].rstrip(" ").casefold() in WINDOWS_RESERVED


def _windows_reserved(rel: str, name: str) -> Diagnostic:
    stem = name.split(".", 1)[0]
    return error(rel, 1, 1, "windows-naam", f"de naam '{name}' kan op Windows niet bestaan: "
                 f"'{stem}' is daar gereserveerd", "kies een andere naam, bijvoorbeeld "
                 f"'{stem.casefold()}-1{name[len(stem):]}'")


def _symlink(rel: str) -> Diagnostic:
    return error(rel, 1, 1, "symlink", "een symbolische koppeling is niet toegestaan",
                 "zet het echte bestand op deze plek")


def _classify(rel: str, problems: list[Diagnostic]) -> SourceFile | None:
    parts = rel.split("/")
    suffix = os.path.splitext(parts[-1])[1].lower()
    if parts == [CONTENT, ORGANISATIONS_FILE]:
        return SourceFile(rel, "organisations", None, "organisaties")
    if parts[0] == GROUPS and len(parts) == 2 and suffix == ".md":
        return _with_id(rel, "group", None, problems)
    if parts[0] == CONTENT and len(parts) == 3 and parts[1] in (*SOORTEN, PAGES):
        if suffix == ".md":
            kind: Kind = "page" if parts[1] == PAGES else "resource"
            return _with_id(rel, kind, None if kind == "page" else parts[1], problems)
        if suffix in IMAGE_SUFFIXES:
            return None
        problems.append(error(rel, 1, 1, "ongeldig-bestandstype",
                              f"bestanden van het type '{suffix or parts[-1]}' horen hier niet",
                              "alleen Markdown (.md) en afbeeldingen (.png, .jpg, .webp, .gif)"))
        return None
    problems.append(_misplaced(rel, parts))
    return None


def _misplaced(rel: str, parts: list[str]) -> Diagnostic:
    if parts[0] == CONTENT and len(parts) >= 3 and parts[1] not in (*SOORTEN, PAGES):
        return error(rel, 1, 1, "onbekende-map", f"de map '{parts[1]}' is geen soort bron",
                     "kies een van: " + ", ".join([*SOORTEN, PAGES]))
    return error(rel, 1, 1, "verkeerde-plek", "dit bestand staat op een plek waar de generator "
                 "het niet leest", "bronnen horen in content/<soort>/, doelgroepen in groups/")


def _with_id(rel: str, kind: Kind, soort: str | None, problems: list[Diagnostic]) -> SourceFile | None:
    stem = os.path.splitext(rel.rpartition("/")[2])[0]
    if len(stem) > ID_MAX or not _ID.match(stem):
        problems.append(error(rel, 1, 1, "ongeldig-id", f"de bestandsnaam '{stem}' is geen geldig "
                              f"id", f"gebruik kleine letters, cijfers en losse streepjes, "
                              f"hoogstens {ID_MAX} tekens, zoals '{suggest_id(stem)}'"))
        return None
    if stem in RESERVED_IDS:
        problems.append(error(rel, 1, 1, "gereserveerd-id", f"'{stem}' is gereserveerd voor de "
                              "site zelf", "kies een andere bestandsnaam"))
        return None
    return SourceFile(rel, kind, soort, stem)


def suggest_id(text: str) -> str:
    """An id made from a title or name: 'Eén thuis, voor iedereen!' -> 'een-thuis-voor-iedereen'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    slug = "-".join(words)[:ID_MAX].strip("-")
    return slug or "naamloos"


def _name_collisions(paths: list[str]) -> list[Diagnostic]:
    seen: dict[str, str] = {}
    problems = []
    for path in paths:
        key = unicodedata.normalize("NFC", path).casefold()
        if key in seen:
            problems.append(error(path, 1, 1, "naamconflict", f"de naam botst met {seen[key]} "
                                  f"({_difference(path, seen[key])})",
                                  "geef een van beide een andere naam"))
        else:
            seen[key] = path
    return problems


def _difference(path: str, other: str) -> str:
    if unicodedata.normalize("NFC", path) == unicodedata.normalize("NFC", other):
        # Reports print names in NFC, so say why two names that look the same are two names.
        return "dezelfde letters, maar de accenten zijn anders opgeslagen: als NFC en als NFD"
    return "alleen hoofdletters of tekenvorm verschillen"


def _duplicate_ids(found: list[SourceFile]) -> list[Diagnostic]:
    seen: dict[str, str] = {}
    problems = []
    for source in found:
        if source.kind != "resource":
            continue
        if source.id in seen:
            problems.append(error(source.path, 1, 1, "dubbel-id", f"het id '{source.id}' bestaat "
                                  f"al: {seen[source.id]}", "elk id mag maar één keer voorkomen, "
                                  "ook tussen soorten; kies een andere bestandsnaam"))
        else:
            seen[source.id] = source.path
    return problems
