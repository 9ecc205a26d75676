"""The one reader of mkdocs.yml: the tags MkDocs users write, read as MkDocs reads them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from generator.settings import ConfigDumper, markdown_setup, read_mkdocs_config
from tests.conftest import FIXTURE_SITE, copy_repository, run_kennispunt

EMOJI = """
markdown_extensions:
  - toc:
      permalink: false
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
extra:
  analytics_key: !ENV [KP_ONBEKENDE_VARIABELE, "standaard"]
"""


def _with_emoji(tmp_path: Path) -> Path:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").split("markdown_extensions:")[0]
    config.write_text(text + EMOJI, "utf-8")
    return root


def test_python_name_and_env_tags_are_read_as_mkdocs_reads_them(tmp_path: Path) -> None:
    root = _with_emoji(tmp_path)
    config = read_mkdocs_config(root)
    assert config is not None
    emoji = config["markdown_extensions"][1]["pymdownx.emoji"]
    assert callable(emoji["emoji_index"]) and emoji["emoji_index"].__name__ == "twemoji"
    assert config["extra"]["analytics_key"] == "standaard"
    assert "pymdownx.emoji" in markdown_setup(root).extensions


def test_tags_are_written_back_unchanged_into_the_generated_configuration(tmp_path: Path) -> None:
    kept = read_mkdocs_config(_with_emoji(tmp_path), keep_tags=True)
    written = yaml.dump(kept, Dumper=ConfigDumper, sort_keys=False)
    assert "!!python/name:material.extensions.emoji.twemoji" in written
    assert "!ENV [KP_ONBEKENDE_VARIABELE, standaard]" in written


def test_check_works_with_materials_usual_emoji_setting(tmp_path: Path) -> None:
    """It once crashed with exit 3 on !!python/name: tags."""
    done = run_kennispunt("check", "--map", str(_with_emoji(tmp_path)), "--datum", str(date(2026, 6, 1)))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Geen problemen gevonden." in done.stdout
