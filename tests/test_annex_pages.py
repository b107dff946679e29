"""Annexes as ND30 wants them (Phụ lục I, mục I.5; ND30.md §1.2, §1.6): each annex — the
decision's and the Tờ trình's danh sách, the report's Phụ lục — starts a section of its own on a
new page, numbers its pages from 1 with its first page unnumbered (as the document's own first
page), carries its title and "(Kèm theo … số … ngày …)" line, is labelled in the bundle
("QĐ-DS-1"), and `vanban issue` stamps its reference line."""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from pathlib import Path

from docx import Document
from pypdf import PdfReader, PdfWriter

from pipeline.docx.stamp import read_draft, stamp
from pipeline.pdf.bundle import Metadata, Part, write_bundle
from tests.conftest import PhaseReport
from tests.docxread import norm
from tests.pdfread import page_texts


def _heads(pdf: Path) -> list[str]:
    """Return each page's first line of text (the page number when the page shows one)."""
    return [next((line.strip() for line in unicodedata.normalize("NFC", page).splitlines() if line.strip()), "")
            for page in page_texts(pdf)]


def test_the_decisions_list_numbers_its_pages_from_one(decided) -> None:  # type: ignore[no-untyped-def]
    heads = _heads(decided.decision.pdf)
    # the decision: page 1 unnumbered, page 2 "2"; the list: its page 1 unnumbered, then "2"
    assert heads[0].startswith("UBND THÀNH PHỐ HẢI PHÒNG") and heads[1] == "2"
    assert heads[2] == "DANH SÁCH" and heads[3] == "2"
    assert len(heads) == 4


def test_the_proposals_list_starts_its_own_page_unnumbered(decided) -> None:  # type: ignore[no-untyped-def]
    heads = _heads(decided.submission.pdf)
    assert heads[0].startswith("UBND THÀNH PHỐ HẢI PHÒNG") and heads[1] == "DANH SÁCH" and len(heads) == 2


def test_the_reports_phu_luc_numbers_its_pages_from_one(phase_report: PhaseReport) -> None:
    heads = _heads(phase_report.pdf)
    start = heads.index("Phụ lục")
    assert start == 5  # a body of 5 pages: findings in words, the tables in the Phụ lục
    assert heads[1:start] == ["2", "3", "4", "5"]
    assert heads[start + 1:] == [str(n) for n in range(2, len(heads) - start + 1)]
    assert len(heads) - start == 8
    annex = norm(page_texts(phase_report.pdf)[start])
    assert annex.startswith("Phụ lục KẾT QUẢ THỰC HIỆN CHỈ TIÊU THI ĐUA ĐỢT 1 CỦA CÁC ĐƠN VỊ (Kèm theo Báo cáo "
                            "số /BC-BQL ngày tháng 02 năm 2025 của Ban Quản lý Khu kinh tế Hải Phòng) 1. Thi đua")


def test_issuing_stamps_the_phu_lucs_reference_line(phase_report: PhaseReport, tmp_path: Path) -> None:
    draft_path = Path(shutil.copy(phase_report.docx, tmp_path / "bao-cao.docx"))
    document = stamp(read_draft(draft_path), 5, dt.date(2025, 2, 10))
    texts = [norm(p.text) for p in document.paragraphs]
    assert ("(Kèm theo Báo cáo số 05/BC-BQL ngày 10 tháng 02 năm 2025 của Ban Quản lý Khu kinh tế Hải "
            "Phòng)") in texts
    assert not [t for t in texts if t.startswith("(Kèm theo") and "số /" in t]


def _blank_pdf(path: Path, pages: int) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    with path.open("wb") as out:
        writer.write(out)
    return path


def test_bundle_labels_each_annex_on_its_own(tmp_path: Path) -> None:
    decision = _blank_pdf(tmp_path / "qd.pdf", 4)
    report = _blank_pdf(tmp_path / "bc.pdf", 3)
    target = write_bundle([Part("Báo cáo", report, "BC", (("Phụ lục", 1),), sections=(("PL", 1),)),
                           Part("Quyết định", decision, "QĐ", (("Danh sách kèm theo", 2),), sections=(("DS", 2),))],
                          tmp_path / "ho-so.pdf", Metadata("Hồ sơ", "Đợt 1", "Ban"))
    assert PdfReader(str(target)).page_labels == ["BC-1", "BC-PL-1", "BC-PL-2", "QĐ-1", "QĐ-2", "QĐ-DS-1", "QĐ-DS-2"]


def test_every_section_of_the_report_numbers_from_one(phase_report: PhaseReport) -> None:
    sections = Document(str(phase_report.docx)).sections
    assert len(sections) == 2
    assert [s._sectPr.xpath("string(w:pgNumType/@w:start)") for s in sections] == ["1", "1"]
    assert all(s.different_first_page_header_footer for s in sections)
