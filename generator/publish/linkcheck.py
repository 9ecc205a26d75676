"""Check the external links in the content: is every ``bron``, ``aanmelden`` and body link alive?

Each unique address is checked once, in parallel, with a ``HEAD`` request (a ``GET`` when the
server refuses ``HEAD``), following redirects. The outcome of one address is a
:class:`LinkResult` with one of three statuses::

    ok          the page answers (2xx), possibly after redirects: then final_url says where
    dood        404 or 410 (or another permanent 4xx); the domain does not exist (DNS);
                the address is not a valid http(s) address; redirects that go round in circles
    tijdelijk   429, 5xx, time-out, connection refused or reset, a temporary DNS failure;
                also 401/403 and certificate errors, which a robot cannot tell apart from
                a dead page: these are retried with backoff and never reported as dead

A small JSON cache keeps the "ok" outcomes for ``max_cache_age_days`` days, so a weekly run
only checks what is new or was broken. Whether dead links fail a run is the caller's policy:
this module only returns a :class:`LinkReport`, and :func:`render_report` turns it into the
Dutch Markdown report that maintainers read.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import ssl
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Final, Literal

__all__ = [
    "LinkFinding",
    "LinkReport",
    "LinkResult",
    "LinkTarget",
    "check_links",
    "extract_link_targets",
    "render_report",
]

Status = Literal["ok", "dood", "tijdelijk"]

USER_AGENT: Final = (
    "Mozilla/5.0 (compatible; KennisplatformEenThuisVoorIedereen-linkcontrole/1.0; "
    "+controle van bronvermeldingen)"
)
_HEADERS: Final = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*"}
_HEAD_REFUSED: Final = frozenset({403, 405, 501})
_GONE: Final = frozenset({404, 410})
_UNSURE: Final = frozenset({401, 403, 408, 425, 429})
_PER_HOST: Final = 2
_CACHE_VERSION: Final = 1


@dataclass(frozen=True, slots=True, order=True)
class LinkTarget:
    """One link at one place in the content: ``path:line`` and the address."""

    path: str
    line: int
    url: str


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The outcome of checking one address (shared by every place that links to it)."""

    url: str
    status: Status
    detail: str = ""
    final_url: str | None = None

    @property
    def redirected(self) -> bool:
        """True when the address works but leads somewhere else."""
        return self.final_url is not None and self.final_url != self.url


@dataclass(frozen=True, slots=True)
class LinkFinding:
    """A link in the content together with the outcome for its address."""

    target: LinkTarget
    result: LinkResult


@dataclass(frozen=True)
class LinkReport:
    """Every link checked in one run; ``results`` is keyed by address."""

    targets: tuple[LinkTarget, ...]
    results: Mapping[str, LinkResult]
    cached: frozenset[str]
    checked_on: date

    def findings(self, status: Status) -> list[LinkFinding]:
        """The links whose address has ``status``, sorted by file and line."""
        return [
            LinkFinding(target, self.results[target.url])
            for target in sorted(self.targets)
            if self.results[target.url].status == status
        ]

    @property
    def dead(self) -> list[LinkFinding]:
        """Links to addresses that are gone: these need an editor."""
        return self.findings("dood")

    @property
    def transient(self) -> list[LinkFinding]:
        """Links that failed for now; the next run tries them again."""
        return self.findings("tijdelijk")

    @property
    def redirected(self) -> list[LinkFinding]:
        """Working links that lead to another address (worth updating)."""
        return [finding for finding in self.findings("ok") if finding.result.redirected]

    def count(self, status: Status) -> int:
        """How many unique addresses have ``status``."""
        return sum(1 for result in self.results.values() if result.status == status)


# --- finding links in a source file -----------------------------------------------------------

_URL_RE: Final = re.compile(r"https?://[^\s<>\"'`\]\[{}|\\^]+")
_FENCE_RE: Final = re.compile(r"^\s*(```|~~~)")


def extract_link_targets(path: str, text: str) -> list[LinkTarget]:
    """Every http(s) address in a source file, with its line; code blocks are skipped.

    Works on front matter (``bron: https://…``) and Markdown bodies (``[tekst](https://…)``)
    alike, so the line is the line a contributor sees in the file.
    """
    targets: list[LinkTarget] = []
    in_code = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE_RE.match(line):
            in_code = not in_code
            continue
        if not in_code:
            targets.extend(LinkTarget(path, number, url) for url in _urls_in_line(line))
    return targets


def _urls_in_line(line: str) -> list[str]:
    return [_trim_url(match.group(0)) for match in _URL_RE.finditer(line)]


def _trim_url(url: str) -> str:
    """Drop sentence punctuation and an unbalanced closing parenthesis (Markdown's ``)``)."""
    while url and (url[-1] in ".,;:!?" or (url[-1] == ")" and url.count(")") > url.count("("))):
        url = url[:-1]
    return url


# --- checking one address ---------------------------------------------------------------------


class _KeepMethodRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects as urllib does, but a HEAD stays a HEAD (Python 3.11 makes it GET)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


def _build_opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_KeepMethodRedirects())


def _result_from_status(url: str, code: int, where: str) -> LinkResult:
    after = f" (na doorverwijzing naar {where})" if where != url else ""
    if code in _GONE:
        return LinkResult(url, "dood", f"HTTP {code}{after}")
    if code in _UNSURE or code >= 500:
        hint = " (toegang geweigerd; controleer met de hand)" if code in (401, 403) else ""
        return LinkResult(url, "tijdelijk", f"HTTP {code}{after}{hint}")
    if 300 <= code < 400:
        return LinkResult(url, "dood", f"HTTP {code}: doorverwijzing loopt vast{after}")
    return LinkResult(url, "dood", f"HTTP {code}{after}")


def _result_from_error(url: str, error: BaseException) -> LinkResult:
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, socket.gaierror):
        if reason.errno == socket.EAI_AGAIN:
            return LinkResult(url, "tijdelijk", "DNS tijdelijk niet bereikbaar")
        return LinkResult(url, "dood", "domein bestaat niet (DNS)")
    if isinstance(reason, TimeoutError):
        return LinkResult(url, "tijdelijk", "time-out")
    if isinstance(reason, ssl.SSLError):
        return LinkResult(url, "tijdelijk", "TLS-fout (certificaat; controleer met de hand)")
    if isinstance(reason, ConnectionRefusedError):
        return LinkResult(url, "tijdelijk", "verbinding geweigerd")
    if isinstance(reason, (ConnectionError, http.client.HTTPException)):
        return LinkResult(url, "tijdelijk", "verbinding verbroken")
    if isinstance(reason, ValueError):
        return LinkResult(url, "dood", "geen geldig http(s)-adres")
    return LinkResult(url, "tijdelijk", f"netwerkfout: {reason}")


def _attempt(
    opener: urllib.request.OpenerDirector, url: str, method: str, timeout: float
) -> tuple[LinkResult, int | None]:
    """One request; returns the outcome and the HTTP error code, if there was one."""
    request = urllib.request.Request(url, method=method, headers=_HEADERS)
    try:
        with opener.open(request, timeout=timeout) as response:
            final_url: str = response.geturl()
    except urllib.error.HTTPError as exc:
        exc.close()
        return _result_from_status(url, exc.code, exc.filename or url), exc.code
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return _result_from_error(url, exc), None
    if final_url != url:
        return LinkResult(url, "ok", f"doorverwezen naar {final_url}", final_url), None
    return LinkResult(url, "ok"), None


def _probe(opener: urllib.request.OpenerDirector, url: str, timeout: float) -> LinkResult:
    """HEAD first (cheap); GET when the server refuses HEAD, as many do."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        return LinkResult(url, "dood", "geen geldig http(s)-adres")
    result, code = _attempt(opener, url, "HEAD", timeout)
    if code in _HEAD_REFUSED:
        result, _ = _attempt(opener, url, "GET", timeout)
    return result


@dataclass(frozen=True)
class _Checker:
    timeout: float
    retries: int
    backoff: float
    host_slots: Mapping[str, threading.Semaphore]

    def check(self, url: str) -> LinkResult:
        """Check one address, retrying transient failures with exponential backoff."""
        opener = _build_opener()
        with self.host_slots[_host(url)]:
            result = _probe(opener, url, self.timeout)
            for attempt in range(self.retries):
                if result.status != "tijdelijk":
                    break
                time.sleep(self.backoff * 2**attempt)
                result = _probe(opener, url, self.timeout)
        return result


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc.lower()


# --- the cache of good results ----------------------------------------------------------------

_CacheEntry = tuple[LinkResult, date]


def _read_cache(path: Path, today: date, max_age_days: int) -> dict[str, _CacheEntry]:
    """The fresh "ok" outcomes from the cache file; a missing or broken file is an empty cache."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        links = raw["links"] if raw.get("versie") == _CACHE_VERSION else {}
        entries = {url: _entry_from_json(url, value) for url, value in links.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return {url: entry for url, entry in entries.items() if 0 <= (today - entry[1]).days <= max_age_days}


def _entry_from_json(url: str, value: Mapping[str, str | None]) -> _CacheEntry:
    checked = date.fromisoformat(str(value["gecontroleerd"]))
    final_url = value.get("final_url")
    detail = f"doorverwezen naar {final_url}" if final_url else ""
    return LinkResult(url, "ok", detail, final_url), checked


def _write_cache(path: Path, entries: Mapping[str, _CacheEntry]) -> None:
    """Write atomically, so an interrupted run never leaves half a cache."""
    links = {
        url: {"gecontroleerd": checked.isoformat(), "final_url": result.final_url}
        for url, (result, checked) in sorted(entries.items())
    }
    text = json.dumps({"versie": _CACHE_VERSION, "links": links}, indent=1, ensure_ascii=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text + "\n")
    os.replace(temporary, path)


# --- the run ----------------------------------------------------------------------------------


def check_links(
    targets: Sequence[LinkTarget],
    *,
    cache_file: Path | None = None,
    timeout: float = 10.0,
    retries: int = 2,
    workers: int = 8,
    max_cache_age_days: int = 7,
    today: date | None = None,
    backoff: float = 2.0,
) -> LinkReport:
    """Check every unique address in ``targets`` once and report the outcome per link.

    An "ok" outcome in ``cache_file`` counts for ``max_cache_age_days`` days after the day it
    was checked (so a weekly run rechecks a working link every other week); anything else is
    checked again. At most two requests go to one host at a time, to stay polite.
    """
    today = today or date.today()
    wanted = {target.url for target in targets}
    urls = sorted(wanted)
    cached = _read_cache(cache_file, today, max_cache_age_days) if cache_file else {}
    cached = {url: entry for url, entry in cached.items() if url in wanted}
    fresh = _check_all([url for url in urls if url not in cached], timeout, retries, workers, backoff)
    if cache_file is not None:
        good = {url: (result, today) for url, result in fresh.items() if result.status == "ok"}
        _write_cache(cache_file, {**cached, **good})
    results = {url: entry[0] for url, entry in cached.items()} | fresh
    return LinkReport(tuple(sorted(targets)), results, frozenset(cached), today)


def _check_all(
    urls: Sequence[str], timeout: float, retries: int, workers: int, backoff: float
) -> dict[str, LinkResult]:
    if not urls:
        return {}
    slots = {host: threading.Semaphore(_PER_HOST) for host in {_host(url) for url in urls}}
    checker = _Checker(timeout, retries, backoff, slots)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(urls)))) as pool:
        return dict(zip(urls, pool.map(checker.check, urls), strict=True))


# --- the report -------------------------------------------------------------------------------


def render_report(report: LinkReport) -> str:
    """The Dutch Markdown report: dead links per file and line, then transient ones, then counts."""
    files = len({target.path for target in report.targets})
    lines = [
        "# Linkrapport",
        "",
        f"Gecontroleerd op {report.checked_on.isoformat()}: {len(report.results)} adressen "
        f"in {len(report.targets)} links uit {files} bestanden.",
    ]
    lines += _section(
        "Dode links",
        report.dead,
        "Deze adressen bestaan niet meer. Zoek het nieuwe adres op, of haal de link weg.",
    )
    lines += _section(
        "Tijdelijke fouten",
        report.transient,
        "Deze adressen gaven nu geen goed antwoord. De volgende controle probeert ze opnieuw. "
        "Blijft de fout staan, open het adres dan zelf in een browser.",
    )
    lines += _section(
        "Doorverwezen",
        report.redirected,
        "Deze links werken, maar sturen door naar een ander adres. Vervang ze door het nieuwe adres.",
    )
    lines += _counts(report)
    return "\n".join(lines) + "\n"


def _section(title: str, findings: Sequence[LinkFinding], intro: str) -> list[str]:
    lines = ["", f"## {title} ({len(findings)})", ""]
    if not findings:
        return [*lines, "Geen."]
    lines.append(intro)
    for path, group in _by_file(findings):
        lines += ["", f"### `{path}`", "", "| regel | adres | melding |", "| ---: | --- | --- |"]
        lines += [
            f"| {f.target.line} | {_cell_url(f.target.url)} | {_cell(f.result.detail)} |" for f in group
        ]
    return lines


def _by_file(findings: Iterable[LinkFinding]) -> list[tuple[str, list[LinkFinding]]]:
    grouped: dict[str, list[LinkFinding]] = {}
    for finding in findings:
        grouped.setdefault(finding.target.path, []).append(finding)
    return sorted(grouped.items())


def _counts(report: LinkReport) -> list[str]:
    rows = [
        ("werkend", report.count("ok")),
        ("waarvan uit de cache (eerder goed bevonden)", len(report.cached)),
        ("waarvan doorverwezen", sum(1 for r in report.results.values() if r.redirected)),
        ("dood", report.count("dood")),
        ("tijdelijke fout", report.count("tijdelijk")),
    ]
    lines = ["", "## Telling", "", "| adressen | aantal |", "| --- | ---: |"]
    return lines + [f"| {label} | {number} |" for label, number in rows]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _cell_url(url: str) -> str:
    return f"<{_cell(url)}>"
