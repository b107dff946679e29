"""Write the workbooks clerks fill (sổ Excel để điền): the units' results workbook (sổ kết quả
thực hiện, also the sample data made by ``data/<campaign>/make_samples.py``), the nominee
workbook (danh sách đề nghị khen thưởng) and the campaign-facts workbook of ``vanban init
--from`` (thông tin phong trào). Each has its Vietnamese headers on row 1, a «Hướng dẫn»
sheet, and Excel data validation wherever the list of values is known; the readers
(pipeline.campaign.results, .nominees, .init) accept them exactly as written.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.campaign.model import Campaign, TargetUnit
from pipeline.campaign.results import target_columns, targets_of
from pipeline.files import atomic_target

SHEET = "Kết quả"
GUIDE_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
"""The sheet holding the lists data validation offers (units, award forms…), after the others."""
VALIDATED_ROWS = 500
"""Data rows under the header that carry the validation (Excel: ô B2:B501)."""


def _guide(campaign: Campaign) -> list[tuple[str, str]]:
    lines = [
        ("Đơn vị", "Tên đơn vị đúng như danh sách đơn vị của phong trào (tên đầy đủ hoặc tên viết tắt)."),
        ("Số tổ", "Số tổ (đội, nhóm) của đơn vị (số nguyên); cần cho chỉ tiêu tính «mỗi tổ mỗi tháng»."),
        ("Số văn bản chỉ đạo, Số cuộc họp, hội nghị, Số người tham dự",
         "Công tác lãnh đạo, chỉ đạo trong đợt (số nguyên)."),
    ]
    for target in targets_of(campaign):
        what = {
            TargetUnit.PERCENT: "tỷ lệ phần trăm từ 0 đến 100, viết 79,5 (dấu phẩy thập phân)",
            TargetUnit.COUNT: "số nguyên",
            TargetUnit.PER_TEAM_MONTH: "tổng số trong cả đợt (số nguyên), của tất cả các tổ",
        }[target.unit]
        lines.append((target.header, f"Chỉ tiêu: {target.wording}. Ghi {what}."))
    lines += [
        ("Ưu điểm, Hạn chế, Nguyên nhân, Đề xuất, kiến nghị", "Viết ngắn gọn, mỗi ô một đoạn."),
        ("Ô để trống", "Được hiểu là \"chưa báo cáo\" (không phải 0): số 0 phải ghi rõ là 0."),
    ]
    return lines


def write_results_workbook(
    campaign: Campaign, target: Path, rows: Sequence[Mapping[str, Any]] | None = None
) -> Path:
    """Return ``target`` after writing the results workbook there (atomically).

    Sheet "Kết quả": a bold header row with the Vietnamese headers of
    ``results.target_columns`` and, without ``rows``, one row per campaign unit with its
    STT and name, the figures left blank (the empty template). ``rows`` (sample data) are
    dicts by column key ("unit", "teams", target keys…). Sheet "Hướng dẫn" explains
    each column and its target.
    """
    columns = target_columns(campaign)
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    ws.append([c.header for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    data = rows if rows is not None else [{"unit": u.name} for u in campaign.units]
    for n, row in enumerate(data, start=1):
        values = {"no": n, **row}
        ws.append([values.get(c.key) for c in columns])
    for n, column in enumerate(columns, start=1):
        width = 40 if column.key in ("unit", "strengths", "shortcomings", "causes", "proposals") else 16
        ws.column_dimensions[get_column_letter(n)].width = 6 if column.key == "no" else width
    ws.freeze_panes = "C2"
    _guide_sheet(book, _guide(campaign))
    lists = _Lists(book)
    if campaign.units:
        lists.validate(ws, 2, "Đơn vị", [u.name for u in campaign.units], strict=False)
    return _save(book, target)


def _guide_sheet(book: Workbook, lines: Sequence[tuple[str, str]]) -> None:
    guide = book.create_sheet(GUIDE_SHEET)
    guide.append(["Cột", "Cách ghi"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for line in lines:
        guide.append(list(line))
    guide.column_dimensions["A"].width = 45
    guide.column_dimensions["B"].width = 100
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _save(book: Workbook, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = atomic_target(target)
    try:
        book.save(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


class _Lists:
    """The «Danh mục» sheet of a workbook: one column per list, referenced by the data
    validation of the columns that take a value from it (a list in a sheet has no 255-character
    limit, unlike a list typed in the rule)."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.sheet: Worksheet | None = None
        self.columns = 0
        self.sources: dict[tuple[str, ...], str] = {}

    def validate(self, ws: Worksheet, column: int, header: str, values: Sequence[str], *, strict: bool = True) -> None:
        """Offer ``values`` in column ``column`` of ``ws`` (rows 2 to 1 + VALIDATED_ROWS): a
        drop-down list; with ``strict`` anything else is refused with a Vietnamese message,
        else only warned about (a unit may write its short name)."""
        if not values:
            return
        source = self.sources.get(tuple(values)) or self._column(header, values)
        rule = DataValidation(
            type="list", formula1=source, allow_blank=True, showErrorMessage=True,
            errorStyle="stop" if strict else "warning",
            errorTitle="Giá trị không có trong danh sách",
            error=f"Chọn «{header}» trong danh sách (trang tính «{LISTS_SHEET}»).",
            promptTitle=header[:32], prompt=f"Chọn trong danh sách ({LISTS_SHEET})."[:255],
            showInputMessage=True,
        )
        cells = f"{get_column_letter(column)}2:{get_column_letter(column)}{VALIDATED_ROWS + 1}"
        rule.add(cells)
        ws.add_data_validation(rule)

    def _column(self, header: str, values: Sequence[str]) -> str:
        """Return the reference of a new column of the lists sheet holding ``values``."""
        if self.sheet is None:
            self.sheet = self.book.create_sheet(LISTS_SHEET)
        self.columns += 1
        letter = get_column_letter(self.columns)
        # "Danh sách …", not the column's own header: readers that look for "Hình thức khen thưởng"
        # in every sheet (the report's nominee count) must not take this sheet for nominees
        self.sheet.cell(row=1, column=self.columns, value=f"Danh sách {header[:1].lower()}{header[1:]}").font = \
            Font(bold=True)
        for n, value in enumerate(values, start=2):
            self.sheet.cell(row=n, column=self.columns, value=value)
        self.sheet.column_dimensions[letter].width = max(20, min(60, max(len(v) for v in values) + 2))
        source = f"{quote_sheetname(self.sheet.title)}!${letter}$2:${letter}${len(values) + 1}"
        self.sources[tuple(values)] = source
        return source


def _header(ws: Worksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for n, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = "A2"


NOMINEE_SHEETS = {
    "Tập thể": (("STT", "Tên tập thể", "Đơn vị", "Hình thức khen thưởng", "Thành tích", "Ghi chú"),
                (6, 45, 35, 40, 60, 20)),
    "Cá nhân": (("STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Hình thức khen thưởng", "Thành tích",
                 "Ghi chú"), (6, 28, 10, 25, 35, 40, 60, 20)),
}
"""The nominee workbook's sheets and headers, as pipeline.campaign.nominees reads them."""

GENDERS = ("Nam", "Nữ")


def write_nominees_workbook(target: Path, *, units: Sequence[str], forms: Sequence[str]) -> Path:
    """Return ``target`` after writing the blank nominee workbook there (atomically).

    Sheets «Tập thể» and «Cá nhân» with the headers pipeline.campaign.nominees reads on row
    1; drop-down lists of ``units`` (warning only: a team inside a unit is allowed), of the
    award ``forms`` the issuer and its higher level may give, of Nam/Nữ; a «Hướng dẫn» sheet.
    """
    book = Workbook()
    lists = _Lists(book)
    for n, (title, (headers, widths)) in enumerate(NOMINEE_SHEETS.items()):
        ws = book.active if n == 0 else book.create_sheet(title)
        ws.title = title
        _header(ws, headers, widths)
    collective, individual = book["Tập thể"], book["Cá nhân"]
    lists.validate(collective, 4, "Hình thức khen thưởng", forms)
    lists.validate(individual, 6, "Hình thức khen thưởng", forms)
    lists.validate(individual, 3, "Giới tính", GENDERS)
    lists.validate(collective, 3, "Đơn vị", units, strict=False)
    lists.validate(individual, 5, "Đơn vị", units, strict=False)
    # each column named "Cột «…»", never its bare header: the report's nominee count reads every sheet
    _guide_sheet(book, [
        ("Trang tính «Tập thể»", "Mỗi tập thể một dòng, bắt đầu từ dòng 2 (giữ nguyên dòng tiêu đề)."),
        ("Cột «Tên tập thể»", "Tên đầy đủ của tập thể được đề nghị (bắt buộc)."),
        ("Cột «Đơn vị»", ("Ở «Tập thể»: đơn vị mà tập thể trực thuộc (bỏ trống nếu tập thể là một đơn vị). "
                   "Ở «Cá nhân»: đơn vị công tác (bắt buộc), đúng như danh sách đơn vị của phong trào.")),
        ("Trang tính «Cá nhân»", "Mỗi người một dòng, bắt đầu từ dòng 2."),
        ("Cột «Họ và tên»", "Họ và tên đầy đủ, viết hoa chữ cái đầu (bắt buộc)."),
        ("Cột «Giới tính»", "Nam hoặc Nữ (để viết «Ông», «Bà») (bắt buộc)."),
        ("Cột «Chức vụ»", "Chức vụ hiện tại (không bắt buộc); dùng để xếp thứ tự trong danh sách."),
        ("Cột «Hình thức khen thưởng»", "Chọn trong danh sách: "
                                  + "; ".join(forms) + ". Hình thức của cấp trên được đưa vào Tờ trình."),
        ("Cột «Thành tích»", "Để trống thì dùng câu «Đã có thành tích xuất sắc trong <phong trào>, Đợt …»."),
        ("Cột «Ghi chú»", "Không bắt buộc; in ở cột Ghi chú của danh sách."),
        ("Lưu tệp", "Lưu thành dot-<số đợt>/de-nghi-khen-thuong.xlsx trong thư mục phong trào."),
    ])
    if lists.sheet is not None:
        book.move_sheet(lists.sheet, offset=len(book.sheetnames))
    return _save(book, target)


FACTS_SHEET = "Thông tin"
PHASES_SHEET = "Đợt thi đua"
CONTENTS_SHEET = "Nội dung thi đua"
UNITS_SHEET = "Đơn vị"
FACTS_HEADERS = ("Mục", "Giá trị", "Ghi chú")
PHASE_HEADERS = ("Đợt", "Ngày bắt đầu", "Ngày kết thúc", "Nội dung chào mừng")
CONTENT_HEADERS = ("STT", "Tiêu đề", "Nội dung")
UNIT_HEADERS = ("STT", "Tên đơn vị", "Tên viết tắt", "Nhóm")


def write_facts_workbook(
    target: Path, *, facts: Sequence[tuple[str, str, str]], authorities: Sequence[str],
    signer_authorities: Sequence[str],
) -> Path:
    """Return ``target`` after writing the blank campaign-facts workbook (``vanban init --from``).

    «Thông tin»: one fact per row (Mục, Giá trị, Ghi chú) — ``facts`` gives each label and its
    note, the value left blank (the label is what the reader matches); «Đợt thi đua», «Nội
    dung thi đua», «Đơn vị»: one row each; drop-down lists for the commendation authority
    (``authorities``) and the signing authority (``signer_authorities``).
    """
    book = Workbook()
    lists = _Lists(book)
    ws = book.active
    ws.title = FACTS_SHEET
    _header(ws, FACTS_HEADERS, (38, 60, 70))
    for label, note, key in facts:
        ws.append([label, None, note])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        if key == "authority":
            _validate_cell(lists, ws, ws.max_row, "Thẩm quyền khen thưởng", authorities)
        elif key == "signer_authority":
            _validate_cell(lists, ws, ws.max_row, "Quyền hạn ký", signer_authorities)
    for row in ws.iter_rows(min_row=2, max_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for title, headers, widths in (
        (PHASES_SHEET, PHASE_HEADERS, (6, 16, 16, 80)),
        (CONTENTS_SHEET, CONTENT_HEADERS, (6, 60, 90)),
        (UNITS_SHEET, UNIT_HEADERS, (6, 50, 20, 35)),
    ):
        _header(book.create_sheet(title), headers, widths)
    _guide_sheet(book, [
        ("Trang tính «Thông tin»", "Ghi giá trị vào cột «Giá trị» của từng mục; mục có ghi «bắt buộc» phải có."),
        ("Trang tính «Đợt thi đua»", ("Mỗi đợt một dòng: ngày bắt đầu, ngày kết thúc viết 01/11/2024 "
                                     "(ngày/tháng/năm); nội dung chào mừng không bắt buộc.")),
        ("Trang tính «Nội dung thi đua»", "Mỗi nội dung một dòng: tiêu đề (bắt buộc), lời văn (không bắt buộc)."),
        ("Trang tính «Đơn vị»", ("Các đơn vị tham gia theo thứ tự trong báo cáo: tên đầy đủ (bắt buộc), "
                                "tên viết tắt, nhóm (không bắt buộc).")),
        ("Dùng", "vanban init THƯ_MỤC_PHONG_TRÀO --from thong-tin-phong-trao.xlsx"),
    ])
    if lists.sheet is not None:
        book.move_sheet(lists.sheet, offset=len(book.sheetnames))
    return _save(book, target)


def _validate_cell(lists: _Lists, ws: Worksheet, row: int, header: str, values: Sequence[str]) -> None:
    """Offer ``values`` in the «Giá trị» cell of fact row ``row`` only."""
    before = len(ws.data_validations.dataValidation)
    lists.validate(ws, 2, header, values)
    if len(ws.data_validations.dataValidation) > before:
        rule = ws.data_validations.dataValidation[-1]
        rule.sqref = f"B{row}"
