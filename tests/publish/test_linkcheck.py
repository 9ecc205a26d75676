"""The external-link check, against a real HTTP server on 127.0.0.1 (no other host is touched)."""

from __future__ import annotations

import json
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.publish.linkcheck import (
    LinkReport,
    LinkResult,
    LinkTarget,
    check_links,
    extract_link_targets,
    render_report,
)

TODAY = date(2026, 11, 25)


def _check(
    targets: list[LinkTarget],
    *,
    cache_file: Path | None = None,
    retries: int = 1,
    today: date = TODAY,
) -> LinkReport:
    """check_links with a short time-out and backoff, so the whole file runs in seconds."""
    return check_links(
        targets, cache_file=cache_file, timeout=0.5, retries=retries, backoff=0.01, today=today
    )


@dataclass
class Site:
    """The test server's address and how often each (method, path) was asked for."""

    base: str
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(n for (_, p), n in self.counts.items() if p == path)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.counts: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.release = threading.Event()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (the time-out case) is expected; stay quiet."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_HEAD(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""

    def _serve(self) -> None:
        with self.server.lock:
            self.server.counts[(self.command, self.path)] += 1
        if self.path == "/traag":
            self.server.release.wait(5)
        if self.path == "/oud":
            self._reply(301, Location="/ok")
        elif self.path == "/alleen-get" and self.command == "HEAD":
            self._reply(405)
        else:
            self._reply(_STATUS.get(self.path, 404))

    def _reply(self, code: int, **headers: str) -> None:
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()


_STATUS = {"/ok": 200, "/alleen-get": 200, "/traag": 200, "/druk": 429, "/verdwenen": 410}


@pytest.fixture
def site() -> Iterator[Site]:
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield Site(f"http://{host!s}:{port}", server.counts)
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def _targets(site: Site, *paths: str) -> list[LinkTarget]:
    return [LinkTarget("content/handreikingen/a.md", n, site.url(p)) for n, p in enumerate(paths, 1)]


def test_each_kind_of_answer_is_classified(site: Site) -> None:
    targets = _targets(site, "/ok", "/weg", "/oud", "/druk", "/traag", "/alleen-get", "/verdwenen")
    report = _check(targets)
    got = {url.removeprefix(site.base): (r.status, r.detail) for url, r in report.results.items()}
    assert got == {
        "/ok": ("ok", ""),
        "/weg": ("dood", "HTTP 404"),
        "/oud": ("ok", f"doorverwezen naar {site.url('/ok')}"),
        "/druk": ("tijdelijk", "HTTP 429"),
        "/traag": ("tijdelijk", "time-out"),
        "/alleen-get": ("ok", ""),
        "/verdwenen": ("dood", "HTTP 410"),
    }
    assert report.results[site.url("/oud")].final_url == site.url("/ok")


def test_requests_head_first_and_get_only_when_head_is_refused(site: Site) -> None:
    _check(_targets(site, "/ok", "/oud", "/alleen-get"))
    assert site.counts == Counter(
        {
            ("HEAD", "/ok"): 2,  # once itself, once as the end of the redirect (still a HEAD)
            ("HEAD", "/oud"): 1,
            ("HEAD", "/alleen-get"): 1,
            ("GET", "/alleen-get"): 1,
        }
    )


def test_transient_answers_are_retried_and_dead_ones_are_not(site: Site) -> None:
    _check(_targets(site, "/druk", "/weg"), retries=2)
    assert site.counts[("HEAD", "/druk")] == 3
    assert site.counts[("HEAD", "/weg")] == 1


def test_each_address_is_checked_once_however_often_it_is_linked(site: Site) -> None:
    targets = [
        LinkTarget("content/beleid/b.md", 4, site.url("/weg")),
        LinkTarget("content/handreikingen/a.md", 9, site.url("/weg")),
        LinkTarget("content/handreikingen/a.md", 2, site.url("/weg")),
    ]
    report = _check(targets)
    assert site.hits("/weg") == 1
    assert [(f.target.path, f.target.line) for f in report.dead] == [
        ("content/beleid/b.md", 4),
        ("content/handreikingen/a.md", 2),
        ("content/handreikingen/a.md", 9),
    ]


def test_the_report_lists_dead_links_per_file_and_line_then_transient_ones(site: Site) -> None:
    targets = [
        LinkTarget("content/beleid/b.md", 12, site.url("/weg")),
        LinkTarget("content/handreikingen/a.md", 3, site.url("/druk")),
        LinkTarget("content/handreikingen/a.md", 5, site.url("/ok")),
    ]
    text = render_report(_check(targets))
    assert "## Dode links (1)" in text
    assert "### `content/beleid/b.md`" in text
    assert f"| 12 | <{site.url('/weg')}> | HTTP 404 |" in text
    assert f"| 3 | <{site.url('/druk')}> | HTTP 429 |" in text
    assert text.index("## Dode links") < text.index("## Tijdelijke fouten") < text.index("## Telling")


def test_the_cache_skips_good_addresses_until_they_are_too_old(site: Site, tmp_path: Path) -> None:
    cache = tmp_path / ".linkcache.json"
    targets = _targets(site, "/ok", "/oud", "/alleen-get", "/weg", "/druk")
    _check(targets, cache_file=cache)
    before = Counter(site.counts)

    again = _check(targets, cache_file=cache)
    asked = site.counts - before
    assert {path for _, path in asked} == {"/weg", "/druk"}
    assert again.cached == {site.url("/ok"), site.url("/oud"), site.url("/alleen-get")}
    assert again.results[site.url("/oud")].final_url == site.url("/ok")
    assert again.results[site.url("/weg")].status == "dood"

    stored = json.loads(cache.read_text(encoding="utf-8"))["links"]
    assert sorted(stored) == sorted(again.cached)

    before = Counter(site.counts)
    _check(targets, cache_file=cache, today=TODAY + timedelta(days=8))
    assert site.hits("/ok") > before[("HEAD", "/ok")]


def test_a_broken_cache_file_is_ignored_and_replaced(site: Site, tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    cache.write_text("{kapot", encoding="utf-8")
    report = _check(_targets(site, "/ok"), cache_file=cache)
    assert report.results[site.url("/ok")].status == "ok"
    assert json.loads(cache.read_text(encoding="utf-8"))["versie"] == 1


def test_a_refused_connection_is_transient() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    report = _check([LinkTarget("a.md", 1, url)], retries=0)
    assert report.results[url] == LinkResult(url, "tijdelijk", "verbinding geweigerd")


def test_an_unknown_domain_is_dead(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    url = "https://bestaat-niet.example/pagina"
    report = _check([LinkTarget("a.md", 1, url)])
    assert report.results[url] == LinkResult(url, "dood", "domein bestaat niet (DNS)")


def test_a_temporary_dns_failure_is_transient(monkeypatch: pytest.MonkeyPatch) -> None:
    def resolver_down(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", resolver_down)
    url = "https://www.example.nl/"
    report = _check([LinkTarget("a.md", 1, url)])
    assert report.results[url].status == "tijdelijk"


def test_an_address_that_is_not_http_is_dead_without_a_request() -> None:
    url = "ftp://bestanden.example/x"
    report = _check([LinkTarget("a.md", 1, url)])
    assert report.results[url] == LinkResult(url, "dood", "geen geldig http(s)-adres")


def test_links_are_found_with_their_line_in_front_matter_and_body() -> None:
    text = (
        "---\n"
        "titel: Voorbeeld\n"
        'bron: "https://www.rijksoverheid.nl/a"\n'
        "---\n"
        "Zie [de wet](https://wetten.overheid.nl/BWBR0035303/2024-01-01) en\n"
        "https://www.vng.nl/artikelen/x. Ook (https://example.nl/b_(c)).\n"
        "```\n"
        "https://voorbeeld.nl/in-code\n"
        "```\n"
    )
    assert extract_link_targets("content/beleid/x.md", text) == [
        LinkTarget("content/beleid/x.md", 3, "https://www.rijksoverheid.nl/a"),
        LinkTarget("content/beleid/x.md", 5, "https://wetten.overheid.nl/BWBR0035303/2024-01-01"),
        LinkTarget("content/beleid/x.md", 6, "https://www.vng.nl/artikelen/x"),
        LinkTarget("content/beleid/x.md", 6, "https://example.nl/b_(c)"),
    ]


def test_the_report_text_verbatim() -> None:
    a, b = "content/handreikingen/a.md", "content/beleid/b.md"
    weg, druk = "https://x.example/weg", "https://x.example/druk"
    oud, nieuw, goed = "https://x.example/oud", "https://x.example/nieuw", "https://x.example/ok"
    report = LinkReport(
        targets=(
            LinkTarget(a, 7, weg),
            LinkTarget(b, 3, weg),
            LinkTarget(a, 9, druk),
            LinkTarget(b, 5, oud),
            LinkTarget(b, 6, goed),
        ),
        results={
            weg: LinkResult(weg, "dood", "HTTP 404"),
            druk: LinkResult(druk, "tijdelijk", "time-out"),
            oud: LinkResult(oud, "ok", f"doorverwezen naar {nieuw}", nieuw),
            goed: LinkResult(goed, "ok"),
        },
        cached=frozenset({goed}),
        checked_on=TODAY,
    )
    assert render_report(report) == (
        "# Linkrapport\n"
        "\n"
        "Gecontroleerd op 2026-11-25: 4 adressen in 5 links uit 2 bestanden.\n"
        "\n"
        "## Dode links (2)\n"
        "\n"
        "Deze adressen bestaan niet meer. Zoek het nieuwe adres op, of haal de link weg.\n"
        "\n"
        "### `content/beleid/b.md`\n"
        "\n"
        "| regel | adres | melding |\n"
        "| ---: | --- | --- |\n"
        "| 3 | <https://x.example/weg> | HTTP 404 |\n"
        "\n"
        "### `content/handreikingen/a.md`\n"
        "\n"
        "| regel | adres | melding |\n"
        "| ---: | --- | --- |\n"
        "| 7 | <https://x.example/weg> | HTTP 404 |\n"
        "\n"
        "## Tijdelijke fouten (1)\n"
        "\n"
        "Deze adressen gaven nu geen goed antwoord. De volgende controle probeert ze opnieuw. "
        "Blijft de fout staan, open het adres dan zelf in een browser.\n"
        "\n"
        "### `content/handreikingen/a.md`\n"
        "\n"
        "| regel | adres | melding |\n"
        "| ---: | --- | --- |\n"
        "| 9 | <https://x.example/druk> | time-out |\n"
        "\n"
        "## Doorverwezen (1)\n"
        "\n"
        "Deze links werken, maar sturen door naar een ander adres. "
        "Vervang ze door het nieuwe adres.\n"
        "\n"
        "### `content/beleid/b.md`\n"
        "\n"
        "| regel | adres | melding |\n"
        "| ---: | --- | --- |\n"
        "| 5 | <https://x.example/oud> | doorverwezen naar https://x.example/nieuw |\n"
        "\n"
        "## Telling\n"
        "\n"
        "| adressen | aantal |\n"
        "| --- | ---: |\n"
        "| werkend | 2 |\n"
        "| waarvan uit de cache (eerder goed bevonden) | 1 |\n"
        "| waarvan doorverwezen | 1 |\n"
        "| dood | 1 |\n"
        "| tijdelijke fout | 1 |\n"
    )


def test_a_clean_report_says_so() -> None:
    report = LinkReport((), {}, frozenset(), TODAY)
    text = render_report(report)
    assert "## Dode links (0)\n\nGeen." in text
    assert report.dead == []


def test_kennispunt_links_reports_dead_links_per_file(site: Site, tmp_path: Path) -> None:
    """The command itself: links from content files, a report file, exit 1 on a dead link."""
    from click.testing import CliRunner

    from generator.cli import cli

    (tmp_path / "groups").mkdir()
    folder = tmp_path / "content" / "handreikingen"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text(
        f"---\ntitel: Voorbeeld\nbron: {site.url('/ok')}\n---\n\nZie [weg]({site.url('/weg')}).\n",
        "utf-8")
    report = tmp_path / "rapport.md"
    result = CliRunner().invoke(cli, ["links", "--map", str(tmp_path), "--datum", "2026-11-25",
                                      "--rapport", str(report), "--cache", str(tmp_path / "c.json")])
    assert result.exit_code == 1, result.output
    text = report.read_text("utf-8")
    assert "content/handreikingen/a.md" in text and "/weg" in text and "404" in text
    assert site.hits("/ok") >= 1
