"""The renderer switch and the Pagefind binary, without building a site."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.publish import pagefind
from generator.publish.renderer import (
    DEFAULT_RENDERER,
    RENDERERS,
    PublishError,
    Renderer,
    readable_output,
    renderer_named,
)
from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, ROOT, copy_repository, run_kennispunt

pytestmark = pytest.mark.renderers


def pins(path: Path) -> dict[str, str]:
    lines = path.read_text("utf-8").splitlines()
    return dict(line.split("==") for line in lines if "==" in line and not line.startswith("#"))


def test_the_default_renderer_is_the_one_requirements_txt_pins() -> None:
    main, others = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements-renderers.txt")
    assert DEFAULT_RENDERER in main and DEFAULT_RENDERER not in others
    assert all(name in others and name not in main for name in RENDERERS if name != DEFAULT_RENDERER)


def test_pagefind_comes_from_npm_not_from_pypi() -> None:
    assert not {"pagefind", "pagefind_bin"} & pins(ROOT / "requirements.txt").keys()
    assert "pagefind" not in (ROOT / "pyproject.toml").read_text("utf-8")


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_install_hints_name_the_pinned_releases(name: str) -> None:
    pinned = pins(ROOT / "requirements.txt") | pins(ROOT / "requirements-renderers.txt")
    for requirement in RENDERERS[name].pin.split():
        package, version = requirement.split("==")
        assert pinned[package] == version, requirement


def test_pagefind_pin_matches_package_json_and_the_lock() -> None:
    assert f'"pagefind": "{pagefind.PAGEFIND_VERSION}"' in (ROOT / "package.json").read_text("utf-8")
    lock = (ROOT / "package-lock.json").read_text("utf-8")
    for package in ("pagefind", "@pagefind/linux-x64"):
        entry = lock.split(f'"node_modules/{package}": {{', 1)[1]
        assert entry.split("}", 1)[0].strip().startswith(f'"version": "{pagefind.PAGEFIND_VERSION}"')


def _missing(monkeypatch: pytest.MonkeyPatch, name: str, label: str, pin: str) -> None:
    monkeypatch.setitem(RENDERERS, name, Renderer(name, "niet_geinstalleerd_xyz", label, pin))


def test_a_missing_renderer_says_how_to_install_it_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    _missing(monkeypatch, "zensical", "Zensical", "zensical==0.0.73")
    with pytest.raises(PublishError) as raised:
        renderer_named("zensical")
    assert str(raised.value).startswith("Zensical is niet geïnstalleerd")
    assert ".venv/bin/pip install zensical==0.0.73" in str(raised.value)


def test_build_without_the_renderer_stops_before_any_work(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    _missing(monkeypatch, "properdocs", "ProperDocs", "properdocs==1.6.7 mkdocs-material==9.8.2")
    result = CliRunner().invoke(cli, ["build", "--map", str(root), "--datum", FIXTURE_DATE],
                                env={"KENNISPUNT_RENDERER": "properdocs"})
    assert result.exit_code == 1, result.output
    assert "ProperDocs is niet geïnstalleerd" in result.stderr
    assert ".venv/bin/pip install properdocs==1.6.7 mkdocs-material==9.8.2" in result.stderr
    assert "Traceback" not in result.output
    assert not (root / "site").exists() and not (root / "build").exists()


def test_cli_refuses_an_unknown_renderer_as_a_usage_error() -> None:
    done = run_kennispunt("build", "--renderer", "hugo", "--map", str(FIXTURE_SITE))
    assert done.returncode == 2
    assert "'hugo' kan niet; kies uit 'mkdocs', 'properdocs', 'zensical'" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_renderer_output_loses_colour_codes_and_traceback() -> None:
    raw = ("Build started\n\x1b[33mWarning:\x1b[0m page does not exist\n"
           "    ╭─[ over/index.md:63:9 ]\n1 issue found\n"
           "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n    cli()\n"
           "    ^^^^^\nRuntimeError: Aborted because --strict flag is set\n")
    assert readable_output(raw).splitlines() == [
        "Build started", "Warning: page does not exist", "    ╭─[ over/index.md:63:9 ]",
        "1 issue found", "RuntimeError: Aborted because --strict flag is set"]


def test_pagefind_binary_is_found_and_says_its_version() -> None:
    binary = pagefind.pagefind_binary(ROOT)
    assert binary.name == "pagefind_extended"
    done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"pagefind {pagefind.PAGEFIND_VERSION}"


def test_a_missing_pagefind_says_npm_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagefind, "CHECKOUT", tmp_path)
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    with pytest.raises(pagefind.PagefindMissing, match=re.escape("npm ci")) as raised:
        pagefind.pagefind_binary(tmp_path)
    assert "./scripts/setup" in str(raised.value)


def test_another_pagefind_version_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "node_modules" / pagefind.platform_package()
    (package / "bin").mkdir(parents=True)
    (package / "bin" / "pagefind_extended").write_text("", "utf-8")
    (package / "package.json").write_text('{"version": "1.5.2"}', "utf-8")
    monkeypatch.setattr(pagefind, "CHECKOUT", tmp_path)
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    with pytest.raises(pagefind.PagefindMissing, match=re.escape("versie 1.5.2, verwacht 1.6.0")):
        pagefind.pagefind_binary(tmp_path)


def test_build_without_pagefind_fails_in_dutch_without_traceback(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    env = {"PAGEFIND_BINARY_PATH": str(tmp_path / "bestaat-niet")}
    result = CliRunner().invoke(cli, ["build", "--map", str(root), "--datum", FIXTURE_DATE], env=env)
    assert result.exit_code == 1, result.output
    assert "Pagefind kon niet starten" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("system", "machine", "package"), [
    ("Linux", "x86_64", "@pagefind/linux-x64"), ("Linux", "aarch64", "@pagefind/linux-arm64"),
    ("Darwin", "arm64", "@pagefind/darwin-arm64"), ("Windows", "AMD64", "@pagefind/windows-x64"),
])
def test_platform_package_names_follow_npm(monkeypatch: pytest.MonkeyPatch, system: str,
                                           machine: str, package: str) -> None:
    monkeypatch.setattr(pagefind.platform, "system", lambda: system)
    monkeypatch.setattr(pagefind.platform, "machine", lambda: machine)
    assert pagefind.platform_package() == package
