"""Our own check of the built site: every internal ``href`` and ``src`` resolves to a file.

It judges the output, whatever renderer made it (run after the renderer and the post-build
gate, before Pagefind, so a site with broken links is not indexed). MkDocs and ProperDocs check links in the
Markdown (``validation:`` in mkdocs.yml); Zensical 0.0.73 honours only two of those settings,
and none of them sees links in the theme, in raw HTML or in what a renderer rewrites. The
site is read as it will be served: under the path of ``site_url`` (``/kennisplatform/``), so
an address that leaves that path is broken too.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from generator.publish.renderer import PublishError
from generator.settings import Settings

ATTRIBUTES = ("href", "src")
MAX_SHOWN = 20
_OTHER_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
_OUTSIDE = "\0buiten-het-pad"  # a target that leaves the site's path: never a file


def enforce_internal_links(settings: Settings,
                           references: Mapping[str, list[tuple[str, str, str]]] | None = None) -> None:
    """Raise :class:`PublishError` naming every page with a link that leads nowhere.

    ``references``: every page's links as the gate read them (else the pages are read here).
    """
    broken = check_internal_links(settings.site_dir, settings.site_url, references)
    if broken:
        shown = "\n".join(f"  {line}" for line in broken[:MAX_SHOWN])
        more = f"\n  … en nog {len(broken) - MAX_SHOWN}" if len(broken) > MAX_SHOWN else ""
        raise PublishError(f"De gebouwde site heeft {len(broken)} interne link(s) die nergens "
                           f"heen gaan (pagina in site/: element):\n{shown}{more}")


def check_internal_links(site_dir: Path, site_url: str,
                         references: Mapping[str, list[tuple[str, str, str]]] | None = None,
                         ) -> list[str]:
    """Every broken internal link as ``page: <tag attr="value">``, sorted; empty when none.

    The site's files are listed once; a link is looked up in that list, and a value is resolved
    once per folder (most links repeat on every page: the navigation, the footer).
    """
    base = urlsplit(site_url)
    prefix = base.path if base.path.endswith("/") else base.path + "/"
    files, folders = _site_files(site_dir)
    resolved: dict[tuple[str, str], bool] = {}
    problems: set[str] = set()
    if references is None:
        references = {page.relative_to(site_dir).as_posix(): list(_references(page))
                      for page in sorted(site_dir.rglob("*.html"))}
    for rel, links in references.items():
        folder = rel.rpartition("/")[0]
        parts = folder.split("/") if folder else []
        for tag, attribute, value in links:
            key = resolution_key(parts, folder, value)
            ok = resolved.get(key)
            if ok is None:
                target = _target(f"{key[0]}/_" if key[0] else "_", key[1], base.netloc, prefix)
                ok = resolved[key] = target is None or _exists(files, folders, target)
            if not ok:
                problems.add(f'{rel}: <{tag} {attribute}="{value}">')
    return sorted(problems)


def resolution_key(parts: list[str], folder: str, value: str) -> tuple[str, str]:
    """A folder and a link that resolve to the same target as ``value`` does from ``folder``
    (whose parts are ``parts``).

    ``../../doelgroepen/x/`` leads to the same place from every folder two levels deep, and an
    address with a scheme, or one starting with ``#`` or with one ``/`` (see ``_FOLDER_FREE``),
    from every folder at all: the navigation and footer of thousands of pages are resolved
    once, not once per page.
    """
    up = _UP.fullmatch(value)
    if up is not None:
        ups = len(up.group(1)) // 3
        if ups <= len(parts):
            return "/".join(parts[:len(parts) - ups]), up.group(2) or "./"
        return folder, value
    if _FOLDER_FREE.match(value):
        return "", value
    return folder, value


def _site_files(site_dir: Path) -> tuple[frozenset[str], frozenset[str]]:
    """Every file and folder of the site, as paths relative to it ('a/b.html', 'a')."""
    files: set[str] = set()
    folders: set[str] = set()
    for folder, names, found in os.walk(site_dir):
        rel = Path(folder).relative_to(site_dir).as_posix()
        rel = "" if rel == "." else rel
        folders.update(f"{rel}/{name}".lstrip("/") for name in names)
        files.update(f"{rel}/{name}".lstrip("/") for name in found)
    return frozenset(files), frozenset(folders)


def _references(page: Path) -> Iterator[tuple[str, str, str]]:
    tree = LexborHTMLParser(page.read_bytes().decode("utf-8", errors="replace"))
    for node in tree.css("[href], [src]"):
        for attribute in ATTRIBUTES:
            value = node.attributes.get(attribute)
            if value is not None:
                yield node.tag or "?", attribute, value


_PLAIN = re.compile(r"[^:?#%\\\s]+")  # a relative path with nothing to split, decode or strip
_UP = re.compile(r"((?:\.\./)+)((?!/)[^:?#%\\\s]*)")  # ../../ and a plain path not from the root
# Resolved the same from any folder: a scheme, a fragment, or a path from the root (not '//',
# which names a host, nor '/' followed by a tab or line break, which urlsplit removes).
_FOLDER_FREE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:|#|/(?![/\t\n\r])")


def _target(page: str, value: str, host: str, prefix: str) -> str | None:
    """The site-relative path a reference points at, or None when it is not ours to check."""
    if value[:1] not in ("", "/") and _PLAIN.fullmatch(value):  # most links: the fast way
        path = posixpath.normpath(posixpath.join(posixpath.dirname(prefix + page), value))
        path += "/" if value.endswith("/") else ""
        return path[len(prefix):] if (path + "/").startswith(prefix) else _OUTSIDE
    value = value.strip()
    if not value or value.startswith("#") or value.lower().startswith(_OTHER_SCHEMES):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        if parts.netloc != host or parts.scheme not in ("http", "https", ""):
            return None  # another host: the weekly external link check's business
        path = parts.path
    elif parts.path.startswith("/"):
        path = parts.path
    else:
        page_dir = posixpath.dirname(prefix + page)
        path = posixpath.normpath(posixpath.join(page_dir, parts.path)) + (
            "/" if parts.path.endswith("/") or not parts.path else "")
    path = unquote(path)
    if not (path + "/").startswith(prefix):
        return _OUTSIDE  # leaves the site's path: broken once served under it
    return path[len(prefix):]


def _exists(files: frozenset[str], folders: frozenset[str], target: str) -> bool:
    if target == _OUTSIDE:
        return False
    folder = target == "" or target.endswith("/")
    target = posixpath.normpath(target) if target else ""
    target = "" if target == "." else target
    if folder or target == "" or target in folders:
        return f"{target}/index.html".lstrip("/") in files
    return target in files
