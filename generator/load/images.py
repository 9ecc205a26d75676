"""Images beside the resources: really images, of the kind their name says, and not huge.

A file called foto.png is published as an image; if it is really HTML or SVG a browser may run
it, and a 20 MB photo makes a page unusable on a phone. The type is read from the first bytes
(the "magic number"), never from the name alone.
"""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic, error
from generator.load.discover import IMAGE_SUFFIXES

MAX_IMAGE_BYTES = 2 * 1024 * 1024  # 2 MB: a full-width photo compressed for the web is far less
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
}


def image_kind(head: bytes) -> str | None:
    """The image type of a file's first bytes ('.png', '.jpg', '.gif', '.webp'), or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    for suffix, signatures in _SIGNATURES.items():
        if head.startswith(signatures):
            return ".jpg" if suffix == ".jpeg" else suffix
    return None


def check_images(root: Path, paths: frozenset[str]) -> list[Diagnostic]:
    """Every image among ``paths`` (relative to ``root``): type by content, size capped."""
    problems = []
    for rel in sorted(p for p in paths if Path(p).suffix.lower() in IMAGE_SUFFIXES):
        problems.extend(_check_image(root / rel, rel))
    return problems


def _check_image(path: Path, rel: str) -> list[Diagnostic]:
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return [error(rel, 1, 1, "afbeelding-te-groot",
                      f"de afbeelding is {size / 1024 / 1024:.1f} MB; het maximum is 2 MB".replace(".", ","),
                      "verklein de afbeelding, bijvoorbeeld tot 1600 pixels breed")]
    with path.open("rb") as handle:
        kind = image_kind(handle.read(16))
    expected = ".jpg" if path.suffix.lower() == ".jpeg" else path.suffix.lower()
    if kind is None:
        return [error(rel, 1, 1, "geen-afbeelding",
                      f"dit bestand heet {path.suffix} maar is geen afbeelding",
                      "sla de afbeelding opnieuw op als PNG, JPEG, WebP of GIF")]
    if kind != expected:
        return [error(rel, 1, 1, "verkeerd-bestandstype",
                      f"dit bestand heet {path.suffix} maar is een {kind[1:].upper()}-afbeelding",
                      f"geef het bestand de extensie {kind}")]
    return []
