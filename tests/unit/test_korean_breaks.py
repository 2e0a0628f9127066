"""_ext/korean_breaks.py: a closing bracket and the Hangul word after it are glued, nothing else."""

from __future__ import annotations

import pytest
from docutils import nodes

from ..extensions import load_extension, transformed_paragraph


@pytest.fixture(scope="module")
def kb():
    return load_extension("korean_breaks")


def run(kb, *children) -> tuple[nodes.paragraph, list[str]]:
    """A paragraph of ``children`` after GlueClosingBrackets, and the text of each glued span."""
    para = transformed_paragraph(kb.GlueClosingBrackets, *children)
    spans = [n for n in para.findall(nodes.inline) if "particle-glue" in n["classes"]]
    return para, [span.astext() for span in spans]


def test_a_closing_bracket_and_its_particle_are_glued(kb):
    text = "소프트맥스(softmax)는 [0, 1]의 값을 (7개)가 아니라 「표」에서 보고, (끝) 다음"
    para, glued = run(kb, nodes.Text(text))
    assert glued == [")는", "]의", ")가", "」에서"]
    assert para.astext() == text  # the text is unchanged; a space after ")" still breaks


def test_quotes_code_math_and_formula_glue_are_left_alone(kb):
    code = nodes.literal("", "f(x)를")
    math = nodes.math(text="(a)b")
    glue = nodes.inline("", "", nodes.math(text="x"), nodes.Text(")를"), classes=["math-glue"])
    para, glued = run(kb, nodes.Text("“argmax”를 "), code, math, glue, nodes.Text(" 끝"))
    assert glued == []
    assert para.astext() == "“argmax”를 f(x)를(a)bx)를 끝"


def test_the_glued_span_takes_the_place_of_its_text(kb):
    para, glued = run(kb, nodes.Text("앞 "), nodes.literal("", "x"), nodes.Text(")를 "))
    assert glued == [")를"]
    assert [type(c).__name__ for c in para.children] == ["Text", "literal", "inline", "Text"]
