"""Read the clerks' Excel sheets (openpyxl): Vietnamese headers, located problems."""

from __future__ import annotations

import datetime as dt
import unicodedata
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser
from openpyxl.worksheet.cell_range import CellRange
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


MAX_ROWS = 10_000
"""The last row a sheet may hold data in (a results workbook has a row per unit, a nominee
list a row per nominee): data further down is refused, never read slowly nor ignored."""
MAX_COLUMNS = 100
"""The last column (CV) a sheet may hold data in."""
MAX_CELLS = 300_000
"""The most cells (filled or only formatted) read from one sheet before giving up (≈ 4 s)."""
MAX_TEXT = 5_000
"""The most characters in one cell (Excel allows 32.767)."""
MAX_NUMBER = Decimal(1_000_000_000)
"""The largest number a column reads when it has no bound of its own (no count or amount of
a campaign comes near it; ``1e308`` is a typing slip, not a figure)."""
MAX_PART_BYTES = 100_000_000
"""The largest part of an .xlsx once unzipped, in bytes (a zip bomb is refused unread)."""

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls, or an encrypted .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream holding an encrypted .xlsx


class _Refused(ValueError):
    """Raised for a cell value that is read but refused, with its own fix."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


@dataclass(frozen=True)
class _Unreadable:
    """A cell whose value cannot be read exactly: a formula with no stored result (written
    by a program that does not calculate, e.g. openpyxl) or an Excel error (#REF!…)."""

    what: str
    fix: str


_NO_RESULT = _Unreadable(
    "ô có công thức nhưng chưa có kết quả lưu trong tệp (tệp được ghi bằng chương trình không tính công thức)",
    "mở sổ bằng Excel (hoặc LibreOffice) rồi lưu lại để Excel tính và lưu kết quả, hoặc gõ thẳng số liệu")


def _shown_number(raw: Any) -> str:
    """Return a number as written in a message, short even when huge (1e308 → "1e+308")."""
    text = str(raw).strip()
    return text if len(text) <= 20 else f"{text[:17]}…"


def _cell_value(raw: Any, column: Column) -> Any:
    if isinstance(raw, _Unreadable):
        raise _Refused(raw.what, raw.fix)
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
    if not number.is_finite():
        raise _Refused(f"«{_shown_number(raw)}» không phải một số hữu hạn", "gõ lại số liệu bằng chữ số")
    if column.kind == "int" and number != number.to_integral_value():
        raise ValueError(f"«{raw}» phải là số nguyên")
    if column.minimum is not None and number < column.minimum:
        raise ValueError(f"{vi.format_number(number, decimals=2).rstrip('0').rstrip(',')} nhỏ hơn {column.minimum}")
    if column.maximum is not None and number > column.maximum:
        raise ValueError(
            f"{vi.format_number(number, decimals=2).rstrip('0').rstrip(',')} lớn hơn {column.maximum}"
        )
    if abs(number) > MAX_NUMBER:
        raise _Refused(f"số {_shown_number(raw)} quá lớn (lớn hơn {vi.format_number(MAX_NUMBER)})",
                       "kiểm tra lại số liệu (gõ thừa chữ số?)")
    return int(number) if column.kind == "int" else number


def _not_xlsx(path: Path) -> Problem:
    return Problem(
        path, "", "không phải tệp Excel .xlsx (có thể là tệp .xls cũ hoặc CSV đổi tên)",
        "mở tệp bằng Excel rồi chọn Lưu thành (Save As) → Sổ làm việc Excel (.xlsx)",
    )


def _broken(path: Path) -> Problem:
    return Problem(path, "", "sổ Excel bị hỏng, không đọc được",
                   "mở sổ bằng Excel rồi lưu lại (Excel sửa chỗ hỏng khi lưu), hoặc xin đơn vị gửi lại")


def _package_problem(path: Path) -> Problem | None:
    """Return why the file at ``path`` cannot be opened as an .xlsx (not there, a folder,
    password-protected, an old .xls, too large once unzipped), or None."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
            if head == _CFB_MAGIC:
                if _ENCRYPTED in f.read(MAX_PART_BYTES):
                    return Problem(path, "", "sổ Excel được đặt mật khẩu (mã hóa), vanban không mở được",
                                   "mở sổ bằng Excel, nhập mật khẩu, vào Tệp → Thông tin → Bảo vệ sổ làm việc → "
                                   "Mã hóa bằng mật khẩu, xóa mật khẩu rồi lưu lại")
                return _not_xlsx(path)
        with zipfile.ZipFile(path) as package:
            if any(info.file_size > MAX_PART_BYTES for info in package.infolist()):
                return Problem(path, "", f"sổ quá lớn khi giải nén (hơn {vi.format_number(MAX_PART_BYTES)} byte)",
                               "chỉ giữ trang tính số liệu; xóa các dòng, cột thừa rồi lưu lại")
    except FileNotFoundError:
        return Problem(path, "", "không tìm thấy tệp", "kiểm tra lại đường dẫn")
    except IsADirectoryError:
        return Problem(path, "", "đây là thư mục, không phải tệp Excel", "kiểm tra lại đường dẫn")
    except PermissionError:
        return Problem(path, "", "không có quyền đọc tệp", "cấp quyền đọc hoặc chép tệp sang chỗ khác")
    except (zipfile.BadZipFile, OSError):
        return _not_xlsx(path)
    return None


class _CellParser(WorkSheetParser):  # type: ignore[misc]
    """openpyxl's streaming sheet parser, marking a formula cell with no stored result and
    an Excel error value (#REF!…) instead of reading them as empty or as text."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if element.find(FORMULA_TAG) is not None and (
                element.find(VALUE_TAG) is None or (not element.findtext(VALUE_TAG) and element.get("t") != "str")):
            cell["value"] = _NO_RESULT  # no <v>, or an empty one where only text may be empty
        elif cell["data_type"] == "e":
            cell["value"] = _Unreadable(f"ô có lỗi công thức {cell['value']}",
                                        "sửa công thức trong Excel, hoặc gõ thẳng số liệu")
        return cell


@dataclass
class _Grid:
    """The cells of one sheet that hold something, by row and column number (from 1)."""

    title: str
    cells: dict[int, dict[int, Any]] = field(default_factory=dict)
    merged: list[Any] = field(default_factory=list)  # openpyxl CellRange

    def row(self, number: int, width: int | None = None) -> list[Any]:
        """Return row ``number`` as a list from column 1 (None where empty)."""
        cells = self.cells.get(number, {})
        width = width if width is not None else max(cells, default=0)
        return [cells.get(c) for c in range(1, width + 1)]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_grid(path: Path, ws: Any, problems: list[Problem]) -> _Grid | None:
    """Return the filled cells of read-only sheet ``ws`` read as a stream (only rows and cells
    the file holds: one far cell costs nothing), each number formatted as a percentage turned
    into its percent value (0,795 shown "79,5%" → 79.5, as typed). None, with the problem in
    ``problems``, past a bound (``MAX_ROWS``, ``MAX_COLUMNS``, ``MAX_CELLS``) or for a broken
    sheet; a cell longer than ``MAX_TEXT`` is a problem too."""
    with ws._get_source() as source:
        return _stream(path, ws, source, problems)


def _stream(path: Path, ws: Any, source: Any, problems: list[Problem]) -> _Grid | None:
    """Return ``_read_grid``'s grid, read from the open sheet part ``source``."""
    book = ws.parent
    parser = _CellParser(source, ws._shared_strings, data_only=True, epoch=book.epoch,
                         date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
    grid = _Grid(ws.title)
    place = f'trang tính "{ws.title}"'
    seen = 0
    try:
        for _, cells in parser.parse():
            seen += len(cells) or 1
            if seen > MAX_CELLS:
                problems.append(Problem(
                    path, place, f"trang tính có quá nhiều ô (hơn {vi.format_number(MAX_CELLS)} ô có dữ liệu "
                    "hoặc định dạng)", "xóa các dòng, cột thừa (chọn chúng, bấm Xóa - Delete) rồi lưu lại"))
                return None
            for cell in cells:
                value, row, column = cell["value"], cell["row"], cell["column"]
                if _blank(value):
                    continue
                where = f"{place}, ô {get_column_letter(column)}{row}"
                if row > MAX_ROWS or column > MAX_COLUMNS:
                    problems.append(Problem(
                        path, where, f"có dữ liệu ngoài vùng đọc ({vi.format_number(MAX_ROWS)} dòng, "
                        f"{MAX_COLUMNS} cột đầu tiên)",
                        "xóa ô này (trong Excel, Ctrl+End đến ô cuối cùng có dữ liệu), hoặc chia thành nhiều sổ"))
                    return None
                if isinstance(value, str) and len(value) > MAX_TEXT:
                    problems.append(Problem(path, where, f"ô dài {vi.format_number(len(value))} ký tự, quá "
                                            f"{vi.format_number(MAX_TEXT)} ký tự", "rút gọn nội dung ô"))
                    continue
                if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (
                        ReadOnlyCell(ws, row, column, value, cell["data_type"], cell["style_id"]).number_format or ""):
                    value = Decimal(str(value)) * 100
                grid.cells.setdefault(row, {})[column] = value
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a broken sheet; the clerk gets one
        problems.append(_broken(path))
        return None
    if parser.merged_cells is not None:
        grid.merged = [CellRange(m.ref) for m in parser.merged_cells.mergeCell]
    return grid


def sheet_names(path: Path) -> list[str] | None:
    """Return the sheet names of the workbook at ``path``, None when it cannot be opened
    (``read_sheet`` explains why)."""
    if path.suffix.lower() != ".xlsx" or _package_problem(path) is not None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 — read_sheet explains it
        return None
    names = list(book.sheetnames)
    book.close()
    return names


def read_sheet(path: Path, columns: Sequence[Column], *, sheet: str | None = None) -> Sheet:
    """Return the rows of ``sheet`` (see ``_read_sheet``); openpyxl's English warnings (an
    extension it drops, a date out of range) stay unsaid: what matters is refused as a problem."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_sheet(path, columns, sheet=sheet)


def _read_sheet(path: Path, columns: Sequence[Column], *, sheet: str | None = None) -> Sheet:
    """Return the rows of ``sheet`` (default: the first) of the workbook at ``path``.

    The header row is the first of the top ``HEADER_SEARCH_ROWS`` rows that names every
    required column (matched without diacritics or case, see ``header_key``). Problems,
    each naming file, sheet, row and column: a file that is not a real .xlsx (a
    password-protected one said as such); a missing column; a merged header cell; a merged
    cell among the data; a formula without a stored result or an Excel error value; a cell
    that cannot be read as its column's kind (with a hint, e.g. "1.5" is never read as 15) or
    past its bounds; a required cell left empty; data past ``MAX_ROWS``/``MAX_COLUMNS`` or
    a sheet of more than ``MAX_CELLS`` cells. Only the cells the file holds are read, as a
    stream. Empty rows between data rows are skipped with one warning. Reading goes on
    past a bad row, so all problems come back together.
    """
    result = Sheet(path)
    if path.suffix.lower() != ".xlsx":
        result.problems.append(_not_xlsx(path))
        return result
    problem = _package_problem(path)
    if problem is not None:
        result.problems.append(problem)
        return result
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        result.problems.append(_not_xlsx(path))
        return result
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a broken workbook
        result.problems.append(_broken(path))
        return result
    try:
        try:
            ws = book[sheet] if sheet else book.worksheets[0]
        except (KeyError, IndexError):
            result.problems.append(Problem(path, "", f'không có trang tính "{sheet}"',
                                           f"các trang tính đang có: {', '.join(book.sheetnames)}"))
            return result
        if not hasattr(ws, "_get_source"):  # a chart sheet
            result.problems.append(Problem(path, f'trang tính "{ws.title}"', "là biểu đồ, không phải bảng số liệu",
                                           "đặt bảng số liệu ở trang tính đầu tiên"))
            return result
        grid = _read_grid(path, ws, result.problems)
    finally:
        book.close()
    if grid is None:
        return result
    _read_rows(path, grid, columns, result)
    return result


def _read_rows(path: Path, grid: _Grid, columns: Sequence[Column], result: Sheet) -> None:
    """Find the header row of ``grid`` and read its data rows into ``result``."""
    header_row = _header_row(path, grid, columns, result)
    if header_row is None:
        return
    headers = grid.row(header_row)
    index: dict[str, int] = {}
    for c in columns:
        for k, text in enumerate(headers):
            if text is not None and c.matches(str(text)):
                index[c.key] = k
                break
    used = {k + 1 for k in index.values()}
    for merged in grid.merged:
        if merged.max_row > header_row and any(merged.min_col <= c <= merged.max_col for c in used):
            result.problems.append(Problem(
                path, f'trang tính "{grid.title}", ô {merged.coord}',
                "ô bị gộp trong bảng số liệu: chỉ ô đầu có giá trị, các ô còn lại sẽ bị đọc là trống",
                "bỏ gộp ô (Unmerge) rồi ghi giá trị vào từng ô"))
    if result.problems:
        return
    width = max(used, default=0)
    last = max((n for n, cells in grid.cells.items() if n > header_row and any(c <= width for c in cells)),
               default=header_row)
    blank: list[int] = []
    for number in range(header_row + 1, last + 1):
        raw_row = grid.row(number, width)
        if all(_blank(v) for v in raw_row):
            blank.append(number)
        else:
            _read_row(path, Row({}, grid.title, number), raw_row, columns, index, result)
    if blank:
        shown = ", ".join(str(n) for n in blank[:5]) + (f" và {len(blank) - 5} dòng khác" if len(blank) > 5 else "")
        what = (f"{vi.format_number(len(blank))} dòng trống giữa bảng, đã bỏ qua" if len(blank) > 1
                else "dòng trống giữa bảng, đã bỏ qua")
        result.problems.append(Problem(path, f'trang tính "{grid.title}", dòng {shown}', what,
                                       "xóa các dòng trống nếu không cần" if len(blank) > 1
                                       else "xóa dòng trống nếu không cần", severity="warning"))


def _header_row(path: Path, grid: _Grid, columns: Sequence[Column], result: Sheet) -> int | None:
    """Return the header row of ``grid`` (the first of the top rows naming every required
    column); None, with the problems in ``result``, when there is none or it is merged."""
    title = grid.title
    required = [c for c in columns if c.required]
    top = [grid.row(n) for n in range(1, HEADER_SEARCH_ROWS + 1)]
    for header_row, cells in enumerate(top, start=1):
        texts = [str(v) for v in cells if v is not None]
        if all(any(c.matches(t) for t in texts) for c in required):
            for merged in grid.merged:
                if merged.min_row <= header_row <= merged.max_row:
                    result.problems.append(
                        Problem(path, f'trang tính "{title}", dòng {header_row}',
                                f"ô tiêu đề bị gộp ({merged.coord})", "bỏ gộp ô (Unmerge) để mỗi cột có tiêu đề riêng"))
            return None if result.problems else header_row
    best_row = max(range(1, HEADER_SEARCH_ROWS + 1), key=lambda n: sum(v is not None for v in top[n - 1]))
    best = top[best_row - 1]
    best_row = best_row if any(v is not None for v in best) else 0
    merges = [m for m in grid.merged if m.min_row <= best_row <= m.max_row]
    for merged in merges:  # a merged header cell hides the headers under it: report the merge
        result.problems.append(
            Problem(path, f'trang tính "{title}", dòng {best_row}', f"ô tiêu đề bị gộp ({merged.coord})",
                    "bỏ gộp ô (Unmerge) để mỗi cột có tiêu đề riêng"))
    if merges:
        return None
    found = ", ".join(f'"{v}"' for v in best if v is not None) or "không có"
    for c in required:
        if not any(c.matches(str(v)) for v in best if v is not None):
            result.problems.append(
                Problem(path, f'trang tính "{title}"', f'thiếu cột "{c.header}"',
                        f"thêm cột có tiêu đề «{c.header}» (các cột đang có: {found})"))
    return None


def _read_row(path: Path, row: Row, raw_row: list[Any], columns: Sequence[Column], index: dict[str, int],
              result: Sheet) -> None:
    """Read one data row into ``result``: its values, or the problems of its cells."""
    ok = True
    for c in columns:
        n = index.get(c.key)
        raw = raw_row[n] if n is not None else None
        try:
            value = _cell_value(raw, c)
        except (ValueError, PydanticCustomError) as exc:
            letter = get_column_letter(n + 1) if n is not None else "?"
            message = exc.message() if isinstance(exc, PydanticCustomError) else str(exc)
            result.problems.append(Problem(path, f"{row.where(c)} (ô {letter}{row.number})", message,
                                           exc.fix if isinstance(exc, _Refused) else _fix_for(c)))
            ok = False
            continue
        if value is None and c.required and not c.blank_ok:
            result.problems.append(Problem(path, row.where(c), "ô đang để trống", f"điền «{c.header}» cho dòng này"))
            ok = False
        row.values[c.key] = value
    if ok:
        result.rows.append(row)


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
