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
    written = unchanged = removed = 0
    for rel, item in sorted(files.items()):
        path = target / rel
        try:
            if path.read_bytes() == item.data:
                unchanged += 1
                continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(item.data)
        os.replace(tmp, path)
        written += 1
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            rel = path.relative_to(target).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return WriteStats(written, unchanged, removed)
