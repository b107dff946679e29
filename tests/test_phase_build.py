"""`vanban build` of phase 1: the dispatch sheets, the bundle, incremental rebuilds, failures."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from cli import main
from pipeline.build.engine import build_phase
from pipeline.build.phase import PhaseResult, read_manifest
from pipeline.campaign.distribution import Channel, DispatchRow, Role
from pipeline.documents import dispatch
from pipeline.settings import Settings

from .conftest import SAMPLE
from .docxread import norm, paragraphs
from .pdfread import page_texts

FOLDER = "haiphong-2024-antt/dot-1"


@dataclass(frozen=True)
class Built:
    campaign: Path
    out: Path
    folder: Path
    first: PhaseResult
    again: PhaseResult


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Build phase 1 of a copy of the sample in full (one LibreOffice batch), then again."""
    root = tmp_path_factory.mktemp("phase")
    campaign = Path(shutil.copytree(SAMPLE, root / "haiphong-2024-antt"))
    out = root / "out"
    first = build_phase(campaign, out, phase=1).result
    again = build_phase(campaign, out, phase=1).result
    return Built(campaign, out, out / FOLDER, first, again)


def test_first_build_makes_every_document(built: Built) -> None:
    assert not built.first.failed, built.first.failures
    f = built.folder
    for name in ("bao-cao-so-ket", "to-trinh", "quyet-dinh-khen-thuong", "danh-sach-gui/bao-cao-so-ket",
                 "danh-sach-gui/to-trinh", "danh-sach-gui/quyet-dinh-khen-thuong"):
        assert (f / f"{name}.docx").exists() and (f / f"{name}.pdf").exists(), name
    assert (f / "danh-sach-gui/quyet-dinh-khen-thuong.xlsx").exists()
    assert len(list((f / "giay-khen").glob("*.pdf"))) == 36
    assert (f / "giay-khen.pdf").exists() and (f / "ho-so-dot-1.pdf").exists()
    assert len(built.first.converted) == 42  # 3 documents, 36 certificates, 3 dispatch sheets
    steps = {s.name: (s.documents, s.made, s.pages, s.problems) for s in built.first.steps}
    assert steps == {"Báo cáo sơ kết": (1, 1, 13, 0), "Tờ trình": (1, 1, 3, 0), "Quyết định": (1, 1, 4, 0),
                     "Giấy khen": (36, 36, 36, 0), "Danh sách gửi": (3, 3, 3, 0), "Chuyển PDF": (42, 42, 0, 0),
                     "Hồ sơ": (1, 1, 59, 0)}
    assert [s.name for s in built.first.steps] == list(steps)  # the order a leader reads them


def test_rerun_converts_nothing(built: Built) -> None:
    assert built.again.converted == []
    assert not built.again.failed
    assert all(not o.made for o in built.again.outcomes)
    assert [s.made for s in built.again.steps] == [0, 0, 0, 0, 0, 0]
    manifest = read_manifest(built.folder)
    assert {"quyet-dinh-khen-thuong", "to-trinh", "danh-sach-gui/to-trinh", "ho-so-dot-1.pdf",
            "giay-khen.pdf", "giay-khen/001-van-phong"} <= set(manifest)


# --- the bundle ------------------------------------------------------------------------------

def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    out: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def _parts(f: Path) -> list[Path]:
    return [f / "bao-cao-so-ket.pdf", f / "to-trinh.pdf", f / "quyet-dinh-khen-thuong.pdf",
            *sorted((f / "giay-khen").glob("*.pdf")), f / "danh-sach-gui/bao-cao-so-ket.pdf",
            f / "danh-sach-gui/to-trinh.pdf", f / "danh-sach-gui/quyet-dinh-khen-thuong.pdf"]


def test_bundle_bookmarks_land_on_each_documents_first_page(built: Built) -> None:
    reader = PdfReader(str(built.folder / "ho-so-dot-1.pdf"))
    outline = _outline(reader)
    top = [(title, page) for depth, title, page in outline if depth == 0]
    assert top == [("Báo cáo sơ kết Đợt 1", 0), ("Tờ trình đề nghị khen thưởng", 13), ("Quyết định khen thưởng", 16),
                   ("Giấy khen", 20), ("Danh sách gửi", 56)]
    assert len(outline) == 5 + 3 + 36 + 3
    nested = [(title, page) for depth, title, page in outline if depth == 1]
    # each annex its own bookmark: the report's Phụ lục (after a 5-page body), the two lists
    assert nested[:3] == [("Phụ lục", 5), ("Danh sách kèm theo", 15), ("Danh sách kèm theo", 18)]
    assert nested[3] == ("001. Văn phòng", 20)
    assert nested[-3:] == [("Báo cáo sơ kết Đợt 1", 56), ("Tờ trình đề nghị khen thưởng", 57),
                           ("Quyết định khen thưởng", 58)]
    # every document's bookmark lands on that document's first page (same text), and each
    # group bookmark on its first document's
    f = built.folder
    parts = _parts(f)
    groups = ("Giấy khen", "Danh sách gửi", "Danh sách kèm theo", "Phụ lục")
    documents = [(t, p) for d, t, p in outline if t not in groups]
    assert len(documents) == len(parts) == 42
    bundle_pages = page_texts(f / "ho-so-dot-1.pdf")
    for (title, page), part in zip(documents, parts, strict=True):
        assert bundle_pages[page] == page_texts(part)[0], (title, part)
    for page, heading in ((5, "Phụ lục"), (15, "DANH SÁCH"), (18, "DANH SÁCH")):  # the annexes: first page unnumbered
        assert [x for x in unicodedata.normalize("NFC", bundle_pages[page]).splitlines() if x][0] == heading


def test_bundle_pages_metadata_and_labels(built: Built) -> None:
    reader = PdfReader(str(built.folder / "ho-so-dot-1.pdf"))
    parts = _parts(built.folder)
    assert len(reader.pages) == sum(len(PdfReader(str(p)).pages) for p in parts) == 59
    meta = reader.metadata
    assert meta is not None
    assert meta["/Title"] == "Hồ sơ sơ kết Đợt 1"
    assert meta["/Author"] == "Ban Quản lý Khu kinh tế Hải Phòng"
    assert meta["/Subject"] == ("Phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự "
                                "ở cơ sở, Đợt 1")
    assert reader.trailer["/Root"]["/Lang"] == "vi"
    labels = reader.page_labels
    # each annex numbered on its own (ND30 Phụ lục I, mục I.5): BC-PL-1, TTr-DS-1, QĐ-DS-1 …
    assert labels[:14] == [f"BC-{n}" for n in range(1, 6)] + [f"BC-PL-{n}" for n in range(1, 9)] + ["TTr-1"]
    assert labels[14:22] == ["TTr-2", "TTr-DS-1", "QĐ-1", "QĐ-2", "QĐ-DS-1", "QĐ-DS-2", "GK-001", "GK-002"]
    assert labels[55:] == ["GK-036", "DSG-BC-1", "DSG-TTr-1", "DSG-QĐ-1"]
    # the per-document PDFs stay
    assert all(p.exists() for p in parts)


# --- the dispatch sheet ----------------------------------------------------------------------

def test_dispatch_sheet_cells(built: Built) -> None:
    ws = openpyxl.load_workbook(built.folder / "danh-sach-gui/quyet-dinh-khen-thuong.xlsx").active
    rows = [tuple(c.value for c in row) for row in ws.iter_rows()]
    subject = ("Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào "
               "thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự ở cơ sở, Đợt 1")
    ref, date = "     /QĐ-BQL", "ngày      tháng 02 năm 2025"
    assert rows[0] == dispatch.HEADER
    assert rows[1:4] == [
        (1, "Sở Nội vụ", "để báo cáo", "Bản giấy", 2, ref, date, subject),
        (2, "Lãnh đạo Ban", "nhận", "Bản giấy", 1, ref, date, subject),
        # the grouped lines, one row per unit of the register in their groups
        (3, "Văn phòng", "thi hành", "Văn bản điện tử", 1, ref, date, subject),
    ]
    assert rows[16] == (16, "Công ty TNHH Bao bì Minh Phương", "thi hành", "Bản giấy", 1, ref, date, subject)
    assert rows[17][1] == "Tổng cộng" and rows[17][4] == 17 and len(rows) == 18
    assert ws.freeze_panes == "A2"


def test_dispatch_docx_is_one_page_table(built: Built) -> None:
    f = built.folder
    assert len(PdfReader(str(f / "danh-sach-gui/quyet-dinh-khen-thuong.pdf")).pages) == 1
    doc = Document(str(f / "danh-sach-gui/quyet-dinh-khen-thuong.docx"))
    text = [norm(p.text) for p in paragraphs(doc) if norm(p.text)]
    assert text[:5] == ["UBND THÀNH PHỐ HẢI PHÒNG", "BAN QUẢN LÝ KHU KINH TẾ", "DANH SÁCH GỬI VĂN BẢN",
                        "Văn bản: Quyết định số /QĐ-BQL, ngày tháng 02 năm 2025",
                        "Trích yếu: Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành tích xuất sắc "
                        "trong phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự ở cơ sở, "
                        "Đợt 1"]
    table = doc.tables[-1]
    cells = [[norm(c.text) for c in row.cells] for row in table.rows]
    assert cells[0] == ["STT", "Nơi nhận", "Mục đích", "Đường gửi", "Số bản"]
    assert cells[1] == ["1", "Sở Nội vụ", "để báo cáo", "Bản giấy", "2"]
    assert text[-1] == "Tổng cộng: 16 nơi nhận, 17 bản."
    submission = Document(str(f / "danh-sach-gui/to-trinh.docx"))
    rows = [[norm(c.text) for c in row.cells] for row in submission.tables[-1].rows]
    assert rows[1] == ["1", "UBND thành phố (qua Sở Nội vụ)", "kính gửi", "Bản giấy", "1"]  # awards.higher_level.via
    report = Document(str(f / "danh-sach-gui/bao-cao-so-ket.docx"))
    text = [norm(p.text) for p in paragraphs(report) if norm(p.text)]
    assert text[3] == "Văn bản: Báo cáo số /BC-BQL, ngày tháng 02 năm 2025"
    rows = [[norm(c.text) for c in row.cells] for row in report.tables[-1].rows]
    assert [r[1] for r in rows[1:6]] == [
        "UBND thành phố", "Công an thành phố", "Sở Nội vụ", "Lãnh đạo Ban", "Văn phòng"]
    assert len(rows) == 1 + 4 + 14


def test_formula_like_names_stay_text(tmp_path: Path) -> None:
    names = ["=SUM(A1)", "+84 225 3836 888", "-Phòng Kế toán", "@Ban", "Sở Tài chính"]
    sheet = dispatch.DispatchSheet("Quyết định", "05/QĐ-BQL", "ngày 14 tháng 02 năm 2025", "=1+1",
                                   tuple(DispatchRow(n, Role.INFORM, Channel.EDOC, 1) for n in names))
    target = dispatch.write_xlsx(sheet, tmp_path / "ds.xlsx")
    ws = openpyxl.load_workbook(target).active
    for row, name in enumerate(names, start=2):
        cell = ws.cell(row=row, column=2)
        assert (cell.value, cell.data_type) == (name, "s")
        assert cell.quotePrefix == name.startswith(("=", "+", "-", "@"))
        assert ws.cell(row=row, column=8).value == "=1+1" and ws.cell(row=row, column=8).data_type == "s"
    # no formula anywhere in the file's XML
    import zipfile

    xml = zipfile.ZipFile(target).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


# --- incremental: one nominee changed -----------------------------------------------------------

def _set_gender(workbook: Path, name: str, gender: str) -> None:
    book = openpyxl.load_workbook(workbook)
    ws = book["Cá nhân"]
    for row in ws.iter_rows(min_row=4):
        if row[1].value == name:
            row[2].value = gender
            break
    else:
        raise AssertionError(name)
    book.save(workbook)


def test_one_nominee_changed_reconverts_only_what_depends_on_it(built: Built, tmp_path: Path) -> None:
    # the same campaign folder (the documents record it), its outputs copied elsewhere
    out = tmp_path / "out"
    shutil.copytree(built.folder, out / FOLDER)
    workbook = built.campaign / "dot-1" / "de-nghi-khen-thuong.xlsx"
    original = workbook.read_bytes()
    _set_gender(workbook, "Phạm Thùy Dương", "Nam")
    untouched = out / FOLDER / "giay-khen/001-van-phong.pdf"
    before = untouched.stat().st_mtime_ns
    try:
        result = build_phase(built.campaign, out, phase=1).result
    finally:
        workbook.write_bytes(original)
    assert not result.failed, result.failures
    assert sorted(p.relative_to(out / FOLDER).as_posix() for p in result.converted) == [
        "danh-sach-gui/quyet-dinh-khen-thuong.docx",
        "giay-khen/018-pham-thuy-duong.docx",
        "quyet-dinh-khen-thuong.docx",
    ]
    assert untouched.stat().st_mtime_ns == before
    bundle = next(s for s in result.steps if s.name == "Hồ sơ")
    assert (bundle.made, bundle.pages) == (1, 59)  # the review report counts nominees by form: not redone
    assert "Ông Phạm Thùy Dương" in page_texts(out / FOLDER / "giay-khen/018-pham-thuy-duong.pdf")[0]


# --- a broken template for one kind ----------------------------------------------------------------

def test_broken_certificate_template_fails_only_the_certificates(tmp_path: Path) -> None:
    templates = Path(shutil.copytree(Settings().templates_dir, tmp_path / "templates"))
    (templates / "giay-khen.docx").write_bytes(b"PK\x03\x04 not a docx")
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "--phase", "1", "--out", str(tmp_path / "out")],
                                prog_name="vanban", env={"VANBAN_TEMPLATES": str(templates)})
    assert result.exit_code == 7, result.output
    folder = tmp_path / "out" / FOLDER
    for name in ("to-trinh", "quyet-dinh-khen-thuong", "danh-sach-gui/to-trinh",
                 "danh-sach-gui/quyet-dinh-khen-thuong"):
        assert (folder / f"{name}.pdf").exists(), name
    assert not list(folder.glob("giay-khen/*")) and not (folder / "ho-so-dot-1.pdf").exists()
    out = result.output
    lines = out.splitlines()
    assert lines[0].split() == ["Bước", "Văn", "bản", "Làm", "mới", "Trang", "Giây", "Lỗi"]
    row = next(line for line in lines if line.startswith("Giấy khen"))
    assert row.split()[2:4] == ["36", "0"] and row.split()[-1] == "36"
    assert ("Lỗi: giay-khen/001-van-phong, giay-khen/002-trung-tam-xuc-tien-dau-tu-va-ho-tro-doanh-nghiep "
            f"và 34 văn bản khác: mẫu {templates / 'giay-khen.docx'} có 1 lỗi, chưa soạn văn bản nào theo mẫu này:\n"
            "  - tệp: lỗi TPL-FILE (Không đọc được mẫu DOCX): cần tệp DOCX đọc được (mở bằng Word, Lưu thành… «Word "
            "Document (.docx)»; hoặc lấy lại mẫu của vanban: vanban template giay-khen); thấy không phải tệp DOCX "
            "(Word) thật: không phải tệp nén Office Open XML.") in out
    assert "Lỗi: ho-so-dot-1.pdf: không gộp hồ sơ vì có văn bản lỗi" in out
    assert "Lỗi: 37 văn bản hoặc bước không tạo được (xem bảng trên); các văn bản khác đã ghi vào" in out


# --- the command line ----------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["build", "bundle"])
def test_help_is_vietnamese(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"], prog_name="vanban")
    assert result.exit_code == 0
    assert result.output.startswith(f"Cách dùng: vanban {command} [TÙY_CHỌN] THƯ_MỤC_PHONG_TRÀO")
    assert "--phase ĐỢT" in result.output and "Hiện hướng dẫn này rồi thoát." in result.output


def test_build_without_pdf_then_again(tmp_path: Path) -> None:
    args = ["build", str(SAMPLE), "--phase", "1", "--out", str(tmp_path), "--no-pdf"]
    first = CliRunner().invoke(main, args, prog_name="vanban")
    assert first.exit_code == 0, first.output
    table = [re.split(r"\s{2,}", re.sub(r"\d+\.\d", "S", line)) for line in first.output.splitlines()]
    expected = [
        ["Bước", "Văn bản", "Làm mới", "Trang", "Giây", "Lỗi"],
        ["-" * len(table[1][0]), "-------", "-------", "-----", "----", "---"],
        ["Tờ trình", "1", "1", "0", "S", "0"],
        ["Quyết định", "1", "1", "0", "S", "0"],
        ["Giấy khen", "36", "36", "0", "S", "0"],
        ["Danh sách gửi", "3", "3", "0", "S", "0"],
        ["-" * len(table[1][0]), "-------", "-------", "-----", "----", "---"],
        ["Tổng", "42", "42", "0", "S", "0"],
        [f"Đã ghi: {tmp_path / FOLDER}"],
    ]
    expected.insert(2, ["Báo cáo sơ kết", "1", "1", "0", "S", "0"])
    assert table == expected
    assert not list((tmp_path / FOLDER).rglob("*.pdf"))
    # a document an earlier run made that this data no longer makes, and a certificate of a
    # nominee no longer on the list: both are removed, not left to mislead
    manifest = tmp_path / FOLDER / ".vanban-build.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["outputs"]["to-trinh-cu"] = {"hash": "x", "pages": 1}
    manifest.write_text(json.dumps(data), encoding="utf-8")
    stale = [tmp_path / FOLDER / "to-trinh-cu.docx", tmp_path / FOLDER / "to-trinh-cu.pdf",
             tmp_path / FOLDER / "giay-khen" / "037-ong-nguyen-van-cu.docx"]
    for path in stale:
        path.write_bytes(b"old")
    again = CliRunner().invoke(main, args, prog_name="vanban")
    assert again.exit_code == 0
    assert not any(path.exists() for path in stale)
    assert [line.split()[-4] for line in again.output.splitlines()[2:-4]] == ["0"] * 5
    assert "Đã xóa bản cũ (dữ liệu không còn văn bản này): to-trinh-cu.docx, to-trinh-cu.pdf" in again.output


def test_missing_phase_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["build", str(SAMPLE)], prog_name="vanban")
    assert (result.exit_code, result.output) == (
        64, "Lỗi cách dùng: thiếu tùy chọn --phase (số thứ tự đợt, ví dụ --phase 1)\n"
            "Xem hướng dẫn: vanban build --help\n")


def test_checker_findings_are_counted_and_strict_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ND30 checker (issue 7) joins through phasebuild._checker: a stand-in finding one
    problem per document shows the count in the summary and --strict failing on it."""
    from pipeline.build import phase as phasebuild

    checked: list[str] = []

    def checker(docx: Path) -> list[str]:
        checked.append(docx.name)
        return ["thiếu dấu chấm"]

    monkeypatch.setattr(phasebuild, "_checker", lambda: checker)
    args = ["build", str(SAMPLE), "--phase", "1", "--out", str(tmp_path), "--no-pdf"]
    plain = CliRunner().invoke(main, args, prog_name="vanban")
    assert plain.exit_code == 0, plain.output
    assert sorted(checked) == sorted(["to-trinh.docx", "quyet-dinh-khen-thuong.docx"]
                                     + ["bao-cao-so-ket.docx"])
    row = next(line for line in plain.output.splitlines() if line.startswith("Quyết định"))
    assert row.split()[-1] == "1"
    # each counted finding is also said (fresh-user trial: a template that emptied Điều 1–2 only
    # showed "2" in the Lỗi column)
    assert [line for line in plain.output.splitlines() if line.startswith("Thể thức:")] == [
        "Thể thức: thiếu dấu chấm"] * 3
    strict = CliRunner().invoke(main, [*args, "--strict"], prog_name="vanban")
    assert strict.exit_code == 7
    assert strict.output.endswith("Lỗi: chế độ --strict: 3 lỗi thể thức (vanban check)\n")


def test_bundle_follows_a_part_changed_since(built: Built, tmp_path: Path) -> None:
    """A part's PDF written since the last build (vanban issue reconverts a document with its
    number and date) makes `vanban bundle` write the bundle again, converting nothing."""
    out = tmp_path / "out"
    shutil.copytree(built.folder, out / FOLDER)
    folder = out / FOLDER
    # stand-in for the issued PDF: the decision's first two pages in place of the proposal's
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(str(folder / "quyet-dinh-khen-thuong.pdf"), pages=(0, 2))
    with (folder / "to-trinh.pdf").open("wb") as f:
        writer.write(f)
    result = build_phase(built.campaign, out, phase=1).result
    assert result.converted == [] and result.bundle is not None
    bundle = next(s for s in result.steps if s.name == "Hồ sơ")
    assert bundle.made == 1
    assert page_texts(result.bundle)[13] == page_texts(folder / "quyet-dinh-khen-thuong.pdf")[0]


# --- certificates: one print batch ------------------------------------------------------------------

def test_certificates_are_converted_as_one_print_batch_and_cut_into_their_own_pdfs(built: Built) -> None:
    f = built.folder
    certs = sorted((f / "giay-khen").glob("*.pdf"))
    printed = PdfReader(str(f / "giay-khen.pdf"))
    assert len(printed.pages) == len(certs) == 36
    for n, cert in enumerate(certs):
        reader = PdfReader(str(cert))
        assert len(reader.pages) == 1
        assert reader.pages[0].extract_text() == printed.pages[n].extract_text()  # same page, same place
        outcome = next(o for o in built.first.outcomes if o.job.key == f"giay-khen/{cert.stem}")
        assert reader.metadata.title == outcome.job.title == f"{cert.stem[:3]}. {outcome.job.context['awardee']}"
        assert outcome.job.context["awardee"] in page_texts(cert)[0]
    assert printed.metadata.title == "Giấy khen, Đợt 1 (bản in)"
    assert not list(f.glob(".giay-khen-in*"))  # the batch's joined DOCX is not left behind


def test_a_certificate_cut_from_the_batch_looks_exactly_as_converted_alone(built: Built, tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    from pipeline.pdf.convert import convert_to_pdf

    source = built.folder / "giay-khen" / "018-pham-thuy-duong.docx"
    (alone,) = convert_to_pdf([Path(shutil.copy(source, tmp_path / source.name))])
    images = []
    for pdf, stem in ((alone, "alone"), (source.with_suffix(".pdf"), "cut")):
        subprocess.run(["pdftoppm", "-png", "-r", "100", str(pdf), str(tmp_path / stem)], check=True)
        images.append(Image.open(tmp_path / f"{stem}-1.png").convert("L"))
    assert images[0].size == images[1].size
    assert ImageChops.difference(*images).getbbox() is None  # not one pixel differs


def test_a_rebuild_with_nothing_changed_leaves_the_print_file_alone(built: Built) -> None:
    # the second build of the fixture reused every certificate: the print file is the first
    # build's (regression: it was merged again on every run)
    assert PdfReader(str(built.folder / "giay-khen.pdf")).metadata.title == "Giấy khen, Đợt 1 (bản in)"


def test_a_certificate_running_onto_two_pages_sends_the_batch_one_by_one(tmp_path: Path) -> None:
    from pipeline.build.engine import make
    from pipeline.nd30.kinds import CERTIFICATE

    from .nominees_sample import COLLECTIVES, INDIVIDUALS, TIP, write_workbook

    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "haiphong-2024-antt"))
    long = [(*row[:5], " ".join([TIP] * 30) if row[0] == "Bạch Thị Quỳnh" else row[5], row[6])
            for row in INDIVIDUALS]
    write_workbook(campaign / "dot-1" / "de-nghi-khen-thuong.xlsx", COLLECTIVES, long)
    result = make(campaign, tmp_path / "out", kinds=(CERTIFICATE,), phase=1)
    assert not result.failed, result.failures
    f = tmp_path / "out" / FOLDER
    pages = {o.job.context["awardee"]: (o.pages, len(PdfReader(str(o.pdf)).pages)) for o in result.outcomes}
    assert pages.pop("Bà Bạch Thị Quỳnh") == (2, 2)
    assert set(pages.values()) == {(1, 1)} and len(pages) == 35
    for o in result.outcomes:  # each PDF is its own certificate's, not a neighbour's page
        assert o.job.context["awardee"] in page_texts(o.pdf)[0]
    assert len(PdfReader(str(f / "giay-khen.pdf")).pages) == 37
    assert len(result.converted) == 36 and not list(f.glob(".giay-khen-in*"))
    long_one = next(o.job.title for o in result.outcomes if o.pages == 2)
    assert result.warnings == [f"{long_one}: Giấy khen dài 2 trang (mẫu in một trang); hãy rút gọn «Thành tích» "
                               "hoặc chức vụ, đơn vị"]
    again = make(campaign, tmp_path / "out", kinds=(CERTIFICATE,), phase=1)
    assert not any(o.made for o in again.outcomes) and again.warnings == result.warnings  # still said


def test_without_libreoffice_every_docx_is_written_and_every_pdf_reported(tmp_path: Path) -> None:
    settings = Settings(uno_python=tmp_path / "khong-co-python")
    result = build_phase(SAMPLE, tmp_path, phase=1, settings=settings).result
    f = tmp_path / FOLDER
    assert len(result.failures) == 42 + 1  # every document, and the bundle
    cause = (f"LibreOffice không tạo được PDF (không tìm thấy Python có uno ({tmp_path / 'khong-co-python'}); "
             "hãy chạy «make setup»); bản DOCX đã ghi")
    assert {why for what, why in result.failures if what != "ho-so-dot-1.pdf"} == {cause}
    assert len(list((f / "giay-khen").glob("*.docx"))) == 36 and not list(f.rglob("*.pdf"))


def test_ctrl_c_during_a_build_leaves_no_libreoffice_and_no_half_written_file(tmp_path: Path) -> None:
    from .test_pool import _ours

    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "haiphong-2024-antt"))
    args = [sys.executable, "-c", "from cli import main; main()", "build", str(campaign), "--phase", "1",
            "--out", str(tmp_path / "out")]
    repo = Path(__file__).resolve().parent.parent
    with subprocess.Popen(args, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
        marker = f"vanban-pool-{child.pid}-"
        deadline = time.monotonic() + 60
        while len(_ours(marker)) < 2 and time.monotonic() < deadline:  # a worker and its soffice are up
            time.sleep(0.05)
        time.sleep(0.5)  # rendering and converting
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    assert child.returncode == 130, (out, err)
    assert err.strip() == "Đã dừng."  # no traceback
    deadline = time.monotonic() + 5
    while _ours(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _ours(marker) == []
    folder = tmp_path / "out" / FOLDER
    assert not [p for p in folder.rglob(".*") if p.name != ".vanban-build.json"]  # no temporary file
    again = build_phase(campaign, tmp_path / "out", phase=1).result
    assert not again.failed, again.failures
    assert len(PdfReader(str(folder / "giay-khen.pdf")).pages) == 36


def test_a_rebuild_with_no_certificate_to_redo_converts_what_changed(built: Built, tmp_path: Path) -> None:
    # regression: with documents to redo but no Giấy khen among them the build crashed
    # (range() arg 3 must not be zero) and every later run with it
    out = tmp_path / "out"
    shutil.copytree(built.folder, out / FOLDER)
    (out / FOLDER / "to-trinh.docx").unlink()
    result = build_phase(built.campaign, out, phase=1).result
    assert not result.failed, result.failures
    assert [p.relative_to(out / FOLDER).as_posix() for p in result.converted] == ["to-trinh.docx"]
    assert (out / FOLDER / "to-trinh.pdf").exists()


def test_a_bad_nominee_workbook_is_reported_when_building_pdfs(tmp_path: Path) -> None:
    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "haiphong-2024-antt"))
    (campaign / "dot-1" / "de-nghi-khen-thuong.xlsx").unlink()
    result = CliRunner().invoke(main, ["build", str(campaign), "--phase", "1", "--out", str(tmp_path / "out")],
                                prog_name="vanban")
    assert result.exit_code == 7, result.output
    assert f"{campaign / 'dot-1' / 'de-nghi-khen-thuong.xlsx'}: không tìm thấy tệp" in result.output
    assert "Traceback" not in result.output and (tmp_path / "out" / FOLDER / "bao-cao-so-ket.pdf").exists()


def test_a_rebuild_clears_what_an_interrupted_one_left_but_not_a_clerks_lock(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "out"
    f = Path(shutil.copytree(built.folder, out / FOLDER))
    leftovers = [f / ".giay-khen-in-1.docx", f / ".giay-khen-in-2.pdf", f / "lu12345abc.tmp",
                 f / ".~lock..giay-khen-in-1-3ojbtbh_.pdf#", f / "giay-khen" / ".~lock..010-x-ab12.pdf#"]
    mine = f / ".~lock.bao-cao-so-ket.docx#"  # the clerk has the report open in LibreOffice
    for path in [*leftovers, mine]:
        path.write_bytes(b"")
    manifest = (f / ".vanban-build.json").stat().st_mtime_ns
    result = build_phase(built.campaign, out, phase=1).result
    assert not result.failed and not any(o.made for o in result.outcomes)
    assert [p for p in leftovers if p.exists()] == [] and mine.exists()
    assert (f / ".vanban-build.json").stat().st_mtime_ns == manifest  # nothing changed: not rewritten


def test_no_pdf_after_a_pdf_build_removes_the_print_file_and_bundle_it_made_stale(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "out"
    f = Path(shutil.copytree(built.folder, out / FOLDER))
    workbook = built.campaign / "dot-1" / "de-nghi-khen-thuong.xlsx"
    original = workbook.read_bytes()
    _set_gender(workbook, "Phạm Thùy Dương", "Nam")
    try:
        result = build_phase(built.campaign, out, phase=1, pdf=False).result
    finally:
        workbook.write_bytes(original)
    assert not result.failed
    assert not (f / "giay-khen.pdf").exists() and not (f / "ho-so-dot-1.pdf").exists()
    assert not (f / "giay-khen/018-pham-thuy-duong.pdf").exists()
    assert (f / "giay-khen/001-van-phong.pdf").exists()  # unchanged: kept


@pytest.mark.parametrize("command", ["build", "decide"])
def test_a_nominee_workbook_proposing_nobody_is_said(command: str, tmp_path: Path) -> None:
    from .nominees_sample import write_workbook

    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "haiphong-2024-antt"))
    write_workbook(campaign / "dot-1" / "de-nghi-khen-thuong.xlsx", [], [])
    result = CliRunner().invoke(main, [command, str(campaign), "--phase", "1", "--no-pdf",
                                       "--out", str(tmp_path / "o")],
                                prog_name="vanban")
    assert result.exit_code == 0, result.output
    assert ("Cảnh báo: danh sách đề nghị khen thưởng Đợt 1 không có tập thể, cá nhân nào: không soạn Tờ trình, "
            "Quyết định, Giấy khen (điền sổ de-nghi-khen-thuong.xlsx của đợt rồi chạy lại)"
            ) in result.output.splitlines()
    assert not list((tmp_path / "o").rglob("giay-khen/*"))


def test_a_build_that_wrote_nothing_does_not_say_others_were_written(campaign_copy: Path, tmp_path: Path) -> None:
    """Fresh-user trial: a phase with no data said "các văn bản khác đã ghi vào …" though nothing was."""
    for name in ("ket-qua.xlsx", "de-nghi-khen-thuong.xlsx"):
        (campaign_copy / "dot-1" / name).unlink()
    result = CliRunner().invoke(main, ["build", str(campaign_copy), "--phase", "1", "--out", str(tmp_path), "--no-pdf"],
                                prog_name="vanban")
    assert result.exit_code == 7, result.output
    assert result.output.splitlines()[-1].endswith("(xem bảng trên); chưa ghi văn bản nào"), result.output
