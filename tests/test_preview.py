"""``kennispunt serve``: a real live preview on 127.0.0.1 that follows edits and survives errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_DATE, FIXTURE_SITE, copy_repository

pytestmark = pytest.mark.slow
PAGE = "handreikingen/woonwensen-peilen/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def test_serve_regenerates_on_edit_and_keeps_running_on_errors(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--map", str(root), "--datum", FIXTURE_DATE,
         "--poort", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/kennisplatform/{PAGE}"
    source = root / "content" / "handreikingen" / "woonwensen-peilen.md"
    try:
        assert wait_for(lambda: "Woonwensen" in fetch(url) or "woonwensen" in fetch(url).lower())
        source.write_text(source.read_text("utf-8").replace(
            "\n---\n", "\n---\nEen zin die er net bij is gekomen.\n", 1), "utf-8")
        assert wait_for(lambda: "Een zin die er net bij is gekomen." in fetch(url))
        source.write_text(source.read_text("utf-8").replace("doelgroepen: [alle]",
                                                            "doelgroepen: [alle-groepen]"), "utf-8")
        assert wait_for(lambda: "onbekende-doelgroep" in (tmp_path / "serve.log").read_text())
        assert server.poll() is None  # still serving
        assert "Een zin die er net bij is gekomen." in fetch(url)  # the last good version
    finally:
        server.terminate()
        server.wait(15)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text()
    # stopping the preview stops MkDocs' server too: nothing is left listening on the port
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
