"""The phase review report (sơ kết Đợt 1, with its chart) and the final review (tổng kết,
without chart), read back from DOCX and PDF: the plan's ND30 checks, tables, figures, chart."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from PIL import Image

from pipeline.build.engine import ReviewOutput, build_review
from pipeline.pdf.convert import convert_to_pdf
from tests.conftest import SAMPLE
from tests.docxread import Look, fmt, look, norm, paragraphs
from tests.pdfread import fonts, page_sizes_mm, page_texts
from tests.test_plan_layout import _body, _by_text, _rule_after, _rule_length_mm

CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
TNR = "Times New Roman"
SUBJECT = "Sơ kết Đợt 1 phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự ở cơ sở"
FINAL_SUBJECT = "Tổng kết phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự ở cơ sở"
BAR_COLOUR = (0x2F, 0x5F, 0x8A)


@dataclass(frozen=True)
class Reports:
    phase: ReviewOutput
    phase_pdf: Path
    final: ReviewOutput
    final_pdf: Path


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Reports:
    """Build the Đợt 1 report (with chart) and the tổng kết (--no-chart); one LibreOffice run."""
    out = tmp_path_factory.mktemp("review")
    phase = build_review(SAMPLE, out, phase=1, pdf=False)
    final = build_review(SAMPLE, out, phase=None, pdf=False, chart=False)
    pdfs = convert_to_pdf([phase.docx, final.docx])
    return Reports(phase, pdfs[0], final, pdfs[1])


@pytest.fixture(scope="module")
def doc(reports: Reports) -> DocxDocument:
    return Document(str(reports.phase.docx))


@pytest.fixture(scope="module")
def final_doc(reports: Reports) -> DocxDocument:
    return Document(str(reports.final.docx))


@pytest.fixture(scope="module")
def pdf_pages(reports: Reports) -> list[str]:
    return page_texts(reports.phase_pdf)


def _tables(doc: DocxDocument) -> list[Table]:
    return [t for t in doc.tables if t.style is not None and t.style.name == "VB Bảng"]


def _report_body(doc: DocxDocument) -> list:  # type: ignore[type-arg]
    """Return the body paragraphs before the Phụ lục (the annex has its own)."""
    body = _body(doc)
    titles = [n for n, p in enumerate(doc.paragraphs) if p.style.name == "VB Tên phụ lục"]
    if not titles:
        return body
    annex = {id(p._p) for p in doc.paragraphs[titles[0]:]}
    return [p for p in body if id(p._p) not in annex]


def test_paths(reports: Reports, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert reports.phase.docx.parts[-3:] == ("haiphong-2024-antt", "dot-1", "bao-cao-so-ket.docx")
    assert reports.phase_pdf.name == "bao-cao-so-ket.pdf"
    assert reports.final.docx.parts[-2:] == ("haiphong-2024-antt", "bao-cao-tong-ket.docx")
    assert reports.final.chart is None and reports.phase.chart is not None


@pytest.mark.parametrize("which", ["doc", "final_doc"])
def test_page_fonts_and_case(which: str, request: pytest.FixtureRequest) -> None:
    document: DocxDocument = request.getfixturevalue(which)
    assert len(document.sections) == 2  # the report, then its Phụ lục
    for section in document.sections:
        assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210.0, 297.0)
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert [round(x.mm, 1) for x in margins] == [20.0, 20.0, 30.0, 15.0]
    assert {look(p, n).font for p in paragraphs(document) for n, _ in enumerate(p.runs)} == {TNR}
    for p in paragraphs(document):
        assert not any(r.font.all_caps or r.font.small_caps for r in p.runs), p.text
    assert not [p.text for p in paragraphs(document) if "__" in p.text]


def test_header_title_subject_and_greeting(doc: DocxDocument) -> None:
    header = doc.tables[0]
    assert norm(header.cell(1, 0).text) == "Số: /BC-BQL"
    assert norm(header.cell(1, 1).text) == "Hải Phòng, ngày tháng 02 năm 2025"
    assert look(_by_text(doc, "BÁO CÁO"), 0) == Look(14, True, False, TNR)
    subject = _by_text(doc, SUBJECT)
    assert look(subject, 0) == Look(14, True, False, TNR) and fmt(subject, "alignment") == CENTER
    assert 165.0 / 3 <= _rule_length_mm(_rule_after(doc, SUBJECT), 165.0) <= 165.0 / 2
    assert look(_by_text(doc, "Kính gửi: UBND thành phố Hải Phòng"), 0).size_pt == 14


def test_intro_cites_the_plan_by_number_and_date(doc: DocxDocument) -> None:
    # the signed plan's number and date (awards.plan_number/plan_date), as the decision cites it
    intro = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện"))
    assert norm(intro.text) == (
        "Thực hiện Kế hoạch số 189/KH-BQL ngày 15/11/2024 của Ban Quản lý Khu kinh tế Hải Phòng về triển "
        "khai phát động phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự ở "
        "cơ sở, Ban Quản lý Khu kinh tế Hải Phòng báo cáo sơ kết Đợt 1 (từ ngày 01/11/2024 đến ngày "
        "03/02/2025) như sau:"
    )


def test_outline_and_content_end(doc: DocxDocument, final_doc: DocxDocument) -> None:
    headings = [norm(p.text) for p in _report_body(doc) if p.style.name == "VB Mục"]
    assert headings == [
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN", "II. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG THI ĐUA",
        "III. ĐÁNH GIÁ CHUNG", "IV. CÔNG TÁC KHEN THƯỞNG", "V. PHƯƠNG HƯỚNG, NHIỆM VỤ ĐỢT 2",
        "VI. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    final = [norm(p.text) for p in _report_body(final_doc) if p.style.name == "VB Mục"]
    assert final[-2:] == ["V. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "VI. ĐỀ XUẤT, KIẾN NGHỊ"]
    items = [norm(p.text)[:3] for p in _report_body(doc) if p.style.name == "VB Khoản"]
    assert items == [f"{n}. " for n in range(1, 8)] + ["1. ", "2. ", "3. "] + ["1. ", "2. "]
    for document in (doc, final_doc):
        assert sum(norm(p.text).endswith("./.") for p in paragraphs(document)) == 1
        assert norm(_report_body(document)[-1].text).endswith("của Ban Quản lý Khu kinh tế Hải Phòng./.")


def test_body_paragraphs_are_14pt_justified_indented(doc: DocxDocument) -> None:
    body = _report_body(doc)
    assert len(body) > 40
    for p in body:
        assert fmt(p, "alignment") == JUSTIFY, p.text
        assert round(fmt(p, "first_line_indent").cm, 2) == 1.27, p.text
        assert {look(p, n).size_pt for n in range(len(p.runs))} == {14}, p.text


def test_leadership_and_result_sentences(doc: DocxDocument) -> None:
    texts = [norm(p.text) for p in doc.paragraphs]
    assert ("Các đơn vị đã ban hành 48 văn bản chỉ đạo, hướng dẫn; tổ chức 33 cuộc họp, hội nghị quán "
            "triệt, triển khai với 3.975 lượt người tham dự.") in texts
    # counts that agree (13/14 reported, 01 not), padded alike, groups without abbreviations
    assert any(t.endswith(
        "Có 13/14 đơn vị gửi báo cáo kết quả (Văn phòng, các phòng chuyên môn: 05/05; Đơn vị sự nghiệp: 02/02; "
        "Doanh nghiệp trong các khu công nghiệp, khu kinh tế: 06/07); 01 đơn vị chưa báo cáo: Công ty TNHH "
        "Bao bì Minh Phương."
    ) for t in texts)
    assert ("a) Chỉ tiêu “80% nguồn tin do Nhân dân cung cấp cho Công an cấp xã thông qua lực lượng tham "
            "gia bảo vệ an ninh trật tự ở cơ sở”: 11/14 đơn vị đạt (78,6%), tỷ lệ bình quân của các đơn vị "
            "đã báo cáo 84,2%; không đạt: Phòng Quản lý đầu tư (79,5%), Công ty cổ phần Vật liệu xây dựng "
            "Cát Hải (78%).") in texts
    assert ("- 02/11 chỉ tiêu được tất cả các đơn vị đã báo cáo thực hiện đạt: có mặt khi huy động phòng "
            "cháy, chữa cháy, cứu nạn, cứu hộ; không có vũ khí, vật liệu nổ, công cụ hỗ trợ trái phép.") in texts
    assert ("- 09/11 chỉ tiêu còn đơn vị không đạt; 08 đơn vị không đạt ít nhất một chỉ tiêu (nêu tại "
            "mục II).") in texts
    assert "- Công ty TNHH May mặc An Dương: Công nhân làm theo ca, khó bố trí thời gian tham gia." in texts
    # the nominees workbook of Đợt 1 (issue 4's sample) is counted form by form
    section = texts[texts.index("IV. CÔNG TÁC KHEN THƯỞNG") + 1 : texts.index("IV. CÔNG TÁC KHEN THƯỞNG") + 4]
    assert section == [
        "Trong Đợt 1, các đơn vị đề nghị khen thưởng 40 trường hợp, gồm:",
        "- Giấy khen: 04 tập thể, 32 cá nhân;",
        "- Bằng khen của Chủ tịch Ủy ban nhân dân thành phố: 01 tập thể, 03 cá nhân.",
    ]


def test_tables_follow_nd30(doc: DocxDocument) -> None:
    tables = _tables(doc)
    assert len(tables) == 11  # one per target, in the Phụ lục
    for table in tables:
        assert [c.text for c in table.rows[0].cells] == ["STT", "Đơn vị", "Kết quả", "Chỉ tiêu", "Đánh giá"]
        assert len(table.rows) == 15  # header + 14 units
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
        for cell in table.rows[0].cells:
            assert look(cell.paragraphs[0], 0) == Look(look(cell.paragraphs[0], 0).size_pt, True, False, TNR)
        assert round(sum(c.width.mm for c in table.rows[1].cells)) == 165
    first = [[norm(c.text) for c in r.cells] for r in tables[0].rows]
    assert first[2] == ["2", "Phòng Quản lý đầu tư", "79,5%", "≥ 80%", "Không đạt"]
    assert first[7] == ["7", "Văn phòng đại diện tại Khu kinh tế Đình Vũ - Cát Hải", "80%", "≥ 80%", "Đạt"]
    assert first[14] == ["14", "Công ty TNHH Bao bì Minh Phương", "Chưa báo cáo", "≥ 80%", "-"]
    deeds = [[c.text for c in r.cells] for r in tables[-1].rows]
    assert deeds[8] == ["8", "Công ty TNHH Cơ khí chính xác Tràng Duệ", "12", "≥ 12 (04 tổ × 03 tháng)", "Đạt"]
    assert deeds[5] == ["5", "Phòng Quản lý tài nguyên và môi trường", "05", "≥ 06 (02 tổ × 03 tháng)", "Không đạt"]


def test_signature_and_recipients(doc: DocxDocument) -> None:
    table = next(t for t in doc.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    assert [norm(p.text) for p in table.cell(0, 0).paragraphs if p.text] == [
        "Nơi nhận:", "- Như trên;", "- Công an thành phố;", "- Sở Nội vụ;",
        "- Lãnh đạo Ban;", "- Văn phòng, các phòng chuyên môn, đơn vị sự nghiệp thuộc Ban Quản lý Khu kinh tế;",
        "- Các doanh nghiệp trong các KCN, KKT Đình Vũ - Cát Hải;", "- Lưu: VT, VP, VPĐD/BQL.",
    ]
    right = [norm(p.text) for p in table.cell(0, 1).paragraphs]
    assert right[:2] == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"] and right[-1] == "Nguyễn Quang Minh"


def test_chart_is_in_the_docx(doc: DocxDocument, final_doc: DocxDocument, reports: Reports) -> None:
    assert len(doc.inline_shapes) == 1 and len(final_doc.inline_shapes) == 0
    shape = doc.inline_shapes[0]
    assert round(shape.width.mm) == 160
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    part = doc.part.related_parts[blip.embed]
    assert reports.phase.chart is not None and part.blob == reports.phase.chart.read_bytes()
    with Image.open(reports.phase.chart) as image:
        assert [round(d) for d in image.info["dpi"]] == [300, 300]
    # the chart closes section II, after the findings, its lead-in kept with it
    lead = next(p for p in doc.paragraphs if p.text.startswith("Tỷ lệ đơn vị đạt"))
    assert norm(lead.text) == "Tỷ lệ đơn vị đạt từng chỉ tiêu như biểu đồ sau:" and fmt(lead, "keep_with_next")
    assert lead._p.getnext().xpath("string(.)") == "" and lead._p.getnext().xpath(".//pic:pic")
    final_intro = next(p for p in final_doc.paragraphs if p.text.startswith("Kết quả thực hiện 11 chỉ tiêu"))
    assert norm(final_intro.text) == (
        "Kết quả thực hiện 11 chỉ tiêu thi đua trong 10 tháng của phong trào (từ ngày 01/11/2024 đến "
        "ngày 19/8/2025) được tính trên 14 đơn vị tham gia phong trào (đơn vị chưa báo cáo không được "
        "tính là đạt); chưa đủ số liệu để đánh giá: Công ty TNHH Bao bì Minh Phương; kết quả của từng "
        "đơn vị tại Phụ lục kèm theo."
    )


def test_a_unit_without_figures_is_said_once(final_doc: DocxDocument) -> None:
    # reported in Đợt 2 only: no figure for the whole campaign, said in the intro of II, not 11 times
    texts = [norm(p.text) for p in final_doc.paragraphs]
    assert sum("Bao bì Minh Phương" in t for t in texts if "Chỉ tiêu “" in t) == 0


def test_pdf_carries_the_figures(reports: Reports, pdf_pages: list[str]) -> None:
    text = norm(" ".join(pdf_pages))
    for figure in ["Số: /BC-BQL", "BÁO CÁO", "11/14 đơn vị đạt (78,6%)", "79,5%", "Chưa báo cáo",
                   "≥ 12 (04 tổ × 03 tháng)", "> 90%", "Không để xảy ra", "3.975 lượt người tham dự",
                   "13/14 đơn vị đạt (92,9%)", "Hải Phòng./.", "Nguyễn Quang Minh"]:
        assert figure in text, figure
    assert all(size == (210.0, 297.0) for size in page_sizes_mm(reports.phase_pdf))
    assert {f.split("-")[0] for f in fonts(reports.phase_pdf)} == {"LiberationSerif"}
    # the table header row is repeated at the top of a page its table runs on to
    assert any(page.split("\n")[1:3] == ["STT", "Đơn vị"] for page in pdf_pages[1:])
    final = norm(" ".join(page_texts(reports.final_pdf)))
    assert FINAL_SUBJECT.split(" ", 3)[-1] in final and "bình quân" in final


def test_chart_is_visible_on_its_pdf_page(reports: Reports, pdf_pages: list[str], tmp_path: Path) -> None:
    listing = subprocess.run(["pdfimages", "-list", str(reports.phase_pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    images = [line.split() for line in listing if line.split()[2] == "image"]
    assert len(images) == 1
    page, width, height, x_ppi = int(images[0][0]), int(images[0][3]), int(images[0][4]), int(images[0][12])
    with Image.open(reports.phase.chart) as chart:  # type: ignore[arg-type]
        assert (width, height) == chart.size and x_ppi == 300
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), str(reports.phase_pdf),
                    str(tmp_path / "p")], check=True)
    (png,) = tmp_path.glob("p*.png")
    with Image.open(png) as shot:
        raw = shot.convert("RGB").tobytes()
    pixels = [raw[n:n + 3] for n in range(0, len(raw), 3)]
    bars = sum(1 for p in pixels if all(abs(a - b) < 40 for a, b in zip(p, BAR_COLOUR, strict=True)))
    assert bars > 0.02 * len(pixels)  # the bars cover a visible part of the page
    assert "Tỷ lệ đơn vị đạt từng chỉ tiêu như biểu đồ sau:" in pdf_pages[page - 1]


def test_no_nominees_file_says_so(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Đợt 2 of the sample has results but no de-nghi-khen-thuong.xlsx yet
    from pipeline.build.engine import build_review
    from tests.conftest import SAMPLE

    out = build_review(SAMPLE, tmp_path, phase=2, pdf=False, chart=False)
    texts = [norm(p.text) for p in Document(str(out.docx)).paragraphs]
    start = texts.index("IV. CÔNG TÁC KHEN THƯỞNG")
    assert texts[start + 1] == (
        "Các đơn vị chưa gửi hồ sơ đề nghị khen thưởng Đợt 2; Ban Quản lý Khu kinh tế Hải Phòng sẽ "
        "tổng hợp, báo cáo sau."
    )


@pytest.mark.parametrize(("month", "shown"), [(2, "/02/2025"), (3, "/3/2025"), (11, "/11/2025")])
def test_an_unsigned_plan_is_cited_with_blanks_and_nd30_month(month: int, shown: str) -> None:
    from pipeline.campaign.distribution import load_registry
    from pipeline.campaign.load import load_campaign
    from pipeline.campaign.results import read_phase
    from pipeline.documents import review as review_doc
    from pipeline.nd30 import kinds as K
    from tests.conftest import SAMPLE
    from tests.rendered import texts

    campaign = load_campaign(SAMPLE)
    issue_date = campaign.plan.issue_date.model_copy(update={"year": 2025, "month": month})
    plan = campaign.plan.model_copy(update={"issue_date": issue_date})
    unsigned = campaign.model_copy(update={"awards": None, "plan": plan})
    assert unsigned.report is not None
    review = review_doc.Review(1, read_phase(unsigned, SAMPLE, 1))
    ctx = review_doc.context(unsigned, review, unsigned.report, chart=None,
                             registry=load_registry(SAMPLE, unsigned))
    intro = next(t for t in texts(K.REPORT, ctx) if t.startswith("Thực hiện "))
    assert intro.startswith(f"Thực hiện Kế hoạch số /KH-BQL ngày {shown} của Ban Quản lý Khu kinh tế Hải Phòng về")
