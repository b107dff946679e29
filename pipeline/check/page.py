"""Page rules: size, orientation, margins and page numbers of each section (ND30 Phụ lục I,
Phần I, mục I.1, I.4, I.5), and an estimate of the number of pages."""

from __future__ import annotations

import re

from docx.enum.section import WD_ORIENT
from lxml import etree

from pipeline.check.document import Doc, Para
from pipeline.check.report import Report, mm
from pipeline.check.rules import ERROR, WARNING
from pipeline.docx.formatting import iter_fields, qn
from pipeline.nd30.facts import FACTS
from pipeline.nd30.layout import text_width_mm

_MARGINS = (("ND30-MARGIN-TOP", "margin_top", "top_margin"), ("ND30-MARGIN-BOTTOM", "margin_bottom", "bottom_margin"),
            ("ND30-MARGIN-LEFT", "margin_left", "left_margin"), ("ND30-MARGIN-RIGHT", "margin_right", "right_margin"))


def check_page(doc: Doc, report: Report, *, data_tables: bool, landscape_ok: bool = False,
               margins: bool = True) -> None:
    """Report page size, orientation and margins of each section (Phụ lục I, mục I.1, I.4).

    Landscape is a warning when the document has data tables (ND30 allows it for them), and
    accepted when ``landscape_ok`` (a certificate); ``margins`` False skips the margins."""
    for n, section in enumerate(doc.sections, start=1):
        where = f"thiết lập trang (mục {n})"
        if section.page_width is None or section.page_height is None:
            continue
        w, h = section.page_width.mm, section.page_height.mm
        short_side, long_side = sorted((w, h))
        a4_w, a4_h = FACTS["page_width"].low, FACTS["page_height"].low
        if abs(short_side - a4_w) > 1 or abs(long_side - a4_h) > 1:
            report.add("ND30-PAGE-SIZE", where, "", f"A4 {mm(a4_w)[:-3]} × {mm(a4_h)}", f"{mm(w)} × {mm(h)}")
        if (w > h or section.orientation == WD_ORIENT.LANDSCAPE) and not landscape_ok:
            report.add("ND30-PAGE-ORIENTATION", where, "", "trang đứng", "trang ngang",
                       WARNING if data_tables else ERROR)
        if not margins:
            continue
        for rule, key, attr in _MARGINS:
            fact, value = FACTS[key], getattr(section, attr)
            if value is not None and not fact.holds(value.mm):
                report.add(rule, where, "", fact.text(), mm(value.mm))


def _page_fields(el: etree._Element | None) -> list[etree._Element]:
    if el is None:
        return []
    return [p for p, instr in iter_fields(el) if re.search(r"(?<!NUM)\bPAGE\b", instr.upper())]


def _title_page(sect: etree._Element) -> bool:
    title = sect.find(qn("w:titlePg"))
    return title is not None and title.get(qn("w:val"), "1") not in ("0", "false")


def _parts(doc: Doc, sect: etree._Element) -> dict[tuple[str, str], etree._Element]:
    refs = {}
    for kind in ("header", "footer"):
        for ref in sect.findall(qn(f"w:{kind}Reference")):
            part = doc.document.part.related_parts.get(ref.get(qn("r:id")))
            if part is not None:
                refs[(kind, ref.get(qn("w:type"), "default"))] = part.element
    return refs


def check_page_numbers(doc: Doc, report: Report) -> None:
    """Report page numbers: none on page 1, centred in the top margin from page 2, 13–14 pt
    upright (Phụ lục I, mục I.5). A later section (an annex numbered on its own) may show
    its first page's number or not, as the kind's practice wants."""
    inherited: dict[tuple[str, str], etree._Element] = {}
    for n, section in enumerate(doc.sections, start=1):
        sect = section._sectPr
        refs = {**inherited, **_parts(doc, sect)}  # a section without a reference keeps the previous one's
        inherited = refs
        title_pg = _title_page(sect)
        where = f"đầu trang (mục {n})"
        default = _page_fields(refs.get(("header", "default")))
        if n == 1:
            first = _page_fields(refs.get(("header", "first") if title_pg else ("header", "default")))
            first_footer = _page_fields(refs.get(("footer", "first") if title_pg else ("footer", "default")))
            if first or first_footer:
                report.add("ND30-PAGE-NUMBER-FIRST", "đầu trang 1" if first else "chân trang 1", "",
                           "trang 1 không có số trang", "có số trang ở trang 1")
        if _page_fields(refs.get(("footer", "default"))):
            report.add("ND30-PAGE-NUMBER-POSITION", f"chân trang (mục {n})", "", "số trang ở lề trên (đầu trang)",
                       "ở chân trang")
            continue
        if not default:
            if n == 1:
                pages = estimated_pages(doc)
                if pages > 1:
                    report.add("ND30-PAGE-NUMBER-MISSING", where, "", "số trang ở giữa lề trên từ trang 2",
                               f"không có số trang (văn bản khoảng {pages} trang)", WARNING)
            continue
        for p_el in default:
            report.look(doc.para(p_el, where, doc.text_width_mm), "PAGE-NUMBER")


def _height(doc: Doc, p: Para) -> float:
    runs = p.inked
    size = max((r.size_pt or 14) for r in runs) if runs else (doc.res.mark(p.el).size_pt or 14)
    width = max(p.width_mm - p.look.left_mm - p.look.right_mm, 10.0)
    text = p.shown.replace("\t", "    ")
    lines = sum(max(1, -(-text_width_mm(line, size) // width)) for line in text.split("\n"))
    if p.look.line_rule == "auto":
        line_pt = size * 1.15 * p.look.line
    else:
        line_pt = max(p.look.line, size if p.look.line_rule == "atLeast" else 0)
    return lines * line_pt + p.look.before_pt + p.look.after_pt


def estimated_pages(doc: Doc) -> int:
    """Return about how many pages the body fills: each paragraph's lines (its text width
    over its container width) times the line height, plus its spacing; a table row is as
    tall as its tallest cell. A page break before a paragraph starts a new page."""
    section = doc.sections[0]
    usable_pt = ((section.page_height.mm if section.page_height else 297)
                 - (section.top_margin.mm if section.top_margin else 20)
                 - (section.bottom_margin.mm if section.bottom_margin else 20)) * 72 / 25.4
    total = 0.0
    rows: dict[tuple[int, int], dict[int, float]] = {}
    breaks = 0
    for p in doc.paras:
        if p.box is not None:
            continue
        if p.table is None:
            total += _height(doc, p)
            breaks += sum(br.get(qn("w:type")) == "page" for br in p.el.iter(qn("w:br")))
            breaks += int(p.el.find(qn("w:pPr") + "/" + qn("w:pageBreakBefore")) is not None)
        else:
            cells = rows.setdefault((p.table, p.row), {})
            cells[p.col] = cells.get(p.col, 0.0) + _height(doc, p)
    total += sum(max(cells.values()) for cells in rows.values())
    return max(1, -(-int(total) // max(int(usable_pt), 1)), breaks + 1)
