"""scripts/site-diff: the pages a pull request adds, changes or removes, for the job summary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "site-diff"


def _site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_lists_added_changed_and_removed_pages_verbatim(tmp_path: Path) -> None:
    base = _site(
        tmp_path / "base",
        {
            "index.html": "home",
            "over/index.html": "over",
            "beleid/oud/index.html": "oud",
            "404.html": "niet gevonden",
            "pagefind/fragment/x.html": "index",
            "assets/javascripts/x.html": "thema",
            "api/bronnen.json": "[]",
        },
    )
    new = _site(
        tmp_path / "pr",
        {
            "index.html": "home, nieuw",
            "over/index.html": "over",
            "handreikingen/nieuw/index.html": "nieuw",
            "404.html": "niet gevonden",
            "pagefind/fragment/x.html": "ander index",
            "assets/javascripts/y.html": "ander thema",
            "api/bronnen.json": "[1]",
        },
    )
    result = _run(base, new)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "## Pagina's in deze pull request\n"
        "\n"
        "Vergeleken met de basis: 1 toegevoegd, 1 gewijzigd, 1 verwijderd, 2 ongewijzigd.\n"
        "\n"
        "### Toegevoegd (1)\n"
        "\n"
        "- `/handreikingen/nieuw/`\n"
        "\n"
        "### Gewijzigd (1)\n"
        "\n"
        "- `/`\n"
        "\n"
        "### Verwijderd (1)\n"
        "\n"
        "- `/beleid/oud/`\n"
    )


def test_says_so_when_nothing_changes(tmp_path: Path) -> None:
    files = {"index.html": "home", "over/index.html": "over"}
    result = _run(_site(tmp_path / "a", files), _site(tmp_path / "b", files))
    assert result.returncode == 0
    assert "0 toegevoegd, 0 gewijzigd, 0 verwijderd, 2 ongewijzigd" in result.stdout
    assert "Deze pull request verandert geen pagina's van de site." in result.stdout


def test_compares_bytes_not_text(tmp_path: Path) -> None:
    base = tmp_path / "a"
    new = tmp_path / "b"
    base.mkdir()
    new.mkdir()
    (base / "index.html").write_bytes(b"tekst\n")
    (new / "index.html").write_bytes(b"tekst\r\n")
    assert "### Gewijzigd (1)" in _run(base, new).stdout


def test_long_lists_are_cut_short(tmp_path: Path) -> None:
    base = _site(tmp_path / "a", {"index.html": "home"})
    new = _site(
        tmp_path / "b",
        {"index.html": "home", **{f"p{n:03}/index.html": "x" for n in range(105)}},
    )
    output = _run(base, new).stdout
    assert "### Toegevoegd (105)" in output
    assert "- `/p099/`" in output
    assert "- `/p100/`" not in output
    assert "- … en nog 5" in output


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = _run(tmp_path / "bestaat-niet", tmp_path)
    assert result.returncode == 2
    assert "map bestaat niet" in result.stderr
    assert _run(tmp_path).returncode == 2
