"""Read the clerks' Excel sheets (openpyxl): Vietnamese headers, located problems."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from pydantic_core import PydanticCustomError

from pipeline.campaign.model import parse_date
from pipeline.errors import Problem
from pipeline.nd30 import vi

HEADER_SEARCH_ROWS = 10  # the header row may sit under a title row or two


def header_key(text: str) -> str:
    """Return a header folded for matching: no diacritics, đ → d, case-folded, single spaces.

    "  Họ và TÊN " and "ho va ten" both give "ho va ten".
    """
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


@dataclass(frozen=True)
class Column:
    """One expected column: ``key`` in the result, its Vietnamese ``header`` (and other
    accepted spellings), whether it must be present, and how to read its cells.

    ``kind``: "text", "number" (Decimal; Vietnamese "79,5", "1.234"), "int", "date"
    (04/02/2025). ``minimum``/``maximum`` bound a number (e.g. 0–100 for a percentage).
    ``blank_ok``: the column must be present (when ``required``) but its cells may be left
    empty (read as None, e.g. a figure a unit has not reported yet).
    """

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    kind: str = "text"
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    blank_ok: bool = False

    def matches(self, text: str) -> bool:
        """Return True when a header cell's text names this column."""
        return header_key(text) in {header_key(h) for h in (self.header, *self.aliases)}


@dataclass(frozen=True)
class Row:
    """One data row: values by column key (None for an empty cell), and where it came from."""

    values: dict[str, Any]
    sheet: str
    number: int  # the row number Excel shows

    def where(self, column: Column | None = None) -> str:
        """Return the row's (and column's) place in Vietnamese: 'trang tính "X", dòng 7, cột "Đơn vị"'."""
        text = f'trang tính "{self.sheet}", dòng {self.number}'
        return f'{text}, cột "{column.header}"' if column else text


@dataclass
class Sheet:
    """The rows read from one sheet and every problem found on the way."""

    path: Path
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _cell_value(raw: Any, column: Column) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if column.kind == "text":
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)  # a code typed as a number: 12.0 → "12"
        return vi.nfc(str(raw)).strip()
    if column.kind == "date":
        return parse_date(raw if not isinstance(raw, str) else raw.strip())
    if isinstance(raw, bool):
        raise ValueError(f"«{raw}» không phải là số")
    if isinstance(raw, (int, float, Decimal)):
        number = Decimal(str(raw))
    elif isinstance(raw, (dt.date, dt.datetime)):
        raise ValueError(f"ô đang là ngày {raw:%d/%m/%Y}, không phải số")
    else:
        number = vi.parse_number(str(raw))
    if column.kind == "int" and number != number.to_integral_value():
        raise ValueError(f"«{raw}» phải là số nguyên")
    if column.minimum is not None and number < column.minimum:
        raise ValueError(f"{vi.format_number(number, decimals=2).rstrip('0').rstrip(',')} nhỏ hơn {column.minimum}")
    if column.maximum is not None and number > column.maximum:
        raise ValueError(
            f"{vi.format_number(number, decimals=2).rstrip('0').rstrip(',')} lớn hơn {column.maximum}"
        )
    return int(number) if column.kind == "int" else number


def _shown_value(cell: Any) -> Any:
    """Return a cell's value as the clerk sees it: a number formatted as a percentage
    (0,795 shown "79,5%") becomes its percent value 79.5, so percent columns read alike
    whether typed "79,5" or formatted as %."""
    value = cell.value
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in fmt:
        return Decimal(str(value)) * 100
    return value


def _not_xlsx(path: Path) -> Problem:
    return Problem(
        path, "", "không phải tệp Excel .xlsx (có thể là tệp .xls cũ hoặc CSV đổi tên)",
        "mở tệp bằng Excel rồi chọn Lưu thành (Save As) → Sổ làm việc Excel (.xlsx)",
    )


def read_sheet(path: Path, columns: Sequence[Column], *, sheet: str | None = None) -> Sheet:  # noqa: C901  # being rewritten (issue 12/17)
    """Return the rows of ``sheet`` (default: the first) of the workbook at ``path``.

    The header row is the first of the top ``HEADER_SEARCH_ROWS`` rows that names every
    required column (matched without diacritics or case, see ``header_key``). Problems,
    each naming file, sheet, row and column: a file that is not a real .xlsx; a missing
    column; a merged header cell; a cell that cannot be read as its column's kind (with
    a hint, e.g. "1.5" is never read as 15); a required cell left empty. An empty row
    between data rows is skipped with a warning. Reading goes on past a bad row, so all
    problems come back together.
    """
    result = Sheet(path)
    if path.suffix.lower() != ".xlsx":
        result.problems.append(_not_xlsx(path))
        return result
    try:
        book = load_workbook(path, data_only=True)
    except FileNotFoundError:
        result.problems.append(Problem(path, "", "không tìm thấy tệp", "kiểm tra lại đường dẫn"))
        return result
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        result.problems.append(_not_xlsx(path))
        return result
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
    except KeyError:
        result.problems.append(
            Problem(path, "", f'không có trang tính "{sheet}"', f"các trang tính đang có: {', '.join(book.sheetnames)}")
        )
        return result
    grid = [[_shown_value(cell) for cell in r] for r in ws.iter_rows()]
    required = [c for c in columns if c.required]
    header_row = None
    for r, cells in enumerate(grid[:HEADER_SEARCH_ROWS]):
        texts = [str(v) for v in cells if v is not None]
        if all(any(c.matches(t) for t in texts) for c in required):
            header_row = r
            break
    if header_row is None:
        best = max(grid[:HEADER_SEARCH_ROWS], key=lambda r: sum(v is not None for v in r), default=[])
        best_row = grid.index(best) + 1 if best else 0
        merges = [m for m in ws.merged_cells.ranges if m.min_row <= best_row <= m.max_row]
        if merges:  # a merged header cell hides the headers under it: report the merge
            for merged in merges:
                result.problems.append(
                    Problem(path, f'trang tính "{ws.title}", dòng {best_row}', f"ô tiêu đề bị gộp ({merged.coord})",
                            "bỏ gộp ô (Unmerge) để mỗi cột có tiêu đề riêng")
                )
            return result
        found = ", ".join(f'"{v}"' for v in best if v is not None) or "không có"
        for c in required:
            if not any(c.matches(str(v)) for v in best if v is not None):
                result.problems.append(
                    Problem(path, f'trang tính "{ws.title}"', f'thiếu cột "{c.header}"',
                            f"thêm cột có tiêu đề «{c.header}» (các cột đang có: {found})")
                )
        return result
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= header_row + 1 <= merged.max_row:
            result.problems.append(
                Problem(path, f'trang tính "{ws.title}", dòng {header_row + 1}',
                        f"ô tiêu đề bị gộp ({merged.coord})", "bỏ gộp ô (Unmerge) để mỗi cột có tiêu đề riêng")
            )
    if result.problems:
        return result
    headers = grid[header_row]
    index: dict[str, int] = {}
    for c in columns:
        for k, text in enumerate(headers):
            if text is not None and c.matches(str(text)):
                index[c.key] = k
                break
    data = grid[header_row + 1 :]
    last = max((n for n, r in enumerate(data) if any(v not in (None, "") for v in r)), default=-1)
    for offset, raw_row in enumerate(data[: last + 1]):
        number = header_row + offset + 2
        if not any(v is not None and str(v).strip() for v in raw_row):
            result.problems.append(
                Problem(path, f'trang tính "{ws.title}", dòng {number}', "dòng trống giữa bảng, đã bỏ qua",
                        "xóa dòng trống nếu không cần", severity="warning")
            )
            continue
        row = Row({}, ws.title, number)
        ok = True
        for c in columns:
            n = index.get(c.key)
            raw = raw_row[n] if n is not None and n < len(raw_row) else None
            try:
                value = _cell_value(raw, c)
            except (ValueError, PydanticCustomError) as exc:
                letter = get_column_letter(n + 1) if n is not None else "?"
                message = exc.message() if isinstance(exc, PydanticCustomError) else str(exc)
                result.problems.append(
                    Problem(path, f"{row.where(c)} (ô {letter}{number})", message, _fix_for(c))
                )
                ok = False
                continue
            if value is None and c.required and not c.blank_ok:
                result.problems.append(
                    Problem(path, row.where(c), "ô đang để trống", f"điền «{c.header}» cho dòng này")
                )
                ok = False
            row.values[c.key] = value
        if ok:
            result.rows.append(row)
    return result


def _fix_for(column: Column) -> str:
    if column.kind == "int" and column.minimum is not None and column.maximum is None:
        return f"viết một số nguyên từ {column.minimum} trở lên, ví dụ 12"
    if column.minimum is not None or column.maximum is not None:
        low = "" if column.minimum is None else f" từ {column.minimum}"
        high = "" if column.maximum is None else f" đến {column.maximum}"
        return f"viết số kiểu Việt Nam (79,5; 1.234){low}{high}"
    return {
        "number": "viết số kiểu Việt Nam: 79,5 hoặc 1.234 (dấu phẩy cho phần thập phân)",
        "int": "viết một số nguyên, ví dụ 12",
        "date": "viết ngày dạng 04/02/2025",
    }.get(column.kind, "sửa lại nội dung ô")
