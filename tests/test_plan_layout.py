"""ND30 formatting of the generated plan, read back from the DOCX (ND30 Phụ lục I)."""

from __future__ import annotations

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.nd30.layout import text_width_mm
from tests.conftest import Built
from tests.docxread import Look, fmt, look, norm, paragraphs, top_border

CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY


@pytest.fixture(scope="module")
def doc(built: Built) -> DocxDocument:
    return Document(str(built.docx))


def _texts(cell_or_doc) -> list[Paragraph]:  # type: ignore[no-untyped-def]
    return list(cell_or_doc.paragraphs)


def _by_text(doc: DocxDocument, text: str) -> Paragraph:
    found = [p for p in paragraphs(doc) if norm(p.text) == text]
    assert len(found) == 1, f"{text!r} found {len(found)} times"
    return found[0]


def _rule_after(container, text: str) -> Paragraph:  # type: ignore[no-untyped-def]
    paras = list(container.paragraphs)
    index = next(n for n, p in enumerate(paras) if norm(p.text) == text)
    rule = paras[index + 1]
    assert rule.text == "" and top_border(rule), f"no drawn rule under {text!r}"
    return rule


def _rule_length_mm(rule: Paragraph, container_mm: float) -> float:
    left, right = fmt(rule, "left_indent"), fmt(rule, "right_indent")
    return container_mm - left.mm - right.mm


def test_page_is_a4_portrait_with_nd30_margins(doc: DocxDocument) -> None:
    (section,) = doc.sections
    assert round(section.page_width.mm, 1) == 210.0
    assert round(section.page_height.mm, 1) == 297.0
    assert [round(x.mm, 1) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                     section.right_margin)] == [20.0, 20.0, 30.0, 15.0]


def test_every_run_is_times_new_roman(doc: DocxDocument) -> None:
    fonts = {look(p, n).font for p in paragraphs(doc) for n, _ in enumerate(p.runs)}
    assert fonts == {"Times New Roman"}
    rfonts = (doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
              .find(qn("w:rFonts")))
    assert {rfonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}


def test_header_is_a_borderless_two_column_table(doc: DocxDocument) -> None:
    header: Table = doc.tables[0]
    assert len(header.columns) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert [norm(p.text) for p in left.paragraphs if p.text] == ["UBND THÀNH PHỐ HẢI PHÒNG", "BAN QUẢN LÝ KHU KINH TẾ"]
    assert [norm(p.text) for p in right.paragraphs if p.text] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                                  "Độc lập - Tự do - Hạnh phúc"]
    assert norm(header.cell(1, 0).text) == "Số: /KH-BQL"
    assert norm(header.cell(1, 1).text) == "Hải Phòng, ngày tháng 11 năm 2024"


@pytest.mark.parametrize(
    ("text", "expected", "align"),
    [
        ("UBND THÀNH PHỐ HẢI PHÒNG", Look(13, False, False, "Times New Roman"), CENTER),
        ("BAN QUẢN LÝ KHU KINH TẾ", Look(13, True, False, "Times New Roman"), CENTER),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Look(13, True, False, "Times New Roman"), CENTER),
        ("Độc lập - Tự do - Hạnh phúc", Look(14, True, False, "Times New Roman"), CENTER),
        ("Số: /KH-BQL", Look(13, False, False, "Times New Roman"), CENTER),
        ("Hải Phòng, ngày tháng 11 năm 2024", Look(14, False, True, "Times New Roman"), CENTER),
        ("KẾ HOẠCH", Look(14, True, False, "Times New Roman"), CENTER),
        ("I. MỤC ĐÍCH, YÊU CẦU", Look(14, True, False, "Times New Roman"), JUSTIFY),
        ("1. Mục đích", Look(14, True, False, "Times New Roman"), JUSTIFY),
        ("Nơi nhận:", Look(12, True, True, "Times New Roman"), WD_ALIGN_PARAGRAPH.LEFT),
        ("- Sở Nội vụ;", Look(11, False, False, "Times New Roman"), WD_ALIGN_PARAGRAPH.LEFT),
        ("KT. TRƯỞNG BAN", Look(14, True, False, "Times New Roman"), CENTER),
        ("PHÓ TRƯỞNG BAN", Look(14, True, False, "Times New Roman"), CENTER),
        ("Nguyễn Quang Minh", Look(14, True, False, "Times New Roman"), CENTER),
    ],
)
def test_element_size_emphasis_alignment(doc: DocxDocument, text: str, expected: Look, align: int) -> None:
    para = _by_text(doc, text)
    assert {look(para, n) for n in range(len(para.runs))} == {expected}
    assert fmt(para, "alignment") == align


def test_upper_case_elements_are_typed_in_capitals_not_formatted(doc: DocxDocument) -> None:
    # All-caps formatting would extract as lower case; ND30.md §3.4
    for p in paragraphs(doc):
        for style in [p.style] + [r for r in p.runs]:
            font = style.font
            assert not font.all_caps and not font.small_caps, p.text


def test_subject_is_bold_14_centred_with_a_short_rule(doc: DocxDocument) -> None:
    subject = "Triển khai phát động phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự ở cơ sở"
    para = _by_text(doc, subject)
    assert look(para, 0) == Look(14, True, False, "Times New Roman")
    assert fmt(para, "alignment") == CENTER
    rule = _rule_after(doc, subject)
    length = _rule_length_mm(rule, 165.0)
    assert 165.0 / 3 <= length <= 165.0 / 2


def test_issuer_rule_is_a_third_to_a_half_of_its_text(doc: DocxDocument) -> None:
    cell = doc.tables[0].cell(0, 0)
    rule = _rule_after(cell, "BAN QUẢN LÝ KHU KINH TẾ")
    text = text_width_mm("BAN QUẢN LÝ KHU KINH TẾ", 13, bold=True)
    assert text / 3 <= _rule_length_mm(rule, cell.width.mm) <= text / 2
    assert fmt(rule, "alignment") == CENTER


def test_motto_rule_is_as_long_as_the_motto(doc: DocxDocument) -> None:
    cell = doc.tables[0].cell(0, 1)
    rule = _rule_after(cell, "Độc lập - Tự do - Hạnh phúc")
    text = text_width_mm("Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    assert abs(_rule_length_mm(rule, cell.width.mm) - text) < 0.5


def test_no_typed_underscores_anywhere(doc: DocxDocument) -> None:
    assert not [p.text for p in paragraphs(doc) if "__" in p.text]


def _body(doc: DocxDocument) -> list[Paragraph]:
    return [p for p in doc.paragraphs if p.style.name in ("VB Nội dung", "VB Mục", "VB Khoản", "VB Câu kết")]


def test_body_paragraphs_are_14pt_justified_indented_and_spaced(doc: DocxDocument) -> None:
    body = _body(doc)
    assert len(body) > 30
    for p in body:
        assert fmt(p, "alignment") == JUSTIFY, p.text
        assert round(fmt(p, "first_line_indent").cm, 2) == 1.27, p.text
        assert fmt(p, "space_after").pt >= 6, p.text
        assert 1.0 <= fmt(p, "line_spacing") <= 1.5, p.text
        assert {look(p, n).size_pt for n in range(len(p.runs))} == {14}, p.text


def test_outline_levels_and_content_end(doc: DocxDocument) -> None:
    body = _body(doc)
    headings = [norm(p.text) for p in body if p.style.name == "VB Mục"]
    assert headings == [
        "I. MỤC ĐÍCH, YÊU CẦU", "II. CHỦ ĐỀ THI ĐUA", "III. ĐỐI TƯỢNG, THỜI GIAN THI ĐUA",
        "IV. NỘI DUNG THI ĐUA", "V. TỔ CHỨC THỰC HIỆN",
    ]
    items = [norm(p.text)[:3] for p in body if p.style.name == "VB Khoản"]
    assert items == ["1. ", "2. ", "1. ", "2. ", "3. ", "4. ", "5. ", "6. ", "7. "]
    assert norm(body[-1].text).endswith("nghiêm túc thực hiện./.")
    assert sum(norm(p.text).endswith("./.") for p in paragraphs(doc)) == 1


def test_phase_lines_have_bold_label_and_italic_dedication(doc: DocxDocument) -> None:
    phase = next(p for p in doc.paragraphs if p.text.startswith("- Đợt 2:"))
    runs = [(r.text, bool(r.bold), bool(r.italic)) for r in phase.runs if r.text]
    assert runs[:2] == [("- ", False, False), ("Đợt 2:", True, False)]
    italic = norm("".join(r.text for r in phase.runs if r.italic))
    assert italic.startswith("Thi đua lập thành tích chào mừng kỷ niệm 80 năm") and italic.endswith(
        "(19/8/2005 - 19/8/2025)")
    assert norm(phase.text).startswith("- Đợt 2: Từ ngày 04/02/2025 đến ngày 19/8/2025, \"Thi đua")


def test_targets_in_parentheses_are_italic(doc: DocxDocument) -> None:
    area = next(p for p in doc.paragraphs if p.text.startswith("Thuần thục các kỹ năng"))
    italic = norm("".join(r.text for r in area.runs if r.italic))
    assert italic.startswith("trực tiếp tham gia đề xuất") and italic.endswith("biểu dương, ghi nhận")


def test_signature_table_recipients_and_authority(doc: DocxDocument) -> None:
    table = doc.tables[-1]
    assert {b.get(qn("w:val")) for b in table._tbl.tblPr.find(qn("w:tblBorders"))} == {"nil"}
    left = [norm(p.text) for p in table.cell(0, 0).paragraphs if p.text]
    assert left == [
        "Nơi nhận:",
        "- UBND thành phố (để báo cáo);",
        "- Công an thành phố;",
        "- Sở Nội vụ;",
        "- Lãnh đạo Ban;",
        "- Văn phòng, các phòng chuyên môn, đơn vị sự nghiệp thuộc Ban Quản lý Khu kinh tế;",
        "- Các doanh nghiệp trong các KCN, KKT Đình Vũ - Cát Hải;",
        "- Cổng TTĐT BQL, eHeza;",
        "- Lưu: VP, VPĐD/BQL.",
    ]
    for p in table.cell(0, 0).paragraphs[1:]:
        if p.text:
            assert {look(p, n) for n in range(len(p.runs))} == {Look(11, False, False, "Times New Roman")}
    right = table.cell(0, 1).paragraphs
    texts = [norm(p.text) for p in right]
    assert texts[0:2] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
    assert texts[-1] == "Nguyễn Quang Minh"
    assert texts[2:-1] == [""] * (len(texts) - 3) and len(texts) - 3 >= 3  # room to sign


def test_page_number_in_top_margin_from_page_two(doc: DocxDocument) -> None:
    (section,) = doc.sections
    assert section.different_first_page_header_footer
    assert not section.first_page_header.is_linked_to_previous
    first = section.first_page_header._element.xml
    assert "PAGE" not in first and not norm("".join(p.text for p in section.first_page_header.paragraphs))
    header = section.header.paragraphs[0]
    instr = [el.text for el in header._p.iter(qn("w:instrText"))]
    assert [i.strip() for i in instr] == ["PAGE"]
    assert fmt(header, "alignment") == CENTER
    assert look(header, 0).size_pt in (13, 14) and not look(header, 0).bold
    assert section.footer.is_linked_to_previous or not norm("".join(p.text for p in section.footer.paragraphs))
