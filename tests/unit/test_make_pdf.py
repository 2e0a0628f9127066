"""``scripts/make_pdf.py``: the outline fix undoes Chromium's doubled bookmark titles only, in an
incremental update appended to the file."""

from __future__ import annotations

import pytest
from pypdf import PdfReader, PdfWriter

from ..extensions import load_script

make_pdf = load_script("make_pdf")


def _pdf(path, titles):
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    for title in titles:
        writer.add_outline_item(title=title, page_number=0)
    writer.write(path)
    return path


def test_a_doubled_title_is_written_once(tmp_path):
    pdf = _pdf(tmp_path / "a.pdf", ["정리정리", "개요", "소프트맥스"])
    before = pdf.read_bytes()
    assert make_pdf.fix_outline_titles(pdf) == 1
    reader = PdfReader(pdf, strict=True)
    assert [o.title for o in reader.outline] == ["정리", "개요", "소프트맥스"]
    assert len(reader.pages) == 1
    # appended: the original bytes come first, unchanged, then the update
    after = pdf.read_bytes()
    assert after.startswith(before) and after.count(b"%%EOF") == before.count(b"%%EOF") + 1


def test_nested_doubled_titles_are_fixed_and_the_tree_kept(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    parent = writer.add_outline_item(title="손실 함수손실 함수", page_number=0)
    writer.add_outline_item(title="절 하나절 하나", page_number=0, parent=parent)
    writer.add_outline_item(title="절 둘", page_number=0, parent=parent)
    pdf = tmp_path / "n.pdf"
    writer.write(pdf)
    make_pdf.fix_outline_titles(pdf)
    outline = PdfReader(pdf, strict=True).outline
    assert outline[0].title == "손실 함수"
    assert [o.title for o in outline[1]] == ["절 하나", "절 둘"]


def test_a_file_without_a_plain_cross_reference_table_is_refused(tmp_path):
    pdf = _pdf(tmp_path / "c.pdf", ["정리정리"])
    data = pdf.read_bytes()
    cut = data.rindex(b"startxref")
    pdf.write_bytes(data[:cut] + b"startxref\n0\n%%EOF\n")  # points at the header, not at "xref"
    with pytest.raises(RuntimeError, match="plain cross-reference table"):
        make_pdf.fix_outline_titles(pdf)


def test_a_pdf_without_doubled_titles_is_left_byte_for_byte(tmp_path):
    pdf = _pdf(tmp_path / "b.pdf", ["개요", "abab ", "정리"])
    before = pdf.read_bytes()
    assert make_pdf.fix_outline_titles(pdf) == 1
    assert pdf.read_bytes() == before
