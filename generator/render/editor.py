"""The editing screen at ``bijdragen/bewerken/``: its page, configuration and bundle.

Inputs: the site graph (for the choices of the select fields), the settings, and the
project's own files: ``theme/bewerken/`` (our page script) and ``cms/node_modules/`` (the
Decap CMS bundle and js-yaml, pinned in ``cms/package-lock.json`` and installed by
``scripts/setup``). Output: files added to the generated tree, which MkDocs copies as they are.
The page is not a Markdown page, so it is in no navigation, no sitemap and no search index;
it says ``noindex`` and its Content-Security-Policy allows no host but our own until someone
signs in with GitHub. The post-build gate allows its three scripts on this one page only
(:mod:`generator.publish.gate`).

This is a render job (``site_jobs`` adds it), so it lives in ``render/``; running decap-server
beside the live preview is publishing work and lives in :mod:`generator.publish.editor`.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

from generator.link.graph import SiteGraph
from generator.model.cmsconfig import Backend, Choices, build_cms_config, render_cms_config
from generator.model.models import SOORTEN
from generator.render.output import Sink
from generator.render.paths import EDITOR
from generator.settings import Settings, read_mkdocs_config

# The only scripts the page loads, in this order; the post-build gate allows exactly these here.
EDITOR_SCRIPTS = ("js-yaml.min.js", "kennispunt-bewerken.js", "decap/decap-cms.js")
PROJECT = Path(__file__).resolve().parents[2]
PAGE_SCRIPT = PROJECT / "theme" / "bewerken" / "kennispunt-bewerken.js"
NODE_MODULES = PROJECT / "cms" / "node_modules"
DECAP_DIST = NODE_MODULES / "decap-cms" / "dist"
JS_YAML = NODE_MODULES / "js-yaml" / "dist" / "js-yaml.min.js"
DECAP_SERVER = NODE_MODULES / "decap-server" / "dist" / "index.js"
GITHUB_HOSTS = ("https://api.github.com", "https://github.com")
GITHUB_IMAGES = ("https://avatars.githubusercontent.com", "https://raw.githubusercontent.com")
DEFAULT_REPO = "een-thuis-voor-iedereen/kennisplatform"


class EditorMissing(RuntimeError):
    """The bundle is not installed (``npm ci --prefix cms`` has not run); the message is Dutch."""


def bundle_files() -> list[Path]:
    """The files of the Decap bundle that the page loads (no source maps, no other builds)."""
    if not (DECAP_DIST / "decap-cms.js").is_file() or not JS_YAML.is_file():
        raise EditorMissing("het bewerkscherm (Decap CMS) is niet geïnstalleerd; "
                            "draai ./scripts/setup (npm ci --prefix cms)")
    return sorted(DECAP_DIST.glob("*decap-cms.js"))


def choices_from(graph: SiteGraph) -> Choices:
    """The current groups, organisations and resources as (id, label) pairs."""
    content = graph.content
    return Choices(
        groups=tuple((g.id, g.meta.naam) for g in sorted(content.groups, key=lambda g: g.meta.naam)),
        organisations=tuple(
            (o.id, f"{o.naam} ({o.afkorting})" if o.afkorting else o.naam)
            for o in sorted(content.organisations, key=lambda o: o.naam.casefold())),
        resources=tuple(
            (r.id, f"{r.meta.titel} ({SOORTEN[r.soort].singular.lower()})")
            for r in sorted(content.resources, key=lambda r: r.meta.titel.casefold())),
    )


def backend_from(root: Path) -> Backend:
    """The production backend from mkdocs.yml: ``repo_url`` and ``extra.bewerken``."""
    config = read_mkdocs_config(root) or {}
    repo_url = str(config.get("repo_url") or "")
    repo = urlsplit(repo_url).path.strip("/") if "github.com" in repo_url else DEFAULT_REPO
    extra = (config.get("extra") or {}).get("bewerken") or {}
    return Backend(repo=repo or DEFAULT_REPO, branch=str(extra.get("branch", "main")),
                   base_url=extra.get("oauth_url"), auth_endpoint=extra.get("auth_endpoint"))


def render_editor(graph: SiteGraph, settings: Settings, sink: Sink) -> None:
    """Add the page, its configuration, our script and the bundle to the generated tree."""
    backend = backend_from(settings.root)
    config = build_cms_config(choices_from(graph), backend, settings.site_url)
    help_page = "content/paginas/bijdragen.md" in graph.by_path
    sink.add(f"{EDITOR}/index.html", editor_page(backend, help_page), "theme/bewerken/")
    sink.add(f"{EDITOR}/config.yml", render_cms_config(config), "generator/model/models.py")
    sink.add(f"{EDITOR}/kennispunt-bewerken.js", PAGE_SCRIPT.read_bytes(), "theme/bewerken/")
    try:
        bundle = bundle_files()
    except EditorMissing:
        return  # a preview without node: the page says so; 'kennispunt build' refuses
    sink.add(f"{EDITOR}/js-yaml.min.js", JS_YAML.read_bytes(), "cms/package-lock.json")
    for path in bundle:
        sink.add(f"{EDITOR}/decap/{path.name}", path.read_bytes(), "cms/package-lock.json")


def content_security_policy(backend: Backend) -> str:
    """Own files only; GitHub (and the sign-in relay) for the API, once someone signs in."""
    # blob: is Decap's own draft backup in the browser.
    connect = ["'self'", "blob:", "http://127.0.0.1:*", "http://localhost:*", *GITHUB_HOSTS]
    if backend.base_url:
        parts = urlsplit(backend.base_url)
        connect.append(f"{parts.scheme}://{parts.netloc}")
    return "; ".join([
        "default-src 'self'",
        # Needed: Decap validates its configuration with ajv, which compiles validators with
        # new Function at start-up; without 'unsafe-eval' Chromium blocks that ("Error compiling
        # schema") and the screen never appears (tried; tests/browser/test_bewerken.py checks
        # that this policy raises no violation).
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: " + " ".join(GITHUB_IMAGES),
        "font-src 'self' data:",
        "connect-src " + " ".join(connect),
        "frame-src 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'none'",
    ])


_PAGE = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<title>Bewerken - Kennisplatform Een thuis voor iedereen</title>
</head>
<body data-pagefind-ignore="all">
<noscript><p>Het bewerkscherm werkt alleen met JavaScript. U kunt een bestand ook op GitHub
bewerken; {help}.</p></noscript>
<p id="kennispunt-niet-geinstalleerd" hidden>Het bewerkscherm is niet geïnstalleerd. Draai
<code>./scripts/setup</code> en bouw de site opnieuw.</p>
{scripts}
</body>
</html>
"""


def editor_page(backend: Backend, help_page: bool = True) -> str:
    """The HTML of the editing page (our files only; Decap draws the screen).

    ``help_page``: whether the site has the page 'Bijdragen' (bijdragen/, beside this page) to
    point to; without it the home page.
    """
    scripts = "\n".join(f'<script src="{src}"></script>' for src in EDITOR_SCRIPTS)
    help_link = ('zie de pagina <a href="../">Bijdragen</a>' if help_page
                 else 'zie de <a href="../../">startpagina</a>')
    return _PAGE.format(help=help_link, csp=html.escape(content_security_policy(backend), quote=True),
                        scripts=scripts)
