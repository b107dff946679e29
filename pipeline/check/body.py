"""Body rules: size, justification, first-line indent, paragraph and line spacing, and the
content end "./." (ND30 Phụ lục I, mục II.6, ô 6)."""

from __future__ import annotations

import itertools

from pipeline.check.anatomy import Anatomy
from pipeline.check.document import Para
from pipeline.check.report import ALIGN_VI, Report, mm, pt
from pipeline.check.text import UNDERSCORES
from pipeline.nd30 import vi
from pipeline.nd30.facts import FACTS


def body_paragraphs(a: Anatomy) -> list[Para]:
    """Return the body-level paragraphs between the title block and the signature block,
    without the "Kính gửi:" lines."""
    out = []
    greeting = False
    for p in a.after_header[a.body_start:]:
        if p.top >= a.signature_top:
            break
        if p.text.startswith("Kính gửi"):
            greeting = True
            continue
        if greeting and p.text.startswith("-"):
            continue
        greeting = False
        out.append(p)
    return out


def _heading_like(p: Para) -> bool:
    """Return True for a centred line that is bold, italic or in capitals ("QUYẾT ĐỊNH:", the
    thẩm quyền line, a centred sub-title): judged as a heading, not as body text."""
    return p.look.align == "center" and (p.all_bold() or p.all_italic() or p.text == vi.upper(p.text) != p.text.lower())


def check_body(a: Anatomy, report: Report) -> list[Para]:
    """Report the body's format and its end "./."; return the body's paragraphs with text."""
    body = [p for p in body_paragraphs(a) if p.text and not UNDERSCORES.search(p.raw)]
    checked = [p for p in body if not _heading_like(p)]
    _check_size(checked, report)
    align = [p for p in checked if p.look.align != "justify"]
    report.add_many("ND30-BODY-ALIGN", align, "canh đều hai lề",
                    ", ".join(sorted({ALIGN_VI.get(p.look.align, p.look.align) for p in align})))
    indent_fact = FACTS["first_line_indent"]
    # Where the first line starts from the margin: left indent + first-line indent (a list's
    # hanging indent from the numbering counts: its bullet is where the first line starts).
    indent = [p for p in checked if not indent_fact.holds(p.look.left_mm + p.look.first_line_mm, 0.3)]
    if indent:
        start = indent[0].look.left_mm + indent[0].look.first_line_mm
        report.add_many("ND30-BODY-INDENT", indent, "thụt đầu dòng 10 mm hoặc 12,7 mm", f"thụt {mm(start)}")
    _check_spacing(checked, report)
    if body and not body[-1].text.endswith("./."):
        report.add_at("ND30-CONTENT-END", body[-1], 'đoạn cuối kết thúc bằng "./."', f'"…{body[-1].text[-12:]}"')
    return body


def _check_size(checked: list[Para], report: Report) -> None:
    fact = FACTS["body_size"]
    size = [p for p in checked if any(not fact.holds(r.size_pt or 0) for r in p.inked)]
    if size:
        sizes = sorted({r.size_pt or 0 for p in size for r in p.inked if not fact.holds(r.size_pt or 0)})
        report.add_many("ND30-BODY-SIZE", size, f"cỡ {fact.text()}", "cỡ " + ", ".join(pt(s) for s in sizes))


def _line_ok(p: Para) -> bool:
    if p.look.line_rule == "auto":
        return FACTS["line_spacing"].holds(p.look.line, 0.01)
    size_pt = max((r.size_pt or 14) for r in p.runs) if p.runs else 14
    return size_pt <= p.look.line <= size_pt * 1.15 * 1.5 + 0.5


def _check_spacing(checked: list[Para], report: Report) -> None:
    low = FACTS["paragraph_spacing"].low
    pairs = [(a, b) for a, b in itertools.pairwise(checked)
             if b.n == a.n + 1 and a.look.after_pt + b.look.before_pt < low - 0.05]
    if pairs:
        a, b = pairs[0]
        report.add_many("ND30-BODY-SPACING", [a for a, _ in pairs], f"cách đoạn {FACTS['paragraph_spacing'].text()}",
                        f"cách đoạn {pt(a.look.after_pt + b.look.before_pt)}")
    lines = [p for p in checked if not _line_ok(p)]
    if lines:
        first = lines[0].look
        found = ((vi.format_number(first.line, decimals=2) + " dòng") if first.line_rule == "auto"
                 else f"{pt(first.line)} ({first.line_rule})")
        report.add_many("ND30-BODY-LINE-SPACING", lines, "dòng đơn đến 1,5 dòng", found)
