"""The renderers (MkDocs, ProperDocs, Zensical) and the search index (Pagefind).

The only module that runs a renderer or Pagefind. All three renderers read the same generated
configuration (:attr:`Settings.config_file`) and run as a subprocess of the same Python
(``python -m NAME build --strict --clean``), so the generator imports none of them and the
generated tree stays an ordinary MkDocs project: no project logic in plugins or hooks.

MkDocs with Material for MkDocs is the default because requirements.txt pins it; ProperDocs (a
maintained continuation of MkDocs 1.x, same theme) and Zensical (the successor of Material for
MkDocs, which reaches end of life on 2027-05-05) are pinned in requirements-renderers.txt.
Pagefind is the binary of the npm package pinned in package-lock.json (:mod:`.pagefind`).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generator.publish import split
from generator.publish.pagefind import PagefindMissing, pagefind_binary
from generator.settings import Settings

MATERIAL_END_OF_LIFE = "2027-05-05"


class PublishError(RuntimeError):
    """A renderer or Pagefind failed or is missing, or the built site has broken links.

    The message is Dutch and complete: what failed, the tool's own output without colour codes
    or traceback, and for a missing tool how to install it.
    """


@dataclass(frozen=True, slots=True)
class Renderer:
    """One renderer: how to run it and how to install it."""

    name: str
    module: str  # what ``python -m`` runs; also what must be importable
    label: str  # the name people know it by, in messages
    pin: str  # the pinned release(s), as pip installs them

    def command(self, python: str, config_file: Path) -> list[str]:
        """The strict build command on the generated configuration."""
        return [python, "-m", self.module, "build", "--strict", "--clean",
                "--config-file", str(config_file)]

    def installed(self) -> bool:
        """True when this Python can import the renderer."""
        return importlib.util.find_spec(self.module) is not None

    def install_hint(self) -> str:
        """Dutch: the renderer is missing, and the pip command that installs it."""
        return (f"{self.label} is niet geïnstalleerd in deze Python. Installeer het met: "
                f".venv/bin/pip install {self.pin}  (of draai ./scripts/setup, dat "
                "requirements.txt en requirements-renderers.txt installeert)")


RENDERERS: dict[str, Renderer] = {
    "mkdocs": Renderer("mkdocs", "mkdocs", "MkDocs", "mkdocs==1.6.1 mkdocs-material==9.8.2"),
    "properdocs": Renderer("properdocs", "properdocs", "ProperDocs",
                           "properdocs==1.6.7 mkdocs-material==9.8.2"),
    "zensical": Renderer("zensical", "zensical", "Zensical", "zensical==0.0.73"),
}
DEFAULT_RENDERER = "mkdocs"
RENDERER_VARIABLE = "KENNISPUNT_RENDERER"

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_TRACEBACK_START = "Traceback (most recent call last):"


def renderer_named(name: str) -> Renderer:
    """The renderer ``name``, installed; otherwise a Dutch :class:`PublishError` that says how."""
    chosen = RENDERERS.get(name)
    if chosen is None:
        raise PublishError(f"Onbekende renderer '{name}'; kies uit: {', '.join(RENDERERS)}")
    if not chosen.installed():
        raise PublishError(chosen.install_hint())
    return chosen


def readable_output(text: str) -> str:
    """A tool's output as a person reads it: no colour codes, no Python traceback.

    Zensical 0.0.73 ends a strict build that found warnings with a traceback of its own code;
    what matters is what it printed before it and the exception's last line.
    """
    kept: list[str] = []
    in_traceback = False
    for line in _ANSI.sub("", text).replace("\r\n", "\n").splitlines():
        if line.startswith(_TRACEBACK_START):
            in_traceback = True
            continue
        if in_traceback:
            if line.startswith((" ", "\t")) or not line.strip() or set(line.strip()) <= set("^~"):
                continue
            in_traceback = False  # the exception line itself ends the traceback
        kept.append(line)
    return "\n".join(line.rstrip() for line in kept).strip()


def _environment(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["NO_COLOR"] = "1"
    env["SOURCE_DATE_EPOCH"] = str(int(time.mktime(settings.today.timetuple())) + 12 * 3600)
    return env


def run_renderer(settings: Settings, renderer: str = DEFAULT_RENDERER,
                 split_from: int = split.SPLIT_FROM) -> None:
    """Build the generated configuration strictly with ``renderer`` into an emptied ``site/``.

    MkDocs and ProperDocs build a site of ``split_from`` resource pages or more in two
    processes at once (see :mod:`generator.publish.split`).
    """
    chosen = renderer_named(renderer)
    _clear_site_dir(settings)
    if chosen.name in ("mkdocs", "properdocs") and split.worth_splitting(settings, split_from):
        _run_split(chosen, settings)
        return
    _run(chosen.command(sys.executable, settings.config_file), settings, chosen.label)


def _run_split(chosen: Renderer, settings: Settings) -> None:
    first, second = split.halves(settings)
    shutil.rmtree(second.site_dir, ignore_errors=True)
    env = _environment(settings)
    # Output to files, not pipes: a half that writes much would otherwise wait for the other.
    with tempfile.TemporaryFile("w+") as log_first, tempfile.TemporaryFile("w+") as log_second:
        running = []
        for half, log in ((first, log_first), (second, log_second)):
            try:
                running.append(subprocess.Popen(
                    chosen.command(sys.executable, half.config_file), cwd=settings.root, env=env,
                    text=True, stdout=log, stderr=subprocess.STDOUT))
            except OSError as exc:
                raise PublishError(f"{chosen.label} kon niet starten: {exc.strerror or exc}") from None
        for process, log in zip(running, (log_first, log_second), strict=True):
            if process.wait() != 0:
                for other in running:
                    other.kill()
                    other.wait()
                split.forget(first, second)
                log.seek(0)
                raise PublishError(f"{chosen.label} is mislukt (code {process.returncode}):\n"
                                   f"{readable_output(log.read())}")
    split.merge(first, second)


def run_mkdocs(settings: Settings) -> None:
    """``mkdocs build --strict`` on the generated configuration (the default renderer)."""
    run_renderer(settings, "mkdocs")


def _clear_site_dir(settings: Settings) -> None:
    """Start from an empty ``site/``: MkDocs' ``--clean`` does this, Zensical's only clears its
    cache, and a file left by an earlier build (another renderer's assets, an old index)
    would end up in the published site."""
    site, root = settings.site_dir.resolve(), settings.root.resolve()
    if site.is_dir() and site != root and site.is_relative_to(root):
        shutil.rmtree(site)


def run_pagefind(settings: Settings) -> None:
    """Index the built site with the pinned Pagefind binary (npm package, run directly)."""
    indexing = start_pagefind(settings)
    indexing.finish()


PAGEFIND_OUTPUT = "pagefind"  # in site/


@dataclass
class PagefindRun:
    """Pagefind indexing ``site/`` in the background, into a folder beside it.

    The index is moved into ``site/pagefind/`` only by :meth:`finish`, so it can run while the
    built pages are still being checked (on the other core): a refused site gets no index.
    """

    process: subprocess.Popen[str]
    output: Path
    settings: Settings

    def finish(self) -> None:
        """Wait for Pagefind; put its index into the site, or raise :class:`PublishError`."""
        stdout, stderr = self.process.communicate()
        if self.process.returncode != 0:
            shutil.rmtree(self.output, ignore_errors=True)
            output = readable_output(stdout + "\n" + stderr)
            raise PublishError(f"Pagefind is mislukt (code {self.process.returncode}):\n{output}")
        target = self.settings.site_dir / PAGEFIND_OUTPUT
        if target.exists():
            shutil.rmtree(target)
        self.output.rename(target)

    def cancel(self) -> None:
        """Stop Pagefind and throw away what it wrote."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
        shutil.rmtree(self.output, ignore_errors=True)


def start_pagefind(settings: Settings) -> PagefindRun:
    """Start indexing the built site with the pinned Pagefind binary (npm package, run directly)."""
    try:
        binary = pagefind_binary(settings.root)
    except PagefindMissing as exc:
        raise PublishError(str(exc)) from None
    output = settings.site_dir.parent / f".{settings.site_dir.name}-{PAGEFIND_OUTPUT}"
    shutil.rmtree(output, ignore_errors=True)
    command = [str(binary), "--site", str(settings.site_dir), "--output-path", str(output), "--silent"]
    try:
        process = subprocess.Popen(command, cwd=settings.root, env=_environment(settings), text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise PublishError(f"Pagefind kon niet starten ({command[0]}): {exc.strerror or exc}") from None
    return PagefindRun(process, output, settings)


def _run(command: list[str], settings: Settings, name: str) -> None:
    try:
        done = subprocess.run(command, cwd=settings.root, env=_environment(settings),
                              capture_output=True, text=True, check=False)
    except OSError as exc:
        raise PublishError(f"{name} kon niet starten ({command[0]}): {exc.strerror or exc}") from None
    if done.returncode != 0:
        output = readable_output(done.stdout + "\n" + done.stderr)
        raise PublishError(f"{name} is mislukt (code {done.returncode}):\n{output}")
