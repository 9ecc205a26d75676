"""Where things are and what day it is: everything a run needs to know from outside."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator.load.body import MarkdownSetup

DEFAULT_SITE_URL = "https://een-thuis-voor-iedereen.github.io/kennisplatform/"
GENERATED_CONFIG = "mkdocs.generated.yml"


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

    @property
    def config_file(self) -> Path:
        """The generated renderer configuration, beside mkdocs.yml (not committed).

        Zensical takes the folder of its configuration file as the project root and refuses a
        ``site_dir`` outside it; MkDocs and ProperDocs resolve paths against that folder too.
        Written here, one file serves all three with ``site/`` where the README promises it.
        """
        return self.root / GENERATED_CONFIG


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
    url = (read_mkdocs_config(root) or {}).get("site_url")
    return url.rstrip("/") + "/" if isinstance(url, str) else DEFAULT_SITE_URL


class _MkDocsLoader(yaml.SafeLoader):
    """YAML as MkDocs reads mkdocs.yml: with ``!!python/name:``, ``!ENV`` and ``!relative``.

    mkdocs.yml is trusted (it is ours, not a contributor's), so a ``!!python/name:`` tag is
    imported as MkDocs would; any other tag keeps its plain value.
    """


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    module_name, _, attribute = suffix.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError):
        raise SettingsError(f"mkdocs.yml: '!!python/name:{suffix}' bestaat niet; is het pakket "
                            "geïnstalleerd?") from None


def _environment_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else []
    for name in names[:-1]:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return names[-1] if names else None


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_MkDocsLoader.add_constructor("!ENV", _environment_tag)
_MkDocsLoader.add_multi_constructor("!", _plain)


class Tagged(str):
    """A tagged scalar of mkdocs.yml kept as written, for the generated configuration."""

    tag: str


class _KeepingLoader(yaml.SafeLoader):
    """mkdocs.yml with every tag kept (``!!python/name:x`` stays that tag), for writing back."""


class TaggedList(list[Any]):
    """A tagged sequence of mkdocs.yml (``!ENV [NAME, default]``) kept as written."""

    tag: str


def _keep(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    kept: Tagged | TaggedList
    if isinstance(node, yaml.SequenceNode):
        kept = TaggedList(loader.construct_sequence(node))
    elif isinstance(node, yaml.ScalarNode):
        kept = Tagged(loader.construct_scalar(node))
    else:
        return _plain(loader, suffix, node)
    kept.tag = node.tag
    return kept


_KeepingLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep)
_KeepingLoader.add_multi_constructor("!", _keep)


def _represent_tagged(dumper: yaml.SafeDumper, value: Tagged) -> yaml.Node:
    return dumper.represent_scalar(value.tag, str(value))


def _represent_tagged_list(dumper: yaml.SafeDumper, value: TaggedList) -> yaml.Node:
    return dumper.represent_sequence(value.tag, list(value), flow_style=True)


class ConfigDumper(yaml.SafeDumper):
    """Writes a configuration read with ``keep_tags=True`` back with its tags."""


ConfigDumper.add_representer(Tagged, _represent_tagged)
ConfigDumper.add_representer(TaggedList, _represent_tagged_list)


def read_mkdocs_config(root: Path, keep_tags: bool = False) -> dict[str, Any] | None:
    """The repository's mkdocs.yml as data, or None when there is none.

    The one reader of mkdocs.yml: settings and the body renderer read values (tags resolved
    as MkDocs does); the generated configuration keeps the tags (``keep_tags``) and writes
    them back with :class:`ConfigDumper`.
    """
    path = root / "mkdocs.yml"
    if not path.is_file():
        return None
    return _parse_mkdocs(path.read_text("utf-8"), keep_tags)


@lru_cache(maxsize=8)
def _parse_mkdocs(text: str, keep_tags: bool = False) -> dict[str, Any]:
    loader = _KeepingLoader if keep_tags else _MkDocsLoader
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise SettingsError(f"mkdocs.yml is geen geldige YAML: {exc}") from None
    if not isinstance(data, dict):
        raise SettingsError("mkdocs.yml bevat geen instellingen (verwacht 'sleutel: waarde')")
    return data


def markdown_setup(root: Path) -> MarkdownSetup:
    """The site's Markdown extensions, one object per mkdocs.yml text (cached)."""
    path = root / "mkdocs.yml"
    return _setup_for(path.read_text("utf-8") if path.is_file() else "")


@lru_cache(maxsize=8)
def _setup_for(text: str) -> MarkdownSetup:
    return MarkdownSetup.from_config(_parse_mkdocs(text) if text else None)


def find_root(start: Path) -> Path:
    """The repository folder: ``start`` or the nearest parent that has content/ and groups/."""
    for folder in (start, *start.parents):
        if (folder / "content").is_dir() and (folder / "groups").is_dir():
            return folder
    raise SettingsError(f"geen content/ en groups/ gevonden in {start} of een map erboven")
