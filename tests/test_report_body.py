"""The phase review report reads like a report: findings in the body (a short body, the page
filled), per-target tables in a Phụ lục, headings kept with what follows and spaced from a
table above, the units' and the agency's recommendations in their own section, no repeated or
cut text, no abbreviations in prose, counts that agree."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter

import pytest
from docx import Document
from docx.document import Document as DocxDocument

from pipeline.campaign.load import load_campaign
from tests.conftest import SAMPLE, PhaseReport
from tests.docxread import fmt, norm

PAGE_HEIGHT_PT = 841.89
BOTTOM_MARGIN_PT = 20 / 25.4 * 72


@pytest.fixture(scope="module")
def doc(phase_report: PhaseReport) -> DocxDocument:
    return Document(str(phase_report.docx))


def _body_texts(document: DocxDocument) -> list[str]:
    """Return the report's paragraphs before its Phụ lục, as read."""
    out = []
    for p in document.paragraphs:
        if p.style.name == "VB Tên phụ lục":
            break
        if p.text.strip():
            out.append(norm(p.text))
    return out


def _lowest_text_pt(pdf, page: int) -> float:  # type: ignore[no-untyped-def]
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return max(float(y) for y in re.findall(r'yMax="([\d.]+)"', html))


def test_the_body_is_five_pages_and_page_one_is_full(phase_report: PhaseReport) -> None:
    pages = subprocess.run(["pdftotext", str(phase_report.pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    annex = next(n for n, p in enumerate(pages) if p.strip().startswith("Phụ lục"))
    assert annex == 5  # was 12 pages of tables in the body
    # every body page but the last is filled to its bottom margin (no chart-sized hole)
    for page in range(1, annex):
        assert _lowest_text_pt(phase_report.pdf, page) > PAGE_HEIGHT_PT - BOTTOM_MARGIN_PT - 60, page


def test_findings_in_words_with_units_of_measure(doc: DocxDocument) -> None:
    texts = _body_texts(doc)
    assert ("Chỉ tiêu “ít nhất 01 mô hình đang phát huy hiệu quả trong phong trào toàn dân bảo vệ an ninh Tổ "
            "quốc được Công an cấp huyện trở lên biểu dương, ghi nhận”: 12/14 đơn vị đạt (85,7%), tổng cộng 15 "
            "mô hình; không đạt: Phòng Quản lý quy hoạch và xây dựng (0 mô hình).") in texts
    assert ("b) Chỉ tiêu “không để xảy ra tai nạn giao thông nghiêm trọng, đặc biệt nghiêm trọng”: 12/14 đơn "
            "vị đạt (85,7%); không đạt: Công ty cổ phần Vật liệu xây dựng Cát Hải (01 vụ).") in texts
    assert not [t for t in texts if re.search(r"tổng số: \d", t)]
    # no table in the body: every table of figures is in the Phụ lục
    body = doc.element.body
    annex = next(p for p in doc.paragraphs if p.style.name == "VB Tên phụ lục")._p
    before = [t for t in body.iterchildren() if t.tag.endswith("}tbl") and body.index(t) < body.index(annex)]
    assert len(before) == 2  # the header block and the signature block


def test_content_seven_is_quoted_whole(doc: DocxDocument) -> None:
    campaign = load_campaign(SAMPLE)
    wording = campaign.content_areas[6].targets[0].wording
    assert wording.endswith("ít nhất 01 việc tốt hoặc có cá nhân được biểu dương, khen thưởng, ghi nhận gương "
                            "người tốt, việc tốt")
    assert any(t.startswith(f"Chỉ tiêu “{wording}”: 11/14 đơn vị đạt (78,6%)") for t in _body_texts(doc))


def test_counts_that_agree(doc: DocxDocument, phase_report: PhaseReport) -> None:
    texts = _body_texts(doc)
    (line,) = [t for t in texts if "gửi báo cáo kết quả (" in t]
    reported, total = map(int, re.search(r"Có (\d+)/(\d+) đơn vị gửi báo cáo", line).groups())  # type: ignore[union-attr]
    missing = int(re.search(r"; (\d+) đơn vị chưa báo cáo:", line).group(1))  # type: ignore[union-attr]
    assert (reported, total, missing) == (13, 14, 1) and reported + missing == total
    assert "- 01 đơn vị chưa gửi báo cáo kết quả: Công ty TNHH Bao bì Minh Phương." in texts
    # Đợt 2: everyone reported, and nothing says otherwise
    two = _body_texts(Document(str(phase_report.phase2_docx)))
    (line2,) = [t for t in two if "gửi báo cáo kết quả" in t]
    assert "Có 14/14 đơn vị gửi báo cáo kết quả" in line2 and "chưa báo cáo:" not in line2


def test_nothing_is_said_twice(doc: DocxDocument) -> None:
    texts = _body_texts(doc)
    repeated = [t for t, n in Counter(texts).items() if n > 1]
    assert repeated == []
    # a unit's own shortcoming is not restated by a computed one: the per-target misses are in II only
    assert not [t for t in texts if t.startswith("- Chỉ tiêu")]
    assert "- Phòng Quản lý đầu tư: Tỷ lệ nguồn tin qua lực lượng chưa đạt chỉ tiêu." in texts
    assert "- 09/11 chỉ tiêu còn đơn vị không đạt; 08 đơn vị không đạt ít nhất một chỉ tiêu (nêu tại mục II)." in texts


def test_no_abbreviation_in_prose(doc: DocxDocument) -> None:
    campaign = load_campaign(SAMPLE)
    names = [u.name for u in campaign.units]  # official names are names (issue of the unit register)
    start = _body_texts(doc).index("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN")
    prose = _body_texts(doc)[start:]
    prose = [unicodedata.normalize("NFC", t) for t in prose]
    for text in prose:
        for name in names:
            text = text.replace(name, "")
        found = [a for a in campaign.abbreviations if re.search(rf"(?<!\w){re.escape(a)}(?!\w)", text)]
        assert not found, (found, text)


def test_recommendations_have_their_own_section(doc: DocxDocument) -> None:
    texts = _body_texts(doc)
    start = texts.index("VI. ĐỀ XUẤT, KIẾN NGHỊ")
    assert texts[start + 1:start + 7] == [
        "1. Đề xuất, kiến nghị của các đơn vị",
        "- Văn phòng Ban: Đề nghị tổ chức tập huấn kỹ năng vận động quần chúng cho các tổ.",
        "- Công ty TNHH May mặc An Dương: Đề nghị bố trí lịch tuần tra theo ca sản xuất.",
        "2. Kiến nghị của Ban Quản lý Khu kinh tế Hải Phòng với UBND thành phố Hải Phòng",
        ("- Đề nghị UBND thành phố chỉ đạo Công an thành phố phối hợp tổ chức tập huấn kỹ năng nghiệp vụ cho "
         "lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở trong các khu công nghiệp, khu kinh tế."),
        ("Trên đây là Báo cáo sơ kết Đợt 1 phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh "
         "trật tự ở cơ sở của Ban Quản lý Khu kinh tế Hải Phòng./."),
    ]
    assert not [t for t in texts[:start] if t.startswith("4. Đề xuất")]


def test_headings_kept_with_what_follows_and_spaced(doc: DocxDocument) -> None:
    headings = [p for p in doc.paragraphs if p.style.name in ("VB Mục", "VB Khoản")]
    assert len(headings) > 20
    for p in headings:
        assert fmt(p, "keep_with_next") is True, p.text
        assert fmt(p, "space_before").pt >= 6, p.text  # not against the table above


def test_archive_line_puts_vt_first(doc: DocxDocument) -> None:
    signature = next(t for t in doc.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    assert norm(signature.cell(0, 0).paragraphs[-1].text) == "- Lưu: VT, VP, VPĐD/BQL."


def test_decision_and_proposal_archive_lines_put_vt_first(decided) -> None:  # type: ignore[no-untyped-def]
    for docx in (decided.decision.docx, decided.submission.docx):
        document = Document(str(docx))
        signature = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
        assert norm(signature.cell(0, 0).paragraphs[-1].text) == "- Lưu: VT, VP.", docx.name


def test_no_target_is_praised_when_no_unit_reported(campaign_copy, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Found by a fresh-user trial: with the blank results workbook the report said "02/02 chỉ
    tiêu được tất cả các đơn vị đã báo cáo thực hiện đạt" next to "0/07 đơn vị đạt"."""
    from click.testing import CliRunner

    from cli import main

    runner = CliRunner()
    blank = runner.invoke(main, ["template", "ket-qua", str(campaign_copy), "--out", str(tmp_path)], prog_name="vanban")
    assert blank.exit_code == 0, blank.output
    made = next(tmp_path.rglob("mau-ket-qua.xlsx"))
    (campaign_copy / "dot-1" / "ket-qua.xlsx").write_bytes(made.read_bytes())
    result = runner.invoke(main, ["report", str(campaign_copy), "--phase", "1", "--out", str(tmp_path), "--no-pdf"],
                           prog_name="vanban")
    assert result.exit_code == 0, result.output
    text = "\n".join(norm(p.text) for p in Document(str(next(tmp_path.rglob("bao-cao-so-ket.docx")))).paragraphs)
    assert "thực hiện đạt:" not in text
