"""relative_url's own relpath agrees with posixpath.relpath on every normalised tree path."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from generator.render.paths import _relpath, relative_url

segment = st.sampled_from(["a", "b", "ab", "index", "x.json", "doelgroepen", "ouderen"])
tree_path = st.lists(segment, max_size=4).map("/".join)


@given(tree_path, tree_path)
def test_relpath_is_posixpaths(target: str, base: str) -> None:
    assert _relpath(target, base) == posixpath.relpath(target or ".", base or ".")


def test_relative_urls_between_pages_and_files() -> None:
    assert relative_url("handreikingen/x/index.md", "doelgroepen/ouderen/index.md") == \
        "../../doelgroepen/ouderen/"
    assert relative_url("index.md", "zoeken/index.md") == "zoeken/"
    assert relative_url("zoeken/index.md", "index.md") == "../"
    assert relative_url("handreikingen/x/index.md", "handreikingen/x/index.md") == "./"
    assert relative_url("handreikingen/x/index.md", "handreikingen/x.json") == "../x.json"
