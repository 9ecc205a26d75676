"""``kennispunt serve``: a live preview on 127.0.0.1.

MkDocs' own server serves the generated tree and reloads the browser. This module watches
content/, groups/, theme/ and mkdocs.yml and regenerates the tree when they change. Only
files whose bytes change are rewritten, so MkDocs rebuilds little. Content errors are printed
and the last good tree stays up: the preview never dies on a typo.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .publish import generate
from .settings import Settings

Echo = Callable[[str], None]
WATCHED = ("content", "groups", "theme")
DEBOUNCE_SECONDS = 0.4
CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})


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
    """Regenerate the docs tree; print problems; True when the tree was updated."""
    result = generate(settings)
    for diagnostic in result.report.diagnostics:
        echo(diagnostic.format_text())
    if not result.ok or result.written is None:
        echo("Niet bijgewerkt: los de fouten hierboven op. De vorige versie blijft zichtbaar.")
        return False
    echo(f"Bijgewerkt: {result.written.written} pagina's gewijzigd, "
         f"{result.written.removed} verwijderd.")
    return True


def serve(settings: Settings, port: int, echo: Echo) -> int:
    """Generate, start MkDocs' live server on 127.0.0.1 and regenerate on every change."""
    if not regenerate(settings, echo) and not (settings.root / "build" / "mkdocs.yml").is_file():
        echo("Er is nog geen eerdere versie om te tonen: los eerst de fouten hierboven op.")
        return 1
    observer = Observer()
    handler = _Regenerate(settings, echo)
    for name in WATCHED:
        if (settings.root / name).is_dir():
            observer.schedule(handler, str(settings.root / name), recursive=True)
    observer.schedule(handler, str(settings.root), recursive=False)
    observer.start()
    address = f"127.0.0.1:{port}"
    path = urlsplit(settings.site_url).path or "/"
    echo(f"Voorbeeld op http://{address}{path}  (stoppen: Ctrl+C). "
         "Zoeken werkt pas na 'kennispunt build'.")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address,
                               "--config-file", str(settings.root / "build" / "mkdocs.yml"),
                               "--watch-theme", "--quiet"],
                              cwd=settings.root)
    # A SIGTERM (a terminal closing, a test, a process manager) must stop MkDocs' server too,
    # not leave it running on its port: turn it into the same exit as Ctrl+C.
    previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        while server.poll() is None:
            time.sleep(0.5)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(server)
        observer.stop()
        observer.join()
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
