"""Where the Pagefind binary is: the npm package pinned in package.json, run directly.

Pagefind 1.5 (the newest on PyPI) writes its filter and metadata files differently on every
run (Pagefind issue #638), so two builds were never identical. 1.6 is byte-stable and comes
from npm only: ``npm ci`` (in scripts/setup) installs ``pagefind`` and, as its optional
dependency, the one ``@pagefind/<os>-<cpu>`` package whose ``bin/`` holds the binary. We start
that binary ourselves, as Pagefind's node wrapper would, so a build needs no node.
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

PAGEFIND_VERSION = "1.6.0"  # as in package.json and package-lock.json
# The checkout the generator is installed from (editable install): its node_modules serve a
# build of another folder too (``--map``, the tests' copies of the fixture site).
CHECKOUT = Path(__file__).resolve().parents[2]
EXECUTABLES = ("pagefind_extended", "pagefind")  # the order of the npm wrapper
_SYSTEMS = {"linux": "linux", "darwin": "darwin", "windows": "windows", "freebsd": "freebsd"}
_CPUS = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


class PagefindMissing(RuntimeError):
    """The pinned Pagefind binary is not installed; the message (Dutch) says how to install it."""


def platform_package() -> str:
    """``@pagefind/linux-x64`` and the like, named as npm's ``os`` and ``cpu`` fields name them."""
    system = platform.system().lower()
    cpu = platform.machine().lower()
    return f"@pagefind/{_SYSTEMS.get(system, system)}-{_CPUS.get(cpu, cpu)}"


def pagefind_binary(root: Path) -> Path:
    """The binary of the pinned release under ``root/node_modules``, else the checkout's own.

    ``PAGEFIND_BINARY_PATH`` overrides both, as it does for Pagefind's own npm wrapper.
    Raises :class:`PagefindMissing` when neither has it, or has another version.
    """
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        return Path(override)
    suffix = ".exe" if platform.system() == "Windows" else ""
    for folder in dict.fromkeys((root, CHECKOUT)):
        package = folder / "node_modules" / platform_package()
        for name in EXECUTABLES:
            candidate = package / "bin" / f"{name}{suffix}"
            if candidate.is_file():
                _check_version(package)
                return candidate
    raise PagefindMissing(
        f"Pagefind {PAGEFIND_VERSION} ontbreekt ({platform_package()} in node_modules/). "
        "Installeer het met ./scripts/setup, of met: npm ci  (in de hoofdmap van de repository). "
        "Daarvoor is Node.js met npm nodig.")


def _check_version(package: Path) -> None:
    try:
        found = json.loads((package / "package.json").read_text("utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        found = None
    if found != PAGEFIND_VERSION:
        raise PagefindMissing(
            f"node_modules/{platform_package()} is versie {found}, verwacht {PAGEFIND_VERSION} "
            "(package-lock.json). Installeer opnieuw met ./scripts/setup, of met: npm ci")
