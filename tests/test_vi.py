"""Tests for pipeline.nd30.vi: ND30 dates, numbering, numbers, words, case and name order."""

from __future__ import annotations

import datetime
import inspect
import unicodedata
from decimal import Decimal

import jinja2
import pytest

from pipeline.nd30 import vi
from pipeline.nd30.vi import (
    BLANK,
    FILTERS,
    DocumentKind,
    amount_in_words,
    date_line,
    format_money,
    format_number,
    format_percent,
    full_date,
    money_in_words,
    money_phrase,
    name_sort_key,
    nfc,
    number_line,
    padded_count,
    parse_number,
    short_date,
    symbol,
    text_sort_key,
    upper,
)

# --------------------------------------------------------------------------- module hygiene


def test_blank_is_six_spaces() -> None:
    assert BLANK == "      "
    assert len(BLANK) == 6


def test_public_functions_document_return_and_source() -> None:
    for name in vi.__all__:
        obj = getattr(vi, name)
        if inspect.isfunction(obj):
            doc = inspect.getdoc(obj) or ""
            assert doc.startswith("Return"), name
            assert "ND30" in doc, name


# --------------------------------------------------------------------------- document kinds

ABBREVIATIONS = [
    (DocumentKind.RESOLUTION, "Nghị quyết", "NQ"),
    (DocumentKind.DECISION, "Quyết định", "QĐ"),
    (DocumentKind.DIRECTIVE, "Chỉ thị", "CT"),
    (DocumentKind.STATUTE, "Quy chế", "QC"),
    (DocumentKind.REGULATION, "Quy định", "QyĐ"),
    (DocumentKind.COMMUNIQUE, "Thông cáo", "TC"),
    (DocumentKind.NOTICE, "Thông báo", "TB"),
    (DocumentKind.GUIDANCE, "Hướng dẫn", "HD"),
    (DocumentKind.PROGRAMME, "Chương trình", "CTr"),
    (DocumentKind.PLAN, "Kế hoạch", "KH"),
    (DocumentKind.SCHEME, "Phương án", "PA"),
    (DocumentKind.PROJECT_PROPOSAL, "Đề án", "ĐA"),
    (DocumentKind.PROJECT, "Dự án", "DA"),
    (DocumentKind.REPORT, "Báo cáo", "BC"),
    (DocumentKind.MINUTES, "Biên bản", "BB"),
    (DocumentKind.SUBMISSION, "Tờ trình", "TTr"),
    (DocumentKind.CONTRACT, "Hợp đồng", "HĐ"),
    (DocumentKind.OFFICIAL_LETTER, "Công văn", None),
    (DocumentKind.TELEGRAM, "Công điện", "CĐ"),
    (DocumentKind.MEMORANDUM, "Bản ghi nhớ", "BGN"),
    (DocumentKind.AGREEMENT, "Bản thỏa thuận", "BTT"),
    (DocumentKind.AUTHORISATION, "Giấy ủy quyền", "GUQ"),
    (DocumentKind.INVITATION, "Giấy mời", "GM"),
    (DocumentKind.INTRODUCTION, "Giấy giới thiệu", "GGT"),
    (DocumentKind.LEAVE, "Giấy nghỉ phép", "GNP"),
    (DocumentKind.SENDING_SLIP, "Phiếu gửi", "PG"),
    (DocumentKind.TRANSFER_SLIP, "Phiếu chuyển", "PC"),
    (DocumentKind.NOTICE_SLIP, "Phiếu báo", "PB"),
    (DocumentKind.PUBLIC_LETTER, "Thư công", None),
]


def test_every_kind_of_article_7_is_listed_once() -> None:
    assert len(DocumentKind) == 29
    assert [kind for kind, _, _ in ABBREVIATIONS] == list(DocumentKind)


@pytest.mark.parametrize(("kind", "name", "abbreviation"), ABBREVIATIONS)
def test_abbreviation_table(kind: DocumentKind, name: str, abbreviation: str | None) -> None:
    assert kind.value == name
    assert kind.abbreviation == abbreviation
    assert kind.value == nfc(kind.value)


def test_cong_van_and_thu_cong_have_no_abbreviation_and_cv_never_appears() -> None:
    assert DocumentKind.OFFICIAL_LETTER.abbreviation is None
    assert DocumentKind.PUBLIC_LETTER.abbreviation is None
    assert "CV" not in {kind.abbreviation for kind in DocumentKind}


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        (DocumentKind.PLAN, "KẾ HOẠCH"),
        (DocumentKind.DECISION, "QUYẾT ĐỊNH"),
        (DocumentKind.REPORT, "BÁO CÁO"),
        (DocumentKind.SUBMISSION, "TỜ TRÌNH"),
        (DocumentKind.OFFICIAL_LETTER, "CÔNG VĂN"),
        (DocumentKind.AUTHORISATION, "GIẤY ỦY QUYỀN"),
        (DocumentKind.PROGRAMME, "CHƯƠNG TRÌNH"),
    ],
)
def test_title(kind: DocumentKind, title: str) -> None:
    assert kind.title == title


# --------------------------------------------------------------------------- case


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kế hoạch", "KẾ HOẠCH"),
        ("ủy ban nhân dân thành phố Hải Phòng", "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG"),
        ("Cộng hòa xã hội chủ nghĩa Việt Nam", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("đường, ưu, ơn, mỹ, ỹ", "ĐƯỜNG, ƯU, ƠN, MỸ, Ỹ"),
        (unicodedata.normalize("NFD", "Ban Quản lý Khu kinh tế"), "BAN QUẢN LÝ KHU KINH TẾ"),
    ],
)
def test_upper(text: str, expected: str) -> None:
    result = upper(text)
    assert result == expected
    assert result == unicodedata.normalize("NFC", result)


def test_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Thủy")
    assert decomposed != "Nguyễn Thị Thủy"
    assert nfc(decomposed) == "Nguyễn Thị Thủy"


# --------------------------------------------------------------------------- dates

MONTH_TEXT = {1: "01", 2: "02", 3: "3", 4: "4", 5: "5", 6: "6",
              7: "7", 8: "8", 9: "9", 10: "10", 11: "11", 12: "12"}  # fmt: skip


@pytest.mark.parametrize("month", range(1, 13))
def test_full_date_pads_only_months_1_and_2(month: int) -> None:
    text = MONTH_TEXT[month]
    assert full_date(datetime.date(2025, month, 5)) == f"ngày 05 tháng {text} năm 2025"
    assert full_date(datetime.date(2025, month, 15)) == f"ngày 15 tháng {text} năm 2025"


@pytest.mark.parametrize("month", range(1, 13))
def test_short_date_pads_only_months_1_and_2(month: int) -> None:
    text = MONTH_TEXT[month]
    assert short_date(datetime.date(2025, month, 5)) == f"05/{text}/2025"
    assert short_date(datetime.date(2025, month, 28)) == f"28/{text}/2025"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2024, 11, 8), "08/11/2024"),
        (datetime.date(2025, 8, 19), "19/8/2025"),
        (datetime.date(1945, 9, 2), "02/9/1945"),
        (datetime.date(2025, 2, 3), "03/02/2025"),
        (datetime.date(2020, 3, 5), "05/3/2020"),
        (datetime.date(2024, 11, 1), "01/11/2024"),
        (datetime.date(2025, 2, 4), "04/02/2025"),
    ],
)
def test_short_date_examples(day: datetime.date, expected: str) -> None:
    assert short_date(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2025, 1, 5), "ngày 05 tháng 01 năm 2025"),
        (datetime.date(2025, 8, 19), "ngày 19 tháng 8 năm 2025"),
        (datetime.date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (datetime.date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
        (datetime.datetime(2025, 2, 3, 14, 30), "ngày 03 tháng 02 năm 2025"),
    ],
)
def test_full_date_examples(day: datetime.date, expected: str) -> None:
    assert full_date(day) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"year": 2025, "month": 1, "day": 5}, "Hải Phòng, ngày 05 tháng 01 năm 2025"),
        ({"year": 2025, "month": 8, "day": 19}, "Hải Phòng, ngày 19 tháng 8 năm 2025"),
        ({"year": 2025, "month": 2, "day": 28}, "Hải Phòng, ngày 28 tháng 02 năm 2025"),
        ({"year": 2024, "month": 11}, "Hải Phòng, ngày      tháng 11 năm 2024"),
        ({"year": 2025, "month": 2}, "Hải Phòng, ngày      tháng 02 năm 2025"),
        ({"year": 2025}, "Hải Phòng, ngày      tháng      năm 2025"),
    ],
)
def test_date_line(kwargs: dict[str, int], expected: str) -> None:
    assert date_line("Hải Phòng", **kwargs) == expected


def test_date_line_blanks_are_exactly_blank() -> None:
    assert date_line("Hải Phòng", year=2024, month=11) == (
        "Hải Phòng, ngày" + BLANK + "tháng 11 năm 2024"
    )
    assert date_line("Hà Nội", year=2025) == "Hà Nội, ngày" + BLANK + "tháng" + BLANK + "năm 2025"


def test_date_line_normalises_place() -> None:
    place = "  " + unicodedata.normalize("NFD", "Hải Phòng") + " "
    assert date_line(place, year=2025, month=3, day=5) == "Hải Phòng, ngày 05 tháng 3 năm 2025"


@pytest.mark.parametrize(
    ("place", "kwargs"),
    [
        ("Hải Phòng", {"year": 2025, "day": 5}),  # day without month
        ("Hải Phòng", {"year": 2025, "month": 13}),
        ("Hải Phòng", {"year": 2025, "month": 0}),
        ("Hải Phòng", {"year": 2025, "month": 2, "day": 29}),
        ("Hải Phòng", {"year": 2025, "month": 4, "day": 31}),
        ("Hải Phòng", {"year": 2025, "month": 1, "day": 0}),
        ("Hải Phòng", {"year": 0}),
        ("   ", {"year": 2025, "month": 1, "day": 5}),
    ],
)
def test_date_line_rejects(place: str, kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        date_line(place, **kwargs)


def test_date_line_accepts_leap_day() -> None:
    assert date_line("Hải Phòng", year=2024, month=2, day=29) == (
        "Hải Phòng, ngày 29 tháng 02 năm 2024"
    )


# --------------------------------------------------------------------------- số, ký hiệu


@pytest.mark.parametrize(
    ("code", "number", "expected"),
    [
        ("KH-BQL", 5, "Số: 05/KH-BQL"),
        ("QĐ-BQL", 123, "Số: 123/QĐ-BQL"),
        ("KH-BQL", 1, "Số: 01/KH-BQL"),
        ("TTr-BQL", 9, "Số: 09/TTr-BQL"),
        ("BC-BQL", 10, "Số: 10/BC-BQL"),
        ("BQL-VP", 12, "Số: 12/BQL-VP"),
        ("KH-BCĐ 799", 133, "Số: 133/KH-BCĐ 799"),
        (" KH-BQL ", 5, "Số: 05/KH-BQL"),
        ("KH-BQL", None, "Số:      /KH-BQL"),
        ("QĐ-UBND", None, "Số:" + BLANK + "/QĐ-UBND"),
    ],
)
def test_number_line(code: str, number: int | None, expected: str) -> None:
    assert number_line(code, number) == expected


@pytest.mark.parametrize(
    ("code", "number"), [("KH-BQL", 0), ("KH-BQL", -3), ("", 5), ("KH/BQL", 5)]
)
def test_number_line_rejects(code: str, number: int) -> None:
    with pytest.raises(ValueError):
        number_line(code, number)


def test_number_line_rejects_non_int() -> None:
    with pytest.raises(TypeError):
        number_line("KH-BQL", True)


@pytest.mark.parametrize(
    ("kind", "issuer", "unit", "expected"),
    [
        (DocumentKind.PLAN, "BQL", None, "KH-BQL"),
        (DocumentKind.DECISION, "UBND", None, "QĐ-UBND"),
        (DocumentKind.SUBMISSION, "BQL", None, "TTr-BQL"),
        (DocumentKind.REPORT, "BQL", None, "BC-BQL"),
        (DocumentKind.REGULATION, "SNV", None, "QyĐ-SNV"),
        (DocumentKind.DECISION, "HĐTĐKT", None, "QĐ-HĐTĐKT"),
        (DocumentKind.PLAN, "BCĐ 799", None, "KH-BCĐ 799"),
        (DocumentKind.PLAN, "  BQL ", None, "KH-BQL"),
        (DocumentKind.OFFICIAL_LETTER, "BQL", "VP", "BQL-VP"),
        (DocumentKind.OFFICIAL_LETTER, "UBND", "VX", "UBND-VX"),
        (DocumentKind.OFFICIAL_LETTER, " BNV ", " VP ", "BNV-VP"),
        (DocumentKind.OFFICIAL_LETTER, "UBND - TP", "VX", "UBND-TP-VX"),
    ],
)
def test_symbol(kind: DocumentKind, issuer: str, unit: str | None, expected: str) -> None:
    assert symbol(kind, issuer, unit=unit) == expected


def test_symbol_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "BCĐ")
    assert symbol(DocumentKind.DECISION, decomposed) == "QĐ-BCĐ"


@pytest.mark.parametrize(
    ("kind", "issuer", "unit"),
    [
        (DocumentKind.OFFICIAL_LETTER, "BQL", None),  # công văn needs the drafting unit
        (DocumentKind.OFFICIAL_LETTER, "BQL", "  "),
        (DocumentKind.PLAN, "BQL", "VP"),  # only công văn carries a unit
        (DocumentKind.PLAN, "  ", None),
        (DocumentKind.PLAN, "BQL/VP", None),
        (DocumentKind.PUBLIC_LETTER, "BQL", None),
    ],
)
def test_symbol_rejects(kind: DocumentKind, issuer: str, unit: str | None) -> None:
    with pytest.raises(ValueError):
        symbol(kind, issuer, unit=unit)


def test_symbol_never_uses_cv() -> None:
    for kind in DocumentKind:
        if kind is DocumentKind.PUBLIC_LETTER:
            continue
        unit = "VP" if kind is DocumentKind.OFFICIAL_LETTER else None
        code = symbol(kind, "BQL", unit=unit)
        assert "CV" not in code
        assert " " not in code
        assert code.endswith("BQL") or code == "BQL-VP"


# --------------------------------------------------------------------------- counts and numbers


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (2, "đợt", "02 đợt"),
        (1, "mô hình", "01 mô hình"),
        (1, "việc tốt", "01 việc tốt"),
        (5, "tập thể", "05 tập thể"),
        (3, "lần", "03 lần"),
        (9, None, "09"),
        (12, "cá nhân", "12 cá nhân"),
        (10, None, "10"),
        (0, None, "0"),
        (0, "cá nhân", "0 cá nhân"),
        (1234, "người", "1.234 người"),
    ],
)
def test_padded_count(n: int, noun: str | None, expected: str) -> None:
    assert padded_count(n, noun) == expected


def test_padded_count_rejects() -> None:
    with pytest.raises(ValueError):
        padded_count(-1)
    with pytest.raises(TypeError):
        padded_count(2.0, "đợt")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2340000, 0, "2.340.000"),
        (7020000, 0, "7.020.000"),
        (7100, 0, "7.100"),
        (999, 0, "999"),
        (0, 0, "0"),
        (0.3, 1, "0,3"),
        (79.5, 1, "79,5"),
        (1.0, 1, "1,0"),
        (83.25, 1, "83,3"),
        (0.05, 1, "0,1"),
        (2.25, 1, "2,3"),
        (2.675, 2, "2,68"),
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),
        (79.5, 0, "80"),
        (-1234.5, 0, "-1.235"),
        (-0.04, 1, "0,0"),
        (Decimal("1234567.891"), 2, "1.234.567,89"),
        (Decimal("1.65"), 2, "1,65"),
        (10**30, 0, "1.000.000.000.000.000.000.000.000.000.000"),
    ],
)
def test_format_number(value: float | Decimal, decimals: int, expected: str) -> None:
    assert format_number(value, decimals=decimals) == expected


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN")])
def test_format_number_rejects_non_finite(value: float | Decimal) -> None:
    with pytest.raises(ValueError):
        format_number(value)


def test_format_number_rejects_bad_arguments() -> None:
    with pytest.raises(TypeError):
        format_number(True)
    with pytest.raises(TypeError):
        format_number("5")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        format_number(5, decimals=-1)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (83.333, 1, "83,3%"),
        (83.3333, 1, "83,3%"),
        (100, 1, "100%"),
        (50, 1, "50%"),
        (99.95, 1, "100%"),
        (12.04, 1, "12%"),
        (0.05, 1, "0,1%"),
        (15, 1, "15%"),
        (Decimal("1.65"), 2, "1,65%"),
        (12.5, 0, "13%"),
        (66.666, 2, "66,67%"),
    ],
)
def test_format_percent(value: float | Decimal, decimals: int, expected: str) -> None:
    assert format_percent(value, decimals=decimals) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(710000, "710.000 đồng"), (2340000, "2.340.000 đồng"), (0, "0 đồng"), (500, "500 đồng")],
)
def test_format_money(amount: int, expected: str) -> None:
    assert format_money(amount) == expected


def test_format_money_rejects() -> None:
    with pytest.raises(ValueError):
        format_money(-1)
    with pytest.raises(TypeError):
        format_money(1.5)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- words

WORDS = {
    0: "không",
    1: "một",
    4: "bốn",
    5: "năm",
    10: "mười",
    11: "mười một",
    14: "mười bốn",
    15: "mười lăm",
    19: "mười chín",
    20: "hai mươi",
    21: "hai mươi mốt",
    24: "hai mươi tư",
    25: "hai mươi lăm",
    30: "ba mươi",
    31: "ba mươi mốt",
    44: "bốn mươi tư",
    45: "bốn mươi lăm",
    55: "năm mươi lăm",
    99: "chín mươi chín",
    100: "một trăm",
    101: "một trăm linh một",
    104: "một trăm linh bốn",
    105: "một trăm linh năm",
    110: "một trăm mười",
    111: "một trăm mười một",
    115: "một trăm mười lăm",
    121: "một trăm hai mươi mốt",
    205: "hai trăm linh năm",
    1000: "một nghìn",
    1001: "một nghìn không trăm linh một",
    1010: "một nghìn không trăm mười",
    1015: "một nghìn không trăm mười lăm",
    2005: "hai nghìn không trăm linh năm",
    2024: "hai nghìn không trăm hai mươi tư",
    10000: "mười nghìn",
    15000: "mười lăm nghìn",
    21000: "hai mươi mốt nghìn",
    100000: "một trăm nghìn",
    105000: "một trăm linh năm nghìn",
    702000: "bảy trăm linh hai nghìn",
    710000: "bảy trăm mười nghìn",
    1000000: "một triệu",
    1000500: "một triệu năm trăm",
    1005000: "một triệu không trăm linh năm nghìn",
    1000050: "một triệu không trăm năm mươi",
    1050000: "một triệu không trăm năm mươi nghìn",
    1410000: "một triệu bốn trăm mười nghìn",
    1800000: "một triệu tám trăm nghìn",
    1872000: "một triệu tám trăm bảy mươi hai nghìn",
    2340000: "hai triệu ba trăm bốn mươi nghìn",
    3510000: "ba triệu năm trăm mười nghìn",
    7020000: "bảy triệu không trăm hai mươi nghìn",
    8190000: "tám triệu một trăm chín mươi nghìn",
    1000000000: "một tỷ",
    1000000001: "một tỷ không trăm linh một",
    1050000000: "một tỷ không trăm năm mươi triệu",
    1000000000000: "một nghìn tỷ",
    1001000000000: "một nghìn không trăm linh một tỷ",
    2000000000000: "hai nghìn tỷ",
}


def test_words_table_is_large_enough() -> None:
    assert len(WORDS) >= 45


@pytest.mark.parametrize(("n", "expected"), sorted(WORDS.items()))
def test_amount_in_words(n: int, expected: str) -> None:
    assert amount_in_words(n) == expected


def test_amount_in_words_rejects_negative() -> None:
    with pytest.raises(ValueError):
        amount_in_words(-1)


@pytest.mark.parametrize("value", [True, False, 1.0, Decimal(5), "5", None])
def test_amount_in_words_rejects_non_int(value: object) -> None:
    with pytest.raises(TypeError):
        amount_in_words(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (710000, "Bảy trăm mười nghìn đồng"),
        (2340000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
        (1410000, "Một triệu bốn trăm mười nghìn đồng"),
        (0, "Không đồng"),
    ],
)
def test_money_in_words(amount: int, expected: str) -> None:
    assert money_in_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (710000, "710.000 đồng (Bảy trăm mười nghìn đồng)"),
        (2340000, "2.340.000 đồng (Hai triệu ba trăm bốn mươi nghìn đồng)"),
        (1872000, "1.872.000 đồng (Một triệu tám trăm bảy mươi hai nghìn đồng)"),
    ],
)
def test_money_phrase(amount: int, expected: str) -> None:
    assert money_phrase(amount) == expected


def test_money_rejects_negative() -> None:
    with pytest.raises(ValueError):
        money_in_words(-5)
    with pytest.raises(ValueError):
        money_phrase(-5)


# --------------------------------------------------------------------------- name order

SORTED_NAMES = [
    "Trần Văn An",
    "Lê Thị Anh",
    "Phạm Ánh",
    "Nguyễn Thị Ánh",
    "Hoàng Thị Cúc",
    "Bùi Thị Dung",
    "Đỗ Văn Dũng",
    "Nguyễn Văn Dương",
    "Nguyễn Văn Đặng",
    "Hồ Đức",
    "Trương Thị Hà",
    "Mai Thị Hải",
    "Lý Thị Hằng",
    "Đinh Văn Hòa",
    "Tạ Văn Long",
    "Lâm Văn Lộc",
    "Đoàn Văn Lợi",
    "Vương Văn Tài",
    "Kiều Thị Tâm",
    "Đặng Thị Thanh",
    "Lương Văn Thắng",
    "Quách Thị Thu",
    "Hà Thị Thủy",
    "Tô Thị Thư",
]


@pytest.mark.parametrize("tone_order", ["dictionary", "sac_first"])
def test_names_sort_by_given_name_with_vietnamese_alphabet(tone_order: str) -> None:
    shuffled = SORTED_NAMES[::-1][::2] + SORTED_NAMES[::-1][1::2]
    result = sorted(shuffled, key=lambda name: name_sort_key(name, tone_order=tone_order))
    assert result == SORTED_NAMES


def test_names_sort_case_and_normalisation_insensitive() -> None:
    mixed = [unicodedata.normalize("NFD", name).upper() for name in SORTED_NAMES]
    result = sorted(reversed(mixed), key=name_sort_key)
    assert [nfc(name) for name in result] == [upper(name) for name in SORTED_NAMES]


def test_name_examples() -> None:
    assert name_sort_key("Nguyễn Văn Dương") < name_sort_key("Nguyễn Văn Đặng")
    assert name_sort_key("Nguyễn Văn Anh") < name_sort_key("Nguyễn Văn Ánh")
    assert name_sort_key("Trần Văn Dũng") < name_sort_key("Trần Văn Đức")
    assert name_sort_key("Lê Thị Hòa") == name_sort_key("Lê Thị Hoà")
    assert name_sort_key("Trần Thị Thủy") == name_sort_key("TRẦN THỊ THUỶ")
    assert name_sort_key("Nguyễn Văn Đặng") == name_sort_key(
        unicodedata.normalize("NFD", "Nguyễn Văn Đặng")
    )


def test_names_then_middle_then_family() -> None:
    names = ["Trần Văn Nam", "Nguyễn Thế Nam", "Lê Văn Nam", "Hồ Nam", "Lê Văn Minh"]
    assert sorted(names, key=name_sort_key) == [
        "Lê Văn Minh",
        "Hồ Nam",
        "Nguyễn Thế Nam",
        "Lê Văn Nam",
        "Trần Văn Nam",
    ]


DICTIONARY_TONES = ["ba", "bà", "bả", "bã", "bá", "bạ"]
SAC_FIRST_TONES = ["ba", "bá", "bà", "bả", "bã", "bạ"]


def test_tone_orders() -> None:
    assert sorted(SAC_FIRST_TONES, key=text_sort_key) == DICTIONARY_TONES
    assert sorted(
        DICTIONARY_TONES, key=lambda text: text_sort_key(text, tone_order="sac_first")
    ) == SAC_FIRST_TONES
    given = [f"Nguyễn Văn {syllable.title()}" for syllable in SAC_FIRST_TONES]
    assert [name.split()[-1].lower() for name in sorted(given, key=name_sort_key)] == (
        DICTIONARY_TONES
    )


def test_letters_before_tones() -> None:
    assert sorted(["Ban", "Bá"], key=text_sort_key) == ["Bá", "Ban"]
    assert sorted(["Bà Rịa", "Ba Đình"], key=text_sort_key) == ["Ba Đình", "Bà Rịa"]


def test_vowel_letters_order() -> None:
    words = ["u", "ư", "o", "ơ", "ô", "a", "â", "ă", "e", "ê", "d", "đ", "y", "i"]
    assert sorted(words, key=text_sort_key) == [
        "a", "ă", "â", "d", "đ", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    ]  # fmt: skip


def test_unit_names_sort() -> None:
    units = [
        "Văn phòng",
        "Phòng Quản lý Môi trường",
        "Phòng Kế hoạch - Tài chính",
        "Phòng Đầu tư",
        "Phòng Quản lý Lao động",
        "Phòng Doanh nghiệp",
    ]
    assert sorted(units, key=text_sort_key) == [
        "Phòng Doanh nghiệp",
        "Phòng Đầu tư",
        "Phòng Kế hoạch - Tài chính",
        "Phòng Quản lý Lao động",
        "Phòng Quản lý Môi trường",
        "Văn phòng",
    ]


def test_unknown_characters_after_letters_digits_before() -> None:
    assert sorted(["ü", "z", "a", "1"], key=text_sort_key) == ["1", "a", "z", "ü"]
    assert text_sort_key("") == ()


def test_sort_key_rejects() -> None:
    with pytest.raises(ValueError):
        name_sort_key("   ")
    with pytest.raises(ValueError):
        name_sort_key("Nguyễn Văn An", tone_order="unicode")
    with pytest.raises(ValueError):
        text_sort_key("An", tone_order="sac-first")


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("79,5", Decimal("79.5")),
        ("1.234", Decimal(1234)),
        ("1.234.567,5", Decimal("1234567.5")),
        ("80%", Decimal(80)),
        ("  12 ", Decimal(12)),
        ("0,3", Decimal("0.3")),
        ("1,65%", Decimal("1.65")),
        ("12.345.678", Decimal(12345678)),
        ("2.340.000", Decimal(2340000)),
        ("1234", Decimal(1234)),
        ("007", Decimal(7)),
        ("-5", Decimal(-5)),
        ("-1.234,5", Decimal("-1234.5")),
        ("100 %", Decimal(100)),
        ("\u00a012\u00a0", Decimal(12)),
    ],
)
def test_parse_number(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


def test_parse_number_ambiguous_message() -> None:
    with pytest.raises(ValueError) as error:
        parse_number("1.5")
    assert str(error.value) == (
        'Số "1.5" không rõ: nếu là một phẩy năm, hãy viết "1,5"; '
        'nếu là một nghìn năm trăm, hãy viết "1.500".'
    )


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("12.5", '"12,5"'),
        ("1.50", '"1.500"'),
        ("2.25", "hai phẩy hai mươi lăm"),
        ("1.5678", '"1,5678"'),
        ("1234.567", '"1234,567"'),
        ("1.5%", '"1,5%"'),
    ],
)
def test_parse_number_rejects_ambiguous_dot(text: str, hint: str) -> None:
    with pytest.raises(ValueError, match="không rõ") as error:
        parse_number(text)
    assert hint in str(error.value)


@pytest.mark.parametrize(
    "text",
    [
        "1.234,5.6",
        "abc",
        "12a",
        "1,2,3",
        "1.23.456",
        "2,340,000",
        "1 234",
        ",5",
        "5,",
        "%",
        "-",
        "",
        "   ",
    ],
)
def test_parse_number_rejects_malformed(text: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_number(text)
    message = str(error.value)
    assert "số" in message.lower()
    assert "," in message or "trống" in message


def test_parse_number_rejects_non_text() -> None:
    with pytest.raises(TypeError):
        parse_number(12)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- jinja filters


def test_every_filter_renders_in_the_templates_environment() -> None:
    """The Vietnamese conventions a clerk's template may use, through vanban's own (sandboxed)
    render environment, each with what a reader sees."""
    from pipeline.docx.render import _environment

    env = _environment()
    cases = {
        "{{ d|short_date }}": "05/02/2025", "{{ d|full_date }}": "ngày 05 tháng 02 năm 2025",
        "{{ 'ủy ban'|upper }}": "ỦY BAN", "{{ 4|padded_count('tập thể') }}": "04 tập thể",
        "{{ 1234567|number }}": "1.234.567", "{{ 82.5|percent }}": "82,5%",
        "{{ 1410000|money }}": "1.410.000 đồng", "{{ 710000|money_words }}": "Bảy trăm mười nghìn đồng",
        "{{ 710000|money_phrase }}": "710.000 đồng (Bảy trăm mười nghìn đồng)",
        "{{ 'tập thể, cá nhân'|upper_first }}": "Tập thể, cá nhân",
        "{{ 'Triển khai Kế hoạch'|lower_first }}": "triển khai Kế hoạch",
    }
    for source, shown in cases.items():
        assert env.from_string(source).render(d=datetime.date(2025, 2, 5)) == shown, source
    assert set(FILTERS) <= set(env.filters)


def test_filters_render_in_jinja() -> None:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters.update(FILTERS)
    template = env.from_string(
        "{{ d | short_date }}|{{ d | full_date }}|{{ 'kế hoạch' | upper }}|"
        "{{ 2 | padded_count('đợt') }}|{{ 0.3 | number(decimals=1) }}|{{ 83.333 | percent }}|"
        "{{ 710000 | money }}|{{ 710000 | money_words }}|{{ 710000 | money_phrase }}"
    )
    assert template.render(d=datetime.date(2025, 2, 3)).split("|") == [
        "03/02/2025",
        "ngày 03 tháng 02 năm 2025",
        "KẾ HOẠCH",
        "02 đợt",
        "0,3",
        "83,3%",
        "710.000 đồng",
        "Bảy trăm mười nghìn đồng",
        "710.000 đồng (Bảy trăm mười nghìn đồng)",
    ]
