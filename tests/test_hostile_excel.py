"""Hostile and careless workbooks (issue 17): the reader reads only what holds data, in
bounded time and memory, and refuses — with file, sheet, cell and fix — every value it cannot
read exactly (merged cells, formulas without a stored result, error values, huge numbers)."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.campaign.excel import MAX_TEXT, Column, read_sheet
from pipeline.campaign.load import load_campaign
from pipeline.campaign.results import read_phase, target_columns
from pipeline.errors import DataError
from tests.conftest import REPO

BOOK = Path("dot-1") / "ket-qua.xlsx"
SHEET = 'trang tính "Kết quả"'

MEASURE = """
import json, sys, time
def peak_mb():  # this process's peak resident memory (VmHWM: not the parent's, as ru_maxrss after exec)
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024
from pathlib import Path
from pipeline.campaign.excel import read_sheet
from pipeline.campaign.load import load_campaign
from pipeline.campaign.results import target_columns
columns = target_columns(load_campaign(Path(sys.argv[1])))
start = time.perf_counter()
sheet = read_sheet(Path(sys.argv[2]), columns)
print(json.dumps({"seconds": time.perf_counter() - start, "rows": len(sheet.rows),
                  "problems": [str(p) for p in sheet.problems],
                  "mb": peak_mb()}))
"""


def _measure(campaign: Path, book: Path) -> dict[str, object]:
    """Return seconds, peak resident memory (MB, the whole process), rows and problems of reading
    ``book`` in a fresh Python."""
    done = subprocess.run([sys.executable, "-c", MEASURE, str(campaign), str(book)], capture_output=True,
                          text=True, cwd=REPO, timeout=120, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _edit(campaign: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    path = campaign / BOOK
    book = load_workbook(path)
    edit(book.active)
    book.save(path)
    return path


def _problems(campaign: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        read_phase(load_campaign(campaign), campaign, 1)
    return [str(p) for p in caught.value.problems]


def test_one_x_in_the_last_row_is_a_fast_located_error(campaign_copy: Path) -> None:
    def far(ws) -> None:  # type: ignore[no-untyped-def]
        ws["B1048576"] = "x"

    path = _edit(campaign_copy, far)
    got = _measure(campaign_copy, path)
    assert got["problems"] == [
        (f"{path}: {SHEET}, ô B1048576: có dữ liệu ngoài vùng đọc (10.000 dòng, 100 cột đầu tiên) — Cách sửa: "
        "xóa ô này (trong Excel, Ctrl+End đến ô cuối cùng có dữ liệu), hoặc chia thành nhiều sổ")]
    assert float(got["seconds"]) < 2.0  # type: ignore[arg-type]
    assert float(got["mb"]) < 200  # type: ignore[arg-type]


def test_one_x_in_the_last_column_is_a_located_error(campaign_copy: Path) -> None:
    def far(ws) -> None:  # type: ignore[no-untyped-def]
        ws["XFD3"] = "x"

    path = _edit(campaign_copy, far)
    assert _problems(campaign_copy) == [
        (f"{path}: {SHEET}, ô XFD3: có dữ liệu ngoài vùng đọc (10.000 dòng, 100 cột đầu tiên) — Cách sửa: "
        "xóa ô này (trong Excel, Ctrl+End đến ô cuối cùng có dữ liệu), hoặc chia thành nhiều sổ")]


def test_100000_blank_rows_are_read_fast_and_said_once(campaign_copy: Path) -> None:
    """Whitespace typed in 100.000 rows under the table: nothing to read, quickly, and not
    100.000 warnings; blank rows inside the table: one warning with their count."""
    def blanks(ws) -> None:  # type: ignore[no-untyped-def]
        last = ws.max_row
        ws.insert_rows(6, 3)  # three blank rows inside the table
        ws.cell(8, 2).value = "   "
        for row in range(last + 4, last + 4 + 100_000):
            ws.cell(row, 2).value = " "

    path = _edit(campaign_copy, blanks)
    got = _measure(campaign_copy, path)
    assert got["problems"] == [
        (f"{path}: {SHEET}, dòng 6, 7, 8: 3 dòng trống giữa bảng, đã bỏ qua — Cách sửa: xóa các dòng trống "
        "nếu không cần")]
    assert got["rows"] == 13
    assert float(got["seconds"]) < 10.0  # type: ignore[arg-type]  # (57 s before; ~2.5 s on a quiet machine)
    assert float(got["mb"]) < 200  # type: ignore[arg-type]


def test_a_merged_cell_among_the_figures_is_refused(campaign_copy: Path) -> None:
    """Merging two units' "Số tổ" would leave the second unit «Chưa báo cáo» without a word."""
    def merge(ws) -> None:  # type: ignore[no-untyped-def]
        ws.merge_cells("C3:C4")

    path = _edit(campaign_copy, merge)
    assert _problems(campaign_copy) == [
        (f"{path}: {SHEET}, ô C3:C4: ô bị gộp trong bảng số liệu: chỉ ô đầu có giá trị, các ô còn lại sẽ bị "
        "đọc là trống — Cách sửa: bỏ gộp ô (Unmerge) rồi ghi giá trị vào từng ô")]


def test_a_formula_without_its_result_is_refused(campaign_copy: Path) -> None:
    """openpyxl (and other tools) write formulas without their result: never «Chưa báo cáo»."""
    def formula(ws) -> None:  # type: ignore[no-untyped-def]
        ws["G3"] = "=80+5"

    path = _edit(campaign_copy, formula)
    assert _problems(campaign_copy) == [
        (f'{path}: {SHEET}, dòng 3, cột "Tỷ lệ nguồn tin qua lực lượng (%)" (ô G3): ô có công thức nhưng chưa '
        "có kết quả lưu trong tệp (tệp được ghi bằng chương trình không tính công thức) — Cách sửa: mở sổ "
        "bằng Excel (hoặc LibreOffice) rồi lưu lại để Excel tính và lưu kết quả, hoặc gõ thẳng số liệu")]


def test_an_excel_error_value_is_refused(campaign_copy: Path) -> None:
    def error(ws) -> None:  # type: ignore[no-untyped-def]
        ws["D4"] = "#REF!"

    path = _edit(campaign_copy, error)
    assert _problems(campaign_copy) == [
        (f'{path}: {SHEET}, dòng 4, cột "Số văn bản chỉ đạo" (ô D4): ô có lỗi công thức #REF! — Cách sửa: sửa '
        "công thức trong Excel, hoặc gõ thẳng số liệu")]


@pytest.mark.parametrize(("value", "what"), [
    (1e308, "số 1e+308 quá lớn (lớn hơn 1.000.000.000) — Cách sửa: kiểm tra lại số liệu (gõ thừa chữ số?)"),
    ("1.000.000.000.000", ("số 1.000.000.000.000 quá lớn (lớn hơn 1.000.000.000) — Cách sửa: kiểm tra lại số "
     "liệu (gõ thừa chữ số?)")),
])
def test_a_count_past_any_sensible_figure_is_refused(campaign_copy: Path, value: object, what: str) -> None:
    """A count of 1e308 documents would print a 309-digit number in the report."""
    def huge(ws) -> None:  # type: ignore[no-untyped-def]
        ws["D4"] = value

    path = _edit(campaign_copy, huge)
    assert _problems(campaign_copy) == [f'{path}: {SHEET}, dòng 4, cột "Số văn bản chỉ đạo" (ô D4): {what}']


def test_an_infinite_number_is_refused(campaign_copy: Path) -> None:
    """A number Excel cannot hold (written by another tool) reads as infinity: refused."""
    path = campaign_copy / BOOK
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    cell = parts[sheet].index(b'<c r="D4"')
    end = parts[sheet].index(b"</c>", cell) + 4
    parts[sheet] = parts[sheet][:cell] + b'<c r="D4" t="n"><v>1E+999</v></c>' + parts[sheet][end:]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert _problems(campaign_copy) == [
        (f'{path}: {SHEET}, dòng 4, cột "Số văn bản chỉ đạo" (ô D4): «inf» không phải một số hữu hạn — Cách sửa: '
        "gõ lại số liệu bằng chữ số")]


def test_a_cell_too_long_is_refused(campaign_copy: Path) -> None:
    def long(ws) -> None:  # type: ignore[no-untyped-def]
        ws["R3"] = "Ưu điểm " * 1000

    path = _edit(campaign_copy, long)
    assert _problems(campaign_copy) == [
        (f"{path}: {SHEET}, ô R3: ô dài 8.000 ký tự, quá {MAX_TEXT // 1000}.000 ký tự — Cách sửa: rút gọn "
        "nội dung ô")]


def _compound_file(*streams: str) -> bytes:
    """Return a minimal OLE compound file (MS-CFB) whose directory names ``streams``: the
    container Excel writes a password-protected workbook in (EncryptionInfo, EncryptedPackage)
    and an old .xls in (Workbook)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # version 3, little-endian, 512-byte sectors
    struct.pack_into("<II", header, 44, 1, 1)  # one FAT sector; directory starts at sector 1
    directory = bytearray()
    for n, name in enumerate(["Root Entry", *streams]):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[: len(encoded)] = encoded
        struct.pack_into("<HB", entry, 64, len(encoded), 5 if n == 0 else 2)
        directory += entry
    fat = struct.pack("<2I", 0xFFFFFFFD, 0xFFFFFFFE).ljust(512, b"\xff")
    return bytes(header) + fat + bytes(directory.ljust(512, b"\0"))


def test_a_password_protected_workbook_is_said_as_such(campaign_copy: Path) -> None:
    path = campaign_copy / BOOK
    path.write_bytes(_compound_file("EncryptionInfo", "EncryptedPackage"))
    assert _problems(campaign_copy) == [
        (f"{path}: sổ Excel được đặt mật khẩu (mã hóa), vanban không mở được — Cách sửa: mở sổ bằng Excel, "
        "nhập mật khẩu, vào Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu rồi "
        "lưu lại")]
    path.write_bytes(_compound_file("Workbook"))
    assert _problems(campaign_copy) == [
        (f"{path}: không phải tệp Excel .xlsx (có thể là tệp .xls cũ hoặc CSV đổi tên) — Cách sửa: mở tệp bằng "
        "Excel rồi chọn Lưu thành (Save As) → Sổ làm việc Excel (.xlsx)")]


def test_a_broken_sheet_is_one_vietnamese_message(campaign_copy: Path) -> None:
    path = campaign_copy / BOOK
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:700]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert _problems(campaign_copy) == [
        (f"{path}: sổ Excel bị hỏng, không đọc được — Cách sửa: mở sổ bằng Excel rồi lưu lại (Excel sửa chỗ "
        "hỏng khi lưu), hoặc xin đơn vị gửi lại")]


def test_a_folder_named_like_a_workbook_is_said(tmp_path: Path) -> None:
    folder = tmp_path / "ket-qua.xlsx"
    folder.mkdir()
    assert [str(p) for p in read_sheet(folder, [Column("unit", "Đơn vị")]).problems] == [
        f"{folder}: đây là thư mục, không phải tệp Excel — Cách sửa: kiểm tra lại đường dẫn"]


def test_the_columns_still_read_every_sample_figure(campaign_copy: Path) -> None:
    """The streaming reader reads the sample workbook as before: 13 units reported, text "79,5"."""
    sheet = read_sheet(campaign_copy / BOOK, target_columns(load_campaign(campaign_copy)))
    assert (len(sheet.rows), sheet.problems) == (13, [])
    assert (sheet.rows[0].values["nguon_tin"], sheet.rows[1].values["nguon_tin"]) == (85, Decimal("79.5"))
