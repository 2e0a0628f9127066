"""Benchmark of the book's build, notebooks, tests, numerics, pages, live figures and PDF — prints
figures only.

Run with ``make bench`` (``python -m bench.run`` from the repository root; ``--only SECTION``,
repeatable, runs a part: see ``--help``). Builds and notebook runs happen in a temporary copy of the
book or a temporary folder, so the repository is left alone; only the phone and widget
sections build ``_build/html`` when it is missing (they measure the book a reader gets). Each figure
is printed with its floor or peer and the ratio to it, and the target from the issue where there is
one.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

from bench import numerics_bench, pdf_bench, phone, widgets_bench
from bookdev import ROOT
from bookdev.build import build_book, built_book, copy_sources

BIN = Path(sys.executable).parent

# ipykernel 7 logs a warning about its TCP transport at every start; only errors are worth printing
# here.
KERNEL_ARGS = ["--log-level=ERROR"]
NOTEBOOK_IMPORTS = (
    "import mxnet, numpy, matplotlib.pyplot, ipywidgets, koreanize_matplotlib, sklearn; "
    "from mxnet import gluon, autograd"
)


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def timed_build(book: Path) -> float:
    """Seconds of one HTML build of ``book`` (``bookdev.build.build_book``, progress not shown)."""
    start = time.perf_counter()
    build_book(book, quiet=True)
    return time.perf_counter() - start


def best_of(n: int, fn) -> float:
    return min(fn() for _ in range(n))


def row(
    name: str, seconds: float, ref: float | None = None, ref_name: str = "", target: str = ""
) -> None:
    ratio = f"{seconds / ref:6.2f} × {ref_name}" if ref else ""
    print(f"  {name:<44} {seconds:8.2f} s   {ratio:<28} {target}")


def kernel_start_with_imports() -> float:
    start = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", extra_arguments=KERNEL_ARGS)
    try:
        reply = kc.execute_interactive(NOTEBOOK_IMPORTS, timeout=120)
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return time.perf_counter() - start


def execute_notebook(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=600,
        extra_arguments=KERNEL_ARGS,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def edit_notebook(path: Path, cell_type: str) -> None:
    nb = nbformat.read(path, as_version=4)
    cell = next(
        c
        for c in nb.cells
        if c.cell_type == cell_type and "remove-cell" not in c.metadata.get("tags", [])
    )
    cell.source += "\n# bench edit" if cell_type == "code" else "\n\n(벤치마크 편집)"
    nbformat.write(nb, path)


def floors() -> tuple[float, float]:
    print("== 바닥(floor) ==")
    cli_floor = best_of(3, lambda: timed([str(BIN / "jupyter-book"), "--version"], ROOT))
    row("jupyter-book --version start-up", cli_floor)
    kernel_floor = best_of(2, kernel_start_with_imports)
    row("kernel start + notebook imports", kernel_floor)
    return cli_floor, kernel_floor


def notebooks_and_build() -> None:
    cli_floor, kernel_floor = floors()
    with tempfile.TemporaryDirectory(prefix="bench-book-") as tmp:
        book = copy_sources(Path(tmp))  # the working tree's files that git tracks or would add
        notebooks = sorted((book / "chapters").glob("*.ipynb"))

        print("\n== 노트북 실행 (nbclient, 각 1회, 커널 시작 포함) ==")
        exec_times = {}
        for nb in notebooks:
            exec_times[nb.name] = execute_notebook(nb)
            row(nb.name, exec_times[nb.name], kernel_floor, "kernel floor")
        total_exec = sum(exec_times.values())
        row("Σ notebook execution", total_exec)

        print("\n== 책 빌드 (bookdev.build: -W -n --keep-going, 실행 없음: 저장된 출력 사용) ==")
        cold = timed_build(book)
        row("cold build", cold, cli_floor + total_exec, "(floor + Σ exec)", "target ≤ 1.2")
        # best of 3, like the floor it is compared with
        warm = best_of(3, lambda: timed_build(book))
        row(
            "warm rebuild, no change (best of 3)",
            warm,
            cli_floor,
            "CLI floor",
            f"target ≤ floor + 2 s = {cli_floor + 2:.2f} s",
        )
        target_nb = book / "chapters" / "04_softmax.ipynb"
        if not target_nb.exists():
            target_nb = notebooks[0]
        edit_notebook(target_nb, "markdown")
        row("rebuild after a markdown edit", timed_build(book), cli_floor, "CLI floor")
        edit_notebook(target_nb, "code")
        row("rebuild after a code-cell edit", timed_build(book), cli_floor, "CLI floor")


def nbval() -> None:
    print("\n== nbval (chapters/, 저장된 출력과 비교) ==")
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "chapters"]
    serial = timed(pytest, ROOT)
    row("nbval serial", serial)
    parallel = timed(pytest + ["-n", "2", "--dist", "loadscope"], ROOT)
    row("nbval parallel (xdist -n 2, loadscope)", parallel, serial, "serial", "target ≤ 0.7")


def numerics() -> None:
    print("\n== utils 수치 ==")
    numerics_bench.main()


def html_book() -> Path:
    """The built HTML book the page sections measure (built first if it is missing)."""
    return built_book("html")


def phone_pages() -> None:
    """Every page on a slow phone (``bench.phone``): wire KB on a first visit and as a second
    page, largest contentful paint, time until a live figure answers."""
    print("\n== 느린 휴대전화 (150 ms, 1.6 Mbit/s, CPU 4×, gzip: 바이트, LCP, 첫 슬라이더) ==")
    phone.main(["--html", str(html_book())])


def widget_figures() -> None:
    """Slider latency (input → redrawn frame) of the live figures: ``bench.widgets_bench``."""
    print("\n== 라이브 그림 (utils.widgets: 슬라이더 지연) ==")
    widgets_bench.main(["--html", str(html_book())])


def pdf() -> None:
    print("\n== PDF 판 (make pdf: singlehtml 빌드 + Chromium 인쇄, 임시 폴더) ==")
    pdf_bench.time_pdf_build()


SECTIONS = {
    "build": notebooks_and_build,  # floors, every notebook executed, cold/warm/edited builds
    "nbval": nbval,
    "numerics": numerics,
    "phone": phone_pages,
    "widgets": widget_figures,
    "pdf": pdf,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument(
        "--only",
        action="append",
        choices=SECTIONS,
        metavar="SECTION",
        help=f"run only this section (repeatable): {', '.join(SECTIONS)};"
        " default: all, in that order",
    )
    args = parser.parse_args(argv)
    failed = []
    for name in args.only or SECTIONS:
        try:
            SECTIONS[name]()
        except Exception as e:  # noqa: BLE001 — one broken section must not throw away the others' figures
            failed.append(name)
            print(f"  !! section {name!r} failed: {type(e).__name__}: {e}")
    if failed:
        print(f"\nfailed sections: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
