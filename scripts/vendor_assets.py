"""Copy the vendored browser files from ``node_modules/`` into ``vendor/static/`` and rewrite
``vendor/SHA256SUMS``.

Run through ``make vendor``, which first runs ``npm ci --ignore-scripts`` (versions and tarball
hashes pinned by ``package.json`` + ``package-lock.json``; npm checks each tarball against the
lock's ``integrity``). The files taken from each package are listed ONCE, under the ``"vendor"`` key
of ``package.json``::

    "vendor": {"<npm package>": {"to": "<folder under vendor/static/>", "files": ["<glob in the
    package>", ...]}}

The book build never uses npm or the network; the copies are committed.
``tests/browser/test_html.py`` checks the committed files against ``vendor/SHA256SUMS`` (same as
``cd vendor/static && sha256sum -c ../SHA256SUMS``), and that no unlisted file sits in
``vendor/static/``. The book's own files are in ``static/book/``, not here.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys

from bookdev import ROOT

STATIC = ROOT / "vendor" / "static"
SUMS = ROOT / "vendor" / "SHA256SUMS"
NODE_MODULES = ROOT / "node_modules"


def copy_packages() -> None:
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    for package, spec in manifest["vendor"].items():
        source = NODE_MODULES / package
        installed = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
        pinned = manifest["dependencies"][package]
        if installed != pinned:
            sys.exit(f"{package}: node_modules has {installed}, package.json pins {pinned}")
        target = STATIC / spec["to"]
        if target.exists():
            shutil.rmtree(target)
        for pattern in spec["files"]:
            matches = sorted(source.glob(pattern))
            if not matches:
                sys.exit(f"{package}: nothing matches {pattern}")
            for src in matches:
                dest = target / src.relative_to(source)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
        print(f"{package}@{installed} → vendor/static/{spec['to']}/")


def write_sums() -> None:
    files = sorted(p for p in STATIC.rglob("*") if p.is_file())
    lines = [
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(STATIC).as_posix()}"
        for p in files
    ]
    SUMS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    print(f"wrote {SUMS.relative_to(ROOT)} ({len(lines)} files, {megabytes:.2f} MB)")


if __name__ == "__main__":
    if not NODE_MODULES.is_dir():
        sys.exit(
            "node_modules/ is missing: run 'make vendor'"
            " (npm ci --ignore-scripts, then this script)"
        )
    copy_packages()
    write_sums()
