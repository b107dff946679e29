"""Vietnamese administrative conventions (ND30): dates, numbers, words, case, name order.

Zero padding, one rule (README, "Số đếm có số 0 ở đầu"): every count — a whole number of
things, units, months, teams, documents, in text, tables and figures computed from counts — is
written by ``padded_count`` (1–9 → "01"…"09"; "≥ 09 (03 tổ × 03 tháng)", "≥ 01/tổ/tháng",
"11/14 đơn vị"). Never padded: percentages and decimals, ordinals and numbering (Đợt 1, Điều 1,
STT), years, money. Dates follow ND30's own rule (``short_date``, ``date_line``); the
document number "Số: 05" ND30 Điều 15 (``number_line``).
"""

from __future__ import annotations

import decimal
import enum
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from babel.numbers import format_decimal

from pipeline.nd30.grammar import BLANK, clean_code, date_line, full_date, number_line, short_date

__all__ = [
    "BLANK",
    "FILTERS",
    "DocumentKind",
    "amount_in_words",
    "date_line",
    "expand_abbreviations",
    "format_money",
    "format_number",
    "format_percent",
    "full_date",
    "money_in_words",
    "money_phrase",
    "name_sort_key",
    "nfc",
    "number_line",
    "padded_count",
    "parse_number",
    "short_date",
    "symbol",
    "text_sort_key",
    "upper",
]



class DocumentKind(enum.Enum):
    """Tên loại văn bản hành chính: the 29 kinds of ND30 Điều 7; values are the Vietnamese names."""

    RESOLUTION = "Nghị quyết"
    DECISION = "Quyết định"
    DIRECTIVE = "Chỉ thị"
    STATUTE = "Quy chế"
    REGULATION = "Quy định"
    COMMUNIQUE = "Thông cáo"
    NOTICE = "Thông báo"
    GUIDANCE = "Hướng dẫn"
    PROGRAMME = "Chương trình"
    PLAN = "Kế hoạch"
    SCHEME = "Phương án"
    PROJECT_PROPOSAL = "Đề án"
    PROJECT = "Dự án"
    REPORT = "Báo cáo"
    MINUTES = "Biên bản"
    SUBMISSION = "Tờ trình"
    CONTRACT = "Hợp đồng"
    OFFICIAL_LETTER = "Công văn"
    TELEGRAM = "Công điện"
    MEMORANDUM = "Bản ghi nhớ"
    AGREEMENT = "Bản thỏa thuận"
    AUTHORISATION = "Giấy ủy quyền"
    INVITATION = "Giấy mời"
    INTRODUCTION = "Giấy giới thiệu"
    LEAVE = "Giấy nghỉ phép"
    SENDING_SLIP = "Phiếu gửi"
    TRANSFER_SLIP = "Phiếu chuyển"
    NOTICE_SLIP = "Phiếu báo"
    PUBLIC_LETTER = "Thư công"

    @property
    def abbreviation(self) -> str | None:
        """Return the chữ viết tắt tên loại ("KH", "QĐ", "TTr", …); None for Công văn, Thư công.

        Source: ND30 Phụ lục III (bảng chữ viết tắt tên loại văn bản); ND30 §1.5.
        """
        return _ABBREVIATIONS[self]

    @property
    def title(self) -> str:
        """Return the tên loại line in capitals ("KẾ HOẠCH", "QUYẾT ĐỊNH"), NFC.

        Source: ND30 Phụ lục I, mục II (tên loại văn bản in hoa); ND30 §3.4.
        """
        return upper(self.value)


_ABBREVIATIONS: Final[dict[DocumentKind, str | None]] = {
    DocumentKind.RESOLUTION: "NQ",
    DocumentKind.DECISION: "QĐ",
    DocumentKind.DIRECTIVE: "CT",
    DocumentKind.STATUTE: "QC",
    DocumentKind.REGULATION: "QyĐ",
    DocumentKind.COMMUNIQUE: "TC",
    DocumentKind.NOTICE: "TB",
    DocumentKind.GUIDANCE: "HD",
    DocumentKind.PROGRAMME: "CTr",
    DocumentKind.PLAN: "KH",
    DocumentKind.SCHEME: "PA",
    DocumentKind.PROJECT_PROPOSAL: "ĐA",
    DocumentKind.PROJECT: "DA",
    DocumentKind.REPORT: "BC",
    DocumentKind.MINUTES: "BB",
    DocumentKind.SUBMISSION: "TTr",
    DocumentKind.CONTRACT: "HĐ",
    DocumentKind.OFFICIAL_LETTER: None,
    DocumentKind.TELEGRAM: "CĐ",
    DocumentKind.MEMORANDUM: "BGN",
    DocumentKind.AGREEMENT: "BTT",
    DocumentKind.AUTHORISATION: "GUQ",
    DocumentKind.INVITATION: "GM",
    DocumentKind.INTRODUCTION: "GGT",
    DocumentKind.LEAVE: "GNP",
    DocumentKind.SENDING_SLIP: "PG",
    DocumentKind.TRANSFER_SLIP: "PC",
    DocumentKind.NOTICE_SLIP: "PB",
    DocumentKind.PUBLIC_LETTER: None,
}


# --------------------------------------------------------------------------- case


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (dựng sẵn, TCVN 6909:2001); OCR/PDF input is often NFD.

    Source: ND30 §3.4; ND30 Phụ lục I, mục I (phông chữ Unicode TCVN 6909:2001).
    """
    return unicodedata.normalize("NFC", text)


def upper(text: str) -> str:
    """Return ``text`` in capitals (in hoa), NFC in and out, Vietnamese-correct ("Đ", "Ư", "Ỹ").

    Source: ND30 §3.4 (use real capitals, never Word's "All caps" formatting alone).
    """
    return nfc(nfc(text).upper())


# --------------------------------------------------------------------------- dates, số, ký hiệu

# The grammar of the date and number lines lives in pipeline.nd30.grammar (written here by
# rendering, read back by issuing and checking); these names stay vi's public API.
_clean_code = clean_code


def _require_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


def symbol(kind: DocumentKind, issuer_abbreviation: str, *, unit: str | None = None) -> str:
    """Return the ký hiệu văn bản: "KH-BQL", "QĐ-UBND", "TTr-BQL"; for công văn "BQL-VP".

    Công văn has no type abbreviation (never "CV"): its ký hiệu is the issuer abbreviation,
    "-", and the drafting unit or field (``unit``, required). Inputs are NFC-normalised and
    stripped; spaces around "-" are removed. Raises ValueError when a part is blank or
    contains "/", when ``unit`` is missing for công văn or given for another kind, and for
    thư công (no ký hiệu pattern in ND30). Source: ND30 Phụ lục III; ND30 §1.4, §1.5.
    """
    issuer = _clean_code(issuer_abbreviation, "tên viết tắt cơ quan ban hành")
    if kind is DocumentKind.OFFICIAL_LETTER:
        if unit is None:
            raise ValueError(
                "Ký hiệu công văn cần tên viết tắt đơn vị soạn thảo hoặc lĩnh vực (ví dụ BQL-VP)."
            )
        return f"{issuer}-{_clean_code(unit, 'tên viết tắt đơn vị soạn thảo')}"
    if kind is DocumentKind.PUBLIC_LETTER:
        raise ValueError("Thư công không có ký hiệu theo Nghị định 30/2020/NĐ-CP.")
    if unit is not None:
        raise ValueError(
            f"Chỉ công văn mới ghi đơn vị soạn thảo trong ký hiệu, không phải {kind.value.lower()}."
        )
    return f"{kind.abbreviation}-{issuer}"


# --------------------------------------------------------------------------- numbers


def _to_decimal(value: float | Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"expected int, float or Decimal, not {type(value).__name__}")
    # str(float) is the shortest round-trip text, so 2.675 rounds like the digits a clerk sees.
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"Không định dạng được giá trị không hữu hạn: {value}.")
    return number


def _context_for(number: Decimal, decimals: int) -> decimal.Context:
    return decimal.Context(prec=max(28, number.adjusted() + decimals + 3))


def _round_half_up(value: float | Decimal, decimals: int) -> Decimal:
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise TypeError("decimals must be an int")
    if decimals < 0:
        raise ValueError("Số chữ số thập phân không được âm.")
    number = _to_decimal(value)
    rounded = number.quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=_context_for(number, decimals)
    )
    return abs(rounded) if rounded.is_zero() else rounded


def _format_rounded(number: Decimal, decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    with decimal.localcontext(_context_for(number, decimals)):
        return format_decimal(number, format=pattern, locale="vi")


def format_number(value: float | Decimal, *, decimals: int = 0) -> str:
    """Return ``value`` in Vietnamese notation: "2.340.000", "0,3", "79,5".

    Thousands separator ".", decimal separator ","; exactly ``decimals`` fraction digits,
    rounded half-up (83.25 → "83,3", 0.05 → "0,1"). Floats are read by their shortest
    text. Raises TypeError for bool or non-numbers, ValueError for NaN/infinity or
    ``decimals`` < 0. Source: ND30 §3.2 (number formatting).
    """
    return _format_rounded(_round_half_up(value, decimals), decimals)


def format_percent(value: float | Decimal, *, decimals: int = 1) -> str:
    """Return a percentage number with "%" attached: 83.333 → "83,3%", 100 → "100%".

    ``value`` is already in percent (not a ratio); rounded half-up to ``decimals`` digits,
    and an all-zero fraction is dropped ("100%", "50%", never "100,0%").
    Raises as format_number. Source: ND30 §3.2 ("1,65%", percent written attached).
    """
    rounded = _round_half_up(value, decimals)
    if rounded == rounded.to_integral_value():
        decimals = 0
    return _format_rounded(rounded, decimals) + "%"


def padded_count(n: int, noun: str | None = None) -> str:
    """Return a count as written in administrative text: "02 đợt", "01 mô hình", "12 cá nhân".

    Counts 1–9 get a leading zero, 0 stays "0", counts from 1000 get "." separators;
    with ``noun`` None only the number text is returned. Raises ValueError when ``n`` < 0,
    TypeError when it is not an int. Source: ND30 §3.1 (admin habit: "02 đợt", "03 lần").

    The one zero-padding rule of vanban (README, "Số đếm có số 0 ở đầu"): **every count** —
    a whole number of things, units, months, teams, documents, with or without its noun, in
    text, tables and figures computed from counts ("03 tháng", "≥ 09 (03 tổ × 03 tháng)",
    "≥ 01/tổ/tháng", "11/14 đơn vị", a count in a table "03") — is written with this
    function. Not counts, never padded: percentages and decimals ("79,5%", "0,3 lần"),
    ordinals and numbering ("Đợt 1", "Điều 1", STT "1", "Phụ lục I"), years, and money.
    Dates follow their own ND30 rule (``short_date``: day < 10 and months 1–2 padded);
    the document number "Số: 05" ND30 §1.4 (``number_line``).
    """
    if _require_int(n, "n") < 0:
        raise ValueError(f"Số lượng không được âm: {n}.")
    text = f"0{n}" if 1 <= n <= 9 else format_number(n)
    return text if noun is None else f"{text} {nfc(noun).strip()}"


def expand_abbreviations(text: str, abbreviations: Mapping[str, str]) -> str:
    """Return ``text`` with each abbreviation of ``abbreviations`` (chữ viết tắt → đầy đủ) that
    stands as a word of its own written in full, longest first: "Có mặt khi huy động PCCC,
    CNCH" → "Có mặt khi huy động phòng cháy, chữa cháy, cứu nạn, cứu hộ". ND30 Phụ lục I:
    running text names things in full unless the document defines the abbreviation; the
    abbreviations come from the campaign (``Campaign.abbreviations``), never from code."""
    if not abbreviations:
        return text
    keys = sorted(abbreviations, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)")
    return pattern.sub(lambda m: abbreviations[m[1]], text)


def format_money(amount: int) -> str:
    """Return an amount of Vietnamese đồng in digits: 710000 → "710.000 đồng".

    Raises ValueError when ``amount`` < 0, TypeError when it is not an int.
    Source: ND30 §3.1 and §3.2 (money phrasing, "." thousands separator).
    """
    if _require_int(amount, "amount") < 0:
        raise ValueError(f"Số tiền không được âm: {amount}.")
    return f"{format_number(amount)} đồng"


# --------------------------------------------------------------------------- words

_DIGITS: Final[tuple[str, ...]] = (
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
)
_BILLION: Final[int] = 10**9


def _tens_and_units(tens: int, units: int) -> list[str]:
    """Words for the last two digits of a group whose hundreds were already spoken (or absent)."""
    if tens == 0:
        return [] if units == 0 else [_DIGITS[units]]
    if tens == 1:
        words = ["mười"]
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
        return words
    words = [_DIGITS[tens], "mươi"]
    if units:
        words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, _DIGITS[units]))
    return words


def _group_words(group: int, *, leading: bool) -> list[str]:
    """Words for one 3-digit group (1..999); a non-leading group always says its hundreds."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    if leading and hundreds == 0:
        return _tens_and_units(tens, units)
    words = [_DIGITS[hundreds], "trăm"]
    if tens == 0 and units:
        return [*words, "linh", _DIGITS[units]]
    return words + _tens_and_units(tens, units)


def _below_billion_words(n: int, *, leading: bool) -> list[str]:
    words: list[str] = []
    for scale_value, scale_word in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        group = n // scale_value % 1000
        if group == 0:
            continue
        words += _group_words(group, leading=leading)
        if scale_word:
            words.append(scale_word)
        leading = False
    return words


def _number_words(n: int, *, leading: bool) -> list[str]:
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        words = [*_number_words(high, leading=leading), "tỷ"]
        return words + _below_billion_words(low, leading=False) if low else words
    return _below_billion_words(n, leading=leading)


def amount_in_words(n: int) -> str:
    """Return a non-negative integer in lower-case Vietnamese words (bằng chữ).

    0 "không", 15 "mười lăm", 21 "hai mươi mốt", 24 "hai mươi tư", 105 "một trăm linh năm",
    1005000 "một triệu không trăm linh năm nghìn", 10**12 "một nghìn tỷ": "nghìn" (not
    "ngàn"), "linh" (not "lẻ"), "tỷ"; a non-leading group with hundreds 0 says "không trăm",
    all-zero groups are skipped. Raises ValueError when ``n`` < 0, TypeError for bool,
    float or any non-int. Source: ND30 §3.1 (numbers and money in words).
    """
    if _require_int(n, "n") < 0:
        raise ValueError(f"Không đọc thành chữ được số âm: {n}.")
    if n == 0:
        return _DIGITS[0]
    return " ".join(_number_words(n, leading=True))


def money_in_words(amount: int) -> str:
    """Return an amount of đồng in words, first letter capitalised: "Bảy trăm mười nghìn đồng".

    Raises as amount_in_words. Source: ND30 §3.1 (money phrasing in documents).
    """
    words = amount_in_words(amount)
    return f"{words[0].upper()}{words[1:]} đồng"


def money_phrase(amount: int) -> str:
    """Return digits and words together: "710.000 đồng (Bảy trăm mười nghìn đồng)".

    Raises as amount_in_words. Source: ND30 §3.1 (money phrasing in documents).
    """
    return f"{format_money(amount)} ({money_in_words(amount)})"


# --------------------------------------------------------------------------- name order

# One sort element per character: (class, *code). Class 0 digits, 1 letters, 2 anything else.
_CharKey = tuple[int, ...]
_SyllableKey = tuple[tuple[_CharKey, ...], int]
_NameKey = tuple[_SyllableKey, tuple[_SyllableKey, ...], _SyllableKey]

_ALPHABET: Final[tuple[str, ...]] = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)
_LETTER_INDEX: Final[dict[str, int]] = {
    unicodedata.normalize("NFD", letter): index for index, letter in enumerate(_ALPHABET)
}
# huyền, hỏi, ngã, sắc, nặng (combining grave, hook above, tilde, acute, dot below)
_TONE_MARKS: Final[str] = "\u0300\u0309\u0303\u0301\u0323"
_TONE_RANKS: Final[dict[str, dict[str, int]]] = {
    # ngang 0 < huyền < hỏi < ngã < sắc < nặng (Hoàng Phê dictionary order)
    "dictionary": {mark: rank for rank, mark in enumerate(_TONE_MARKS, start=1)},
    # ngang 0 < sắc < huyền < hỏi < ngã < nặng (order of some software)
    "sac_first": {mark: rank for rank, mark in enumerate("\u0301\u0300\u0309\u0303\u0323", 1)},
}
_EMPTY_SYLLABLE: Final[_SyllableKey] = ((), 0)


def _tone_ranks(tone_order: str) -> dict[str, int]:
    try:
        return _TONE_RANKS[tone_order]
    except KeyError:
        raise ValueError(
            f'tone_order must be "dictionary" or "sac_first", not {tone_order!r}'
        ) from None


def _syllables(text: str) -> list[str]:
    """Split casefolded NFD text into runs of letters/digits with their combining marks."""
    runs: list[str] = []
    current: list[str] = []
    for char in unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).casefold()):
        if char.isalnum() and char != "_":
            current.append(char)
        elif unicodedata.combining(char):
            if current:  # a stray mark with no base letter is dropped
                current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def _syllable_key(syllable: str, ranks: dict[str, int]) -> _SyllableKey:
    """Letters first (Vietnamese alphabet), the syllable's tone as tie-break."""
    chars: list[_CharKey] = []
    tone = 0
    index = 0
    while index < len(syllable):
        base = syllable[index]
        index += 1
        marks = ""
        while index < len(syllable) and unicodedata.combining(syllable[index]):
            mark = syllable[index]
            index += 1
            if mark in ranks:
                tone = tone or ranks[mark]
            else:
                marks += mark
        letter = _LETTER_INDEX.get(base + marks)
        if letter is not None:
            chars.append((1, letter))
        elif not marks and base.isdigit():
            chars.append((0, ord(base)))
        else:
            chars.append((2, *map(ord, unicodedata.normalize("NFC", base + marks))))
    return tuple(chars), tone


def name_sort_key(full_name: str, *, tone_order: str = "dictionary") -> _NameKey:
    """Return a sort key putting person names (họ và tên) in Vietnamese alphabetical order.

    Shape: (given-name key, (middle-name keys left to right), family-name key); each
    syllable key is (letters, tone), so letters compare first (a ă â b c d đ e ê g h i k l m n
    o ô ơ p q r s t u ư v x y; foreign f j w z at their Latin places, digits before letters,
    other characters after letters by code point) and the tone breaks ties. ``tone_order``
    "dictionary": ngang < huyền < hỏi < ngã < sắc < nặng; "sac_first": ngang < sắc < huyền
    < hỏi < ngã < nặng. Case-, NFC/NFD- and tone-placement-insensitive ("Hòa" == "Hoà").
    Raises ValueError for an empty name or an unknown ``tone_order``.
    Source: ND30 §3.3 (xếp theo vần A, B, C: tên, tên đệm, họ).
    """
    ranks = _tone_ranks(tone_order)
    keys = [_syllable_key(syllable, ranks) for syllable in _syllables(full_name)]
    if not keys:
        raise ValueError("Họ và tên trống: không sắp xếp được.")
    family = keys[0] if len(keys) > 1 else _EMPTY_SYLLABLE
    return keys[-1], tuple(keys[1:-1]), family


def text_sort_key(text: str, *, tone_order: str = "dictionary") -> tuple[_SyllableKey, ...]:
    """Return a sort key putting text (unit names) in Vietnamese alphabetical order.

    Shape: one (letters, tone) key per syllable, left to right, with the alphabet and tone
    rules of name_sort_key; spaces and punctuation only separate syllables.
    Raises ValueError for an unknown ``tone_order``. Source: ND30 §3.3.
    """
    ranks = _tone_ranks(tone_order)
    return tuple(_syllable_key(syllable, ranks) for syllable in _syllables(text))


# --------------------------------------------------------------------------- parsing

_VIETNAMESE_NUMBER: Final[re.Pattern[str]] = re.compile(
    r"(?P<integer>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<fraction>[0-9]+))?"
)
_SINGLE_DOT: Final[re.Pattern[str]] = re.compile(r"(?P<integer>[0-9]+)\.(?P<fraction>[0-9]+)")
_ENGLISH_NUMBER: Final[re.Pattern[str]] = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_SIGNS: Final[dict[str, str]] = {"-": "-", "\u2212": "-", "+": ""}


def _fraction_words(digits: str) -> str:
    if digits.startswith("0"):
        return " ".join(_DIGITS[int(digit)] for digit in digits)
    return amount_in_words(int(digits))


def _ambiguous_message(text: str, integer: str, fraction: str, sign: str, suffix: str) -> str:
    as_decimal = f"{sign}{integer},{fraction}{suffix}"
    if len(integer) > 3 or len(fraction) > 2:
        return (
            f'Số "{text}" không rõ: dấu chấm "." chỉ dùng để phân cách hàng nghìn (nhóm 3 chữ số); '
            f'nếu là số thập phân, hãy viết "{as_decimal}".'
        )
    thousands = int(integer) * 1000 + int(fraction.ljust(3, "0"))
    spoken_sign = "âm " if sign else ""
    spoken_suffix = " phần trăm" if suffix else ""
    decimal_words = f"{amount_in_words(int(integer))} phẩy {_fraction_words(fraction)}"
    return (
        f'Số "{text}" không rõ: nếu là {spoken_sign}{decimal_words}{spoken_suffix}, '
        f'hãy viết "{as_decimal}"; nếu là {spoken_sign}{amount_in_words(thousands)}'
        f'{spoken_suffix}, hãy viết "{sign}{integer}.{fraction.ljust(3, "0")}{suffix}".'
    )


def parse_number(text: str) -> Decimal:
    """Return the value of a number written the Vietnamese way (from Excel cells).

    "79,5" → 79.5, "1.234" → 1234, "1.234.567,5" → 1234567.5, "80%" → 80 (percent sign
    dropped, value stays in percent), "  12 " → 12, "-5" → -5. A single "." not followed
    by exactly three digits ("1.5") is ambiguous and rejected, with a hint in Vietnamese
    naming both readings. Raises ValueError (Vietnamese message saying how to write the
    number) for blank, ambiguous or malformed text; TypeError when ``text`` is not a str.
    Source: ND30 §3.2 (thousands ".", decimal ",").
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    shown = nfc(text).strip()
    body = shown
    if not body:
        raise ValueError("Ô trống: cần một số.")
    suffix = ""
    if body.endswith("%"):
        suffix, body = "%", body[:-1].rstrip()
    sign = ""
    if body[:1] in _SIGNS:
        sign, body = _SIGNS[body[0]], body[1:]
    match = _VIETNAMESE_NUMBER.fullmatch(body)
    if match is not None:
        digits = match["integer"].replace(".", "")
        fraction = match["fraction"]
        return Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")
    dotted = _SINGLE_DOT.fullmatch(body)
    if dotted is not None:
        raise ValueError(
            _ambiguous_message(shown, dotted["integer"], dotted["fraction"], sign, suffix)
        )
    if _ENGLISH_NUMBER.fullmatch(body):
        raise ValueError(
            f'Số "{shown}" viết theo kiểu tiếng Anh: hãy dùng dấu chấm "." phân cách hàng nghìn '
            f'và dấu phẩy "," trước phần thập phân, ví dụ "1.234.567,5".'
        )
    raise ValueError(
        f'Không đọc được số "{shown}": chỉ dùng chữ số, dấu chấm "." phân cách hàng nghìn '
        f'và dấu phẩy "," trước phần thập phân, ví dụ "1.234.567,5" hoặc "80%".'
    )


# --------------------------------------------------------------------------- jinja


def upper_first(text: str) -> str:
    """Return ``text`` with its first letter in upper case, the rest as written ("tập thể, cá
    nhân" → "Tập thể, cá nhân"; jinja's ``capitalize`` would lower "Giấy khen" to "giấy khen")."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Return ``text`` with its first letter in lower case ("Triển khai …" → "triển khai …"),
    for a subject cited after "về"."""
    return text[:1].lower() + text[1:]


FILTERS: Final[dict[str, Callable[..., str]]] = {
    "short_date": short_date,
    "full_date": full_date,
    "upper": upper,
    "padded_count": padded_count,
    "number": format_number,
    "percent": format_percent,
    "money": format_money,
    "money_words": money_in_words,
    "money_phrase": money_phrase,
    "upper_first": upper_first,
    "lower_first": lower_first,
}
"""Jinja filters: ``{{ issue_date | full_date }}``, ``{{ 2 | padded_count("đợt") }}``."""
