"""Copy the vendored browser files from ``node_modules/`` into ``vendor/static/`` and rewrite
``vendor/SHA256SUMS``.

Run through ``make vendor``, which first runs ``npm ci --ignore-scripts`` (versions and tarball
hashes pinned by ``package.json`` + ``package-lock.json``; npm checks each tarball against the
lock's ``integrity``). The files taken from each package are listed ONCE, under the ``"vendor"`` key
of ``package.json``::

    "vendor": {"<npm package>": {"to": "<folder under vendor/static/>",
                                 "files": ["<glob in the package>", ...]}}

Files are copied byte for byte, with one exception: a stylesheet listed under ``"woff2_only"``
(KaTeX's ``katex.min.css``) loses the woff and truetype sources of each ``@font-face``
(:func:`woff2_only`): only the woff2 fonts are vendored, and every browser the book supports
reads woff2. Folders in ``vendor/static/`` that no package names any more are removed.

The book build never uses npm or the network; the copies are committed.
``tests/browser/test_html.py`` checks the committed files against ``vendor/SHA256SUMS`` (same as
``cd vendor/static && sha256sum -c ../SHA256SUMS``), and that no unlisted file sits in
``vendor/static/``. The book's own files are in ``static/book/``, not here.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys

from bookdev import ROOT

STATIC = ROOT / "vendor" / "static"
SUMS = ROOT / "vendor" / "SHA256SUMS"
NODE_MODULES = ROOT / "node_modules"

# A fallback source in an @font-face src list: ``,url(fonts/X.woff) format("woff")``, or truetype.
_FALLBACK_FONT = re.compile(r""",\s*url\([^)]*\)\s*format\(["'](?:woff|truetype)["']\)""")


def woff2_only(css: str) -> str:
    """``css`` with every non-woff2 source dropped from its ``@font-face`` ``src`` lists.

    ``src:url(a.woff2) format("woff2"),url(a.woff) format("woff"),url(a.ttf) format("truetype")``
    becomes ``src:url(a.woff2) format("woff2")``. Fails if a woff/ttf reference is left (the package
    changed its CSS).
    """
    out = _FALLBACK_FONT.sub("", css)
    left = re.findall(r"url\([^)]*\.(?:woff|ttf|otf|eot)\b[^)]*\)", out)
    if left:
        sys.exit(f"woff2_only: the CSS still names {left[:3]}: update scripts/vendor_assets.py")
    return out


def copy_packages() -> None:
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    wanted = {spec["to"] for spec in manifest["vendor"].values()}
    for stale in sorted(p for p in STATIC.iterdir() if p.name not in wanted):  # no longer vendored
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
        print(f"removed vendor/static/{stale.name}")
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
        for name in spec.get("woff2_only", []):
            css = target / name
            css.write_text(woff2_only(css.read_text(encoding="utf-8")), encoding="utf-8")
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
