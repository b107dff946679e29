"""The rules (đường kẻ) under the Tiêu ngữ, the issuer and the subject: found as a paragraph
border, underlined text or a drawn line, and measured against the text line above them
(ND30 Phụ lục I, mục II.1, II.2, II.5)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.check.document import Doc, Para
from pipeline.check.report import Report, mm
from pipeline.check.text import UNDERSCORES
from pipeline.docx.formatting import drawn_lines
from pipeline.nd30 import vi
from pipeline.nd30.facts import Fact
from pipeline.nd30.layout import text_width_mm


def _border_length(p: Para) -> float:
    return p.width_mm - p.look.left_mm - p.look.right_mm


def rule_after(doc: Doc, para: Para) -> tuple[str, float | None]:
    """Return ("border"|"underline"|"drawn"|"typed"|"none", length in mm) of the rule under
    ``para``: its bottom border, its underlined text, a line drawn in it, or the top/bottom
    border or drawn line of an empty paragraph right after it (within two paragraphs)."""
    if "bottom" in para.look.borders:
        return "border", _border_length(para)
    runs = para.inked
    if runs and all(r.underline for r in runs):  # underlined text: a line as long as the text
        return "underline", line_width([para])
    drawn = drawn_lines(para.el)
    if drawn:
        return "drawn", max(d.length_mm for d in drawn)
    for other in doc.paras[para.n + 1: para.n + 3]:
        if not other.same_container(para):
            break
        if UNDERSCORES.search(other.raw):
            return "typed", None
        if other.text:
            break
        if other.look.borders:
            return "border", _border_length(other)
        drawn = drawn_lines(other.el)
        if drawn:
            return "drawn", max(d.length_mm for d in drawn)
    return "none", None


def line_width(paras: Sequence[Para]) -> float:
    """Return the width in mm of the longest text line of ``paras`` (as set, in its font)."""
    widths = []
    for p in paras:
        runs = p.inked
        size = runs[0].size_pt if runs and runs[0].size_pt else 13
        bold = bool(runs) and runs[0].bold
        italic = bool(runs) and runs[0].italic
        for line in p.shown.split("\n"):
            widths.append(min(text_width_mm(line.strip(), size, bold=bold, italic=italic), p.width_mm))
    return max(widths, default=0.0)


def check_rule(doc: Doc, report: Report, rule: str, above: Sequence[Para], fact: Fact) -> None:
    """Report ``rule`` when the line under ``above`` is missing or not ``fact`` times as long
    as their text line (a typed rule is ND30-TYPED-RULE's)."""
    last = above[-1]
    how, length = rule_after(doc, last)
    if how == "typed":
        return
    line = line_width(above)
    if how == "none" or length is None:
        report.add_at(rule, last, f"đường kẻ {fact.text()}", "không có đường kẻ")
        return
    ratio = length / line if line else 0
    if not (fact.low - 0.02 <= ratio <= fact.high + 0.02):
        share = vi.format_number(ratio, decimals=2)
        report.add_at(rule, last, f"đường kẻ {fact.text()} ({mm(fact.low * line)}–{mm(fact.high * line)})",
                      f"{mm(length)} ({share} dòng chữ)")
