"""Discovery: which files exist, what each is, and which may not exist."""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path

import pytest

from generator.load.discover import RESERVED_IDS, discover_sources, suggest_id
from tests.conftest import FIXTURE_SITE


def make_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE_SITE / "content", root / "content")
    shutil.copytree(FIXTURE_SITE / "groups", root / "groups")
    return root


def touch(root: Path, rel: str, text: str = "---\ntitel: x\n---\n") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def problems_of(root: Path) -> list[tuple[str, str]]:
    return [(d.path, d.code) for d in discover_sources(root)[1]]


def test_fixture_site_discovery() -> None:
    found, problems = discover_sources(FIXTURE_SITE)
    assert problems == []
    paths = [f.path for f in found]
    # walk order: content/ before groups/, a folder's own files before its subfolders
    assert paths == sorted(paths, key=lambda p: (not p.startswith("content/"), p.count("/"), p))
    kinds = {f.kind for f in found}
    assert kinds == {"resource", "group", "page", "organisations"}
    groups = sorted(f.id for f in found if f.kind == "group")
    assert groups == ["dak-en-thuisloosheid", "ouderen", "statushouders"]
    soorten = {f.soort for f in found if f.kind == "resource"}
    assert len(soorten) == 9
    assert all(f.path.endswith(".md") or f.kind == "organisations" for f in found)
    regie = next(f for f in found if f.id == "wet-versterking-regie")
    assert (regie.kind, regie.soort, regie.path) == (
        "resource", "wet-en-regelgeving", "content/wet-en-regelgeving/wet-versterking-regie.md")


def test_images_are_allowed_but_not_sources(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    for name in ("a.png", "b.JPG", "c.jpeg", "d.webp", "e.gif"):
        (root / "content/handreikingen" / name).write_bytes(b"\x89PNG")
    found, problems = discover_sources(root)
    assert problems == []
    assert not any(f.path.endswith((".png", ".JPG")) for f in found)


def test_symlinks_are_refused(tmp_path: Path) -> None:
    if not hasattr(os, "symlink"):
        pytest.skip("no symlinks here")
    root = make_repo(tmp_path)
    (root / "content/handreikingen/link.md").symlink_to("woonwensen-peilen.md")
    (root / "content/beleid/map").symlink_to(root / "content/onderzoek", target_is_directory=True)
    (root / "groups/extra.md").symlink_to("/etc/passwd")
    (root / "content/handreikingen/dangling.md").symlink_to("bestaat-niet.md")
    found, problems = discover_sources(root)
    assert sorted((d.path, d.code) for d in problems) == [
        ("content/beleid/map", "symlink"),
        ("content/handreikingen/dangling.md", "symlink"),
        ("content/handreikingen/link.md", "symlink"),
        ("groups/extra.md", "symlink"),
    ]
    assert not any(f.id in ("link", "extra", "dangling") for f in found)
    assert not any(f.path.startswith("content/beleid/map/") for f in found)


@pytest.mark.parametrize("name", ["a.pdf", "b.exe", "c.svg", "d.html", "e.yml", "f", "g.MD.txt"])
def test_foreign_file_types_are_refused(tmp_path: Path, name: str) -> None:
    root = make_repo(tmp_path)
    touch(root, f"content/handreikingen/{name}")
    assert problems_of(root) == [(f"content/handreikingen/{name}", "ongeldig-bestandstype")]


def test_upper_case_md_suffix_is_markdown(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    touch(root, "content/handreikingen/hoofdletters.MD")
    found, _ = discover_sources(root)
    assert any(f.id == "hoofdletters" for f in found)


@pytest.mark.parametrize("rel, code", [
    ("content/nieuws/x.md", "onbekende-map"),
    ("content/x.md", "verkeerde-plek"),
    ("content/handreikingen/sub/x.md", "verkeerde-plek"),
    ("groups/sub/x.md", "verkeerde-plek"),
    ("groups/x.txt", "verkeerde-plek"),
    ("content/beleid/Hoofdletter.md", "ongeldig-id"),
    ("content/beleid/met_laag.md", "ongeldig-id"),
    ("content/beleid/dubbel--streepje.md", "ongeldig-id"),
    ("content/beleid/" + "x" * 81 + ".md", "ongeldig-id"),
    ("content/beleid/zoeken.md", "gereserveerd-id"),
    ("content/beleid/agenda.md", "gereserveerd-id"),
    ("content/beleid/beleid.md", "gereserveerd-id"),
    ("groups/alle.md", "gereserveerd-id"),
    ("content/paginas/api.md", "gereserveerd-id"),
])
def test_misplaced_and_badly_named_files(tmp_path: Path, rel: str, code: str) -> None:
    root = make_repo(tmp_path)
    touch(root, rel)
    assert problems_of(root) == [(rel, code)]


def test_an_id_of_exactly_80_characters_is_fine(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    touch(root, "content/beleid/" + "x" * 80 + ".md")
    assert problems_of(root) == []


def test_ignored_names(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    touch(root, "content/beleid/.gitkeep", "")
    touch(root, "groups/.DS_Store", "")
    assert problems_of(root) == []


def test_duplicate_id_across_types(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    touch(root, "content/onderzoek/programma-een-thuis.md")
    [(path, code)] = problems_of(root)
    assert code == "dubbel-id"
    assert path == "content/onderzoek/programma-een-thuis.md"  # the later one in sorted order


def test_a_group_may_share_an_id_with_a_resource_folder_file(tmp_path: Path) -> None:
    # groups and resources live at different addresses; only resources must be unique
    root = make_repo(tmp_path)
    touch(root, "groups/programma-een-thuis.md")
    assert problems_of(root) == []


def test_case_collision(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    probe = root / "content/beleid/Probe.md"
    probe.write_text("x")
    if (root / "content/beleid/probe.md").exists():
        pytest.skip("case-insensitive file system")
    probe.unlink()
    touch(root, "content/beleid/Programma-een-thuis.md")
    problems = sorted(problems_of(root))
    assert ("content/beleid/programma-een-thuis.md", "naamconflict") in problems
    assert ("content/beleid/Programma-een-thuis.md", "ongeldig-id") in problems


def test_unicode_normal_form_collision(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    folder = root / "content/handreikingen"
    (folder / unicodedata.normalize("NFC", "café.png")).write_bytes(b"1")
    try:
        (folder / unicodedata.normalize("NFD", "café.png")).write_bytes(b"2")
    except OSError:
        pytest.skip("file system normalises names")
    if len(list(folder.glob("caf*.png"))) != 2:
        pytest.skip("file system normalises names")
    assert [code for _, code in problems_of(root)] == ["naamconflict"]


def test_missing_folders(tmp_path: Path) -> None:
    assert sorted(problems_of(tmp_path)) == [("content", "map-ontbreekt"), ("groups", "map-ontbreekt")]
    root = make_repo(tmp_path)
    shutil.rmtree(root / "groups")
    assert problems_of(root) == [("groups", "map-ontbreekt")]


def test_reserved_ids_include_every_type_folder() -> None:
    assert {"wet-en-regelgeving", "agenda", "paginas", "alle", "zoeken", "api"} <= RESERVED_IDS


@pytest.mark.parametrize("title, expected", [
    ("Eén thuis, voor iedereen!", "een-thuis-voor-iedereen"),
    ("Wmo & Jeugdwet: (2025) — uitleg", "wmo-jeugdwet-2025-uitleg"),
    ("  Ĳsselmeer  Œuvre ", "ijsselmeer-uvre"),
    ("!!!", "naamloos"),
    ("x" * 100, "x" * 80),
    ("a " * 60, ("a-" * 40).rstrip("-")),
])
def test_suggest_id(title: str, expected: str) -> None:
    assert suggest_id(title) == expected


# --- names Windows cannot hold, and names in NFD (issue 11) ------------------------------------

@pytest.mark.parametrize("name", ["con.md", "aux.md", "nul.md", "PRN.md", "Com1.md", "lpt9.md",
                                  "nul.tar.gz", "con.png"])
def test_windows_reserved_names_are_refused(tmp_path: Path, name: str) -> None:
    root = make_repo(tmp_path)
    touch(root, f"content/handreikingen/{name}")
    problems = discover_sources(root)[1]
    found = [d for d in problems if d.code == "windows-naam"]
    assert [(d.path, d.line, d.column) for d in found] == [(f"content/handreikingen/{name}", 1, 1)]


def test_windows_reserved_name_message_in_dutch(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    touch(root, "content/handreikingen/con.md")
    touch(root, "content/handreikingen/console.md")
    touch(root, "content/handreikingen/com10.md")
    [bad] = [d for d in discover_sources(root)[1] if d.code == "windows-naam"]
    assert bad.format_text() == (
        "content/handreikingen/con.md:1:1: fout windows-naam: de naam 'con.md' kan op Windows "
        "niet bestaan: 'con' is daar gereserveerd (kies een andere naam, bijvoorbeeld 'con-1.md')")


def test_a_reserved_folder_name_is_refused_too(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    touch(root, "content/aux/x.md")
    assert ("content/aux", "windows-naam") in problems_of(root)


def test_nfd_file_names_are_printed_in_nfc(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    nfd = unicodedata.normalize("NFD", "Café.md")
    touch(root, f"content/handreikingen/{nfd}")
    if not (root / "content/handreikingen" / nfd).exists():
        pytest.skip("file system normalises names")
    [bad] = [d for d in discover_sources(root)[1] if d.code == "ongeldig-id"]
    line = bad.format_text()
    assert line == unicodedata.normalize("NFC", line)
    assert line.startswith("content/handreikingen/Café.md:1:1: fout ongeldig-id: de bestandsnaam "
                           "'Café' is geen geldig id")


def test_nfc_nfd_collision_says_why_the_names_differ(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    folder = root / "content/handreikingen"
    (folder / unicodedata.normalize("NFC", "café.png")).write_bytes(b"1")
    (folder / unicodedata.normalize("NFD", "café.png")).write_bytes(b"2")
    if len(list(folder.glob("caf*.png"))) != 2:
        pytest.skip("file system normalises names")
    [bad] = discover_sources(root)[1]
    assert bad.format_text().endswith(
        "fout naamconflict: de naam botst met content/handreikingen/café.png (dezelfde letters, "
        "maar de accenten zijn anders opgeslagen: als NFC en als NFD) "
        "(geef een van beide een andere naam)")
