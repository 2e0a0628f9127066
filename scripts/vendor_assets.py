"""Vendored browser assets of the HTML book: fetch them from the npm registry, or verify the committed copies.

The book must work offline, so MathJax, RequireJS and the ipywidgets HTML manager are committed under
``vendor/static/`` (served as ``_static/`` by Sphinx) instead of being loaded from CDNs. This script is the
provenance of those files:

    .venv/bin/python scripts/vendor_assets.py --check   # default: committed files match vendor/SHA256SUMS
    .venv/bin/python scripts/vendor_assets.py --fetch   # npm pack the pinned tarballs, check their sha512
                                                        # (registry integrity), re-extract, rewrite SHA256SUMS

``--fetch`` is only needed to change a version (edit PACKAGES and the integrity, then update vendor/VENDOR.md);
builds never touch the network.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "vendor"
STATIC = VENDOR / "static"
SUMS = VENDOR / "SHA256SUMS"

# name@version, npm "dist.integrity" (sha512 of the tarball), target folder under vendor/static/,
# and the files taken from the tarball's package/ folder (glob patterns).
PACKAGES = [
    {
        "spec": "mathjax@3.2.2",
        "integrity": "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        "target": "mathjax",
        "files": ["LICENSE", "es5/tex-chtml-full.js", "es5/output/chtml/fonts/woff-v2/*.woff"],
    },
    {
        "spec": "requirejs@2.3.8",
        "integrity": "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
        "target": "requirejs",
        "files": ["require.js"],
    },
    {
        "spec": "@jupyter-widgets/html-manager@1.0.15",
        "integrity": "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        "target": "html-manager",
        # embed-amd.js plus the FontAwesome web fonts its CSS points at (woff2/woff; browsers never ask for
        # the eot/ttf/svg fallbacks listed after them).
        "files": ["dist/embed-amd.js", "dist/embed.js.LICENSE.txt", "dist/*.woff2", "dist/*.woff"],
    },
]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendored_files() -> list[Path]:
    """Every committed vendored file (the book's own scripts in vendor/static/book/ are not vendored)."""
    return sorted(
        p for p in STATIC.rglob("*") if p.is_file() and p.relative_to(STATIC).parts[0] != "book"
    )


def check() -> list[str]:
    """Return a list of problems (empty when every vendored file matches SHA256SUMS)."""
    if not SUMS.exists():
        return [f"missing {SUMS.relative_to(ROOT)}"]
    expected = {}
    for line in SUMS.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(None, 1)
        expected[name.strip()] = digest
    problems = []
    present = {p.relative_to(STATIC).as_posix(): p for p in vendored_files()}
    for name, digest in expected.items():
        if name not in present:
            problems.append(f"missing vendored file: {name}")
        elif _sha256(present[name]) != digest:
            problems.append(f"sha256 mismatch: {name}")
    problems += [f"unlisted file in vendor/static: {n}" for n in present if n not in expected]
    return problems


def fetch() -> None:
    """npm pack each pinned package, verify its sha512, extract the listed files, rewrite SHA256SUMS."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm not found (node 20 + npm are needed only for --fetch)")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for pkg in PACKAGES:
            out = subprocess.run(
                [npm, "pack", pkg["spec"], "--pack-destination", tmp, "--silent"],
                check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]
            tarball = tmpdir / out
            algo, b64 = pkg["integrity"].split("-", 1)
            digest = base64.b64encode(hashlib.new(algo, tarball.read_bytes()).digest()).decode()
            if digest != b64:
                sys.exit(f"{pkg['spec']}: tarball {algo} does not match the pinned integrity")
            print(f"{pkg['spec']}: {tarball.name} sha256={_sha256(tarball)} (integrity ok)")
            unpacked = tmpdir / pkg["target"]
            with tarfile.open(tarball) as tf:
                tf.extractall(unpacked, filter="data")
            target = STATIC / pkg["target"]
            if target.exists():
                shutil.rmtree(target)
            for pattern in pkg["files"]:
                matches = sorted((unpacked / "package").glob(pattern))
                if not matches:
                    sys.exit(f"{pkg['spec']}: nothing matches {pattern}")
                for src in matches:
                    dest = target / src.relative_to(unpacked / "package")
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(src, dest)
    lines = [f"{_sha256(p)}  {p.relative_to(STATIC).as_posix()}" for p in vendored_files()]
    SUMS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {SUMS.relative_to(ROOT)} ({len(lines)} files)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fetch", action="store_true", help="download from npm and re-extract")
    parser.add_argument("--check", action="store_true", help="verify committed files (default)")
    args = parser.parse_args()
    if args.fetch:
        fetch()
    problems = check()
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        total = sum(p.stat().st_size for p in vendored_files())
        print(f"vendored assets ok: {len(vendored_files())} files, {total / 1e6:.2f} MB")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
