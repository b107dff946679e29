"""Annex rules (Phụ lục, Danh sách kèm theo): each starts on a new page, is numbered on its
own (a new section whose page numbers start at 1), and has its title (bold, centred) and its
"(Kèm theo … số … ngày …)" line (italic, centred) (``../shared/ND30.md`` §1.2, §1.6)."""

from __future__ import annotations

from lxml import etree

from pipeline.check.anatomy import REFERENCE, Anatomy
from pipeline.check.document import Doc, Para
from pipeline.check.report import Report
from pipeline.docx.formatting import paragraph_text, qn


def _section_after(doc: Doc, top: int) -> etree._Element | None:
    """Return the w:sectPr of the section holding body element ``top``: the first section
    break at or after it (the body's own sectPr for the last section)."""
    for el in doc.children[top:]:
        if el.tag == qn("w:sectPr"):
            return el
        sect = el.find(qn("w:pPr") + "/" + qn("w:sectPr")) if el.tag == qn("w:p") else None
        if sect is not None:
            return sect
    final: etree._Element | None = doc.document.element.body.find(qn("w:sectPr"))
    return final


def _section_break_before(doc: Doc, top: int) -> etree._Element | None:
    """Return the sectPr ending the section just before body element ``top`` when only empty
    paragraphs stand between them, else None."""
    for el in reversed(doc.children[:top]):
        if el.tag != qn("w:p"):
            return None
        sect = el.find(qn("w:pPr") + "/" + qn("w:sectPr"))
        if sect is not None:
            return sect
        if paragraph_text(el).strip():
            return None
    return None


def _page_break_before(doc: Doc, p: Para) -> bool:
    if p.look.page_break_before:
        return True
    first = p.el.find(qn("w:r"))
    br = first.find(qn("w:br")) if first is not None else None
    if br is not None and br.get(qn("w:type")) == "page":
        return True
    for el in reversed(doc.children[: p.top]):
        if el.tag != qn("w:p"):
            return False
        if any(br.get(qn("w:type")) == "page" for br in el.iter(qn("w:br"))):
            return True
        if paragraph_text(el).strip():
            return False
    return False


def check_annexes(doc: Doc, a: Anatomy, report: Report) -> None:
    """Report each annex's page, page numbering, title and "(Kèm theo …)" line."""
    level = [p for p in doc.body_level() if p.top >= a.signature_top and p.text]
    for annex in a.annexes:
        i = level.index(annex)
        section_break = _section_break_before(doc, annex.top)
        new_page = section_break is not None and _new_page(section_break) or _page_break_before(doc, annex)
        if not new_page:
            report.add_at("ND30-ANNEX-PAGE", annex, "bắt đầu ở trang mới (ngắt mục hoặc ngắt trang)",
                          "nối tiếp trang trước")
        own = _section_after(doc, annex.top)
        start = own.find(qn("w:pgNumType")) if own is not None and section_break is not None else None
        if start is None or start.get(qn("w:start")) != "1":
            report.add_at("ND30-ANNEX-PAGE-NUMBER", annex, "mục mới đánh số trang từ 1 (w:pgNumType w:start=\"1\")",
                          "số trang nối tiếp văn bản chính")
        block = level[i: i + 4]
        reference = next((p for p in block if REFERENCE.match(p.text)), None)
        titles = block[: block.index(reference)] if reference is not None else block[:1]
        for title in titles:
            report.look(title, "ANNEX-TITLE")
        if reference is None:
            report.add_at("ND30-ANNEX-REFERENCE-MISSING", annex, '"(Kèm theo <văn bản> số … ngày … của …)" dưới tên',
                          "không thấy")
        else:
            report.look(reference, "ANNEX-REFERENCE")


def _new_page(sect: etree._Element) -> bool:
    kind = sect.find(qn("w:type"))
    return kind is None or kind.get(qn("w:val")) in (None, "nextPage", "oddPage", "evenPage")
