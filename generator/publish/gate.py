"""The post-build gate: every built page read as a browser reads it, refused on active content.

MkDocs and the theme print contributor text (titles, summaries, group names, bodies) into
every page. The escaping in the theme and the sanitising of bodies should keep it text; this
gate checks the result, on the HTML that was really written. Each ``.html`` page in ``site/``
is parsed with HTML5 parsing rules by Lexbor (selectolax), with scripting on as in a browser,
and the build fails on:

- a ``<script>`` that is not one of the theme's own (see ``_SCRIPT_FILES`` and
  :func:`inline_patterns`), or a second theme configuration block; the editing page
  ``bijdragen/bewerken/index.html`` may load its own three scripts as well, and no other page;
- an event-handler attribute (``on…``): the theme has none, so the allowlist is empty;
- a ``javascript:``, ``vbscript:`` or ``data:`` address in any URL attribute, decoded and
  stripped of whitespace and control characters as browsers do;
- ``iframe``, ``frame``, ``frameset``, ``object``, ``embed``, ``applet``, ``portal``, ``base``,
  ``<meta http-equiv="refresh">``, and any ``<form>`` other than a search form to ``zoeken/``;
- anything the browser loads by itself (``src``, ``srcset``, ``poster``, ``<link href>``,
  SVG ``href``, CSS ``url()``) from another host.

Every finding of every page is collected first; :func:`enforce_gate` then fails once, naming
the built page and the source file it was made from.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

from generator.diagnostics import Diagnostic, Report, error
from generator.parallel import fork_map
from generator.render.editor import EDITOR_SCRIPTS
from generator.render.paths import EDITOR
from generator.settings import Settings

# Script files a page may load, as paths inside the site: Material's bundle (its name carries
# a content hash), the search page's own script, and Pagefind's entry points.
_SCRIPT_FILES = re.compile(
    r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js|assets/javascripts/zoeken\.js"
    r"|pagefind/pagefind(?:-ui|-component-ui|-modular-ui)?\.js")
_SCRIPT_FILE_ATTRIBUTES = frozenset({"src", "defer", "async"})
# The editing screen (generator/render/editor.py) is trusted, generated from our own files, and
# runs Decap CMS: on that one page, and only there, its scripts from its own folder are allowed.
_EDITOR_PAGE = f"{EDITOR}/index.html"
_EDITOR_SCRIPTS = frozenset(f"{EDITOR}/{script}" for script in EDITOR_SCRIPTS)
# The inline scripts of a clean build: the last <script> of partials/javascripts/base.html (in
# <head>) and of content.html, read from the installed themes (Material for MkDocs and Zensical),
# with each Jinja expression as {base}: the page's way back to the site root ("../.." or the
# site's absolute path on 404.html). It must lead there; nothing else may differ.
_THEMES = ("material", "zensical")
_THEME_SCRIPTS = ("base.html", "content.html")
# The theme's configuration: <script id="__config" type="application/json">, once per page.
# Zensical's adds "redirect", the address of its redirects plugin's map: null, as we use none.
_CONFIG_ATTRIBUTES = {"id": "__config", "type": "application/json"}
_CONFIG_KEYS = frozenset({"annotate", "base", "features", "search", "tags", "translations", "version"})
_CONFIG_KEYS_ZENSICAL = _CONFIG_KEYS | {"redirect"}
_SEARCH_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]{8}\.min\.js")
# Event-handler attributes the theme itself writes: none in a clean build.
_EVENT_HANDLERS: frozenset[tuple[str, str]] = frozenset()
_SEARCH_PAGE = "zoeken"

_EMBEDDING = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"})
_URL_ATTRIBUTES = frozenset({
    "href", "src", "srcset", "imagesrcset", "action", "formaction", "poster", "data", "xlink:href",
    "cite", "background", "longdesc", "lowsrc", "dynsrc", "ping", "manifest", "codebase",
    "archive", "classid", "usemap", "icon", "profile"})
_LIST_ATTRIBUTES = frozenset({"srcset", "imagesrcset", "ping", "archive"})
# What the browser fetches without a click, per attribute; SVG fetches through href too.
_FETCH_ATTRIBUTES = frozenset({"src", "srcset", "imagesrcset", "poster", "data", "background",
                               "lowsrc", "dynsrc", "ping", "manifest", "codebase", "archive"})
_SVG_FETCHING = frozenset({"image", "use", "feimage", "script"})
_SVG_ANIMATION = frozenset({"animate", "set", "animatemotion", "animatetransform"})
_SPECIAL_TAGS = frozenset({"script", "meta", "form", "style", *_EMBEDDING})
_BAD_SCHEMES = frozenset({"javascript", "vbscript", "data"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)|@import\s*(["'])([^"']*)""", re.IGNORECASE)
_SHOWN = 70

HINTS = {
    "script-niet-toegestaan": "alleen de scripts van het thema en de zoekfunctie horen op een pagina",
    "gebeurtenis-attribuut": "attributen als onclick en onerror voeren script uit",
    "gevaarlijke-url": "laat een link of bron met https:// beginnen, of gebruik een pad op de site",
    "ingesloten-inhoud": "iframe, object, embed, applet en base zijn niet toegestaan; link naar de bron",
    "doorsturen": "een pagina stuurt niet zelf door; link naar het nieuwe adres",
    "vreemd-formulier": "alleen de zoekformulieren van de site zijn toegestaan",
    "externe-bron": "de site laadt niets van andere websites; zet het bestand in de repository",
}
_HINT_SOURCE = "haal HTML uit titel, samenvatting, naam en tekst; schrijf gewone tekst"
_HINT_GENERATED = "waarschijnlijk een fout in het thema of de generator, of in een titel op deze pagina"


@dataclass(frozen=True, slots=True)
class Finding:
    """One refused thing on one built page (``page`` is its path inside ``site/``)."""

    page: str
    code: str
    found: str


class GateError(RuntimeError):
    """The built site holds active content or assets from elsewhere; ``report`` lists all."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.format_text())
        self.report = report


@dataclass(frozen=True, slots=True)
class _Context:
    """Where a page lives: its path and folder inside the site, the site's path and host."""

    page: str
    folder: str
    base_path: str
    host: str


Reference = tuple[str, str, str]  # tag, attribute (href or src), value: for the link check


@dataclass(frozen=True, slots=True)
class Inspection:
    """What reading every built page gave: the gate's findings, and every page's links."""

    findings: list[Finding]
    references: dict[str, list[Reference]]  # page (path inside site/) -> its href and src values


def enforce_gate(settings: Settings) -> Inspection:
    """Check every page in ``site/``; raise :class:`GateError` naming all findings.

    Returns the links of every page too, so the link check need not parse the pages again.
    """
    inspection = inspect_site(settings.site_dir, settings.site_url)
    if inspection.findings:
        raise GateError(report_from_findings(inspection.findings, settings.docs_dir))
    return inspection


def check_site(site_dir: Path, site_url: str) -> list[Finding]:
    """The findings of every ``.html`` page under ``site_dir``, page by page."""
    return inspect_site(site_dir, site_url).findings


def inspect_site(site_dir: Path, site_url: str) -> Inspection:
    """Every page under ``site_dir`` read once (on every core for a large site)."""
    pages = [(str(path), path.relative_to(site_dir).as_posix(), site_url)
             for path in sorted(site_dir.rglob("*.html"))]
    findings: list[Finding] = []
    references: dict[str, list[Reference]] = {}
    for (_, page, _), (found, links) in zip(pages, fork_map(_inspect_page, pages), strict=True):
        findings.extend(found)
        references[page] = links
    return Inspection(findings, references)


def _inspect_page(job: tuple[str, str, str]) -> tuple[list[Finding], list[Reference]]:
    path, page, site_url = job
    references: list[Reference] = []
    with open(path, "rb") as handle:
        return check_page(handle.read(), page, site_url, references), references


def check_page(html: bytes | str, page: str, site_url: str,
               references: list[Reference] | None = None) -> list[Finding]:
    """The findings of one page; ``page`` is its path inside the site (``a/b/index.html``).

    ``references`` receives every ``href`` and ``src`` on the page.
    """
    address = urlsplit(site_url)
    folder = posixpath.dirname(page)
    context = _Context(page, folder + "/" if folder else "", address.path or "/",
                       _host(address.netloc))
    tree = LexborHTMLParser(html, scripting=True)
    return [Finding(page, code, found)
            for code, found in _check_document(tree, context, references)]


Problem = tuple[str, str]


def _check_document(tree: LexborHTMLParser, context: _Context,
                    references: list[Reference] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    configs = 0
    for node in _elements(tree):
        tag, attributes = node.tag or "", node.attributes
        if references is not None and attributes:
            for name in ("href", "src"):
                value = attributes.get(name)
                if value is not None:
                    references.append((tag or "?", name, value))
        special: list[Problem] = []
        if tag in _SPECIAL_TAGS:
            configs += tag == "script" and attributes == _CONFIG_ATTRIBUTES
            special = _check_special(node, tag, _lowered(attributes), context)
        if special:  # one finding per element: a refused element's attributes say no more
            problems += special
        elif attributes:
            problems += _check_attributes(tag.lower(), attributes, context)
    if configs > 1:
        problems.append(("script-niet-toegestaan", 'een tweede <script id="__config">'))
    return problems


def _lowered(attributes: dict[str, str | None]) -> dict[str, str]:
    return {name.lower(): value or "" for name, value in attributes.items()}


def _elements(tree: LexborHTMLParser | LexborNode) -> Iterator[LexborNode]:
    """Every element, also inside <template> (declarative shadow DOM renders it) and inside
    <noscript> (a browser without scripting parses its text as markup)."""
    root = tree.root if isinstance(tree, LexborHTMLParser) else tree
    if root is None:
        return
    for node in root.traverse():
        if node.is_element_node:
            yield node
            if node.tag == "noscript":
                yield from _elements(LexborHTMLParser(node.text(deep=True), scripting=False))
    for fragment in root.template_fragments():
        yield from _elements(fragment)


def _check_special(node: LexborNode, tag: str, attributes: dict[str, str],
                   context: _Context) -> list[Problem]:
    if tag == "script":
        return _check_script(node, attributes, context)
    if tag in _EMBEDDING:
        return [("ingesloten-inhoud", _show(tag, attributes))]
    if tag == "meta" and attributes.get("http-equiv", "").strip().lower() == "refresh":
        return [("doorsturen", _show(tag, attributes))]
    if tag == "form" and not _is_search(attributes.get("action", "."), context):
        return [("vreemd-formulier", _show(tag, attributes))]
    if tag == "style":
        return _check_css(tag, node.text(deep=True), context)
    return []


def _check_script(node: LexborNode, attributes: dict[str, str], context: _Context) -> list[Problem]:
    text = node.text(deep=True).strip()
    if "src" in attributes:
        path = _site_path(attributes["src"], context) or ""
        allowed = (_SCRIPT_FILES.fullmatch(path) is not None or _is_editor_script(path, context)) \
            and attributes.keys() <= _SCRIPT_FILE_ATTRIBUTES
    elif attributes == _CONFIG_ATTRIBUTES:
        allowed = _is_material_config(text, context)
    else:
        allowed = not attributes and any(_is_inline_script(text, p, context) for p in inline_patterns())
    return [] if allowed else [("script-niet-toegestaan", _show("script", attributes, text))]


@functools.cache
def inline_patterns() -> tuple[re.Pattern[str], ...]:
    """The inline scripts the installed themes write, as patterns with a group for each base."""
    return tuple(re.compile(re.escape(script).replace(re.escape("{base}"), '([^"]*)'))
                 for theme in _THEMES for script in theme_inline_scripts(theme))


def theme_inline_scripts(theme: str) -> list[str]:
    """The inline scripts of ``theme``'s base and content partials, Jinja expressions as
    ``{base}``; none when the theme is not installed (then no page of it can be built)."""
    spec = importlib.util.find_spec(theme)
    if spec is None or spec.origin is None:
        return []
    folder = Path(spec.origin).parent / "templates" / "partials" / "javascripts"
    scripts = []
    for name in _THEME_SCRIPTS:
        found = re.findall(r"<script>(.*?)</script>", (folder / name).read_text("utf-8"), re.DOTALL)
        scripts.append(re.sub(r"\{\{.*?\}\}", "{base}", found[-1]))
    return scripts


def _is_editor_script(path: str, context: _Context) -> bool:
    return context.page == _EDITOR_PAGE and path in _EDITOR_SCRIPTS


def _is_inline_script(text: str, allowed: re.Pattern[str], context: _Context) -> bool:
    match = allowed.fullmatch(text)
    return match is not None and all(_site_path(base, context) == "" for base in match.groups())


def _is_material_config(text: str, context: _Context) -> bool:
    try:
        config = json.loads(text)
    except ValueError:
        return False
    if not isinstance(config, dict) or config.keys() not in (_CONFIG_KEYS, _CONFIG_KEYS_ZENSICAL):
        return False
    if config.get("redirect") is not None:
        return False
    base, search = config["base"], config["search"]
    return isinstance(base, str) and isinstance(search, str) and _site_path(base, context) == "" \
        and _SEARCH_WORKER.fullmatch(_site_path(search, context) or "") is not None


def _check_attributes(tag: str, attributes: dict[str, str | None], context: _Context) -> list[Problem]:
    problems: list[Problem] = []
    for name, value in attributes.items():
        # The parser lowercases attribute names (SVG gets a few camelCase ones back, no on…).
        if name.startswith("on") and (tag, name) not in _EVENT_HANDLERS:
            problems.append(("gebeurtenis-attribuut", _show(tag, {name: value or ""})))
        elif name == "style":
            problems += _check_css(tag, value or "", context)
        elif name in _URL_ATTRIBUTES:
            problems += _check_url(tag, name, value or "", context)
    if tag in _SVG_ANIMATION:
        target = attributes.get("attributeName") or attributes.get("attributename") or ""
        if _animates_active(target):
            problems.append(("gevaarlijke-url", _show(tag, _lowered(attributes))))
    return problems


def _animates_active(name: str) -> bool:
    name = name.strip().lower()
    return name in ("href", "xlink:href") or name.startswith("on")


def _check_url(tag: str, name: str, value: str, context: _Context) -> list[Problem]:
    urls = _split_list(name, value)
    # Only a value with a colon can name a scheme: entities are decoded by now.
    if ":" in value and any(_scheme(url) in _BAD_SCHEMES for url in urls):
        return [("gevaarlijke-url", _show(tag, {name: value}))]
    if _fetches(tag, name) and any(_other_host(url, context) for url in urls):
        return [("externe-bron", _show(tag, {name: value}))]
    if name == "formaction" and not _is_search(value, context):
        return [("vreemd-formulier", _show(tag, {name: value}))]
    return []


def _fetches(tag: str, name: str) -> bool:
    return name in _FETCH_ATTRIBUTES or (tag == "link" and name == "href") \
        or (tag in _SVG_FETCHING and name in ("href", "xlink:href"))


def _check_css(tag: str, css: str, context: _Context) -> list[Problem]:
    urls = [match.group(2) or match.group(4) or "" for match in _CSS_URL.finditer(css)]
    if any(_scheme(url) in _BAD_SCHEMES for url in urls):
        return [("gevaarlijke-url", _show(tag, {"style": css}))]
    # CSS escapes can spell url( or a host in ways no pattern catches: refused as well.
    if "\\" in css or any(_other_host(url, context) for url in urls):
        return [("externe-bron", _show(tag, {"style": css}))]
    return []


def _is_search(action: str, context: _Context) -> bool:
    return _site_path(action, context) in (_SEARCH_PAGE, f"{_SEARCH_PAGE}/index.html")


def _split_list(name: str, value: str) -> list[str]:
    if name not in _LIST_ATTRIBUTES:
        return [value]
    if name in ("ping", "archive"):
        return value.split()
    return [(candidate.split() or [""])[0] for candidate in value.split(",")]


def normalise_url(url: str) -> str:
    """A URL as a browser's URL parser sees it: outer C0 controls and spaces stripped, tabs and
    newlines removed anywhere, backslashes read as slashes. (Entities are already decoded.)"""
    url = url.strip("".join(map(chr, range(0x21))))
    return url.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(normalise_url(url).lower())
    return match.group(1) if match else None


def _host(netloc: str) -> str:
    host = netloc.rpartition("@")[2].lower()
    if not host.startswith("["):
        host = host.partition(":")[0]
    return host.rstrip(".")


def _authority(rest: str) -> str:
    return re.split(r"[/?#]", rest.lstrip("/"), maxsplit=1)[0]


def _other_host(url: str, context: _Context) -> bool:
    """Whether a browser would fetch ``url`` from somewhere other than this site's host."""
    url = normalise_url(url)
    scheme = _scheme(url)
    if url.startswith("//"):
        return _host(_authority(url)) != context.host
    if scheme is None:
        return False
    if scheme in ("http", "https"):  # "https:evil.example" means https://evil.example too
        return _host(_authority(url[len(scheme) + 1:])) != context.host
    return True


def _site_path(url: str, context: _Context) -> str | None:
    """The path inside the site that ``url`` on this page leads to ("" for the root), or None
    when it leads elsewhere (another host or scheme, or above the site's folder)."""
    url = normalise_url(url)
    if url.startswith("//"):
        url = "https:" + url
    if _scheme(url) is not None:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or _host(parts.netloc) != context.host:
            return None
        url = parts.path or "/"
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    if path.startswith("/"):
        if not (path + "/").startswith(context.base_path):
            return None
        return _resolve_dots(path[len(context.base_path):])
    return _resolve_dots(context.folder + path)


def _resolve_dots(path: str) -> str | None:
    """``a/b/../c`` as ``a/c`` (also spelled with %2e, as browsers allow); None above the root."""
    parts: list[str] = []
    for part in path.split("/"):
        dots = part.lower().replace("%2e", ".")
        if dots == "..":
            if not parts:
                return None
            parts.pop()
        elif dots not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _show(tag: str, attributes: dict[str, str], text: str = "") -> str:
    """``<tag name="value">text`` shortened, for a report line (which escapes control chars)."""
    shown = "".join(f' {name}="{_shorten(value)}"' if value else f" {name}"
                    for name, value in attributes.items())
    return f"<{tag}{shown}>{_shorten(text)}"


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


def report_from_findings(findings: list[Finding], docs_dir: Path) -> Report:
    """Diagnostics on the source file of each page (or on the page, when the generator made it)."""
    sources: dict[str, str | None] = {}
    diagnostics: list[Diagnostic] = []
    for finding in findings:
        if finding.page not in sources:
            sources[finding.page] = source_of(finding.page, docs_dir)
        diagnostics.append(_diagnostic(finding, sources[finding.page]))
    return Report.from_diagnostics(diagnostics)


def _diagnostic(finding: Finding, source: str | None) -> Diagnostic:
    page = f"site/{finding.page}"
    where = f"pagina {page}" if source else f"pagina {page} (gemaakt door de generator)"
    hint = f"{HINTS[finding.code]}; {_HINT_SOURCE if source else _HINT_GENERATED}"
    return error(source or page, 1, 1, finding.code, f"{where}: {finding.found}", hint)


def source_of(page: str, docs_dir: Path) -> str | None:
    """The ``bronbestand`` of the generated Markdown page that became ``page``, if it has one."""
    stem = page.removesuffix(".html")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
        candidates = [f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]
    else:
        candidates = [f"{stem}.md"]
    for candidate in candidates:
        path = docs_dir / candidate
        if path.is_file():
            return _front_matter_source(path.read_text("utf-8", errors="replace"))
    return None


def _front_matter_source(text: str) -> str | None:
    if not text.startswith("---"):
        return None
    for line in text.split("\n")[1:]:
        if line.startswith("---"):
            return None
        if line.startswith("bronbestand:"):
            value = yaml.safe_load(line).get("bronbestand")
            return value if isinstance(value, str) else None
    return None
