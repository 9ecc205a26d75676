"""The registry of output files and writing the generated tree.

Two pages on one address is an error that names both sources. Writing touches a file only
when its bytes change, and removes files that are no longer generated, so a live preview
of a large site rebuilds little.

Render functions put their files into a :class:`Sink`: a :class:`Registry` keeps them in
memory (the exports' tests), a :class:`TreeWriter` writes each one at once and remembers
what it wrote, for the registry to claim.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator.diagnostics import Diagnostic, error


class Sink(Protocol):
    """Where a render function puts the files it makes."""

    def add(self, path: str, text: str | bytes, source: str) -> None: ...


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One generated file: its path in the docs tree, its bytes and the source it came from."""

    path: str
    data: bytes
    source: str


@dataclass(frozen=True, slots=True)
class Written:
    """One file a :class:`TreeWriter` handled: where, from which source, and whether it changed."""

    path: str
    source: str
    changed: bool


@dataclass
class Registry:
    """Collects output files and refuses a second file on a taken address."""

    files: dict[str, OutputFile] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    files_claimed: list[str] = field(default_factory=list)  # every address taken, in order
    _taken: dict[str, str] = field(default_factory=dict)  # casefolded path -> source

    def add(self, path: str, text: str | bytes, source: str) -> None:
        if self.claim(path, source):
            self.files[path] = OutputFile(path, _encoded(text), source)

    def claim(self, path: str, source: str) -> bool:
        """Take ``path`` for ``source``; False (and a problem) when another source has it."""
        key = path.casefold()
        if key in self._taken:
            self.problems.append(error(source, 1, 1, "adresconflict",
                                       f"de pagina {path} wordt ook gemaakt uit {self._taken[key]}",
                                       "geef een van beide een andere bestandsnaam"))
            return False
        self._taken[key] = source
        self.files_claimed.append(path)
        return True


@dataclass
class TreeWriter:
    """A sink that writes each file into ``target`` as it comes, only when its bytes change."""

    target: Path
    written: list[Written] = field(default_factory=list)

    def add(self, path: str, text: str | bytes, source: str) -> None:
        changed = write_file(os.path.join(self.target, path), _encoded(text))
        self.written.append(Written(path, source, changed))


def _encoded(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_file(path: str, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True when written.

    A new file is created with one open (no stat, no buffered-file set-up): a fresh build
    creates ten thousand of them, and on a virtual machine each system call is dear.
    """
    try:
        handle = _create(path)
    except FileExistsError:
        return _replace(path, data)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    finally:
        os.close(handle)
    return True


def _create(path: str) -> int:
    try:
        return os.open(path, _CREATE, 0o666)
    except FileNotFoundError:  # the folder is made only when it is missing
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return os.open(path, _CREATE, 0o666)


def _replace(path: str, data: bytes) -> bool:
    """An existing file: left alone when its bytes are the same, else replaced whole."""
    if os.stat(path).st_size == len(data):
        with open(path, "rb") as existing:
            if existing.read() == data:
                return False
    # Write beside and rename: a watcher (the live preview) never sees half a page. The name
    # holds the process id, as worker processes write side by side.
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)
    return True


def remove_stale(kept: set[str], target: Path) -> int:
    """Delete files under ``target`` that are not in ``kept``, then folders left empty."""
    removed = 0
    for folder, _dirs, names in os.walk(target, topdown=False):
        rel_folder = os.path.relpath(folder, target)
        prefix = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        for name in names:
            if prefix + name not in kept:
                os.unlink(os.path.join(folder, name))
                removed += 1
        if folder != str(target) and not os.listdir(folder):
            os.rmdir(folder)
    return removed
