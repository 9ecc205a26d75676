"""Rules on bodies, judged on what the real renderer makes of them.

Every rule here reads :func:`generator.load.body.render_body`: the sanitiser's findings, the links
and images as the page will have them, the steps of a stappenplan, and the anchors of each
page. ``kennispunt check`` therefore refuses exactly what ``kennispunt build`` would not
publish as written, anchors included.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown.extensions.toc import slugify

from generator.diagnostics import Diagnostic, closest, did_you_mean, error, shown
from generator.load.body import (
    BodyJob,
    BodyLink,
    MarkdownSetup,
    RenderedBody,
    render_bodies,
    render_body,
    resolve_link,
)
from generator.load.validate import Loaded
from generator.model.fieldtypes import url_findings, url_problem

# Sections the page templates add below a body; a link may point at them too.
TEMPLATE_ANCHORS = frozenset({"gerelateerd", "genoemd-in"})
LINK_HINT = "link naar het bronbestand, zoals ../handreikingen/naam.md"


def title_of(doc: Loaded) -> str:
    """The page title a document gets (resources and pages: titel; groups: naam)."""
    model = doc.model
    return str(getattr(model, "titel", None) or getattr(model, "naam", None) or "")


def rendered(doc: Loaded, setup: MarkdownSetup) -> RenderedBody:
    """A document's body as the site renders it (cached in :mod:`generator.load.body`)."""
    assert doc.text is not None
    return render_body(*_job(doc, setup))


def _job(doc: Loaded, setup: MarkdownSetup) -> BodyJob:
    assert doc.text is not None
    return doc.text.body, setup, title_of(doc), doc.source.soort == "stappenplannen"


@dataclass
class _Pages:
    """The anchors of each page that a link points at, worked out once per page."""

    by_path: dict[str, Loaded]
    setup: MarkdownSetup
    anchors: dict[str, tuple[frozenset[str], list[str]]] = field(default_factory=dict)

    def of(self, path: str) -> tuple[frozenset[str], list[str]] | None:
        doc = self.by_path.get(path)
        if doc is None or doc.text is None:
            return None
        if path not in self.anchors:
            body = rendered(doc, self.setup)
            title = title_of(doc)
            ids = body.ids | TEMPLATE_ANCHORS | ({slugify(title, "-")} if title else set())
            self.anchors[path] = (ids, [h.id for h in body.headings if h.id])
        return self.anchors[path]


def check_bodies(loaded: list[Loaded], files: frozenset[str],
                 setup: MarkdownSetup) -> Iterator[Diagnostic]:
    """Unsafe HTML, dead or unsafe links, missing anchors and images, too few steps."""
    pages = _Pages({doc.source.path: doc for doc in loaded if doc.text is not None}, setup)
    render_bodies([_job(doc, setup) for doc in loaded if doc.text is not None])
    for doc in loaded:
        if doc.text is None:
            continue
        path, offset = doc.source.path, doc.text.body_line - 1
        body = rendered(doc, setup)
        for finding in body.findings:
            yield error(path, finding.line + offset, finding.column, finding.code,
                        finding.message, finding.hint)
        for link in body.links:
            problem = _link_problem(path, link, files, pages)
            if problem:
                code, message, hint = problem
                yield error(path, link.line + offset, link.column, code, message, hint)
            elif link.scheme in ("http", "https"):
                for severity, code, message, hint in url_findings(link.target):
                    yield Diagnostic(path, link.line + offset, link.column, severity, code,
                                     f"link '{shown(link.target)}': {message}", hint)
        if doc.source.soort == "stappenplannen" and not body.findings and body.steps < 2:
            yield error(path, doc.text.body_line, 1, "te-weinig-stappen",
                        f"een stappenplan heeft minstens twee stappen; gevonden: {body.steps}",
                        "begin elke stap met een kop '## '")


def _link_problem(path: str, link: BodyLink, files: frozenset[str],
                  pages: _Pages) -> tuple[str, str, str] | None:
    target = link.target
    if link.scheme in ("http", "https"):
        problem = url_problem(target)
        return ("ongeldige-url", f"link '{shown(target)}': {problem}",
                "gebruik een gewone https://-link") if problem else None
    if link.scheme:
        return None  # mailto: (other schemes never get this far: the sanitiser drops them)
    if target.startswith("//"):
        return ("ongeldige-link", f"link '{shown(target)}': een link zonder https: werkt niet "
                "overal", "schrijf het hele adres, met https://")
    if target.startswith("/"):
        return ("ongeldige-link", f"link '{shown(target)}': een link naar een pad op de site "
                "werkt niet op GitHub", LINK_HINT)
    page, _, fragment = target.partition("#")
    linked = resolve_link(path, target) if page else path
    if page and linked not in files:
        close = _closest_file(path, linked, files)
        return ("dode-link", f"link '{shown(target)}': het bestand bestaat niet",
                f"bedoelde u '{close}'?" if close else LINK_HINT)
    if fragment:
        return _anchor_problem(target, fragment, pages.of(linked))
    return None


def _anchor_problem(target: str, fragment: str,
                    anchors: tuple[frozenset[str], list[str]] | None) -> tuple[str, str, str] | None:
    if anchors is None:
        return None  # an image or another file: no anchors to check
    ids, headings = anchors
    if fragment in ids or unquote(fragment) in ids:
        return None
    hint = did_you_mean(f"#{fragment}", [f"#{h}" for h in headings]) or (
        "koppen op die pagina: " + ", ".join(f"#{h}" for h in headings[:12]) if headings
        else "die pagina heeft geen koppen; link naar de pagina zelf")
    return ("onbekend-anker",
            f"de link '{shown(target)}' wijst naar een plek die niet op de pagina staat", hint)


def _closest_file(path: str, wanted: str, files: frozenset[str]) -> str | None:
    """The link (relative to ``path``) to the file whose name is most like the one wanted.

    Names are compared, not whole paths: every path shares 'content/', which made any file
    in the same folder look close.
    """
    folder = posixpath.dirname(wanted)
    by_name: dict[str, str] = {}
    for candidate in sorted(files, key=lambda f: (posixpath.dirname(f) != folder, f)):
        by_name.setdefault(posixpath.basename(candidate), candidate)
    name = closest(posixpath.basename(wanted), list(by_name))
    return posixpath.relpath(by_name[name], posixpath.dirname(path)) if name else None
