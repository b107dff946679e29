"""The certificate (Giấy khen) and the dispatch sheet (danh sách gửi) hold their wording in their
templates: their contexts give values only (exactly their field dictionaries), the achievement
is the workbook's text or the template's own sentence, and one sentence for every certificate
of a campaign is a template edit (issue 13, points 1 and 5)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from docx import Document

from pipeline.build.engine import build_decide
from pipeline.build.prepare import load, prepare_decide
from pipeline.campaign.distribution import Channel, DispatchRow, Role
from pipeline.documents import certificate, dispatch
from pipeline.nd30 import layout as L
from tests.conftest import SAMPLE
from tests.docxread import norm, paragraphs
from tests.pdfread import page_texts

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
DEFAULT = ("Đã có thành tích xuất sắc trong phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật "
           "tự ở cơ sở, Đợt 1 (từ ngày 01/11/2024 đến ngày 03/02/2025).")


def test_the_certificate_gives_exactly_its_field_dictionary() -> None:
    prepared = prepare_decide(load(SAMPLE), phase=1)
    stem, context = prepared.certificates[0]
    assert set(context) == set(certificate.FIELDS)
    assert all(isinstance(v, (str, int, list, dict)) for v in context.values())
    assert (stem, context["register_number"], context["achievement"]) == ("001-van-phong", 1, "")


def test_the_dispatch_sheet_gives_exactly_its_field_dictionary() -> None:
    rows = (DispatchRow("Sở Nội vụ", Role.REPORT, Channel.PAPER, 2), DispatchRow("Văn phòng", Role.EXECUTE,
                                                                                Channel.EDOC, 1))
    sheet = dispatch.DispatchSheet("Quyết định", "05/QĐ-BQL", "ngày 14 tháng 02 năm 2025", "Về việc …", rows)
    context = dispatch.context(sheet, "UBND THÀNH PHỐ HẢI PHÒNG", "BAN QUẢN LÝ KHU KINH TẾ")
    assert set(context) == set(dispatch.FIELDS)
    assert context["document"] == {"kind": "Quyết định", "reference": "05/QĐ-BQL",
                                   "date": "ngày 14 tháng 02 năm 2025", "subject": "Về việc …"}
    assert context["rows"] == [
        {"number": 1, "name": "Sở Nội vụ", "role": Role.REPORT.value, "channel": Channel.PAPER.label, "copies": 2},
        {"number": 2, "name": "Văn phòng", "role": Role.EXECUTE.value, "channel": Channel.EDOC.label, "copies": 1}]
    assert context["copies"] == 3


def _achievement(docx: Path) -> str:
    (para,) = [p for p in paragraphs(Document(str(docx))) if p.style is not None
               and p.style.name == L.CERT_ACHIEVEMENT.name]
    return norm(para.text)


def _set_achievement(workbook: Path, name: str, text: str) -> None:
    book = openpyxl.load_workbook(workbook)
    ws = book["Tập thể"]
    header = [c.value for c in ws[3]]
    row = next(r for r in ws.iter_rows(min_row=4) if r[header.index("Tên tập thể")].value == name)
    row[header.index("Thành tích")].value = text
    book.save(workbook)


def test_the_achievement_is_the_workbooks_text_or_the_templates_sentence(tmp_path: Path) -> None:
    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "c"))
    _set_achievement(campaign / "dot-1" / "de-nghi-khen-thuong.xlsx", "Văn phòng",
                     "Hoàn thành xuất sắc nhiệm vụ tham mưu tổ chức phong trào")
    made = build_decide(campaign, tmp_path / "out", phase=1, pdf=False).certificates
    assert _achievement(made[0]) == "Hoàn thành xuất sắc nhiệm vụ tham mưu tổ chức phong trào."
    assert _achievement(made[1]) == DEFAULT


def test_one_achievement_sentence_for_every_certificate_is_a_template_edit(tmp_path: Path) -> None:
    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "c"))
    own = campaign / "mau" / "giay-khen.docx"
    own.parent.mkdir()
    shutil.copy(TEMPLATES / own.name, own)
    doc = Document(str(own))
    (para,) = [p for p in doc.paragraphs if p.style is not None and p.style.name == L.CERT_ACHIEVEMENT.name]
    for run in para.runs[1:]:
        run._r.getparent().remove(run._r)
    para.runs[0].text = "Đã có thành tích xuất sắc trong {{ campaign_name }} năm 2025."
    doc.save(str(own))
    made = build_decide(campaign, tmp_path / "out", phase=1)
    sentence = ("Đã có thành tích xuất sắc trong phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh "
                "trật tự ở cơ sở năm 2025.")
    docx = sorted((tmp_path / "out" / "c" / "dot-1" / "giay-khen").glob("*.docx"))
    assert len(docx) == 36 and {_achievement(p) for p in docx} == {sentence}
    assert made.certificates_pdf is not None
    pages = [norm(t) for t in page_texts(made.certificates_pdf)]
    assert len(pages) == 36 and all(sentence in t for t in pages)


def test_the_certificate_and_dispatch_sheet_wording_is_in_their_templates() -> None:
    for name, words in (("giay-khen.docx", ("TẶNG", "Đã có thành tích xuất sắc trong", "Quyết định",
                                            "Số vào sổ:")),
                        ("danh-sach-gui.docx", ("DANH SÁCH GỬI VĂN BẢN", "Văn bản:", "Trích yếu:", "Nơi nhận",
                                                "Đường gửi", "Tổng cộng:"))):
        text = "\n".join(p.text for p in paragraphs(Document(str(TEMPLATES / name))))
        assert all(w in text for w in words), name
    for module in (certificate, dispatch):
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        assert "TẶNG" not in source and "Đã có thành tích" not in source and "Văn bản:" not in source
