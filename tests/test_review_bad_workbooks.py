"""Bad results workbooks: each gives one Vietnamese message naming file, sheet, row and column
(and how to fix it); nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from cli import main
from pipeline.campaign.load import load_campaign
from pipeline.campaign.results import read_phase
from pipeline.campaign.workbooks import write_results_workbook
from pipeline.errors import DataError

BOOK = Path("dot-1") / "ket-qua.xlsx"


def _col(ws: Worksheet, header: str) -> int:
    return [c.value for c in ws[1]].index(header) + 1


def _set(header: str, row: int, value: object) -> Callable[[Worksheet], None]:
    def edit(ws: Worksheet) -> None:
        ws.cell(row, _col(ws, header)).value = value
    return edit


def _delete_column(header: str) -> Callable[[Worksheet], None]:
    def edit(ws: Worksheet) -> None:
        ws.delete_cols(_col(ws, header))
    return edit


def _insert_empty_row(ws: Worksheet) -> None:
    ws.insert_rows(6)


def _merge_header(ws: Worksheet) -> None:
    ws.cell(1, 4).value = "Số văn bản chỉ đạo"
    ws.merge_cells(start_row=1, start_column=4, end_row=1, end_column=5)


def _duplicate(ws: Worksheet) -> None:
    ws.cell(5, _col(ws, "Đơn vị")).value = "qlđt"  # short name of row 3's unit, lower case


def edit_book(folder: Path, edit: Callable[[Worksheet], None]) -> Path:
    path = folder / BOOK
    book = load_workbook(path)
    edit(book.active)
    book.save(path)
    return path


SHEET = 'trang tính "Kết quả"'
CASES = {
    "missing-column": (
        _delete_column("Số người tham dự"),
        f'{SHEET}: thiếu cột "Số người tham dự" — Cách sửa: thêm cột có tiêu đề «Số người tham dự»',
    ),
    "text-in-number-column": (
        _set("Số mô hình được biểu dương", 4, "một"),
        f'{SHEET}, dòng 4, cột "Số mô hình được biểu dương" (ô I4): Không đọc được số "một": chỉ dùng chữ số, '
        'dấu chấm "." phân cách hàng nghìn và dấu phẩy "," trước phần thập phân, ví dụ "1.234.567,5" '
        'hoặc "80%". — Cách sửa: viết một số nguyên từ 0 trở lên, ví dụ 12',
    ),
    "duplicate-unit": (
        _duplicate,
        f'{SHEET}, dòng 5, cột "Đơn vị": đơn vị «Phòng Quản lý đầu tư» đã có ở dòng 3 — Cách sửa: '
        "mỗi đơn vị chỉ một dòng: xóa dòng trùng hoặc gộp số liệu",
    ),
    "merged-header": (
        _merge_header,
        f"{SHEET}, dòng 1: ô tiêu đề bị gộp (D1:E1) — Cách sửa: bỏ gộp ô (Unmerge) để mỗi cột có tiêu đề riêng",
    ),
    "dot-decimal-as-text": (
        _set("Tỷ lệ nguồn tin qua lực lượng (%)", 2, "1.5"),
        f'{SHEET}, dòng 2, cột "Tỷ lệ nguồn tin qua lực lượng (%)" (ô G2): Số "1.5" không rõ: nếu là '
        'một phẩy năm, hãy viết "1,5"; nếu là một nghìn năm trăm, hãy viết "1.500". — Cách sửa: viết số kiểu Việt Nam '
        "(79,5; 1.234) từ 0 đến 100",
    ),
    "percent-above-100": (
        _set("Tỷ lệ tham gia tuần tra (%)", 7, 105),
        f'{SHEET}, dòng 7, cột "Tỷ lệ tham gia tuần tra (%)" (ô O7): 105 lớn hơn 100 — Cách sửa: '
        "viết số kiểu Việt Nam (79,5; 1.234) từ 0 đến 100",
    ),
    "blank-unit-name": (
        _set("Đơn vị", 3, None),
        f'{SHEET}, dòng 3, cột "Đơn vị": ô đang để trống — Cách sửa: điền «Đơn vị» cho dòng này',
    ),
    "unit-not-in-campaign": (
        _set("Đơn vị", 2, "Văn phòng Ban Quản lý"),
        f'{SHEET}, dòng 2, cột "Đơn vị": đơn vị «Văn phòng Ban Quản lý» không có trong danh sách đơn vị '
        "của phong trào — Cách sửa: có phải là «Văn phòng»? viết đúng tên đơn vị như trong "
        "campaign.yaml (units), hoặc thêm đơn vị vào đó",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_workbook_message(case: str, campaign_copy: Path) -> None:
    edit, expected = CASES[case]
    path = edit_book(campaign_copy, edit)
    with pytest.raises(DataError) as caught:
        read_phase(load_campaign(campaign_copy), campaign_copy, 1)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 1, messages
    assert messages[0] == f"{path}: {expected}" or (
        case == "missing-column" and messages[0].startswith(f"{path}: {expected} (các cột đang có: ")
    ), messages[0]


def test_one_point_five_is_never_fifteen(campaign_copy: Path) -> None:
    edit_book(campaign_copy, _set("Tỷ lệ nguồn tin qua lực lượng (%)", 2, "1.5"))
    with pytest.raises(DataError) as caught:
        read_phase(load_campaign(campaign_copy), campaign_copy, 1)
    assert "15" not in caught.value.problems[0].what.replace("1.500", "")


def test_empty_row_in_the_middle_is_skipped_with_a_warning(campaign_copy: Path) -> None:
    path = edit_book(campaign_copy, _insert_empty_row)
    period = read_phase(load_campaign(campaign_copy), campaign_copy, 1)
    assert [str(w) for w in period.warnings] == [
        f"{path}: {SHEET}, dòng 6: dòng trống giữa bảng, đã bỏ qua — Cách sửa: xóa dòng trống nếu không cần"
    ]
    assert sum(r is not None for _, r in period.results) == 13


@pytest.mark.parametrize(
    ("name", "content"),
    [("ket-qua.xlsx", "STT;Đơn vị\n1;Văn phòng Ban\n"), ("ket-qua.xlsx", "\xd0\xcf\x11\xe0 old binary .xls")],
    ids=["csv-saved-as-xlsx", "xls-renamed-xlsx"],
)
def test_not_a_real_xlsx(campaign_copy: Path, name: str, content: str) -> None:
    path = campaign_copy / "dot-1" / name
    path.write_text(content, encoding="latin-1" if content.startswith("\xd0") else "utf-8")
    with pytest.raises(DataError) as caught:
        read_phase(load_campaign(campaign_copy), campaign_copy, 1)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: không phải tệp Excel .xlsx (có thể là tệp .xls cũ hoặc CSV đổi tên) — Cách sửa: "
        "mở tệp bằng Excel rồi chọn Lưu thành (Save As) → Sổ làm việc Excel (.xlsx)"
    ]


def test_folder_of_unit_workbooks(campaign_copy: Path) -> None:
    campaign = load_campaign(campaign_copy)
    (campaign_copy / BOOK).unlink()
    folder = campaign_copy / "dot-1" / "ket-qua"
    folder.mkdir()
    base = {"teams": 2, "documents": 1, "meetings": 1, "participants": 10, "nguon_tin": "79,5"}
    write_results_workbook(campaign, folder / "vp.xlsx", [{"unit": "VP", **base}])
    write_results_workbook(campaign, folder / "qldt.xlsx", [{"unit": "Phòng Quản lý đầu tư", **base}])
    (folder / "~$vp.xlsx").write_bytes(b"lock")  # Excel's lock file is ignored
    period = read_phase(campaign, campaign_copy, 1)
    reported = {u.name: r.values["nguon_tin"] for u, r in period.results if r is not None}
    assert set(reported) == {"Văn phòng", "Phòng Quản lý đầu tư"}
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    write_results_workbook(campaign, folder / "vp-2.xlsx", [{"unit": "Văn phòng", **base}])
    with pytest.raises(DataError) as caught:
        read_phase(campaign, campaign_copy, 1)
    assert [str(p) for p in caught.value.problems] == [
        f"{folder / 'old.xls'}: không phải tệp Excel .xlsx (có thể là tệp .xls cũ hoặc CSV đổi tên) — "
        "Cách sửa: mở tệp bằng Excel rồi chọn Lưu thành (Save As) → Sổ làm việc Excel (.xlsx)",
        f'{folder / "vp.xlsx"}: {SHEET}, dòng 2, cột "Đơn vị": đơn vị «Văn phòng» đã có ở vp-2.xlsx, dòng 2 — '
        "Cách sửa: mỗi đơn vị chỉ một dòng: xóa dòng trùng hoặc gộp số liệu",
    ]


def test_missing_results_and_the_cli_exit(campaign_copy: Path, tmp_path: Path) -> None:
    (campaign_copy / BOOK).unlink()
    result = CliRunner().invoke(main, ["report", str(campaign_copy), "--phase", "1", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output == (
        "Lỗi: dữ liệu có 1 lỗi, chưa tạo văn bản nào:\n"
        f"  - {campaign_copy / 'dot-1'}: chưa có kết quả của Đợt 1 — Cách sửa: đặt sổ Excel ket-qua.xlsx "
        f"(mẫu: vanban template ket-qua) vào {campaign_copy / 'dot-1'}\n"
    )
    assert not (tmp_path / "o").exists()


def test_bad_workbook_through_the_cli_writes_nothing(campaign_copy: Path, tmp_path: Path) -> None:
    path = edit_book(campaign_copy, _set("Tỷ lệ tham gia tuần tra (%)", 7, 105))
    result = CliRunner().invoke(main, ["report", str(campaign_copy), "--phase", "1", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output.startswith("Lỗi: dữ liệu có 1 lỗi, chưa tạo văn bản nào:\n")
    assert f"{path}: {SHEET}, dòng 7, cột" in result.output
    assert not (tmp_path / "o").exists()


def test_cli_shows_warnings_and_still_writes(campaign_copy: Path, tmp_path: Path) -> None:
    path = edit_book(campaign_copy, _insert_empty_row)
    out = tmp_path / "o"
    result = CliRunner().invoke(main, ["report", str(campaign_copy), "--phase", "1", "--out", str(out),
                                       "--no-pdf", "--no-chart"])
    target = out / "haiphong-2024-antt" / "dot-1" / "bao-cao-so-ket.docx"
    assert result.exit_code == 0
    assert result.output == (
        f"Cảnh báo: {path}: {SHEET}, dòng 6: dòng trống giữa bảng, đã bỏ qua — Cách sửa: xóa dòng trống nếu không cần\n"
        f"Đã ghi: {target}\n"
    )


def test_units_send_back_the_whole_template_with_their_row_filled(campaign_copy: Path) -> None:
    campaign = load_campaign(campaign_copy)
    (campaign_copy / BOOK).unlink()
    folder = campaign_copy / "dot-1" / "ket-qua"
    folder.mkdir()
    for n in range(3):
        rows: list[dict[str, object]] = [{"unit": u.name} for u in campaign.units]
        rows[n] |= {"teams": 2, "nguon_tin": 85 + n}
        write_results_workbook(campaign, folder / f"{n}.xlsx", rows)
    period = read_phase(campaign, campaign_copy, 1)
    reported = {u.name: r.values["nguon_tin"] for u, r in period.results if r is not None}
    assert reported == {"Văn phòng": 85, "Phòng Quản lý đầu tư": 86, "Phòng Quản lý quy hoạch và xây dựng": 87}


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("report", "report: thiếu mục «report» (Kính gửi, Nơi nhận của báo cáo) — Cách sửa: thêm mục «report:» "
                   "với greeting (Kính gửi) và directions (phương hướng); nơi nhận ghi ở noi-nhan.yaml, xem mẫu "
                   "data/haiphong-2024-antt/campaign.yaml"),
        ("units", "units: phong trào chưa có danh sách đơn vị — Cách sửa: thêm mục «units:» với tên từng đơn vị "
                  "(name, short_name, group)"),
    ],
)
def test_campaign_without_units_or_report(section: str, expected: str, campaign_copy: Path, tmp_path: Path) -> None:
    import re

    yaml_path = campaign_copy / "campaign.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    cut = re.sub(rf"^{section}:.*?(?=^\S|\Z)", "", text, flags=re.DOTALL | re.MULTILINE)
    assert cut != text
    yaml_path.write_text(cut, encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(campaign_copy), "--phase", "1", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output == f"Lỗi: dữ liệu có 1 lỗi, chưa tạo văn bản nào:\n  - {yaml_path}: {expected}\n"
