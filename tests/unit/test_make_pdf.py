"""``scripts/make_pdf.py``: the outline fix undoes Chromium's doubled bookmark titles only."""

from __future__ import annotations

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
    assert make_pdf.fix_outline_titles(pdf) == 1
    assert [o.title for o in PdfReader(pdf).outline] == ["정리", "개요", "소프트맥스"]


def test_a_pdf_without_doubled_titles_is_left_byte_for_byte(tmp_path):
    pdf = _pdf(tmp_path / "b.pdf", ["개요", "abab ", "정리"])
    before = pdf.read_bytes()
    assert make_pdf.fix_outline_titles(pdf) == 1
    assert pdf.read_bytes() == before
