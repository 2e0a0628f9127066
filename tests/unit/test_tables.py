"""Tests of the notebooks' table helper (utils.tables)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pytest

import utils
from utils import tables


class _Cells(HTMLParser):
    """The tags and attributes of an HTML fragment, and the text of its th/td cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("th", "td"):
            self._in_cell = True
            self.texts.append("")

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._in_cell = False

    def handle_data(self, data):
        if self._in_cell:
            self.texts[-1] += data


def _parse(fragment: str) -> _Cells:
    parser = _Cells()
    parser.feed(fragment)
    return parser


FORMATS = [("float16", 16, 65504.0), ("bfloat16", 16, 3.39e38)]


def test_exported_from_utils():
    assert utils.table is tables.table
    assert "table" in utils.__all__


def test_plain_text_pads_by_display_width():
    t = utils.table(FORMATS, header=("형식", "비트", "최댓값"), formats=(None, None, ".3e"))
    assert repr(t) == (
        "형식      비트     최댓값\n"
        "--------  ----  ---------\n"
        "float16     16  6.550e+04\n"
        "bfloat16    16  3.390e+38"
    )
    # every line is as wide as the rule (the last column is right-aligned)
    widths = {tables.display_width(line) for line in repr(t).splitlines()}
    assert widths == {25}


def test_caption_is_the_first_line_and_the_html_caption():
    t = utils.table([(1, 2)], header=("a", "b"), caption="표 1")
    assert repr(t).splitlines()[0] == "표 1"
    assert "<caption>표 1</caption>" in t._repr_html_()


def test_html_is_an_accessible_table_aligned_in_any_front_end():
    t = utils.table(FORMATS, header=("형식", "비트", "최댓값"), formats=(None, None, ".3e"))
    page = t._repr_html_()
    parsed = _parse(page)
    tags = [tag for tag, _ in parsed.tags]
    assert tags.count("table") == 1 and tags.count("thead") == 1 and tags.count("tbody") == 1
    # only the alignment is inline (JupyterLab right-aligns every cell of a table without it)
    styles = {attrs.get("style") for _, attrs in parsed.tags} - {None}
    assert styles == {"text-align: left", "text-align: right"}
    heads = [attrs for tag, attrs in parsed.tags if tag == "th"]
    assert len(heads) == 3 and all(attrs.get("scope") == "col" for attrs in heads)
    table_attrs = next(attrs for tag, attrs in parsed.tags if tag == "table")
    assert "utils-table" in table_attrs["class"].split()
    assert parsed.texts == ["형식", "비트", "최댓값", "float16", "16", "6.550e+04"] + [
        "bfloat16",
        "16",
        "3.390e+38",
    ]
    # numbers right-aligned (with the class for same-width digits), text left-aligned
    cells = [attrs for tag, attrs in parsed.tags if tag in ("th", "td")]
    assert [a.get("class") for a in cells[:3]] == [None, "num", "num"]
    assert [a["style"] for a in cells[:3]] == ["text-align: left"] + ["text-align: right"] * 2


def test_cells_are_escaped():
    t = utils.table([("<b>&", 1)], header=("x<y", "n"))
    page = t._repr_html_()
    assert "&lt;b&gt;&amp;" in page and "x&lt;y" in page and "<b>" not in page


def test_default_alignment_and_explicit_alignment():
    rows = [("닭", 1, True, "5/10"), ("강아지", 2.5, False, "8/7")]
    t = utils.table(rows, header=("이름", "n", "참", "비트"))
    assert t.align == "lrll"  # booleans and numbers as text are not numbers
    assert utils.table(rows, header=("이름", "n", "참", "비트"), align="lrcr").align == "lrcr"
    centred = repr(utils.table([("ab",)], header=("abcd",), align="c"))
    assert centred.splitlines()[2] == " ab"


def test_formats_apply_to_numbers_only():
    rows = [(np.float64(0.5), "0.25", np.int64(1200), True)]
    t = utils.table(rows, header=("a", "b", "c", "d"), formats=(".3f", ".3f", ",", ".1f"))
    assert t.cells == [["0.500", "0.25", "1,200", "True"]]


def test_output_is_deterministic():
    def make():
        return utils.table(FORMATS, header=("형식", "비트", "최댓값"))

    assert repr(make()) == repr(make())
    assert make()._repr_html_() == make()._repr_html_()
    assert not re.search(r"0x[0-9a-f]{6,}", repr(make()))


def test_display_width_counts_hangul_twice_and_combining_marks_not():
    assert tables.display_width("abc") == 3
    assert tables.display_width("닭이 1등") == 8
    assert tables.display_width("p̂") == 1  # p + combining circumflex


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"rows": [(1, 2), (3,)], "header": ("a", "b")},
            ValueError,
            "table: rows[1] has 1 cells for the 2 columns of header",
        ),
        (
            {"rows": [(1, 2, 3)], "header": ("a", "b")},
            ValueError,
            "table: rows[0] has 3 cells for the 2 columns of header",
        ),
        ({"rows": [], "header": ("a",)}, ValueError, "table: rows is empty"),
        ({"rows": [(1,)], "header": ()}, ValueError, "table: header is empty"),
        ({"rows": [(1,)], "header": "a"}, TypeError, "table: header must be a list of strings"),
        ({"rows": [(1,)], "header": (1,)}, TypeError, "table: header must be a list of strings"),
        ({"rows": "ab", "header": ("a",)}, TypeError, "table: rows must be a list of rows"),
        ({"rows": [1, 2], "header": ("a",)}, TypeError, "table: rows[0] must be a sequence"),
        (
            {"rows": [(1, 2)], "header": ("a", "b"), "formats": (".2f",)},
            ValueError,
            "table: formats has 1 entries for 2 columns of header",
        ),
        (
            {"rows": [(1, 2)], "header": ("a", "b"), "formats": ".2f"},
            TypeError,
            "table: formats must be a list of format specs",
        ),
        (
            {"rows": [(1, 2)], "header": ("a", "b"), "formats": (".2f", 2)},
            TypeError,
            "table: formats[1] must be a format spec or None",
        ),
        (
            {"rows": [(1.5, 2)], "header": ("a", "b"), "formats": ("d", None)},
            ValueError,
            "table: formats[0] ('d') does not fit rows[0][0] (1.5)",
        ),
        (
            {"rows": [(1, 2)], "header": ("a", "b"), "align": "l"},
            ValueError,
            "table: align has 1 entries for 2 columns of header",
        ),
        (
            {"rows": [(1, 2)], "header": ("a", "b"), "align": "lx"},
            ValueError,
            "table: align has 'x'",
        ),
        (
            {"rows": [(1, 2)], "header": ("a", "b"), "caption": 3},
            TypeError,
            "table: caption must be a string or None",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        utils.table(**kwargs)


def test_short_cells_without_korean_stay_on_one_line():
    rows = [("(ŷ − y) J", "교차 엔트로피", 0.5, "x" * 31)]
    t = utils.table(rows, header=("식", "이름", "값", "긴 글"))
    cells = [attrs for tag, attrs in _parse(t._repr_html_()).tags if tag == "td"]
    assert [a.get("class") for a in cells] == ["nowrap", None, "num nowrap", None]
    heads = [attrs for tag, attrs in _parse(t._repr_html_()).tags if tag == "th"]
    assert all("nowrap" not in (a.get("class") or "") for a in heads)  # headers may wrap
