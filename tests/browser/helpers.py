"""Helpers for the browser tests: run a search on /zoeken/ and read what it shows."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from generator.render.editor import DECAP_SERVER

STATUS = "#kp-status"


def search_url(base: str, **params: Any) -> str:
    """'/zoeken/?q=…&doelgroep=…' from keyword arguments (lists repeat the key)."""
    pairs = [(key, v) for key, value in params.items()
             for v in (value if isinstance(value, list | tuple) else [value])]
    return f"{base}zoeken/" + (f"?{urlencode(pairs)}" if pairs else "")


def wait_for_results(page: Any) -> int:
    """Wait until the status line reports a count; return it (0 for 'Geen resultaten')."""
    page.wait_for_function(
        "() => /resulta/i.test(document.querySelector('#kp-status')?.textContent || '')"
        " && !/Bezig/.test(document.querySelector('#kp-status').textContent)")
    text = page.locator(STATUS).inner_text()
    found = re.match(r"(\d+) resultat", text)
    return int(found.group(1)) if found else 0


def open_search(page: Any, base: str, **params: Any) -> int:
    page.goto(search_url(base, **params))
    return wait_for_results(page)


def result_links(page: Any) -> list[str]:
    """The result URLs shown (paths, as written in the page)."""
    return list(page.eval_on_selector_all(".kp-resultaten a", "els => els.map(e => e.getAttribute('href'))"))


def filter_counts(page: Any, name: str) -> dict[str, int]:
    """{value: count} as the checkboxes of one filter show them."""
    return dict(page.eval_on_selector_all(
        f".kp-filter input[name='{name}']",
        "els => els.map(e => [e.value, Number(document.querySelector(`label[for='${e.id}'] .kp-aantal`)"
        ".textContent.replace(/[()]/g, ''))])"))


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def decap_server(repository: Path) -> Iterator[int]:
    """decap-server on 127.0.0.1 over ``repository`` (what 'kennispunt bewerkscherm' starts);
    yields its port once it listens."""
    port = free_port()
    env = {**os.environ, "BIND_HOST": "127.0.0.1", "PORT": str(port), "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(repository), "LOG_LEVEL": "warn"}
    process = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
