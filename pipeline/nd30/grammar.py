"""One grammar of the số, ký hiệu line and the date line: written by rendering, read back by
issuing (``pipeline.docx.stamp``) and judged by the checker (``pipeline.check``).

Writing: ``number_line`` ("Số: 05/KH-BQL"), ``date_line`` ("Hải Phòng, ngày 05 tháng 01 năm
2025"), ``full_date``, ``short_date``, ``day_text``, ``month_text``. Reading: ``parse_number_line``
and ``parse_date_line`` take any line a clerk may have typed and return its parts as typed
(so that the checker can say what is wrong and ``stamp`` can refuse what it cannot fill).
Sources: ND30 Điều 15; Phụ lục I, mục II.3 and II.4; ``../shared/ND30.md`` §1.4.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

__all__ = [
    "BLANK", "DateLine", "NumberLine", "clean_code", "date_line", "day_text", "full_date",
    "is_date_line", "month_text", "number_line", "parse_date_line", "parse_number_line", "short_date",
]

BLANK: Final[str] = " " * 6
"""Fixed blank (6 spaces) a dự thảo leaves for the number, day and month (ND30.md §1.4)."""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- writing


def day_text(day: int) -> str:
    """Return the day as written in a date: padded below 10 ("05", "29").

    Source: ND30 Phụ lục I, mục II.4; ND30.md §1.4.
    """
    return f"{day:02d}"


def month_text(month: int) -> str:
    """Return the month as written in a date: only 1 and 2 are padded ("01", "02", "3" … "12"),
    so that "tháng 1" cannot be altered to "tháng 11". Source: ND30 Phụ lục I, mục II.4."""
    return f"{month:02d}" if month <= 2 else str(month)


def short_date(d: datetime.date) -> str:
    """Return the dd/mm/yyyy date of running text ("08/11/2024", "19/8/2025", "03/02/2025").

    The day is padded below 10 and only months 1 and 2 are padded.
    Source: ND30.md §1.4 and §3.2 (same padding as thời gian ban hành, Phụ lục I, mục II.4).
    """
    return f"{day_text(d.day)}/{month_text(d.month)}/{d.year}"


def full_date(d: datetime.date) -> str:
    """Return the date written in full: "ngày 05 tháng 01 năm 2025", "ngày 29 tháng 6 năm 2019".

    Source: ND30 Phụ lục I, mục II.4 (thời gian ban hành văn bản); ND30.md §1.4.
    """
    return f"ngày {day_text(d.day)} tháng {month_text(d.month)} năm {d.year}"


def date_line(place: str, *, year: int, month: int | None = None, day: int | None = None) -> str:
    """Return the địa danh và thời gian ban hành line: "Hải Phòng, ngày 05 tháng 01 năm 2025".

    A dự thảo leaves the day, or the day and month, blank: ``day=None`` gives
    "Hải Phòng, ngày" + BLANK + "tháng 11 năm 2024" (6 spaces between "ngày" and "tháng"),
    ``month=None`` too gives "…, ngày" + BLANK + "tháng" + BLANK + "năm 2025".
    Raises ValueError when ``place`` is blank, a day is given without a month, or the
    year/month/day is not a real date. Source: ND30 Phụ lục I, mục II.4; ND30.md §1.4.
    """
    place_text = _nfc(place).strip()
    if not place_text:
        raise ValueError("Thiếu địa danh trên dòng ngày tháng.")
    if day is not None and month is None:
        raise ValueError("Đã có ngày nhưng thiếu tháng: hãy ghi tháng, hoặc để trống cả ngày.")
    try:
        datetime.date(year, month if month is not None else 1, day if day is not None else 1)
    except ValueError as error:
        given = "/".join(str(part) for part in (day, month, year) if part is not None)
        raise ValueError(f"Ngày tháng không hợp lệ: {given}.") from error
    day_part = BLANK if day is None else f" {day_text(day)} "
    month_part = BLANK if month is None else f" {month_text(month)} "
    return f"{place_text}, ngày{day_part}tháng{month_part}năm {year}"


def _require_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


def clean_code(text: str, what: str) -> str:
    """Return a ký hiệu part NFC, trimmed, with no space around "-"; raise ValueError naming
    ``what`` when it is blank or holds "/"."""
    code = re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", _nfc(text).strip()))
    if not code:
        raise ValueError(f"Thiếu {what}.")
    if "/" in code:
        raise ValueError(f'{what[:1].upper()}{what[1:]} "{code}" không được chứa dấu "/".')
    return code


def number_line(symbol: str, number: int | None = None) -> str:
    """Return the số, ký hiệu line: "Số: 05/KH-BQL"; with ``number`` None "Số:" + BLANK + "/KH-BQL".

    Numbers below 10 get a leading zero. Raises ValueError when ``number`` < 1 or the
    symbol is blank or contains "/"; TypeError when ``number`` is not an int.
    Source: ND30 Điều 15 and Phụ lục I, mục II.3; ND30.md §1.4.
    """
    code = clean_code(symbol, "ký hiệu văn bản")
    if number is None:
        return f"Số:{BLANK}/{code}"
    if _require_int(number, "number") < 1:
        raise ValueError(f"Số văn bản phải từ 01 trở lên, không phải {number}.")
    return f"Số: {number:02d}/{code}"


# --------------------------------------------------------------------------- reading

_DRAFT_BLANK = re.compile(r"^[\s.…_]*$")
_NUMBER_LINE = re.compile(r"^\s*Số(?![^\W\d_])\s*(?P<colon>:?)(?P<rest>.*)$", re.DOTALL)
_DATE_LINE = re.compile(
    r"^(?P<place>.*?)(?P<comma>,?)\s*ngày(?P<day>.*?)tháng(?P<month>.*?)năm(?P<year>.*)$", re.DOTALL)
_DATE_TAIL = re.compile(r"\bngày\b.*\btháng\b.*\bnăm\b\s*\S*\s*$")


@dataclass(frozen=True)
class NumberLine:
    """A số, ký hiệu line as typed: ``colon`` after "Số", ``slash`` when it has "/",
    ``number`` the text before "/" (spaces kept), ``symbol`` the text after it (spaces kept)."""

    colon: bool
    slash: bool
    number: str
    symbol: str

    @property
    def blank(self) -> bool:
        """Return True when the number is left blank for the registry clerk (a dự thảo)."""
        return bool(_DRAFT_BLANK.match(self.number))

    @property
    def value(self) -> int | None:
        """Return the number as an int, None when blank or not written in digits."""
        text = self.number.strip()
        return int(text) if text.isdigit() else None

    @property
    def code(self) -> str:
        """Return the ký hiệu without surrounding spaces ("KH-BQL")."""
        return self.symbol.strip()

    @property
    def groups(self) -> list[str]:
        """Return the ký hiệu's groups split at "-" ("KH", "BQL"); the first is the type
        abbreviation for a kind that has one (ND30 Phụ lục III)."""
        return [g for g in re.split(r"\s*-\s*", self.code) if g]

    @property
    def fillable(self) -> bool:
        """Return True when ``vanban issue`` can write a number in: "Số:", a blank or
        digits, "/" and a ký hiệu."""
        return self.colon and self.slash and bool(self.code) and (self.blank or self.value is not None)


def parse_number_line(text: str) -> NumberLine | None:
    """Return the parts of a số, ký hiệu line ("Số: 05/KH-BQL", "Số 5 / KH - BQL", the
    draft's "Số:      /KH-BQL"); None when ``text`` does not start with the word "Số"."""
    m = _NUMBER_LINE.match(_nfc(text))
    if m is None:
        return None
    rest = m["rest"]
    number, slash, symbol = rest.partition("/")
    return NumberLine(bool(m["colon"]), bool(slash), number if slash else rest, symbol)


@dataclass(frozen=True)
class DateLine:
    """A date line as typed: ``place`` before "ngày", ``comma`` after it, and the ``day``,
    ``month``, ``year`` texts (trimmed; blank in a dự thảo)."""

    place: str
    comma: bool
    day: str
    month: str
    year: str

    @property
    def day_blank(self) -> bool:
        """Return True when the day is left blank (a dự thảo)."""
        return bool(_DRAFT_BLANK.match(self.day))

    @property
    def month_blank(self) -> bool:
        """Return True when the month is left blank (a dự thảo)."""
        return bool(_DRAFT_BLANK.match(self.month))

    @property
    def date(self) -> datetime.date | None:
        """Return the date when day, month and year are digits of a real date, else None."""
        if not (self.day.isdigit() and self.month.isdigit() and self.year.isdigit()):
            return None
        try:
            return datetime.date(int(self.year), int(self.month), int(self.day))
        except ValueError:
            return None

    @property
    def fillable(self) -> bool:
        """Return True when ``vanban issue`` can write a date in: a place, day and month as
        digits or blank, a four-digit year."""
        return (bool(self.place) and self.comma and re.fullmatch(r"\d{4}", self.year) is not None
                and (self.day_blank or self.day.isdigit()) and (self.month_blank or self.month.isdigit()))


def is_date_line(text: str) -> bool:
    """Return True when ``text`` reads as a date line: "… ngày … tháng … năm <year>"."""
    return _DATE_TAIL.search(_nfc(text)) is not None


def parse_date_line(text: str) -> DateLine | None:
    """Return the parts of a date line ("Hải Phòng, ngày 05 tháng 01 năm 2025", the draft's
    "Hải Phòng, ngày      tháng 11 năm 2024"); None when it has no "ngày … tháng … năm"."""
    m = _DATE_LINE.match(_nfc(text).strip())
    if m is None:
        return None
    place = re.sub(r"\s+", " ", m["place"]).strip()
    return DateLine(place, bool(m["comma"]), m["day"].strip(), m["month"].strip(), m["year"].strip())
