"""Where things are and what day it is: everything a run needs to know from outside."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import yaml

DEFAULT_SITE_URL = "https://een-thuis-voor-iedereen.github.io/kennisplatform/"


class SettingsError(ValueError):
    """A setting given on the command line or in the environment cannot be used."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Paths, build date and policy for one run."""

    root: Path
    today: date
    strict: bool = False
    site_url: str = DEFAULT_SITE_URL

    @property
    def docs_dir(self) -> Path:
        """The generated Markdown tree that MkDocs (or Zensical) builds."""
        return self.root / "build" / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"


def build_date(option: str | None, environ: dict[str, str] | None = None) -> date:
    """The build's "today": ``--datum``, else SOURCE_DATE_EPOCH, else the real date.

    Pinning it makes builds reproducible and lets tests move an event from upcoming to past.
    """
    env = os.environ if environ is None else environ
    if option:
        try:
            return date.fromisoformat(option)
        except ValueError:
            raise SettingsError(f"--datum '{option}' is geen datum in de vorm JJJJ-MM-DD") from None
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise SettingsError(f"SOURCE_DATE_EPOCH '{epoch}' is geen aantal seconden")
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def site_url_from(root: Path) -> str:
    """The public address from mkdocs.yml (``site_url``), so feeds and exports agree with it."""
    config = root / "mkdocs.yml"
    if config.is_file():
        data = yaml.safe_load(config.read_text("utf-8"))
        url = data.get("site_url") if isinstance(data, dict) else None
        if isinstance(url, str):
            return url.rstrip("/") + "/"
    return DEFAULT_SITE_URL


def find_root(start: Path) -> Path:
    """The repository folder: ``start`` or the nearest parent that has content/ and groups/."""
    for folder in (start, *start.parents):
        if (folder / "content").is_dir() and (folder / "groups").is_dir():
            return folder
    raise SettingsError(f"geen content/ en groups/ gevonden in {start} of een map erboven")
