"""Browser fixtures: built sites served on 127.0.0.1 and Debian's Chromium through Playwright.

Playwright's own browser download does not work here, so the tests use /usr/bin/chromium. When
it is missing the browser tests fail in CI (CI=true) and are skipped elsewhere.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, content_date, copy_repository, run_kennispunt

# KP_CHROMIUM lets GitHub-hosted runners use their preinstalled Chrome (/usr/bin/google-chrome).
CHROMIUM = Path(os.environ.get("KP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 on a free port; yields the base URL."""
    with serve_under(site, "/") as url:
        yield url


class _UnderPath(_QuietHandler):
    """Serves the site only under ``prefix`` (``/kennisplatform/``), as GitHub Pages does."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "\0niet-onder-het-pad")  # a 404
        return super().translate_path("/" + path[len(self.prefix):])


@contextlib.contextmanager
def serve_under(site: Path, prefix: str) -> Iterator[str]:
    """Serve ``site`` at ``http://127.0.0.1:PORT{prefix}`` and nothing else; yields that URL."""
    handler = functools.partial(type("Handler", (_UnderPath,), {"prefix": prefix}),
                                directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def fixture_url(fixture_root: Path) -> Iterator[str]:
    """The fixture site (tests/fixtures/site), built on its pinned date and served."""
    yield from serve(fixture_root / "site")


@pytest.fixture(scope="session")
def real_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content, built in a temporary copy."""
    root = copy_repository(ROOT, tmp_path_factory.mktemp("echte-inhoud"))
    done = run_kennispunt("build", "--map", str(root), "--datum", content_date().isoformat())
    assert done.returncode == 0, done.stdout + done.stderr
    return root


@pytest.fixture(scope="session")
def real_url(real_root: Path) -> Iterator[str]:
    yield from serve(real_root / "site")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        message = f"{CHROMIUM} ontbreekt: installeer het pakket chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records every URL it requests (``page.requested``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    tab = context.new_page()
    tab.requested = []
    tab.on("request", lambda request: tab.requested.append(request.url))
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
