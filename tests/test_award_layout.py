"""The plan's ND30 layout checks, applied to the decision and the proposal; the certificate's own layout."""

from __future__ import annotations

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from pipeline.build.engine import AwardOutputs
from pipeline.nd30.layout import text_width_mm
from tests.docxread import Look, fmt, look, norm, paragraphs
from tests.test_plan_layout import _rule_after, _rule_length_mm

CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
TNR = "Times New Roman"


@pytest.fixture(scope="module", params=["decision", "submission"])
def doc(request: pytest.FixtureRequest, decided: AwardOutputs) -> DocxDocument:
    output = getattr(decided, request.param)
    assert output is not None
    return Document(str(output.docx))


def test_page_is_a4_portrait_with_nd30_margins(doc: DocxDocument) -> None:
    assert len(doc.sections) == 2  # the document, then its list (numbered on its own)
    for section in doc.sections:
        assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210.0, 297.0)
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert [round(x.mm, 1) for x in margins] == [20.0, 20.0, 30.0, 15.0]


def test_every_run_is_times_new_roman_and_never_all_caps(doc: DocxDocument) -> None:
    runs = [(p, n) for p in paragraphs(doc) for n, _ in enumerate(p.runs)]
    assert {look(p, n).font for p, n in runs} == {TNR}
    assert not [p.text for p in paragraphs(doc) for r in [p.style, *p.runs] if r.font.all_caps]
    assert not [p.text for p in paragraphs(doc) if "__" in p.text]


def test_header_rules(doc: DocxDocument) -> None:
    header = doc.tables[0]
    assert {b.get(qn("w:val")) for b in header._tbl.tblPr.find(qn("w:tblBorders"))} == {"nil"}
    cell = header.cell(0, 0)
    rule = _rule_after(cell, "BAN QUẢN LÝ KHU KINH TẾ")
    text = text_width_mm("BAN QUẢN LÝ KHU KINH TẾ", 13, bold=True)
    assert text / 3 <= _rule_length_mm(rule, cell.width.mm) <= text / 2
    motto = header.cell(0, 1)
    rule = _rule_after(motto, "Độc lập - Tự do - Hạnh phúc")
    assert abs(_rule_length_mm(rule, motto.width.mm) - text_width_mm("Độc lập - Tự do - Hạnh phúc", 14,
                                                                     bold=True)) < 0.5
    assert look(header.cell(1, 1).paragraphs[0], 0) == Look(14, False, True, TNR)


def test_title_subject_and_short_rule(doc: DocxDocument) -> None:
    title = next(p for p in doc.paragraphs if p.style.name == "VB Tên loại")
    subject = next(p for p in doc.paragraphs if p.style.name == "VB Trích yếu")
    assert look(title, 0) == Look(14, True, False, TNR) and fmt(title, "alignment") == CENTER
    assert look(subject, 0) == Look(14, True, False, TNR) and fmt(subject, "alignment") == CENTER
    rule = _rule_after(doc, norm(subject.text))
    assert 165.0 / 3 <= _rule_length_mm(rule, 165.0) <= 165.0 / 2


def test_body_paragraphs_are_14pt_justified_indented_and_spaced(doc: DocxDocument) -> None:
    body = [p for p in doc.paragraphs if p.style.name in ("VB Nội dung", "VB Mục", "VB Căn cứ") and p.text.strip()]
    assert len(body) >= 8
    for p in body:
        assert fmt(p, "alignment") == JUSTIFY, p.text
        assert round(fmt(p, "first_line_indent").cm, 2) == 1.27, p.text
        assert fmt(p, "space_after").pt >= 6, p.text
        assert {look(p, n).size_pt for n in range(len(p.runs))} == {14}, p.text
    ends = [norm(p.text) for p in paragraphs(doc) if norm(p.text).endswith("./.")]
    assert len(ends) == 2  # the content and the list


def test_signature_block(doc: DocxDocument) -> None:
    table = next(t for t in doc.tables if norm(t.cell(0, 0).paragraphs[0].text) == "Nơi nhận:")
    left = [p for p in table.cell(0, 0).paragraphs if p.text.strip()]
    assert look(left[0], 0) == Look(12, True, True, TNR)
    assert {look(p, 0) for p in left[1:]} == {Look(11, False, False, TNR)}
    assert [norm(p.text)[-1] for p in left[1:]] == [";"] * (len(left) - 2) + ["."]
    right = [norm(p.text) for p in table.cell(0, 1).paragraphs]
    assert right[:2] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"] and right[-1] == "Nguyễn Quang Minh"


def test_list_title_block(doc: DocxDocument) -> None:
    paras = [p for p in doc.paragraphs if p.text.strip()]
    start = next(n for n, p in enumerate(paras) if norm(p.text) == "DANH SÁCH")
    title, subtitle, reference = paras[start:start + 3]
    assert title._p.getprevious().find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None  # a new section, new page
    assert look(title, 0) == Look(14, True, False, TNR) and look(subtitle, 0) == Look(14, True, False, TNR)
    assert look(reference, 0) == Look(14, False, True, TNR)
    assert norm(reference.text).startswith("(Kèm theo ") and norm(reference.text).endswith(")")
    rule = _rule_after(doc, norm(reference.text))
    assert 20 <= _rule_length_mm(rule, 165.0) <= 60  # a short rule
    for table in [t for t in doc.tables if t.style is not None and t.style.name == "VB Bảng"]:
        head = table.rows[0].cells[0].paragraphs[0]
        assert look(head, 0) == Look(13, True, False, TNR)
        assert look(table.rows[1].cells[1].paragraphs[0], 0) == Look(13, False, False, TNR)


def test_page_number_from_page_two(doc: DocxDocument) -> None:
    for section in doc.sections:  # the list too: from its own page two, counted from 1
        assert section.different_first_page_header_footer
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert [i.text.strip() for i in section.header.paragraphs[0]._p.iter(qn("w:instrText"))] == ["PAGE"]


@pytest.fixture(scope="module")
def certificate(decided: AwardOutputs) -> DocxDocument:
    return Document(str(decided.certificates[0].with_suffix(".docx")))


def test_certificate_page_is_landscape_a4_with_a_border(certificate: DocxDocument) -> None:
    (section,) = certificate.sections
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (297.0, 210.0)
    borders = section._sectPr.find(qn("w:pgBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"thinThickSmallGap"}


def test_certificate_text_and_styles(certificate: DocxDocument) -> None:
    texts = {norm(p.text): p for p in paragraphs(certificate) if p.text.strip()}
    assert list(texts)[:4] == ["UBND THÀNH PHỐ HẢI PHÒNG", "BAN QUẢN LÝ KHU KINH TẾ",
                               "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert look(texts["GIẤY KHEN"], 0) == Look(44, True, False, TNR)
    assert texts["GIẤY KHEN"].style.name == "GK Tên hình thức"
    assert look(texts["Phòng Quản lý doanh nghiệp"], 0) == Look(24, True, False, TNR)
    assert look(texts["TRƯỞNG BAN BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG"], 0) == Look(15, True, False, TNR)
    achievement = next(t for t in texts if t.startswith("Đã có thành tích"))
    assert look(texts[achievement], 0).italic
    assert {look(p, n).font for p in paragraphs(certificate) for n in range(len(p.runs))} == {TNR}
    assert "Quyết định số /QĐ-BQL" in texts and "Số vào sổ: 001" in texts
    assert look(texts["Hải Phòng, ngày tháng 02 năm 2025"], 0) == Look(14, False, True, TNR)
