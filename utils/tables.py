"""Small tables printed by the notebooks: ``utils.table(rows, header=..., formats=...)``.

A table padded with spaces in ``print`` drifts out of line as soon as it holds Hangul: a browser
(and JupyterLab) draws a Hangul syllable about 1.6 monospace columns wide, not 2. :func:`table`
returns a :class:`Table` instead, which a notebook shows as its last expression (or with
``IPython.display.display``):

* in the HTML book and in JupyterLab as a real ``<table>`` (``_repr_html_``): a ``<thead>`` of
  ``<th scope="col">`` cells, an optional ``<caption>``, each cell aligned by its own
  ``text-align`` (JupyterLab, which has none of the book's CSS, right-aligns every table cell
  otherwise) and numbers marked ``num`` for same-width digits (``utils-table``, ``num``: the
  book's rules are in ``static/book/screen.css``); no other inline style;
* in a text-only front end as plain text (``__repr__``), its columns padded by display width
  (a wide character counts two columns, as in a terminal). The text depends only on the rows, so
  it is the same on every run (nbval compares it).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from . import _validation as validation

#: Alignment codes of :func:`table`'s ``align``: left, right, centre.
ALIGNMENTS = {"l": "left", "r": "right", "c": "center"}
#: A body cell of at most this many characters and no Korean stays on one line ("nowrap").
NOWRAP_MAX = 30
_HANGUL = re.compile(r"[가-힣ㄱ-ㅎㅏ-ㅣ]")

#: Space between two columns of the plain-text form.
COLUMN_GAP = "  "


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (East Asian W/F) characters count 2, combining
    marks 0, everything else 1."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int, align: str) -> str:
    """``text`` padded with spaces to ``width`` display columns."""
    gap = width - display_width(text)
    if align == "r":
        return " " * gap + text
    if align == "c":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


class Table:
    """A table of strings with a header row: HTML in the book, padded plain text elsewhere.

    Made by :func:`table`, which checks and formats the cells; the attributes are read-only by
    convention: ``header`` (one string per column), ``cells`` (rows of strings), ``align`` (one
    of ``"l"``, ``"r"``, ``"c"`` per column) and ``caption`` (a string or ``None``).
    """

    def __init__(
        self,
        header: list[str],
        cells: list[list[str]],
        align: str,
        caption: str | None,
    ) -> None:
        self.header = header
        self.cells = cells
        self.align = align
        self.caption = caption

    def __repr__(self) -> str:
        widths = [
            max(display_width(text) for text in column) for column in zip(self.header, *self.cells)
        ]

        def line(texts: Sequence[str]) -> str:
            padded = (
                _pad(text, width, align) for text, width, align in zip(texts, widths, self.align)
            )
            return COLUMN_GAP.join(padded).rstrip()

        rule = COLUMN_GAP.join("-" * width for width in widths)
        lines = [line(self.header), rule, *(line(row) for row in self.cells)]
        if self.caption is not None:
            lines.insert(0, self.caption)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        def cell(tag: str, text: str, align: str, scope: str = "") -> str:
            # the alignment on the cell itself: JupyterLab, which has no book CSS, right-aligns
            # every cell of a rendered table; in the book "num" gives numbers same-width digits
            # and "nowrap" keeps a short cell without Korean (a number, a vector, a formula such
            # as "(ŷ − y) J") on one line, where a phone would break it at a space
            names = ["num"] if align == "r" else []
            if tag == "td" and len(text) <= NOWRAP_MAX and not _HANGUL.search(text):
                names.append("nowrap")
            classes = f' class="{" ".join(names)}"' if names else ""
            style = f' style="text-align: {ALIGNMENTS[align]}"'
            return f"<{tag}{scope}{classes}{style}>{html.escape(text)}</{tag}>"

        head = "".join(
            cell("th", text, align, ' scope="col"') for text, align in zip(self.header, self.align)
        )
        body = "\n".join(
            "<tr>"
            + "".join(cell("td", text, align) for text, align in zip(row, self.align))
            + "</tr>"
            for row in self.cells
        )
        caption = (
            f"<caption>{html.escape(self.caption)}</caption>\n" if self.caption is not None else ""
        )
        return (
            '<div class="pst-scrollable-table-container">'
            '<table class="table utils-table">\n'
            f"{caption}<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n{body}\n</tbody>\n</table></div>"
        )


def _text(value: Any, spec: str | None, column: int, row: int) -> str:
    """One cell as text: a number through its column's format ``spec``, anything else ``str``."""
    if spec is None or not validation.is_real_scalar(value):
        return str(value)
    try:
        return format(value, spec)
    except (ValueError, TypeError) as err:
        raise ValueError(
            f"table: formats[{column}] ({spec!r}) does not fit rows[{row}][{column}] "
            f"({value!r}): {err}"
        ) from None


def table(
    rows: Sequence[Sequence[Any]],
    header: Sequence[str],
    *,
    formats: Sequence[str | None] | None = None,
    align: str | None = None,
    caption: str | None = None,
) -> Table:
    """A table to show in a notebook: HTML ``<table>`` in the book, padded text elsewhere.

    Parameters
    ----------
    rows:
        The body, one sequence per row, each with one value per column of ``header``. Numbers
        (``int``, ``float``, NumPy scalars; not booleans) go through ``formats``; anything else
        (strings, booleans, lists) is shown as ``str(value)``.
    header:
        The column names (strings), one per column.
    formats:
        One format spec per column, as in ``format(value, spec)`` (``".4f"``, ``".3e"``,
        ``","``, ``"+.4f"``), or ``None`` for ``str(value)``. It applies to the numbers of its
        column only. Default: ``str`` for every column.
    align:
        One letter per column: ``"l"`` (left), ``"r"`` (right) or ``"c"`` (centre), e.g.
        ``"lrrr"``. Default: right for a column whose cells are all numbers, left otherwise
        (pass ``"r"`` for a column of numbers already written as text, such as ``"5/10"``).
    caption:
        A title shown above the table (the HTML ``<caption>``), or ``None``.

    Returns
    -------
    Table
        Show it as a cell's last expression or with ``IPython.display.display``.

    Raises
    ------
    TypeError
        ``header`` or ``caption`` not strings, a row that is not a sequence.
    ValueError
        no columns or no rows, a row whose length differs from the header's (ragged rows),
        ``formats`` or ``align`` of the wrong length, an unknown alignment letter, a format spec
        that does not fit a number of its column.

    Examples
    --------
    >>> t = table([("float16", 16, 65504.0)], header=("형식", "비트", "최댓값"),
    ...           formats=(None, None, ".3e"))
    >>> print(repr(t))
    형식     비트     최댓값
    -------  ----  ---------
    float16    16  6.550e+04
    """
    checked = validation.table_args(rows, header, formats, align, caption)
    cells = [
        [
            _text(value, spec, column, row_index)
            for column, (value, spec) in enumerate(zip(row, checked.formats))
        ]
        for row_index, row in enumerate(checked.rows)
    ]
    if checked.align is None:
        numeric = [
            all(validation.is_real_scalar(row[column]) for row in checked.rows)
            for column in range(len(checked.header))
        ]
        alignment = "".join("r" if is_number else "l" for is_number in numeric)
    else:
        alignment = checked.align
    return Table(checked.header, cells, alignment, checked.caption)
