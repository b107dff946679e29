"""`vanban decide`: the sample's decision, proposal and certificates, read back as a user sees them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from pypdf import PdfReader

from cli import main
from pipeline.build.engine import AwardOutputs
from pipeline.build.prepare import load, prepare_decide
from pipeline.campaign.awards import Subject
from pipeline.campaign.nominees import Nominee
from pipeline.documents import decision
from pipeline.documents.awardlist import Round
from pipeline.documents.certificate import slug
from pipeline.nd30 import kinds as K
from pipeline.nd30.kinds import KindSpec
from tests.conftest import SAMPLE
from tests.docxread import Look, look, norm
from tests.pdfread import fonts, page_sizes_mm, page_texts
from tests.rendered import rendered
from tests.rendered import texts as rendered_texts

CAMPAIGN = ("phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự ở cơ sở, "
            "Đợt 1 (từ ngày 01/11/2024 đến ngày 03/02/2025)")
HEAD = "Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng"
PLAN_BASIS = ("Căn cứ Kế hoạch số 189/KH-BQL ngày 15 tháng 11 năm 2024 của Ban Quản lý Khu kinh tế Hải "
              "Phòng về triển khai phát động phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ "
              "an ninh trật tự ở cơ sở")
ND98 = ("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
        "thi hành một số điều của Luật Thi đua, khen thưởng;")
ND152 = ("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân "
         "cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành "
         "một số điều của Luật Thi đua, khen thưởng;")

DECISION_BODY = [
    ("VB Tên loại", "QUYẾT ĐỊNH"),
    ("VB Trích yếu", "Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành tích xuất sắc trong "
     "phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự ở cơ sở, Đợt 1"),
    ("VB Thẩm quyền", "TRƯỞNG BAN BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG"),
    ("VB Căn cứ", "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"),
    ("VB Căn cứ", ND98),
    ("VB Căn cứ", "Căn cứ Quyết định số 1869/QĐ-UBND ngày 21 tháng 6 năm 2021 của Ủy ban nhân dân thành "
     "phố Hải Phòng quy định vị trí, chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Ban Quản lý "
     "Khu kinh tế Hải Phòng;"),
    ("VB Căn cứ", "Căn cứ Quyết định số 52/QĐ-BQL ngày 15 tháng 3 năm 2024 của Ban Quản lý Khu kinh tế "
     "Hải Phòng ban hành Quy chế công tác thi đua, khen thưởng của Ban Quản lý Khu kinh tế Hải Phòng;"),
    ("VB Căn cứ", f"{PLAN_BASIS};"),
    ("VB Căn cứ", "Theo đề nghị của Chánh Văn phòng."),
    ("VB Giữa đậm", "QUYẾT ĐỊNH:"),
    ("VB Nội dung", f"Điều 1. Tặng Giấy khen của {HEAD} cho 04 tập thể và 32 cá nhân (có danh sách kèm "
     f"theo) đã có thành tích xuất sắc trong {CAMPAIGN}."),
    ("VB Nội dung", "Điều 2. Mỗi tập thể được tặng Giấy khen kèm theo tiền thưởng 1.410.000 đồng (Một "
     "triệu bốn trăm mười nghìn đồng); mỗi cá nhân được tặng Giấy khen kèm theo tiền thưởng 710.000 "
     "đồng (Bảy trăm mười nghìn đồng)."),
    ("VB Nội dung", "Tổng số tiền thưởng: 28.360.000 đồng (Hai mươi tám triệu ba trăm sáu mươi nghìn "
     "đồng), trích từ Quỹ Thi đua, khen thưởng của Ban Quản lý Khu kinh tế Hải Phòng."),
    ("VB Câu kết", "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các phòng "
     "chuyên môn, đơn vị trực thuộc Ban Quản lý Khu kinh tế Hải Phòng, Thủ trưởng các đơn vị có liên "
     "quan, các tập thể và cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."),
    ("VB Tên phụ lục", "DANH SÁCH"),
    ("VB Trích yếu phụ lục", f"Tập thể, cá nhân được tặng Giấy khen của {HEAD}"),
    ("VB Kèm theo", f"(Kèm theo Quyết định số /QĐ-BQL ngày tháng 02 năm 2025 của {HEAD})"),
    ("VB Mục", "I. TẬP THỂ (04 tập thể)"),
    ("VB Mục", "II. CÁ NHÂN (32 cá nhân)"),
    ("VB Nội dung", "Danh sách này có 04 tập thể và 32 cá nhân./."),
]

DECISION_COLLECTIVES = [
    ["STT", "Tên tập thể", "Ghi chú"],
    ["1", "Văn phòng", ""],
    ["2", "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp", ""],
    ["3", "Tổ Bảo vệ an ninh, trật tự, Công ty TNHH Cơ khí chính xác Tràng Duệ", ""],
    ["4", "Công ty TNHH Thực phẩm Đông Hải", ""],
]
# every unit by its one official name (the register, campaign.yaml units), in the register's order
DN, DT, QH = "Phòng Quản lý doanh nghiệp và lao động", "Phòng Quản lý đầu tư", "Phòng Quản lý quy hoạch và xây dựng"
TN, CK = "Phòng Quản lý tài nguyên và môi trường", "Công ty TNHH Cơ khí chính xác Tràng Duệ"
NC, LG = "Công ty TNHH Điện tử Nam Cầu Kiền", "Công ty cổ phần Logistics Đình Vũ Xanh"
DECISION_INDIVIDUALS = [
    ("Ông Đỗ Văn Hùng", "Chánh Văn phòng, Văn phòng"),
    ("Bà Vũ Thị Hoà", "Phó Chánh Văn phòng, Văn phòng"),
    ("Bà Bạch Thị Quỳnh", "Chuyên viên, Văn phòng"),
    ("Bà Nguyễn Thị Ánh", "Chuyên viên, Văn phòng"),
    ("Ông Trần Văn Lợi", "Nhân viên, Văn phòng"),
    ("Ông Đặng Văn Hùng", f"Trưởng phòng, {DT}"),
    ("Ông Dương Văn Hùng", f"Chuyên viên, {DT}"),
    ("Bà Ngô Thị Thủy", f"Chuyên viên, {DT}"),
    ("Bà Tôn Nữ Thanh Hương", f"Chuyên viên, {DT}"),
    ("Bà Đào Thị Anh", f"Chuyên viên, {DT}"),
    ("Ông Trịnh Quốc Đạt", f"Phó Trưởng phòng, {QH}"),
    ("Bà Lý Thị Ngọc Hân", f"Chuyên viên, {QH}"),
    ("Ông Mạc Văn Dũng", f"Chuyên viên, {QH}"),
    ("Bà Phạm Thùy Dương", f"Trưởng phòng, {DN}"),
    ("Ông Lê Văn Hòa", f"Phó Trưởng phòng, {DN}"),
    ("Ông Hoàng Minh Anh", f"Chuyên viên chính, {DN}"),
    ("Bà Bùi Thị Hạnh", f"Chuyên viên, {DN}"),
    ("Ông Mai Văn Tâm", f"Chuyên viên, {DN}"),
    ("Bà Phan Thị Mỹ Linh", f"Trưởng phòng, {TN}"),
    ("Ông Đinh Công Thắng", f"Chuyên viên, {TN}"),
    ("Bà Cao Thị Huyền", "Chuyên viên, Văn phòng đại diện tại Khu kinh tế Đình Vũ - Cát Hải"),
    ("Bà Trần Thị Xuân", f"Tổ phó, {CK}"),
    ("Ông Lê Văn Bảy", f"Tổ viên, {CK}"),
    ("Ông Phùng Văn Mạnh", f"Tổ viên, {CK}"),
    ("Ông Trương Văn Long", f"Tổ viên, {CK}"),
    ("Bà Đoàn Thị Mỹ", f"Tổ viên, {CK}"),
    ("Ông Hứa Văn Phúc", f"Nhân viên, {LG}"),
    ("Bà Lương Thị Bích Ngọc", f"Nhân viên, {LG}"),
    ("Ông Kim Văn Sơn", f"Phó Giám đốc, {NC}"),
    ("Bà Triệu Thị Nga", f"Trưởng phòng Hành chính, {NC}"),
    ("Ông Hà Văn Tú", f"Nhân viên bảo vệ, {NC}"),
    ("Bà Lò Thị Mai", f"Nhân viên, {NC}"),
]

GRANTOR = "Chủ tịch Ủy ban nhân dân thành phố"
SUBMISSION_BODY = [
    ("VB Tên loại", "TỜ TRÌNH"),
    ("VB Trích yếu", f"Về việc đề nghị tặng Bằng khen của {GRANTOR} cho các tập thể, cá nhân đã có "
     "thành tích xuất sắc trong phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh "
     "trật tự ở cơ sở, Đợt 1"),
    ("VB Kính gửi", f"Kính gửi: {GRANTOR} (qua Sở Nội vụ)"),
    ("VB Nội dung", "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"),
    ("VB Nội dung", ND98),
    ("VB Nội dung", f"{PLAN_BASIS}, Ban Quản lý Khu kinh tế Hải Phòng báo cáo kết quả và đề nghị khen "
     "thưởng như sau:"),
    ("VB Mục", "I. KẾT QUẢ PHONG TRÀO THI ĐUA"),
    # computed from dot-1/ket-qua.xlsx (pipeline.documents.submission.results)
    ("VB Nội dung", "Sau 03 tháng triển khai Đợt 1 (từ ngày 01/11/2024 đến ngày 03/02/2025), 13/14 đơn vị "
     "tham gia phong trào đã gửi báo cáo kết quả (Công ty TNHH Bao bì Minh Phương chưa báo cáo); 05 đơn vị "
     "đạt tất cả 11 chỉ tiêu thi đua."),
    ("VB Nội dung", "Trên địa bàn còn để xảy ra: Số cơ sở kinh doanh có điều kiện vi phạm: 01 cơ sở (Phòng Quản lý "
     "doanh nghiệp và lao động); Số người tái phạm: 01 người (Công ty cổ phần Logistics Đình Vũ Xanh); Số vụ TNGT "
     "nghiêm trọng: 01 vụ (Công ty cổ phần Vật liệu xây dựng Cát Hải)."),
    ("VB Nội dung", "Chỉ tiêu còn đơn vị chưa đạt: Nguồn tin qua lực lượng (02 đơn vị); Có mặt kịp thời tại "
     "vụ việc (01 đơn vị); Mô hình được biểu dương (01 đơn vị); Thông tin về nhân khẩu (01 đơn vị); Tham gia "
     "tuần tra (01 đơn vị); Việc tốt (mỗi tổ, mỗi tháng) (02 đơn vị)."),
    ("VB Nội dung", "Ban Quản lý Khu kinh tế Hải Phòng đã tổ chức sơ kết Đợt 1, lựa chọn những tập thể, "
     "cá nhân có thành tích đặc biệt xuất sắc để đề nghị khen thưởng."),
    ("VB Mục", "II. ĐỀ NGHỊ KHEN THƯỞNG"),
    ("VB Nội dung", f"Ban Quản lý Khu kinh tế Hải Phòng kính đề nghị {GRANTOR} xem xét, tặng Bằng khen "
     f"của {GRANTOR} cho 01 tập thể và 03 cá nhân (có danh sách kèm theo) đã có thành tích xuất sắc "
     f"trong {CAMPAIGN}."),
    ("VB Câu kết", f"Kính trình {GRANTOR} xem xét, quyết định./."),
    ("VB Tên phụ lục", "DANH SÁCH"),
    ("VB Trích yếu phụ lục", f"Tập thể, cá nhân được đề nghị tặng Bằng khen của {GRANTOR}"),
    ("VB Kèm theo", "(Kèm theo Tờ trình số /TTr-BQL ngày tháng 02 năm 2025 của Ban Quản lý Khu kinh "
     "tế Hải Phòng)"),
    ("VB Mục", "I. TẬP THỂ (01 tập thể)"),
    ("VB Mục", "II. CÁ NHÂN (03 cá nhân)"),
    ("VB Nội dung", "Danh sách này có 01 tập thể và 03 cá nhân./."),
]
SUBMISSION_TABLES = [
    [["STT", "Tên tập thể", "Ghi chú"], ["1", NC, ""]],
    [["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Ghi chú"],
     ["1", "Ông Vương Đình Hữu", "Trưởng đại diện, Văn phòng đại diện tại Khu kinh tế Đình Vũ - Cát Hải", ""],
     ["2", "Ông Nguyễn Văn Tuấn", f"Tổ trưởng, {CK}", ""],
     ["3", "Ông Quách Văn Khải", f"Đội trưởng Đội bảo vệ, {LG}", ""]],
]


def _body(doc: DocxDocument) -> list[tuple[str, str]]:
    return [(p.style.name, norm(p.text)) for p in doc.paragraphs if p.text.strip()]


def _tables(doc: DocxDocument) -> list[list[list[str]]]:
    """The bordered list tables (the header and signature tables are the frame's)."""
    return [[[norm(c.text) for c in row.cells] for row in t.rows]
            for t in doc.tables if t.style is not None and t.style.name == "VB Bảng"]


def _recipients(doc: DocxDocument) -> list[str]:
    sign = next(t for t in doc.tables if norm(t.cell(0, 0).paragraphs[0].text) == "Nơi nhận:")
    return [norm(p.text) for p in sign.cell(0, 0).paragraphs if p.text.strip()]


@pytest.fixture(scope="module")
def decision_doc(decided: AwardOutputs) -> DocxDocument:
    assert decided.decision is not None
    return Document(str(decided.decision.docx))


@pytest.fixture(scope="module")
def submission_doc(decided: AwardOutputs) -> DocxDocument:
    assert decided.submission is not None
    return Document(str(decided.submission.docx))


def test_files_are_where_the_issue_says(decided: AwardOutputs) -> None:
    assert decided.decision and decided.submission and decided.certificates_pdf
    folder = decided.decision.docx.parent
    assert folder.name == "dot-1" and folder.parent.name == "haiphong-2024-antt"
    assert {p.name for p in folder.iterdir()} >= {
        "quyet-dinh-khen-thuong.docx", "quyet-dinh-khen-thuong.pdf", "to-trinh.docx", "to-trinh.pdf",
        "giay-khen", "giay-khen.pdf",
    }


def test_decision_text(decision_doc: DocxDocument) -> None:
    assert _body(decision_doc) == DECISION_BODY


def test_decision_header_and_signature(decision_doc: DocxDocument) -> None:
    header = decision_doc.tables[0]
    assert norm(header.cell(1, 0).text) == "Số: /QĐ-BQL"
    assert norm(header.cell(1, 1).text) == "Hải Phòng, ngày tháng 02 năm 2025"
    assert _recipients(decision_doc) == [
        "Nơi nhận:", "- Như Điều 3;", "- Sở Nội vụ (để báo cáo);", "- Lãnh đạo Ban;", "- Lưu: VT, VP.",
    ]


def test_decision_list_tables(decision_doc: DocxDocument) -> None:
    collectives, individuals = _tables(decision_doc)
    assert collectives == DECISION_COLLECTIVES
    assert individuals[0] == ["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Ghi chú"]
    assert [tuple(r[1:3]) for r in individuals[1:]] == DECISION_INDIVIDUALS
    assert [r[0] for r in individuals[1:]] == [str(n) for n in range(1, 33)]


def test_submission_text_and_list(submission_doc: DocxDocument) -> None:
    assert _body(submission_doc) == SUBMISSION_BODY
    assert _tables(submission_doc) == SUBMISSION_TABLES
    assert norm(submission_doc.tables[0].cell(1, 0).text) == "Số: /TTr-BQL"
    assert _recipients(submission_doc) == ["Nơi nhận:", "- Như trên;", "- Sở Nội vụ;", "- Lãnh đạo Ban;",
                                           "- Lưu: VT, VP."]


def test_authority_split_between_decision_and_proposal(decision_doc: DocxDocument,
                                                       submission_doc: DocxDocument) -> None:
    decision_names = {r[1] for t in _tables(decision_doc) for r in t[1:]}
    proposal_names = {r[1] for t in _tables(submission_doc) for r in t[1:]}
    assert not decision_names & proposal_names
    assert "Ông Vương Đình Hữu" in proposal_names and "Ông Vương Đình Hữu" not in decision_names
    assert len(decision_names) + len(proposal_names) == 40  # every nominee, once
    assert not [p for p in decision_doc.paragraphs if "Bằng khen" in p.text]


def test_decision_formatting(decision_doc: DocxDocument) -> None:
    paras = {norm(p.text): p for p in decision_doc.paragraphs if p.text.strip()}
    authority = paras["TRƯỞNG BAN BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG"]
    assert look(authority, 0) == Look(14, True, False, "Times New Roman")
    bases = [p for p in decision_doc.paragraphs if p.style.name == "VB Căn cứ"]
    assert all(look(p, n).italic for p in bases for n in range(len(p.runs)))
    assert [norm(p.text)[-1] for p in bases] == [";"] * 5 + ["."]
    article = paras[DECISION_BODY[10][1]]
    assert [r.text for r in article.runs if r.bold] == ["Điều 1."]
    # the list opens a section of its own: new page, pages numbered from 1 (ND30 Phụ lục I, mục I.5)
    assert len(decision_doc.sections) == 2 and decision_doc.sections[1].start_type == 2  # WD_SECTION.NEW_PAGE
    assert paras["DANH SÁCH"]._p.getprevious().find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    assert look(paras[DECISION_BODY[16][1]], 0) == Look(14, False, True, "Times New Roman")  # (Kèm theo …)


def test_list_tables_repeat_their_header_and_never_split_rows(decision_doc: DocxDocument) -> None:
    for table in [t for t in decision_doc.tables if t.style is not None and t.style.name == "VB Bảng"]:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
        assert round(sum(c.width.mm for c in table.rows[0].cells)) == 165


def test_decision_pdf(decided: AwardOutputs) -> None:
    assert decided.decision and decided.decision.pdf
    pages = page_texts(decided.decision.pdf)
    assert set(page_sizes_mm(decided.decision.pdf)) == {(210.0, 297.0)}
    text = norm(" ".join(pages))
    assert "Tổng số tiền thưởng: 28.360.000 đồng (Hai mươi tám triệu ba trăm sáu mươi nghìn đồng)" in text
    list_page = next(n for n, p in enumerate(pages) if "DANH SÁCH" in p)
    assert "Nơi nhận:" in " ".join(pages[:list_page])  # the list starts on its own page
    assert "II. CÁ NHÂN (32 cá nhân)" in norm(" ".join(pages[list_page:]))
    repeated = [p for p in pages[list_page + 1:] if "Chức vụ, đơn vị công tác" in p]
    assert repeated, "the individuals' table header is repeated on the next page"
    assert fonts(decided.decision.pdf) <= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
                                           "LiberationSerif-BoldItalic"}


def test_the_pdf_title_is_the_kind_and_its_trich_yeu_as_the_template_writes_it(decided: AwardOutputs) -> None:
    # the Tờ trình and the decision write their trích yếu in their template: the PDF's title
    # (what a reader's tab and the bundle's document list show) had become "Tờ trình" alone
    assert decided.decision and decided.decision.pdf and decided.submission and decided.submission.pdf
    assert PdfReader(str(decided.submission.pdf)).metadata.title == (
        f"Tờ trình Về việc đề nghị tặng Bằng khen của {GRANTOR} cho các tập thể, cá nhân đã có thành tích xuất sắc "
        "trong phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự ở cơ sở, Đợt 1")
    assert PdfReader(str(decided.decision.pdf)).metadata.title == (
        "Quyết định Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào thi "
        "đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự ở cơ sở, Đợt 1")


def test_certificates_one_landscape_page_per_awardee(decided: AwardOutputs) -> None:
    assert len(decided.certificates) == 36  # 04 tập thể và 32 cá nhân
    assert [p.name for p in decided.certificates[:5]] == [
        "001-van-phong.pdf", "002-trung-tam-xuc-tien-dau-tu-va-ho-tro-doanh-nghiep.pdf",
        "003-to-bao-ve-an-ninh-trat-tu.pdf", "004-cong-ty-tnhh-thuc-pham-dong-hai.pdf", "005-do-van-hung.pdf",
    ]
    assert decided.certificates_pdf is not None
    assert page_sizes_mm(decided.certificates_pdf) == [(297.0, 210.0)] * 36
    assert len(PdfReader(str(decided.certificates[0])).pages) == 1


def test_certificate_text(decided: AwardOutputs) -> None:
    assert decided.certificates_pdf is not None
    pages = page_texts(decided.certificates_pdf)
    assert len(pages) == 36
    lines = [norm(x) for x in pages[5].splitlines() if x.strip()]  # 6th: Bà Vũ Thị Hoà
    for expected in ["TRƯỞNG BAN BAN QUẢN LÝ KHU KINH TẾ HẢI PHÒNG", "TẶNG", "GIẤY KHEN", "Bà Vũ Thị Hoà",
                     "Phó Chánh Văn phòng, Văn phòng", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Quang Minh"]:
        assert expected in " | ".join(lines), expected
    text = norm(pages[5])
    assert f"Đã có thành tích xuất sắc trong {CAMPAIGN}." in text
    assert "Quyết định số /QĐ-BQL" in text and "Hải Phòng, ngày tháng 02 năm 2025" in text
    assert "Số vào sổ: 006" in text
    tip = norm(pages[[n for n, p in enumerate(pages) if "Ông Hà Văn Tú" in p][0]])
    assert "Đã phát hiện, cung cấp kịp thời nhiều nguồn tin có giá trị về an ninh, trật tự cho Công an cấp xã." in tip


def test_slug() -> None:
    assert slug("Tôn Nữ Thanh Hương") == "ton-nu-thanh-huong"
    assert slug("Phòng Quy hoạch & Xây dựng") == "phong-quy-hoach-xay-dung"
    assert slug("Đặng Văn Hùng") == "dang-van-hung"
    assert len(slug("Văn phòng " * 20)) <= 60


def _texts(ctx: dict | None, spec: KindSpec = K.DECISION) -> list[str]:  # type: ignore[type-arg]
    """The paragraphs of a document as the reader sees them (rendered from its template)."""
    return rendered_texts(spec, ctx)


def _rows(ctx: dict | None) -> list[tuple[str, ...]]:  # type: ignore[type-arg]
    """The rows of the decision's attached list (its numbered rows), as rendered."""
    return [row for row in rendered(K.DECISION, ctx)[1] if row[0].isdigit()]


def test_alphabetical_order() -> None:
    prepared = prepare_decide(load(SAMPLE), phase=1, order="alphabetical")
    assert prepared.decision is not None
    rows = _rows(prepared.decision)
    assert [r[1] for r in rows[:4]] == [
        "Công ty TNHH Thực phẩm Đông Hải", f"Tổ Bảo vệ an ninh, trật tự, {CK}",
        "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp", "Văn phòng",
    ]
    names = [r[1].split(" ", 1)[1] for r in rows[4:]]
    assert names[:4] == ["Hoàng Minh Anh", "Đào Thị Anh", "Nguyễn Thị Ánh", "Lê Văn Bảy"]  # Anh before Ánh
    assert names.index("Dương Văn Hùng") < names.index("Đặng Văn Hùng") < names.index("Đỗ Văn Hùng")
    assert names.index("Phạm Thùy Dương") < names.index("Trịnh Quốc Đạt")  # Dương before Đạt
    # "Hòa" and "Hoà" sort alike: the middle name decides (Thị before Văn)
    assert names.index("Vũ Thị Hoà") + 1 == names.index("Lê Văn Hòa")
    assert names[-1] == "Trần Thị Xuân" and len(names) == 32
    assert [c[0] for c in prepared.certificates[:5]] == [
        "001-cong-ty-tnhh-thuc-pham-dong-hai", "002-to-bao-ve-an-ninh-trat-tu",
        "003-trung-tam-xuc-tien-dau-tu-va-ho-tro-doanh-nghiep", "004-van-phong", "005-hoang-minh-anh",
    ]


def _campaign_of_2024(folder: Path) -> Path:
    """Return ``folder`` (a copy of the sample) with its plan and phase 1 a year earlier, so that a
    decision of 28/6/2024 comes after the phase and the plan it cites."""
    yaml = folder / "campaign.yaml"
    text = yaml.read_text(encoding="utf-8")
    for old, new in (("  - start: 01/11/2024\n    end: 03/02/2025", "  - start: 01/3/2024\n    end: 31/5/2024"),
                     ("    date: 08/11/2024", "    date: 08/02/2024"),
                     ("  issue_date: 11/2024", "  issue_date: 02/2024"),
                     ("  plan_date: 15/11/2024", "  plan_date: 15/02/2024")):
        assert old in text
        text = text.replace(old, new)
    yaml.write_text(text, encoding="utf-8")
    return folder


def test_decision_date_selects_legal_bases_and_money(campaign_copy: Path) -> None:
    later = prepare_decide(load(SAMPLE), phase=1, date=dt.date(2025, 8, 20), number=7)
    assert later.decision and later.submission
    texts = _texts(later.decision)
    assert ND152 in texts and ND98 not in texts
    assert later.decision["number_line"] == "Số: 07/QĐ-BQL"
    assert later.decision["date_line"] == "Hải Phòng, ngày 20 tháng 8 năm 2025"
    assert f"(Kèm theo Quyết định số 07/QĐ-BQL ngày 20 tháng 8 năm 2025 của {HEAD})" in texts
    assert ND152 in _texts(later.submission, K.SUBMISSION)
    assert later.certificates[0][1]["reference"] == {"number": "số 07/QĐ-BQL", "date": "ngày 20 tháng 8 năm 2025"}
    earlier = prepare_decide(load(_campaign_of_2024(campaign_copy)), phase=1, date=dt.date(2024, 6, 28))
    assert earlier.decision is not None
    assert ND98 in _texts(earlier.decision)
    assert (earlier.round.salary.amount, earlier.round.regime.key) == (1_800_000, "nd98")
    assert ("Điều 2. Mỗi tập thể được tặng Giấy khen kèm theo tiền thưởng 1.080.000 đồng (Một triệu không "
            "trăm tám mươi nghìn đồng); mỗi cá nhân được tặng Giấy khen kèm theo tiền thưởng 540.000 đồng "
            "(Năm trăm bốn mươi nghìn đồng).") in _texts(earlier.decision)
    assert ("Tổng số tiền thưởng: 21.600.000 đồng (Hai mươi mốt triệu sáu trăm nghìn đồng), trích từ Quỹ "
            "Thi đua, khen thưởng của Ban Quản lý Khu kinh tế Hải Phòng.") in _texts(earlier.decision)


def test_cli_decide(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["decide", str(SAMPLE), "--phase", "1", "--no-pdf", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "haiphong-2024-antt" / "dot-1"
    assert result.output.splitlines() == [
        f"Đã ghi: {folder / 'quyet-dinh-khen-thuong.docx'}",
        f"Đã ghi: {folder / 'to-trinh.docx'}",
        f"Đã ghi: 36 Giấy khen trong {folder / 'giay-khen'}",
    ]
    assert len(list((folder / "giay-khen").glob("*.docx"))) == 36


def test_cli_decide_needs_a_date(tmp_path: Path, campaign_copy: Path) -> None:
    yaml = campaign_copy / "campaign.yaml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(re.sub(r"\n      decision_date: .*", "", text), encoding="utf-8")
    result = CliRunner().invoke(main, ["decide", str(campaign_copy), "--phase", "1", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert ("awards.phases (phase: 1).decision_date: chưa có ngày quyết định khen thưởng Đợt 1: ngày này chọn "
            "căn cứ pháp lý, mức lương cơ sở và hệ số tiền thưởng — Cách sửa: thêm «decision_date: 14/02/2025» "
            "vào mục phase: 1 của awards.phases, hoặc (vanban decide) dùng tùy chọn --date 14/02/2025") in result.output
    assert not (tmp_path / "o").exists()
    assert prepare_decide(load(campaign_copy), phase=1, date=dt.date(2025, 2, 14)).round.date == dt.date(2025, 2, 14)


def test_cli_decide_date_outside_the_tables(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["decide", str(SAMPLE), "--phase", "1", "--date", "31/12/2023",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 2
    # said where the clerk chose the date (--date), not in vanban's rules file (fresh-user trial)
    assert ("  - --date: ngày quyết định 31/12/2023 nằm ngoài bảng «regimes» (bảng có từ 01/01/2024)"
            in result.output.splitlines()[-1]), result.output
    assert "khen-thuong.yaml" not in result.output
    assert not tmp_path.joinpath("haiphong-2024-antt").exists()


def test_decide_help_is_vietnamese() -> None:
    result = CliRunner().invoke(main, ["decide", "--help"], prog_name="vanban")
    assert result.exit_code == 0
    assert result.output.startswith("Cách dùng: vanban decide [TÙY_CHỌN] THƯ_MỤC_PHONG_TRÀO")
    for option in ("--phase ĐỢT", "--date NGÀY", "--number SỐ", "--alphabetical", "--out THƯ_MỤC"):
        assert option in result.output
    assert not re.search(r"\b(Usage|Options|default|required|Error)\b|x>=", result.output), result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["decide", str(SAMPLE)], "Lỗi cách dùng: thiếu tùy chọn --phase (số thứ tự đợt, ví dụ --phase 1)\n"),
        (["decide", str(SAMPLE), "--phase", "0"],
         "Lỗi cách dùng: giá trị không hợp lệ cho --phase: phải từ 1 trở lên, không phải 0\n"),
        (["decide", str(SAMPLE), "--phase", "1", "--date", "31/02/2025"],
         "Lỗi cách dùng: giá trị không hợp lệ cho --date: «31/02/2025» không phải là ngày; viết dạng 14/02/2025 "
         "(ngày «31/02/2025» không có thật (tháng 2 năm 2025 không có ngày 31))\n"),
    ],
)
def test_decide_usage_errors(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(main, args, prog_name="vanban")
    assert result.exit_code == 64
    assert result.output == expected + "Xem hướng dẫn: vanban decide --help\n"


def test_phase_outside_the_campaign(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["decide", str(SAMPLE), "--phase", "3", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "phases: phong trào không có Đợt 3 (chỉ có 2 đợt) — Cách sửa: chọn --phase từ 1 đến 2\n" in result.output


def test_round_needs_the_recipients_registry() -> None:
    """Bug found by mypy (issue 12): ``Round.registry`` defaulted to None, and the decision and
    the proposal then stopped on ``None.recipients`` instead of listing Nơi nhận. The registry
    is now required, and both documents list Nơi nhận from it."""
    prepared = prepare_decide(load(SAMPLE), phase=1)
    rnd = prepared.round
    with pytest.raises(TypeError, match="registry"):
        Round(rnd.campaign, rnd.awards, rnd.rules, rnd.phase_number, rnd.phase,  # type: ignore[call-arg]
              rnd.date, rnd.regime, rnd.salary)
    assert prepared.decision is not None and prepared.submission is not None
    rows = rendered(K.DECISION, prepared.decision)[1]
    assert "Nơi nhận: - Như Điều 3; - Sở Nội vụ (để báo cáo); - Lãnh đạo Ban; - Lưu: VT, VP." in [r[0] for r in rows]
    rows = rendered(K.SUBMISSION, prepared.submission)[1]
    assert "Nơi nhận: - Như trên; - Sở Nội vụ; - Lãnh đạo Ban; - Lưu: VT, VP." in [r[0] for r in rows]


def test_list_rows_have_their_table_columns() -> None:
    """Type error found by mypy (issue 12): the rows of the attached list were typed as
    3-cell tuples while an individual's row has 4 cells (STT, name, position, ghi chú). Each
    table's rows have exactly its header's cells, with the form and the note in Ghi chú when
    the list holds more than one form."""
    rnd = prepare_decide(load(SAMPLE), phase=1).round
    nominees = [
        Nominee(Subject.INDIVIDUAL, "Nguyễn Văn An", "Phòng A", "giay-khen", title="Chuyên viên",
                honorific="Ông", note="ghi chú"),
        Nominee(Subject.COLLECTIVE, "Phòng A", "Phòng A", "tap-the-lao-dong-tien-tien"),
    ]
    rows = rendered(K.DECISION, decision.context(nominees, rnd))[1]
    at = rows.index(("STT", "Tên tập thể", "Ghi chú"))
    assert rows[at:at + 4] == [
        ("STT", "Tên tập thể", "Ghi chú"), ("1", "Phòng A", "Tập thể lao động tiên tiến"),
        ("STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Ghi chú"),
        ("1", "Ông Nguyễn Văn An", nominees[0].position, "Giấy khen; ghi chú"),
    ]


def test_the_decision_gives_exactly_its_field_dictionary() -> None:
    """The field dictionary of the decision (what a clerk's template may use) is what its
    context gives: a field added to one and not the other fails here."""
    from pipeline.documents.decision import FIELDS

    prepared = prepare_decide(load(SAMPLE), phase=1)
    assert prepared.decision is not None
    assert set(prepared.decision) == set(FIELDS)


def test_the_submission_gives_exactly_its_field_dictionary() -> None:
    """As the decision: the Tờ trình's context is its field dictionary (pipeline.documents.submission.FIELDS)."""
    from pipeline.documents.submission import FIELDS

    prepared = prepare_decide(load(SAMPLE), phase=1)
    assert prepared.submission is not None
    assert set(prepared.submission) == set(FIELDS)
