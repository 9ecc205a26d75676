"""The registry of output files and writing the generated tree.

Two pages on one address is an error that names both sources. Writing touches a file only
when its bytes change, and removes files that are no longer generated, so a live preview
of a large site rebuilds little.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, error


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One generated file: its path in the docs tree, its bytes and the source it came from."""

    path: str
    data: bytes
    source: str


@dataclass
class Registry:
    """Collects output files and refuses a second file on a taken address."""

    files: dict[str, OutputFile] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    _taken: dict[str, OutputFile] = field(default_factory=dict)

    def add(self, path: str, text: str | bytes, source: str) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        key = path.casefold()
        if key in self._taken:
            other = self._taken[key]
            self.problems.append(error(source, 1, 1, "adresconflict",
                                       f"de pagina {path} wordt ook gemaakt uit {other.source}",
                                       "geef een van beide een andere bestandsnaam"))
            return
        self.files[path] = OutputFile(path, data, source)
        self._taken[key] = self.files[path]

@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def write_tree(files: dict[str, OutputFile], target: Path) -> WriteStats:
    """Make ``target`` hold exactly ``files``, writing only what changed."""
    written = unchanged = 0
    folders: set[str] = set()
    for rel, item in sorted(files.items()):
        path = os.path.join(target, rel)
        if _same_bytes(path, item.data):
            unchanged += 1
            continue
        folder = os.path.dirname(path)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        # Write beside and rename: a watcher (the live preview) never sees half a file.
        with open(path + ".tmp", "wb") as handle:
            handle.write(item.data)
        os.replace(path + ".tmp", path)
        written += 1
    return WriteStats(written, unchanged, _remove_stale(files, target))


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except FileNotFoundError:
        return False


def _remove_stale(files: dict[str, OutputFile], target: Path) -> int:
    """Delete files that are no longer generated, then folders left empty."""
    removed = 0
    for folder, _dirs, names in os.walk(target, topdown=False):
        rel_folder = os.path.relpath(folder, target)
        prefix = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        for name in names:
            if prefix + name not in files:
                os.unlink(os.path.join(folder, name))
                removed += 1
        if folder != str(target) and not os.listdir(folder):
            os.rmdir(folder)
    return removed
