"""The package's public surface is small and deliberate; changing it is a visible decision."""

from __future__ import annotations

from importlib.metadata import version

import generator


def test_public_api_is_locked() -> None:
    assert generator.__all__ == [
        "CheckResult",
        "Diagnostic",
        "Report",
        "Severity",
        "check_repository",
    ]


def test_all_is_sorted_and_importable() -> None:
    assert generator.__all__ == sorted(generator.__all__)
    for name in generator.__all__:
        assert getattr(generator, name) is not None


def test_version_matches_the_package() -> None:
    assert generator.__version__ == version("kennisplatform")
