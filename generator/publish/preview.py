"""``kennispunt serve``: a live preview on 127.0.0.1.

MkDocs' own server serves the generated tree and reloads the browser. This module watches
content/, groups/, theme/ and mkdocs.yml and regenerates the tree when they change. Only
files whose bytes change are rewritten, so MkDocs rebuilds little.

The preview never dies on a typo. When a change has errors, the last good tree stays up and
every page in it gets a box at the top that lists each problem as ``path:line``, so the
contributor sees them in the browser, not only in the terminal. MkDocs notices the changed
pages and reloads the browser; the next good run writes every page again without the box.
The box is written into the generated Markdown, so the theme and MkDocs need no hook for it.
"""

from __future__ import annotations

import errno
import html
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator import pipeline
from generator.diagnostics import Diagnostic, Severity
from generator.render.output import write_file
from generator.settings import Settings

Echo = Callable[[str], None]
WATCHED = ("content", "groups", "theme")
DEBOUNCE_SECONDS = 0.4
CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})
HOST = "127.0.0.1"
BOX_START = "<!-- kennispunt serve: problemen -->"
BOX_END = "<!-- /kennispunt serve: problemen -->"
_BOX = re.compile(re.escape(BOX_START) + ".*?" + re.escape(BOX_END) + "\n\n", re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


class _Regenerate(FileSystemEventHandler):
    """Collects change events and regenerates once things are quiet."""

    def __init__(self, settings: Settings, echo: Echo) -> None:
        self.settings, self.echo = settings, echo
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Reading a file raises "opened"/"closed_no_write" events; only changes count.
        if event.event_type not in CHANGES or event.is_directory:
            return
        if not self._relevant(str(event.src_path)):
            return
        with self._lock:
            if self._timer:
                self._timer.cancel()
            self._timer = threading.Timer(DEBOUNCE_SECONDS, self.run)
            self._timer.daemon = True
            self._timer.start()

    def _relevant(self, path: str) -> bool:
        try:
            parts = Path(path).resolve().relative_to(self.settings.root).parts
        except ValueError:
            return False
        if path.endswith((".tmp", "~", ".swp")) or not parts:
            return False
        return parts[0] in WATCHED or parts == ("mkdocs.yml",)

    def run(self) -> None:
        regenerate(self.settings, self.echo)


def regenerate(settings: Settings, echo: Echo) -> bool:
    """Regenerate the docs tree; print problems; True when the tree was updated.

    On errors the problems also go into the tree, at the top of every page (see
    :func:`write_problem_box`); a good run writes every page again without them.
    """
    result = pipeline.run(settings, until="tree")
    for diagnostic in result.report.diagnostics:
        echo(diagnostic.format_text())
    if not result.ok or result.written is None:
        write_problem_box(settings.docs_dir, result.report.diagnostics)
        echo("Niet bijgewerkt: los de fouten hierboven op. Ze staan ook bovenaan elke pagina "
             "in de browser; de pagina's zelf blijven de vorige versie.")
        return False
    echo(f"Bijgewerkt: {result.written.written} pagina's gewijzigd, "
         f"{result.written.removed} verwijderd.")
    return True


def write_problem_box(docs_dir: Path, diagnostics: Sequence[Diagnostic]) -> int:
    """Put the box with ``diagnostics`` at the top of every page in ``docs_dir``; pages changed."""
    box = render_problem_box(diagnostics)
    changed = 0
    for page in sorted(docs_dir.rglob("*.md")):
        text = page.read_text("utf-8")
        changed += write_file(str(page), with_problem_box(text, box).encode("utf-8"))
    return changed


def render_problem_box(diagnostics: Sequence[Diagnostic]) -> str:
    """The box as raw HTML in Markdown, styled as Material's "failure" note; all text escaped."""
    items = "\n".join(_problem_item(diagnostic) for diagnostic in diagnostics)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    count = "1 fout" if errors == 1 else f"{errors} fouten"
    return (
        f"{BOX_START}\n"
        '<div class="admonition failure kp-voorbeeld-fouten" role="alert">\n'
        f'<p class="admonition-title">Uw wijziging heeft {count}: dit is nog de vorige versie</p>\n'
        "<p>Los de problemen hieronder op en sla het bestand op. "
        "Deze pagina laadt dan vanzelf opnieuw, met uw wijziging.</p>\n"
        f"<ul>\n{items}\n</ul>\n"
        "</div>\n"
        f"{BOX_END}\n\n"
    )


def _problem_item(diagnostic: Diagnostic) -> str:
    hint = f" ({diagnostic.hint})" if diagnostic.hint else ""
    where = html.escape(f"{diagnostic.path}:{diagnostic.line}")
    what = html.escape(f"{diagnostic.severity.value} {diagnostic.code}: {diagnostic.message}{hint}")
    return f"<li><code>{where}</code>: {what}</li>"


def with_problem_box(page: str, box: str) -> str:
    """``page`` with ``box`` right after its front matter, replacing an earlier box."""
    page = _BOX.sub("", page, count=1)
    front = _FRONT_MATTER.match(page)
    end = front.end() if front else 0
    return f"{page[:end]}\n{box}{page[end:].lstrip(chr(10))}"


def busy_port_message(port: int) -> str | None:
    """None when MkDocs can listen on ``port``; else what is wrong and which port to choose."""
    problem = _bind_problem(port)
    if problem is None:
        return None
    free = next((p for p in range(max(port + 1, 1024), 65536) if _bind_problem(p) is None), 8001)
    advice = f"Kies een andere poort, bijvoorbeeld: kennispunt serve --poort {free}"
    if problem == errno.EADDRINUSE:
        return (f"Poort {port} is al in gebruik (draait het voorbeeld misschien al in een ander "
                f"venster?). {advice}")
    return f"Poort {port} kan niet gebruikt worden. {advice}"


def _bind_problem(port: int) -> int | None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As MkDocs' server does: a port that only has closed connections waiting is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as exc:
            return exc.errno or errno.EADDRINUSE
    return None


def serve(settings: Settings, port: int, echo: Echo) -> int:
    """Generate, start MkDocs' live server on 127.0.0.1 and regenerate on every change."""
    if not regenerate(settings, echo) and not settings.config_file.is_file():
        echo("Er is nog geen eerdere versie om te tonen: los eerst de fouten hierboven op.")
        return 1
    observer = Observer()
    handler = _Regenerate(settings, echo)
    for name in WATCHED:
        if (settings.root / name).is_dir():
            observer.schedule(handler, str(settings.root / name), recursive=True)
    observer.schedule(handler, str(settings.root), recursive=False)
    observer.start()
    address = f"{HOST}:{port}"
    path = urlsplit(settings.site_url).path or "/"
    echo(f"Voorbeeld op http://{address}{path}  (stoppen: Ctrl+C). "
         "Zoeken werkt pas na 'kennispunt build'.")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address,
                               "--config-file", str(settings.config_file),
                               "--watch-theme", "--quiet"],
                              cwd=settings.root)
    # A SIGTERM (a terminal closing, a test, a process manager) must stop MkDocs' server too,
    # not leave it running on its port: turn it into the same exit as Ctrl+C.
    previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    stopped = False
    try:
        while server.poll() is None:
            time.sleep(0.5)
    except (KeyboardInterrupt, SystemExit):
        stopped = True
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(server)
        observer.stop()
        observer.join()
    if not stopped and server.returncode != 0:
        echo(f"Het voorbeeld is gestopt: MkDocs gaf code {server.returncode} (zie hierboven).")
        return 1
    return 0


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
