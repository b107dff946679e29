"""The dispatch sheet (danh sách gửi) of one document, for the registry clerk (văn thư):
who gets it, by which channel, how many copies, with the document's number, date and
subject — as an XLSX workbook and as the context of a one-page DOCX
(templates/danh-sach-gui.docx). The recipients come from the registry
(``pipeline.campaign.distribution.dispatch_rows``)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from pipeline.campaign.distribution import DispatchRow, Registry, dispatch_rows
from pipeline.campaign.model import Unit
from pipeline.documents import fields
from pipeline.documents.fields import Field
from pipeline.errors import OutputError
from pipeline.files import atomic_target

TEMPLATE = "danh-sach-gui.docx"
FOLDER = "danh-sach-gui"
SHEET = "Danh sách gửi"
# The workbook (no Word document, so no template) names its columns here.
HEADER = ("STT", "Nơi nhận", "Mục đích", "Đường gửi", "Số bản", "Số, ký hiệu", "Ngày ban hành", "Trích yếu")
XLSX_WIDTHS = (6, 48, 14, 26, 8, 16, 26, 60)
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class DispatchSheet:
    """The dispatch sheet of one document: ``document`` ("Quyết định"), ``reference``
    ("05/QĐ-BQL", or "     /QĐ-BQL" in a draft), ``date`` ("ngày 14 tháng 02 năm 2025"),
    ``subject`` (trích yếu) and the recipient rows."""

    document: str
    reference: str
    date: str
    subject: str
    rows: tuple[DispatchRow, ...]

    @property
    def copies(self) -> int:
        """Return the number of copies sent, all recipients together."""
        return sum(r.copies for r in self.rows)


def sheet(registry: Registry, document: str, context: Mapping[str, Any], subject: str, *,
          awarded: Sequence[Unit] = (), via: str | None = None) -> DispatchSheet:
    """Return the dispatch sheet of ``document`` (a registry key such as "quyet-dinh-khen-
    thuong") from its template context (number_line, date_line, kind_title) and its trích
    yếu (``subject``, as the document's template writes it); a
    decision's ``awarded`` units and a proposal's ``via`` body as in
    ``pipeline.campaign.distribution.dispatch_rows``."""
    reference = str(context["number_line"]).removeprefix("Số:").removeprefix(" ").rstrip()
    date = str(context["date_line"]).split(", ", 1)[-1]
    return DispatchSheet(str(context["kind_title"]).capitalize(), reference, date, subject,
                         tuple(dispatch_rows(registry, document, awarded=awarded, via=via)))


def _cells(n: int, row: DispatchRow, s: DispatchSheet) -> list[Any]:
    return [n, row.name, row.role.value, row.channel.label, row.copies, s.reference, s.date, s.subject]


def write_xlsx(s: DispatchSheet, target: Path) -> Path:
    """Return ``target`` after writing the dispatch sheet as an Excel workbook (one sheet,
    Vietnamese headers, frozen header row), atomically. Text beginning with = + - @ is
    stored as text with a quote prefix, so no spreadsheet evaluates it as a formula.
    Raises OutputError when ``target`` cannot be written."""
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    ws.append(list(HEADER))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for n, row in enumerate(s.rows, start=1):
        ws.append([None] * len(HEADER))
        for col, value in enumerate(_cells(n, row, s), start=1):
            cell = ws.cell(row=n + 1, column=col)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever it begins with
                if value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for col, width in enumerate(XLSX_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    total = len(s.rows) + 2
    ws.cell(row=total, column=2, value="Tổng cộng").font = Font(bold=True)
    ws.cell(row=total, column=5, value=s.copies).font = Font(bold=True)
    tmp = atomic_target(target)
    try:
        book.save(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"không ghi được {target}: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return target


FIELDS: dict[str, Field] = {
    "parent_body": fields.HEADER["parent_body"],
    "issuer_header": fields.HEADER["issuer_header"],
    "document": Field("văn bản gửi đi: kind (tên loại «Quyết định»), reference («05/QĐ-BQL», để trống số khi là dự "
                      "thảo), date («ngày … tháng … năm …»), subject (trích yếu)", required=True),
    "rows": Field("các nơi nhận: number (STT), name (nơi nhận), role (mục đích), channel (đường gửi), copies (số "
                  "bản)", required=True),
    "copies": Field("tổng số bản gửi"),
}
"""The fields of templates/danh-sach-gui.docx (what ``context`` gives)."""


def context(s: DispatchSheet, parent_body: str, issuer_header: str) -> dict[str, Any]:
    """Return the context of templates/danh-sach-gui.docx: values only — the issuer lines,
    the document (kind, reference, date, subject), the recipient rows and the copies in all;
    every word of the sheet is in its template."""
    return {
        "parent_body": parent_body,
        "issuer_header": issuer_header,
        "document": {"kind": s.document, "reference": s.reference, "date": s.date, "subject": s.subject},
        "rows": [{"number": n, "name": r.name, "role": r.role.value, "channel": r.channel.label, "copies": r.copies}
                 for n, r in enumerate(s.rows, start=1)],
        "copies": s.copies,
    }
