"""Write the units' results workbook (sổ kết quả thực hiện): the empty template units fill
in, and the sample data made by ``data/<campaign>/make_samples.py``."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from pipeline.campaign.model import Campaign, TargetUnit
from pipeline.campaign.results import target_columns, targets_of
from pipeline.files import atomic_target

SHEET = "Kết quả"
GUIDE_SHEET = "Hướng dẫn"


def _guide(campaign: Campaign) -> list[tuple[str, str]]:
    lines = [
        ("Đơn vị", "Tên đơn vị đúng như danh sách đơn vị của phong trào (tên đầy đủ hoặc tên viết tắt)."),
        ("Số tổ", "Số tổ bảo vệ an ninh, trật tự của đơn vị (số nguyên)."),
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
    guide = book.create_sheet(GUIDE_SHEET)
    guide.append(["Cột", "Cách ghi"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for line in _guide(campaign):
        guide.append(list(line))
    guide.column_dimensions["A"].width = 45
    guide.column_dimensions["B"].width = 100
    tmp = atomic_target(target)
    try:
        book.save(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
