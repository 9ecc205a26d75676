"""Our own check of the built site: every internal ``href`` and ``src`` resolves to a file.

It judges the output, whatever renderer made it (run after the renderer and the post-build
gate, before Pagefind, so a site with broken links is not indexed). MkDocs and ProperDocs check links in the
Markdown (``validation:`` in mkdocs.yml); Zensical 0.0.73 honours only two of those settings,
and none of them sees links in the theme, in raw HTML or in what a renderer rewrites. The
site is read as it will be served: under the path of ``site_url`` (``/kennisplatform/``), so
an address that leaves that path is broken too.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from generator.publish.renderer import PublishError
from generator.settings import Settings

ATTRIBUTES = ("href", "src")
MAX_SHOWN = 20
_OTHER_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
_OUTSIDE = "\0buiten-het-pad"  # a target that leaves the site's path: never a file


def enforce_internal_links(settings: Settings) -> None:
    """Raise :class:`PublishError` naming every page with a link that leads nowhere."""
    broken = check_internal_links(settings.site_dir, settings.site_url)
    if broken:
        shown = "\n".join(f"  {line}" for line in broken[:MAX_SHOWN])
        more = f"\n  … en nog {len(broken) - MAX_SHOWN}" if len(broken) > MAX_SHOWN else ""
        raise PublishError(f"De gebouwde site heeft {len(broken)} interne link(s) die nergens "
                           f"heen gaan (pagina in site/: element):\n{shown}{more}")


def check_internal_links(site_dir: Path, site_url: str) -> list[str]:
    """Every broken internal link as ``page: <tag attr="value">``, sorted; empty when none."""
    base = urlsplit(site_url)
    prefix = base.path if base.path.endswith("/") else base.path + "/"
    problems: set[str] = set()
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        for tag, attribute, value in _references(page):
            target = _target(rel, value, base.netloc, prefix)
            if target is not None and not _exists(site_dir, target):
                problems.add(f'{rel}: <{tag} {attribute}="{value}">')
    return sorted(problems)


def _references(page: Path) -> Iterator[tuple[str, str, str]]:
    tree = LexborHTMLParser(page.read_bytes().decode("utf-8", errors="replace"))
    for node in tree.css("[href], [src]"):
        for attribute in ATTRIBUTES:
            value = node.attributes.get(attribute)
            if value is not None:
                yield node.tag or "?", attribute, value


def _target(page: str, value: str, host: str, prefix: str) -> str | None:
    """The site-relative path a reference points at, or None when it is not ours to check."""
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


def _exists(site_dir: Path, target: str) -> bool:
    if target == _OUTSIDE:
        return False
    path = site_dir / target
    if target == "" or target.endswith("/") or path.is_dir():
        return (path / "index.html").is_file()
    return path.is_file()
