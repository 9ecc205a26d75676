"""The editing screen on one's own computer: decap-server beside the live preview.

The page itself is made by :mod:`generator.render.editor`; this module runs what it talks to
locally (``kennispunt bewerkscherm``) and refuses a build whose site would lack the bundle.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from generator.publish.renderer import PublishError
from generator.render.editor import DECAP_SERVER, EditorMissing, bundle_files

HOST = "127.0.0.1"


def require_editor_bundle() -> None:
    """Raise :class:`PublishError` when the Decap bundle is not installed.

    The live preview goes on without it (the page then says how to install it); a published
    site must not carry an editing page that cannot work.
    """
    try:
        bundle_files()
    except EditorMissing as exc:
        raise PublishError(f"De site is niet gebouwd: {exc}.") from None


def start_local_backend(root: Path, port: int) -> subprocess.Popen[bytes]:
    """decap-server on 127.0.0.1:``port``, reading and writing the files under ``root``.

    MODE=fs writes straight into the working tree (no branches, no editorial workflow), so the
    live preview beside it shows every save; the pull request is made afterwards with git.
    """
    if not DECAP_SERVER.is_file() or shutil.which("node") is None:
        raise EditorMissing("decap-server of node ontbreekt; draai ./scripts/setup")
    env = {**os.environ, "BIND_HOST": HOST, "PORT": str(port), "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "warn"}
    return subprocess.Popen(["node", str(DECAP_SERVER)], env=env)
