"""Issuing completes the set: once the decision has its number and date, its certificates, its
attached list, its dispatch sheet and the bundle carry them (DOCX and PDF)."""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cli import main
from tests.conftest import SAMPLE
from tests.golden import docx_text
from tests.pdfread import page_texts

DATE = "ngày 20 tháng 02 năm 2025"


@dataclass(frozen=True)
class Issued:
    campaign: Path
    out: Path
    folder: Path
    reference: str
    output: str


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Issued:
    """`vanban build --issue --date 20/02/2025` of a copy of the sample (PDF and bundle)."""
    root = tmp_path_factory.mktemp("issue")
    campaign = Path(shutil.copytree(SAMPLE, root / SAMPLE.name))
    out = root / "out"
    result = CliRunner().invoke(main, ["build", str(campaign), "--phase", "1", "--issue", "--date", "20/02/2025",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    found = re.search(r"Đã cấp số: (\d+/QĐ-BQL) — quyet-dinh-khen-thuong\.docx", result.output)
    assert found, result.output
    return Issued(campaign, out, out / SAMPLE.name / "dot-1", found[1], result.output)


def test_certificates_carry_the_decisions_number_and_date(issued: Issued) -> None:
    certificates = sorted((issued.folder / "giay-khen").glob("*.docx"))
    assert len(certificates) == 36
    for docx in certificates:
        text = docx_text(docx)
        assert f"Quyết định số {issued.reference} / {DATE}" in text, docx.name
        assert f"Hải Phòng, {DATE}" in text, docx.name
        pdf = _flat(page_texts(docx.with_suffix(".pdf"))[0])
        assert f"Quyết định số {issued.reference}" in pdf and DATE in pdf, docx.name
    printed = _flat(" ".join(page_texts(issued.folder / "giay-khen.pdf")))
    assert printed.count(f"Quyết định số {issued.reference}") == 36


def test_the_attached_list_carries_them(issued: Issued) -> None:
    line = (f"(Kèm theo Quyết định số {issued.reference} {DATE} của Trưởng ban Ban Quản lý Khu kinh tế Hải "
            "Phòng)")
    assert line in docx_text(issued.folder / "quyet-dinh-khen-thuong.docx")
    assert line in _flat(" ".join(page_texts(issued.folder / "quyet-dinh-khen-thuong.pdf")))


def test_the_dispatch_sheet_carries_them(issued: Issued) -> None:
    sheet = issued.folder / "danh-sach-gui" / "quyet-dinh-khen-thuong"
    line = f"Văn bản: Quyết định số {issued.reference}, {DATE}"
    assert line in docx_text(sheet.with_suffix(".docx"))
    assert line in _flat(page_texts(sheet.with_suffix(".pdf"))[0])
    book = openpyxl.load_workbook(sheet.with_suffix(".xlsx"), read_only=True)
    rows = [r for r in book.active.iter_rows(min_row=2, values_only=True) if r[0]]
    book.close()
    assert {(r[5], r[6]) for r in rows} == {(issued.reference, DATE)}


def test_the_bundle_is_refreshed(issued: Issued) -> None:
    bundle = _flat(" ".join(page_texts(issued.folder / "ho-so-dot-1.pdf")))
    assert bundle.count(f"Quyết định số {issued.reference}") >= 36 + 1  # the certificates and the dispatch sheet
    assert "Quyết định số /QĐ-BQL" not in bundle and "số /QĐ-BQL" not in bundle


def test_decide_after_issue_keeps_the_signed_decision(issued: Issued) -> None:
    number = int(issued.reference.split("/")[0])
    decision = issued.folder / "quyet-dinh-khen-thuong.docx"
    signed = decision.read_bytes()
    runner = CliRunner()
    result = runner.invoke(main, ["decide", str(issued.campaign), "--phase", "1", "--number", str(number),
                                  "--no-pdf", "--out", str(issued.out)])
    assert result.exit_code == 0, result.output
    assert f"Giữ nguyên bản đã cấp số: {decision}" in result.output
    assert f"Giấy khen ghi Quyết định số {issued.reference} ngày 20/02/2025" in result.output
    assert decision.read_bytes() == signed
    first = sorted((issued.folder / "giay-khen").glob("*.docx"))[0]
    assert f"Quyết định số {issued.reference} / {DATE}" in docx_text(first)
    other = runner.invoke(main, ["decide", str(issued.campaign), "--phase", "1", "--number", str(number + 1),
                                 "--no-pdf", "--out", str(issued.out)])
    assert other.exit_code == 2
    assert (f"--number: Quyết định khen thưởng Đợt 1 đã được cấp số {issued.reference} ngày 20/02/2025, khác số "
            f"{number + 1} — Cách sửa: bỏ --number (Giấy khen ghi số đã cấp), hoặc ghi --number {number}"
            ) in other.output


def test_vanban_issue_of_the_decision_remakes_its_certificates(tmp_path: Path) -> None:
    campaign = Path(shutil.copytree(SAMPLE, tmp_path / SAMPLE.name))
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(campaign), "--phase", "1", "--no-pdf", "--out", str(tmp_path / "o")])
    assert built.exit_code == 0, built.output
    folder = tmp_path / "o" / SAMPLE.name / "dot-1"
    first = sorted((folder / "giay-khen").glob("*.docx"))[0]
    assert "Quyết định số /QĐ-BQL / ngày tháng 02 năm 2025" in docx_text(first)
    result = runner.invoke(main, ["issue", str(folder / "quyet-dinh-khen-thuong.docx"), "--date", "21/02/2025",
                                  "--no-pdf"])
    assert result.exit_code == 0, result.output
    reference = result.output.splitlines()[-1]
    assert reference.endswith("/QĐ-BQL")
    assert f"Đã soạn lại Giấy khen, danh sách gửi với số {reference}: {folder}" in result.output
    assert f"Quyết định số {reference} / ngày 21 tháng 02 năm 2025" in docx_text(first)
    sheet = docx_text(folder / "danh-sach-gui" / "quyet-dinh-khen-thuong.docx")
    assert f"Văn bản: Quyết định số {reference}, ngày 21 tháng 02 năm 2025" in sheet
