"""A JupyterLab server for the browser tests: isolated from the user's Jupyter set-up, stopped with
its kernels.

:func:`book_lab` serves a temporary copy of ``chapters/`` (the notebooks import ``utils`` from the
editable install, so nothing else is copied) with the book's JupyterLab defaults, autosave off and a
random token; :func:`make_lab` starts the README's ``make lab`` instead. :func:`tree_hashes` lets a
test prove that the repository did not change.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bookdev import ROOT

# The book's JupyterLab defaults (make lab passes the same folder): widget comms on the main shell,
# not a subshell.
BOOK_LAB_SETTINGS = ROOT / "jupyter_config" / "lab" / "settings"
SERVER_START_TIMEOUT = 90  # s

# JupyterLab user settings for the test server (a temporary settings dir, never the user's own):
# - autosave off: the test must not write to the notebooks, not even to the temporary copies;
# - windowingMode none: every cell is in the DOM, not only those in the viewport;
# - no news / update checks (no network).
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


class Lab:
    """A running server: its URL, token, root folder and log, and a few REST calls."""

    def __init__(self, url: str, token: str, root: Path, log: Path):
        self.url, self.token, self.root, self.log = url, token, root, log

    def api(self, method: str, path: str, token: bool = True):
        req = urllib.request.Request(f"{self.url}{path}", method=method)
        if token:
            req.add_header("Authorization", f"token {self.token}")
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                body = resp.read()
                return resp.status, (
                    json.loads(body) if body and path.startswith("/api/") else body
                )
        except urllib.error.HTTPError as err:
            return err.code, None

    def page_config(self) -> dict:
        """The configuration JupyterLab's page is served with (extensions, default URL, ...)."""
        status, page = self.api("GET", "/lab")
        assert status == 200, status
        return json.loads(
            re.search(rb'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.DOTALL).group(1)
        )

    def federated_extensions(self) -> set[str]:
        return {ext["name"] for ext in self.page_config().get("federated_extensions", [])}

    def shutdown_sessions(self):
        _, sessions = self.api("GET", "/api/sessions")
        for session in sessions or []:
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, n: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-n:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lab_command(port: int, token: str, root: Path) -> list[str]:
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        # the book's defaults, as `make lab` uses them
        f"--LabApp.app_settings_dir={BOOK_LAB_SETTINGS}",
        # window.jupyterapp: run commands, read the notebook model
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI containers run as root
    return cmd


def isolated_env(base: Path) -> dict[str, str]:
    """The environment with every Jupyter folder moved under ``base`` (never the user's config,
    kernels, settings)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    env.update(
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_DATA_DIR=str(base / "data"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        IPYTHONDIR=str(base / "ipython"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


@contextlib.contextmanager
def _running(
    cmd: list[str], base: Path, port: int, token: str, root: Path, cwd: Path
) -> Iterator[Lab]:
    """Start ``cmd`` in its own process group, wait for ``/api/status``, yield the server; stop the
    whole group."""
    log = base / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=isolated_env(base),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Lab(f"http://127.0.0.1:{port}", token, root, log)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"{cmd[0]} exited with {proc.returncode}:\n{server.log_tail()}")
            with contextlib.suppress(OSError):
                if server.api("GET", "/api/status")[0] == 200:
                    break
            if time.monotonic() > deadline:
                pytest.fail(
                    f"JupyterLab did not start in {SERVER_START_TIMEOUT} s:\n{server.log_tail()}"
                )
            time.sleep(0.1)
        yield server
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the server shuts its kernels down
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@contextlib.contextmanager
def book_lab(base: Path, chapters: Path) -> Iterator[Lab]:
    """A test server whose root holds a temporary copy of ``chapters`` (the repository's files are
    never served)."""
    root = base / "book"
    shutil.copytree(
        chapters,
        root / "chapters",
        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"),
    )
    for plugin, values in LAB_SETTINGS.items():
        path = base / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    port, token = free_port(), secrets.token_urlsafe(24)
    with _running(lab_command(port, token, root), base, port, token, root, cwd=root) as server:
        yield server


@contextlib.contextmanager
def make_lab(base: Path) -> Iterator[Lab]:
    """The README's ``make lab`` (root = the repository), on a free port with a random token."""
    make = shutil.which("make")
    assert make, "make is needed for the README's commands"
    port, token = free_port(), secrets.token_urlsafe(24)
    args = " ".join(
        [
            "--no-browser",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
        ]
    )
    # -o: never re-run the venv setup from a test
    cmd = [make, "-o", ".venv/.installed", "lab", "HOST=127.0.0.1", f"LAB_ARGS={args}"]
    with _running(cmd, base, port, token, ROOT, cwd=ROOT) as server:
        yield server


def tree_hashes(source: Path, folders: tuple[str, ...]) -> dict[str, str]:
    """sha256 of every file under ``source/<folder>`` (caches and checkpoints aside)."""
    hashes = {}
    for folder in folders:
        for path in sorted((source / folder).rglob("*")):
            if (
                path.is_file()
                and "__pycache__" not in path.parts
                and ".ipynb_checkpoints" not in path.parts
            ):
                hashes[str(path.relative_to(source))] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return hashes
