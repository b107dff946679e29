"""The parts of the shared ND30 frame a kind's own template holds (the decision's, the Tờ
trình's: authority line, Kính gửi, căn cứ, "QUYẾT ĐỊNH:", a list table, the attached list in
its own section), rendered from vanban's templates and read back."""

from __future__ import annotations

import copy

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from pipeline.build.prepare import load, prepare_decide
from pipeline.docx.render import render_docx
from pipeline.nd30 import kinds as K
from pipeline.settings import Settings
from tests.conftest import SAMPLE
from tests.docxread import Look, fmt, look, norm

ROWS = [{"number": str(i), "name": f"Đơn vị & <{i}>", "note": "Không đạt"} for i in range(1, 41)]


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> tuple[DocxDocument, DocxDocument]:
    """Return the sample's decision of phase 1 with 40 collectives whose names hold «&» and «<»,
    and its Tờ trình, rendered from their own templates."""
    awards = prepare_decide(load(SAMPLE), phase=1)
    assert awards.decision is not None and awards.submission is not None
    decision = copy.deepcopy(awards.decision) | {"collectives": ROWS}
    folder = tmp_path_factory.mktemp("f")
    made = [render_docx(Settings().template(K.DECISION.template), decision, folder / "qd.docx"),
            render_docx(Settings().template(K.SUBMISSION.template), awards.submission, folder / "ttr.docx")]
    return Document(str(made[0])), Document(str(made[1]))


@pytest.fixture(scope="module")
def doc(docs: tuple[DocxDocument, DocxDocument]) -> DocxDocument:
    return docs[0]


def _para(doc: DocxDocument, text: str):  # type: ignore[no-untyped-def]
    return next(p for p in doc.paragraphs if norm(p.text).startswith(text))


def test_authority_line_greeting_basis_and_centre(docs: tuple[DocxDocument, DocxDocument]) -> None:
    doc, submission = docs
    assert look(_para(doc, "TRƯỞNG BAN BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG"), 0) == Look(14, True, False,
                                                                                       "Times New Roman")
    assert look(_para(submission, "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố"), 0).size_pt == 14
    assert look(_para(doc, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"), 0) == Look(14, False, True,
                                                                                                     "Times New Roman")
    centre = _para(doc, "QUYẾT ĐỊNH:")
    assert look(centre, 0).bold and fmt(centre, "alignment") == 1


def test_table_has_borders_repeated_header_and_unsplit_rows(doc: DocxDocument) -> None:
    table = doc.tables[2]
    assert table.style.name == "VB Bảng"
    borders = table.style.element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    assert [c.text for c in table.rows[0].cells] == ["STT", "Tên tập thể", "Ghi chú"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    assert len(table.rows) == 41
    assert [c.text for c in table.rows[5].cells] == ["5", "Đơn vị & <5>", "Không đạt"]
    assert [round(w.mm) for w in (c.width for c in table.rows[1].cells)] == [15, 115, 35]
    grid = [round(int(g.get(qn("w:w"))) / 56.7) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [15, 115, 35]
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
    assert look(_para(doc, "(Kèm theo Quyết định số"), 0) == Look(14, False, True, "Times New Roman")
    texts = [norm(p.text) for p in doc.paragraphs if p.text.strip()]
    assert texts[-6:-3] == ["DANH SÁCH", "Tập thể, cá nhân được tặng Giấy khen của Trưởng ban Ban Quản lý Khu kinh "
                            "tế Hải Phòng", texts[-4]]
    assert texts[-3:-1] == ["I. TẬP THỂ (40 tập thể)", "II. CÁ NHÂN (32 cá nhân)"]
