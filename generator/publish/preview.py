"""``kennispunt serve``: a live preview on 127.0.0.1 that shows an edit within a second or two.

One process does everything. A watcher (inotify through watchdog) notices a saved file under
content/, groups/, theme/ or mkdocs.yml; the pipeline then runs with the preview's
:class:`~generator.pipeline.Session`, so only changed files are parsed again and only the pages
a change can reach are rendered again; MkDocs rebuilds only the pages whose Markdown changed (a
"dirty" build), and all of them only when the navigation, the theme or the set of pages
changed. MkDocs' own live-reload server serves the result and reloads the browser.

The preview never dies on a typo. When a change has errors, the last good site stays up and
the server puts a box at the top of every page it serves that lists each problem as
``path:line``, so the contributor sees them in the browser, not only in the terminal; the
browser reloads to show it, and reloads again without it once the file is right. Nothing of
this is in the generated tree or the site, so no renderer needs a hook for it.
"""

from __future__ import annotations

import errno
import html
import logging
import os
import signal
import socket
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator import pipeline
from generator.diagnostics import Diagnostic, Severity
from generator.settings import Settings

Echo = Callable[[str], None]
WATCHED = ("content", "groups", "theme")
CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})
HOST = "127.0.0.1"
PREVIEW_SITE = "voorbeeld"  # build/voorbeeld: the preview's own site, never the published one
BOX_START = "<!-- kennispunt serve: problemen -->"
BOX_END = "<!-- /kennispunt serve: problemen -->"
# Changes here reach every page: MkDocs renders them all again.
WHOLE_SITE = ("theme/overrides/", "mkdocs.yml")


class Preview:
    """Regenerates the site for the preview server; keeps what the next run can reuse."""

    def __init__(self, settings: Settings, echo: Echo, address: str) -> None:
        self.settings, self.echo = settings, echo
        self.site_dir = settings.root / "build" / PREVIEW_SITE
        self.site_url = f"http://{address}{urlsplit(settings.site_url).path or '/'}"
        self.session = pipeline.Session()
        self.problem_box = b""  # served at the top of every page while the last run had errors
        self.built = False  # whether build/voorbeeld holds a whole site
        self._changed: set[str] = set()
        self._lock = threading.Lock()
        self._tree: tuple[frozenset[str], str] | None = None
        self._warned: set[str] = set()  # the warnings of the last run, as printed

    def changed(self, path: str) -> None:
        """Note a changed file (repository-relative), for the next :meth:`rebuild`."""
        with self._lock:
            self._changed.add(path)

    def rebuild(self) -> bool:
        """Regenerate the tree and the preview site; False when the content has errors."""
        with self._lock:
            changed, self._changed = self._changed, set()
        try:
            if not self.regenerate():
                return False
            tree = self._tree_state()
            whole = (not self.built or tree != self._tree
                     or any(path.startswith(WHOLE_SITE) for path in changed))
            self._tree = tree
            self._build_site(dirty=not whole)
            self.built = True
            return True
        except Exception as exc:  # a broken template or theme file: say so, keep serving
            self.built = False  # the next run builds everything again
            self.echo(f"Het voorbeeld kon niet bijgewerkt worden: {type(exc).__name__}: {exc}")
            return False

    def regenerate(self) -> bool:
        """Run the pipeline up to the tree; print problems; True when the tree was updated."""
        result = pipeline.run(self.settings, until="tree", session=self.session)
        shown, self._warned = self._warned, set()
        repeated = 0
        for diagnostic in result.report.diagnostics:
            text = diagnostic.format_text()
            if diagnostic.severity is not Severity.ERROR:
                self._warned.add(text)
                if text in shown:  # a warning is printed once, not again on every save
                    repeated += 1
                    continue
            self.echo(text)
        if repeated:
            self.echo(f"(En {repeated} waarschuwing(en) die hierboven al eerder stonden.)")
        if not result.ok or result.written is None:
            self.problem_box = render_problem_box(result.report.diagnostics).encode("utf-8")
            self.echo("Niet bijgewerkt: los de fouten hierboven op. Ze staan ook bovenaan elke "
                      "pagina in de browser; de pagina's zelf blijven de vorige versie.")
            return False
        self.problem_box = b""
        self.echo(f"Bijgewerkt: {result.written.written} pagina's gewijzigd, "
                  f"{result.written.removed} verwijderd.")
        return True

    def _tree_state(self) -> tuple[frozenset[str], str]:
        """The files of the docs tree and the generated configuration (with the navigation)."""
        docs = str(self.settings.docs_dir)
        files = frozenset(os.path.join(folder, name) for folder, _, names in os.walk(docs)
                          for name in names)
        return files, self.settings.config_file.read_text("utf-8")

    def _build_site(self, dirty: bool) -> None:
        config = load_config(config_file=str(self.settings.config_file),
                             site_dir=str(self.site_dir), site_url=self.site_url)
        mkdocs_build(config, dirty=dirty)


class _Follow(FileSystemEventHandler):
    """Passes saved files in the watched folders on to the preview and the server."""

    def __init__(self, root: Path, preview: Preview, server: PreviewServer) -> None:
        self.root, self.preview, self.server = root, preview, server

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Reading a file raises "opened"/"closed_no_write" events; only changes count.
        if event.event_type not in CHANGES or event.is_directory:
            return
        paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
        relevant = [p for p in (self._relative(path) for path in paths if path) if p]
        if not relevant:
            return
        for path in relevant:
            self.preview.changed(path)
        self.server.request_rebuild()

    def _relative(self, path: str) -> str | None:
        try:
            parts = Path(path).relative_to(self.root).parts
        except ValueError:
            return None
        if path.endswith((".tmp", "~", ".swp")) or not parts:
            return None
        if parts[0] in WATCHED or parts == ("mkdocs.yml",):
            return "/".join(parts)
        return None


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, rebuilding through :class:`Preview` and showing its problems."""

    def __init__(self, preview: Preview, port: int) -> None:
        super().__init__(builder=self._rebuild, host=HOST, port=port, root=str(preview.site_dir),
                         mount_path=urlsplit(preview.site_url).path or "/")
        self.preview = preview
        # inotify instead of MkDocs' polling (every 0.5 s): a save is seen at once.
        self.observer = Observer()  # type: ignore[assignment]  # any watchdog observer will do
        root = preview.settings.root
        handler = _Follow(root, preview, self)
        for name in WATCHED:
            if (root / name).is_dir():
                self._watch(handler, root / name, recursive=True)
        self._watch(handler, root, recursive=False)

    def _watch(self, handler: FileSystemEventHandler, path: Path, recursive: bool) -> None:
        self._watched_paths[str(path)] = 1  # also makes the server add its reload script
        self._watch_refs[str(path)] = self.observer.schedule(handler, str(path), recursive=recursive)

    def request_rebuild(self) -> None:
        """Rebuild once the files have been quiet for a moment (the server's build delay)."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def _rebuild(self) -> None:
        self.preview.rebuild()

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        box = self.preview.problem_box
        return with_problem_box(content, box) if box else content


def with_problem_box(page: bytes, box: bytes) -> bytes:
    """``page`` with ``box`` at the top of its main text (or of its body)."""
    for marker in (b'<article class="md-content__inner md-typeset">', b"<body"):
        start = page.find(marker)
        if start >= 0:
            end = page.index(b">", start) + 1
            return page[:end] + box + page[end:]
    return box + page


def render_problem_box(diagnostics: Sequence[Diagnostic]) -> str:
    """The box as HTML, styled as Material's "failure" note; all text escaped."""
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
        f"{BOX_END}\n"
    )


def _problem_item(diagnostic: Diagnostic) -> str:
    hint = f" ({diagnostic.hint})" if diagnostic.hint else ""
    where = html.escape(f"{diagnostic.path}:{diagnostic.line}")
    what = html.escape(f"{diagnostic.severity.value} {diagnostic.code}: {diagnostic.message}{hint}")
    return f"<li><code>{where}</code>: {what}</li>"


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
    """Build the preview, serve it on 127.0.0.1 and rebuild on every change until stopped."""
    preview = Preview(settings, echo, f"{HOST}:{port}")
    _quiet_mkdocs()
    # With errors at start, an earlier preview (build/voorbeeld) is shown with the problems on
    # top; the first good save then builds everything again.
    if not preview.rebuild() and not (preview.site_dir / "index.html").is_file():
        echo("Er is nog geen eerdere versie om te tonen: los eerst de fouten hierboven op.")
        return 1
    server = PreviewServer(preview, port)
    echo(f"Voorbeeld op {preview.site_url}  (stoppen: Ctrl+C). "
         "Zoeken werkt pas na 'kennispunt build'.")
    # A SIGTERM (a terminal closing, a test, a process manager) ends the server like Ctrl+C.
    previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.shutdown(wait=True)
    return 0


def _quiet_mkdocs() -> None:
    """MkDocs' own messages are English and mostly about its server; our own are printed."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
