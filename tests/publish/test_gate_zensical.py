"""The post-build gate on Zensical's pages: its own inline scripts and configuration pass, read
from its installed templates as Material's are; nothing else it could write does."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from generator.publish.gate import check_page, inline_patterns, theme_inline_scripts
from generator.settings import DEFAULT_SITE_URL
from tests.publish.test_gate import BOOTSTRAP, PAGE, TAB_TARGET, material_page

pytest.importorskip("zensical")
TEMPLATES = Path(str(files("zensical"))) / "templates"


def zensical_script(name: str) -> str:
    """The last inline script of one of Zensical's partials, its Jinja expression as {base}."""
    template = (TEMPLATES / "partials" / "javascripts" / name).read_text("utf-8")
    return re.sub(r"\{\{.*?\}\}", "{base}", re.findall(r"<script>(.*?)</script>", template)[-1])


ZENSICAL_BOOTSTRAP = zensical_script("base.html")


def zensical_config(base: str = "../..", **changes: object) -> str:
    config: dict[str, object] = {
        "annotate": None, "base": base, "features": ["navigation.tabs"], "redirect": None,
        "search": f"{base}/assets/javascripts/workers/search.c47bb847.min.js", "tags": None,
        "translations": {"clipboard.copy": "Kopiëren naar klembord"}, "version": None}
    return json.dumps({**config, **changes})


def zensical_page(base: str = "../..", config: str | None = None) -> str:
    """A page shaped like Zensical's: Material's page with Zensical's head script and config."""
    page = material_page(base=base).replace(BOOTSTRAP.replace("{base}", base),
                                            ZENSICAL_BOOTSTRAP.replace("{base}", base))
    return re.sub(r'(<script id="__config" type="application/json">).*?(</script>)',
                  lambda m: m.group(1) + (config or zensical_config(base)) + m.group(2), page)


def test_the_allowlist_is_read_from_both_installed_themes() -> None:
    assert theme_inline_scripts("material") == [BOOTSTRAP, TAB_TARGET]
    assert theme_inline_scripts("zensical") == [ZENSICAL_BOOTSTRAP, zensical_script("content.html")]
    assert ZENSICAL_BOOTSTRAP != BOOTSTRAP and len(inline_patterns()) == 4
    assert theme_inline_scripts("geen-thema-met-deze-naam") == []


def test_zensical_pages_pass() -> None:
    assert check_page(zensical_page(), PAGE, DEFAULT_SITE_URL) == []
    assert check_page(zensical_page("."), "index.html", DEFAULT_SITE_URL) == []
    assert check_page(zensical_page("/kennisplatform"), "404.html", DEFAULT_SITE_URL) == []


@pytest.mark.parametrize("config", [
    zensical_config(redirect="../../redirect.json"),
    zensical_config(redirect="https://evil.example/redirect.json"),
    zensical_config(extra="x"),
    zensical_config(base="https://evil.example/"),
])
def test_zensical_configuration_with_more_than_ours_is_refused(config: str) -> None:
    found = check_page(zensical_page(config=config), PAGE, DEFAULT_SITE_URL)
    assert [f.code for f in found] == ["script-niet-toegestaan"]
    assert found[0].found.startswith('<script id="__config"')


def test_zensical_head_script_with_a_base_elsewhere_is_refused() -> None:
    page = zensical_page().replace('new URL("../..",location)',
                                   'new URL("https://evil.example/",location)')
    assert [f.code for f in check_page(page, PAGE, DEFAULT_SITE_URL)] == ["script-niet-toegestaan"]
