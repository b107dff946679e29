"""Every kind of body block the shared ND30 frame offers, rendered and read back."""

from __future__ import annotations

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from pipeline.documents.blocks import Block, TableBlock
from pipeline.docx.render import render_docx
from pipeline.nd30.kinds import FRAME_TEMPLATE
from pipeline.settings import Settings
from tests.docxread import Look, fmt, look, norm
from tests.rendered import frame_context

ROWS = tuple((str(i), f"Đơn vị & <{i}>", "79,5%", "Không đạt") for i in range(1, 41))


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> DocxDocument:
    ctx = frame_context()
    ctx |= {
        "kind_title": "QUYẾT ĐỊNH",
        "authority_line": "TRƯỞNG BAN BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG",
        "greeting": ["Kính gửi: Chủ tịch UBND thành phố"],
        "body": [
            Block("basis", "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"),
            Block("center", "QUYẾT ĐỊNH:"),
            Block("para", "**Điều 1.** Tặng Giấy khen"),
            TableBlock(("STT", "Đơn vị", "Kết quả", "Đánh giá"), ROWS, (15, 80, 35, 35),
                       ("center", "left", "right", "center")),
        ],
        "annexes": [{"title": "DANH SÁCH", "subtitle": "Tập thể", "reference": "(Kèm theo Quyết định số …)",
                     "body": [Block("heading", "I. TẬP THỂ")]}],
    }
    out = render_docx(Settings().template(FRAME_TEMPLATE), ctx, tmp_path_factory.mktemp("f") / "qd.docx")
    return Document(str(out))


def _para(doc: DocxDocument, text: str):  # type: ignore[no-untyped-def]
    return next(p for p in doc.paragraphs if norm(p.text) == text)


def test_authority_line_greeting_basis_and_centre(doc: DocxDocument) -> None:
    assert look(_para(doc, "TRƯỞNG BAN BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG"), 0) == Look(14, True, False,
                                                                                       "Times New Roman")
    assert look(_para(doc, "Kính gửi: Chủ tịch UBND thành phố"), 0).size_pt == 14
    assert look(_para(doc, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"), 0) == Look(14, False, True,
                                                                                                     "Times New Roman")
    centre = _para(doc, "QUYẾT ĐỊNH:")
    assert look(centre, 0).bold and fmt(centre, "alignment") == 1


def test_table_has_borders_repeated_header_and_unsplit_rows(doc: DocxDocument) -> None:
    table = doc.tables[1]
    assert table.style.name == "VB Bảng"
    borders = table.style.element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    assert [c.text for c in table.rows[0].cells] == ["STT", "Đơn vị", "Kết quả", "Đánh giá"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    assert [c.text for c in table.rows[5].cells] == ["5", "Đơn vị & <5>", "79,5%", "Không đạt"]
    assert [round(w.mm) for w in (c.width for c in table.rows[1].cells)] == [15, 80, 35, 35]
    grid = [round(int(g.get(qn("w:w"))) / 56.7) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [15, 80, 35, 35]
    head = table.rows[0].cells[0].paragraphs[0]
    assert look(head, 0) == Look(13, True, False, "Times New Roman")
    assert look(table.rows[1].cells[1].paragraphs[0], 0) == Look(13, False, False, "Times New Roman")


def test_annex_starts_a_section_numbered_from_one(doc: DocxDocument) -> None:
    title = _para(doc, "DANH SÁCH")
    # the empty paragraph before the title closes the document's section: the annex's own
    # section starts on a new page, numbers its pages from 1, its first page unnumbered
    closing = title._p.getprevious()
    sect = closing.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    assert sect is not None and closing.xpath("string(.)") == ""
    assert len(doc.sections) == 2
    for section in doc.sections:
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert section.different_first_page_header_footer and section.start_type == 2  # WD_SECTION.NEW_PAGE
        assert section.header.paragraphs[0]._p.xpath("string(.//w:instrText)").strip() == "PAGE"
    assert look(title, 0) == Look(14, True, False, "Times New Roman")
    assert look(_para(doc, "(Kèm theo Quyết định số …)"), 0) == Look(14, False, True, "Times New Roman")
    texts = [norm(p.text) for p in doc.paragraphs if p.text.strip()]
    assert texts[-4:] == ["DANH SÁCH", "Tập thể", "(Kèm theo Quyết định số …)", "I. TẬP THỂ"]
