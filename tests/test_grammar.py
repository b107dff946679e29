"""One grammar of the number and date lines: what rendering writes, issuing and checking read back."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.nd30 import grammar, vi


@pytest.mark.parametrize(("symbol", "number", "value", "blank"),
                         [("KH-BQL", 5, 5, False), ("QĐ-HĐTĐKT", 12, 12, False), ("BQL-VP", None, None, True)])
def test_a_written_number_line_reads_back(symbol: str, number: int | None, value: int | None, blank: bool) -> None:
    line = grammar.parse_number_line(grammar.number_line(symbol, number))
    assert line is not None
    assert (line.colon, line.slash, line.value, line.blank, line.code, line.fillable) == (
        True, True, value, blank, symbol, True)


@pytest.mark.parametrize(
    ("text", "colon", "number", "symbol", "groups", "fillable"),
    [("Số 05/KH-BQL", False, "05", "KH-BQL", ["KH", "BQL"], False),
     ("Số: 05 / KH - BQL", True, " 05 ", " KH - BQL", ["KH", "BQL"], True),
     ("Số: năm/KH-BQL", True, " năm", "KH-BQL", ["KH", "BQL"], False),
     ("Số: …/QĐ-BQL", True, " …", "QĐ-BQL", ["QĐ", "BQL"], True)],
)
def test_a_typed_number_line_is_read_as_typed(text: str, colon: bool, number: str, symbol: str,
                                              groups: list[str], fillable: bool) -> None:
    line = grammar.parse_number_line(text)
    assert line is not None
    assert (line.colon, line.number, line.symbol, line.groups, line.fillable) == (
        colon, number, symbol, groups, fillable)


def test_lines_that_are_not_number_lines() -> None:
    assert grammar.parse_number_line("Sốt xuất huyết") is None
    assert grammar.parse_number_line("Về việc …") is None


@pytest.mark.parametrize(("day", "month", "text"),
                         [(5, 1, "Hải Phòng, ngày 05 tháng 01 năm 2025"),
                          (29, 6, "Hải Phòng, ngày 29 tháng 6 năm 2025"),
                          (None, 11, "Hải Phòng, ngày      tháng 11 năm 2025"),
                          (None, None, "Hải Phòng, ngày      tháng      năm 2025")])
def test_a_written_date_line_reads_back(day: int | None, month: int | None, text: str) -> None:
    written = grammar.date_line("Hải Phòng", year=2025, month=month, day=day)
    assert written == text
    line = grammar.parse_date_line(written)
    assert line is not None and line.fillable and line.place == "Hải Phòng" and line.comma
    assert line.day_blank is (day is None) and line.month_blank is (month is None)
    assert line.date == (dt.date(2025, month, day) if day and month else None)


def test_a_typed_date_line_is_read_as_typed() -> None:
    line = grammar.parse_date_line("Hải Phòng ngày 5 tháng 03 năm 2025")
    assert line is not None
    assert (line.place, line.comma, line.day, line.month, line.year, line.fillable) == (
        "Hải Phòng", False, "5", "03", "2025", False)
    assert grammar.parse_date_line("Hải Phòng, ngày 30 tháng 02 năm 2025").date is None  # type: ignore[union-attr]


def test_vi_keeps_its_names_for_the_same_functions() -> None:
    assert (vi.number_line, vi.date_line, vi.full_date, vi.short_date, vi.BLANK) == (
        grammar.number_line, grammar.date_line, grammar.full_date, grammar.short_date, grammar.BLANK)
