"""Images beside resources: their bytes decide what they are, and they stay small."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load.images import MAX_IMAGE_BYTES, check_images, image_kind

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
GIF = b"GIF89a" + b"\x00" * 10
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 12
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 "


@pytest.mark.parametrize("head, kind", [(PNG, ".png"), (GIF, ".gif"), (JPEG, ".jpg"), (WEBP, ".webp"),
                                        (b"<svg onload=alert(1)>", None), (b"", None)])
def test_image_kind_reads_the_first_bytes(head: bytes, kind: str | None) -> None:
    assert image_kind(head) == kind


def _problems(tmp_path: Path, name: str, data: bytes) -> list[tuple[str, str]]:
    (tmp_path / "content" / "handreikingen").mkdir(parents=True, exist_ok=True)
    rel = f"content/handreikingen/{name}"
    (tmp_path / rel).write_bytes(data)
    return [(d.code, d.message) for d in check_images(tmp_path, frozenset({rel}))]


def test_a_real_image_of_its_named_kind_passes(tmp_path: Path) -> None:
    assert _problems(tmp_path, "foto.jpeg", JPEG) == []
    assert _problems(tmp_path, "schema.png", PNG) == []


def test_html_or_svg_named_png_is_refused(tmp_path: Path) -> None:
    [(code, message)] = _problems(tmp_path, "foto.png", b"<svg onload=alert(1)>")
    assert code == "geen-afbeelding" and "geen afbeelding" in message


def test_a_gif_named_png_gets_the_right_extension_as_hint(tmp_path: Path) -> None:
    [(code, message)] = _problems(tmp_path, "foto.png", GIF)
    assert (code, message) == ("verkeerd-bestandstype", "dit bestand heet .png maar is een GIF-afbeelding")


def test_an_image_over_two_megabytes_is_refused(tmp_path: Path) -> None:
    [(code, message)] = _problems(tmp_path, "groot.png", PNG + b"\x00" * (MAX_IMAGE_BYTES + 100_000))
    assert code == "afbeelding-te-groot"
    assert message == "de afbeelding is 2,1 MB; het maximum is 2 MB"
