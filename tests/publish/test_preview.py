"""``kennispunt serve``: a real live preview on 127.0.0.1 that follows edits and survives errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from generator.publish.preview import BOX_START, Preview, with_problem_box
from generator.settings import Settings
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
        # the browser shows the problems above the last good version, and loses them once fixed
        assert wait_for(lambda: "Uw wijziging heeft 1 fout" in fetch(url))
        page = fetch(url)
        assert "content/handreikingen/woonwensen-peilen.md:" in page and "onbekende-doelgroep" in page
        assert "Een zin die er net bij is gekomen." in page
        home = fetch(f"http://127.0.0.1:{port}/kennisplatform/")
        assert "Uw wijziging heeft 1 fout" in home and "onbekende-doelgroep" in home
        source.write_text(source.read_text("utf-8").replace("[alle-groepen]", "[alle]"), "utf-8")
        assert wait_for(lambda: "Een zin" in fetch(url) and "Uw wijziging heeft" not in fetch(url))
    finally:
        server.terminate()
        server.wait(15)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text()
    # stopping the preview stops MkDocs' server too: nothing is left listening on the port
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def pages_of(root: Path) -> dict[str, bytes]:
    docs = root / "build" / "docs"
    return {page.relative_to(docs).as_posix(): page.read_bytes() for page in docs.rglob("*.md")}


def test_errors_go_into_a_box_for_every_page_and_go_when_fixed(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    settings = Settings(root=root, today=date.fromisoformat(FIXTURE_DATE))
    said: list[str] = []
    preview = Preview(settings, said.append, "127.0.0.1:8000")
    assert preview.regenerate() and preview.problem_box == b""
    good = pages_of(root)

    source = root / "content" / "handreikingen" / "woonwensen-peilen.md"
    original = source.read_text("utf-8")
    source.write_text(original.replace("doelgroepen: [alle]", "doelgroepen: [alle, <b>vet</b>]"), "utf-8")
    other = root / "groups" / "ouderen.md"
    other.write_text(other.read_text("utf-8").replace("volgorde:", "volgorde: x\nvolgorde_:", 1), "utf-8")
    said.clear()
    assert not preview.regenerate()
    problems = [line for line in said if ": fout " in line]
    assert len(problems) >= 2 and "Ze staan ook bovenaan elke pagina" in said[-1]
    assert pages_of(root) == good  # the last good version stays, untouched
    box = preview.problem_box.decode("utf-8")
    assert box.count(BOX_START) == 1 and f"Uw wijziging heeft {len(problems)} fouten" in box
    for line in problems:  # each problem as path:line, escaped
        path, number = line.split(":")[:2]
        assert f"<li><code>{path}:{number}</code>: " in box, line
    assert "&lt;b&gt;vet&lt;/b&gt;" in box and "<b>vet</b>" not in box

    page = b'<html><body class="x"><article class="md-content__inner md-typeset"><h1>T</h1></article>'
    shown = with_problem_box(page, preview.problem_box)
    assert shown.startswith(b'<html><body class="x"><article class="md-content__inner md-typeset">'
                            + BOX_START.encode())
    assert shown.endswith(b"<h1>T</h1></article>")
    assert with_problem_box(b"<html><body>x", b"[box]") == b"<html><body>[box]x"

    source.write_text(original, "utf-8")
    other.write_text(other.read_text("utf-8").replace("volgorde: x\nvolgorde_:", "volgorde:", 1), "utf-8")
    assert preview.regenerate() and preview.problem_box == b""
    assert pages_of(root) == good


def test_warnings_are_printed_once_errors_every_time(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    said: list[str] = []
    preview = Preview(Settings(root=root, today=date(2030, 1, 1)), said.append, "127.0.0.1:8000")
    assert preview.regenerate()
    warnings = [line for line in said if "waarschuwing verouderd" in line]
    assert warnings  # four years on, every text is due for a check
    said.clear()
    assert preview.regenerate()
    assert not any("waarschuwing verouderd" in line for line in said)
    assert f"(En {len(warnings)} waarschuwing(en) die hierboven al eerder stonden.)" in said


def test_a_busy_port_is_a_dutch_usage_error(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(Path(sys.executable).with_name("kennispunt")), "serve", "--map", str(root),
             "--datum", FIXTURE_DATE, "-p", str(port)],
            capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    first, hint = done.stderr.splitlines()
    assert first.startswith(f"Fout: Poort {port} is al in gebruik")
    assert "Kies een andere poort, bijvoorbeeld: kennispunt serve --poort " in first
    assert hint == "Hulp: kennispunt serve --help"
    assert done.stdout == "" and not (root / "build").exists()  # nothing generated


def test_a_content_edit_rebuilds_only_its_pages_a_theme_edit_all(tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    preview = Preview(Settings(root=root, today=date.fromisoformat(FIXTURE_DATE)), lambda _: None,
                      "127.0.0.1:8000")
    assert preview.rebuild() and preview.built
    site = preview.site_dir
    edited, other = site / "handreikingen/woonwensen-peilen/index.html", site / "over/index.html"
    before = other.stat().st_mtime_ns

    source = root / "content" / "handreikingen" / "woonwensen-peilen.md"
    source.write_text(source.read_text("utf-8").replace("\n---\n", "\n---\nEen nieuwe zin.\n\n", 1),
                      "utf-8")
    preview.changed("content/handreikingen/woonwensen-peilen.md")
    assert preview.rebuild()
    assert "Een nieuwe zin." in edited.read_text("utf-8")
    assert other.stat().st_mtime_ns == before  # a dirty build: the other pages stay as they were

    footer = root / "theme" / "overrides" / "partials" / "footer.html"
    footer.write_text(footer.read_text("utf-8") + "\n<!-- voettekst bewerkt -->\n", "utf-8")
    preview.changed("theme/overrides/partials/footer.html")
    assert preview.rebuild()
    assert "voettekst bewerkt" in other.read_text("utf-8")  # every page built again
    assert "voettekst bewerkt" in edited.read_text("utf-8")


def test_serve_with_errors_at_start_shows_the_earlier_preview_or_says_there_is_none(
        tmp_path: Path) -> None:
    root = copy_repository(FIXTURE_SITE, tmp_path / "repo")
    source = root / "content" / "handreikingen" / "woonwensen-peilen.md"
    good = source.read_text("utf-8")
    source.write_text(good.replace("doelgroepen: [alle]", "doelgroepen: [alle-groepen]"), "utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator", "serve", "--map", str(root), "--datum", FIXTURE_DATE]
    first = subprocess.run([*command, "--poort", str(free_port())], capture_output=True, text=True,
                           env=env, timeout=120, check=False)
    assert first.returncode == 1 and "Er is nog geen eerdere versie om te tonen" in first.stdout
    assert "Traceback" not in first.stdout + first.stderr

    source.write_text(good, "utf-8")  # a good preview once, then the error again
    preview = Preview(Settings(root=root, today=date.fromisoformat(FIXTURE_DATE)), lambda _: None,
                      "127.0.0.1:8000")
    assert preview.rebuild()
    source.write_text(good.replace("doelgroepen: [alle]", "doelgroepen: [alle-groepen]"), "utf-8")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([*command, "--poort", str(port)], stdout=log, stderr=subprocess.STDOUT,
                              env=env)
    try:
        url = f"http://127.0.0.1:{port}/kennisplatform/{PAGE}"
        assert wait_for(lambda: "Uw wijziging heeft 1 fout" in fetch(url))
        source.write_text(good, "utf-8")
        assert wait_for(lambda: "Uw wijziging heeft" not in fetch(url) and "Woonwensen" in fetch(url))
    finally:
        server.terminate()
        server.wait(15)
        log.close()
