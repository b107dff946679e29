"""The sample nominee workbook (invented people): rows as data, written with openpyxl.

Regenerate the committed sample with ``.venv/bin/python -m tests.nominees_sample``. Tests
write variants of it (a bad form, a duplicate person, …) through ``write_workbook``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

SAMPLE_PATH = (Path(__file__).resolve().parent.parent / "data" / "haiphong-2024-antt" / "dot-1"
               / "de-nghi-khen-thuong.xlsx")

GK = "Giấy khen"
BK = "Bằng khen của Chủ tịch UBND thành phố"
TIP = ("Đã phát hiện, cung cấp kịp thời nhiều nguồn tin có giá trị về an ninh, trật tự "
       "cho Công an cấp xã")

COLLECTIVE_HEADER = ("STT", "Tên tập thể", "Đơn vị", "Hình thức khen thưởng", "Thành tích", "Ghi chú")
# Every unit below is a unit of the campaign's register (campaign.yaml, units), written by its
# official name or its short name (CK); the collectives are units that met every target of Đợt 1
# (dot-1/ket-qua.xlsx) or, for the team, a team of such a unit.
VP, DN, DT = "Văn phòng", "Phòng Quản lý doanh nghiệp và lao động", "Phòng Quản lý đầu tư"
QH, TN = "Phòng Quản lý quy hoạch và xây dựng", "Phòng Quản lý tài nguyên và môi trường"
DD, TT = "Văn phòng đại diện tại Khu kinh tế Đình Vũ - Cát Hải", "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp"
NC, LG = "Công ty TNHH Điện tử Nam Cầu Kiền", "Công ty cổ phần Logistics Đình Vũ Xanh"
CK, DH = "Cơ khí Tràng Duệ", "Công ty TNHH Thực phẩm Đông Hải"
TEAM = "Tổ Bảo vệ an ninh, trật tự"
# (name, parent unit or "", form, achievement or "", note or "")
COLLECTIVES: list[tuple[str, str, str, str, str]] = [
    (TEAM, CK, GK, "", ""),
    (VP, "", GK, "", ""),
    (NC, "", BK, "", ""),
    (TT, "", GK, "", ""),
    (DH, "", GK, "", ""),
]

INDIVIDUAL_HEADER = ("STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Hình thức khen thưởng",
                     "Thành tích", "Ghi chú")
# (name, gender, title, unit, form, achievement or "", note or "") — the workbook order is the
# clerk's, not the list's: the documents re-order it.
INDIVIDUALS: list[tuple[str, str, str, str, str, str, str]] = [
    ("Nguyễn Văn Tuấn", "Nam", "Tổ trưởng", CK, BK, "", ""),
    ("Trần Thị Xuân", "Nữ", "Tổ phó", CK, GK, "", ""),
    ("Lê Văn Bảy", "Nam", "Tổ viên", CK, GK, TIP, ""),
    ("Bạch Thị Quỳnh", "Nữ", "Chuyên viên", VP, GK, "", ""),
    ("Đỗ Văn Hùng", "Nam", "Chánh Văn phòng", VP, GK, "", ""),
    ("Nguyễn Thị Ánh", "Nữ", "Chuyên viên", VP, GK, "", ""),
    ("Vũ Thị Hoà", "Nữ", "Phó Chánh Văn phòng", VP, GK, "", ""),
    ("Trần Văn Lợi", "Nam", "Nhân viên", VP, GK, "", ""),
    ("Hoàng Minh Anh", "Nam", "Chuyên viên chính", DN, GK, "", ""),
    ("Lê Văn Hòa", "Nam", "Phó Trưởng phòng", DN, GK, "", ""),
    ("Phạm Thùy Dương", "Nữ", "Trưởng phòng", DN, GK, "", ""),
    ("Bùi Thị Hạnh", "Nữ", "Chuyên viên", DN, GK, "", ""),
    ("Mai Văn Tâm", "Nam", "Chuyên viên", DN, GK, "", ""),
    ("Dương Văn Hùng", "Nam", "Chuyên viên", DT, GK, "", ""),
    ("Đặng Văn Hùng", "Nam", "Trưởng phòng", DT, GK, "", ""),
    ("Ngô Thị Thủy", "Nữ", "Chuyên viên", DT, GK, "", ""),
    ("Tôn Nữ Thanh Hương", "Nữ", "Chuyên viên", DT, GK, "", ""),
    ("Đào Thị Anh", "Nữ", "Chuyên viên", DT, GK, "", ""),
    ("Trịnh Quốc Đạt", "Nam", "Phó Trưởng phòng", QH, GK, "", ""),
    ("Lý Thị Ngọc Hân", "Nữ", "Chuyên viên", QH, GK, "", ""),
    ("Mạc Văn Dũng", "Nam", "Chuyên viên", QH, GK, "", ""),
    ("Phan Thị Mỹ Linh", "Nữ", "Trưởng phòng", TN, GK, "", ""),
    ("Đinh Công Thắng", "Nam", "Chuyên viên", TN, GK, "", ""),
    ("Vương Đình Hữu", "Nam", "Trưởng đại diện", DD, BK, "", ""),
    ("Cao Thị Huyền", "Nữ", "Chuyên viên", DD, GK, "", ""),
    ("Kim Văn Sơn", "Nam", "Phó Giám đốc", NC, GK, "", ""),
    ("Triệu Thị Nga", "Nữ", "Trưởng phòng Hành chính", NC, GK, "", ""),
    ("Hà Văn Tú", "Nam", "Nhân viên bảo vệ", NC, GK, TIP, ""),
    ("Lò Thị Mai", "Nữ", "Nhân viên", NC, GK, "", ""),
    ("Quách Văn Khải", "Nam", "Đội trưởng Đội bảo vệ", LG, BK, "", ""),
    ("Hứa Văn Phúc", "Nam", "Nhân viên", LG, GK, "", ""),
    ("Lương Thị Bích Ngọc", "Nữ", "Nhân viên", LG, GK, "", ""),
    ("Phùng Văn Mạnh", "Nam", "Tổ viên", CK, GK, "", ""),
    ("Trương Văn Long", "Nam", "Tổ viên", CK, GK, "", ""),
    ("Đoàn Thị Mỹ", "Nữ", "Tổ viên", CK, GK, "", ""),
]


def write_workbook(
    path: Path,
    collectives: Sequence[Sequence[str]] = COLLECTIVES,
    individuals: Sequence[Sequence[str]] = INDIVIDUALS,
    *,
    collective_header: Sequence[str] = COLLECTIVE_HEADER,
    individual_header: Sequence[str] = INDIVIDUAL_HEADER,
) -> Path:
    """Return ``path`` after writing a nominee workbook: a title row, then the header (row 3)
    and data rows (from row 4) on sheets "Tập thể" and "Cá nhân"."""
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in (("Tập thể", collective_header, collectives),
                                ("Cá nhân", individual_header, individuals)):
        sheet = book.create_sheet(title)
        sheet["A1"] = f"DANH SÁCH {title.upper()} ĐỀ NGHỊ KHEN THƯỞNG ĐỢT 1"
        sheet["A1"].font = Font(bold=True)
        sheet.append([])
        sheet.append(list(header))
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        for n, row in enumerate(rows, start=1):
            sheet.append([n, *[value or None for value in row]])
        for letter, width in zip("ABCDEFGH", (6, 34, 12, 26, 40, 36, 50, 16), strict=True):
            sheet.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(str(path))
    return path


if __name__ == "__main__":
    print(write_workbook(SAMPLE_PATH))
