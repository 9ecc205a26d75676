"""The renderer (MkDocs) and the search index (Pagefind), run on the generated tree.

The only module that runs MkDocs or Pagefind. Both run as subprocesses of the same Python, so
the generated tree stays an ordinary MkDocs project: no project logic in plugins or hooks.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from generator.settings import Settings


class PublishError(RuntimeError):
    """MkDocs or Pagefind failed; the message holds their output."""


def _environment(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["SOURCE_DATE_EPOCH"] = str(int(time.mktime(settings.today.timetuple())) + 12 * 3600)
    return env


def run_mkdocs(settings: Settings) -> None:
    """``mkdocs build --strict`` on the generated configuration."""
    _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
          "--config-file", str(settings.root / "build" / "mkdocs.yml")], settings, "MkDocs")


def run_pagefind(settings: Settings) -> None:
    """Index the built site with the Pagefind binary from PyPI."""
    _run([sys.executable, "-m", "pagefind", "--site", str(settings.site_dir), "--silent"],
         settings, "Pagefind")


def _run(command: list[str], settings: Settings, name: str) -> None:
    done = subprocess.run(command, cwd=settings.root, env=_environment(settings),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        raise PublishError(f"{name} is mislukt (code {done.returncode}):\n{output}")
