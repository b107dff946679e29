"""The field dictionary (từ điển trường dữ liệu): the variables a kind's template may use.

Each document module says its kind's fields (``FIELDS``: name → ``Field``); its ``context()``
gives exactly those (a test holds them equal), so the dictionary cannot drift from the code.
``FRAME`` are the fields of the ND30 frame every administrative document shares (header,
signature, Nơi nhận: ND30 Phụ lục I, mục II.1–II.9; ô 1–9).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One variable of a template (trường): ``meaning`` for a clerk, in Vietnamese (what it
    holds, its parts after a dot, its unit); ``required``: every template of the kind must
    use it, and ``parts`` of it — one without it has lost part of the document (the template
    check says so: TPL-MISSING-FIELD)."""

    meaning: str
    required: bool = False
    parts: tuple[str, ...] = ()
    """The keys of the field (of each item, for a list) that every template of the kind must
    print too: ``grants`` → ("form", "who") — a template that only counts the grants has lost
    the article awarding them."""


HEADER: dict[str, Field] = {
    "parent_body": Field("tên cơ quan chủ quản, in hoa (ô 2; trống khi không có)"),
    "issuer_header": Field("tên cơ quan ban hành, in hoa (ô 2)", required=True),
    "number_line": Field('dòng "Số: …/…" (ô 3)', required=True),
    "date_line": Field("dòng địa danh, ngày tháng năm (ô 4)", required=True),
    "kind_title": Field("tên loại văn bản, in hoa (ô 5a)", required=True),
}
"""The header block's fields (ND30 Phụ lục I, mục II.1–II.5a)."""

SIGNATURE: dict[str, Field] = {
    "recipients": Field("các dòng Nơi nhận lấy từ noi-nhan.yaml, mỗi dòng «- tên (mục đích);» (ô 9b)",
                        required=True),
    "archive": Field("các nơi lưu bản chính, VT trước: «VT, VP» (ô 9b)", required=True),
    "authority_lines": Field("các dòng quyền hạn, chức vụ người ký, in hoa (ô 7a)", required=True),
    "signer_name": Field("họ tên người ký (ô 7b)", required=True),
}
"""The signature block's fields (ND30 Phụ lục I, mục II.7, II.9)."""

FRAME: dict[str, Field] = {**HEADER, **SIGNATURE}
"""Every field of the ND30 frame."""


@dataclass(frozen=True)
class Filter:
    """One jinja filter of the templates (bộ lọc, ``pipeline.nd30.vi.FILTERS``): its ``meaning``
    for a clerk, in Vietnamese, and an ``example``: an expression as a template writes it, over a
    field of some kind's dictionary (its value is the example's input, from the campaign) or a
    literal."""

    meaning: str
    example: str


FILTERS: dict[str, Filter] = {
    "short_date": Filter("ngày viết gọn ngày/tháng/năm (ngày dưới 10 và tháng 1, 2 có số 0 ở đầu; ND30 §1.4)",
                         "phase.end | short_date"),
    "full_date": Filter("ngày viết đủ «ngày … tháng … năm …» (ND30 Phụ lục I, mục II.4)", "plan.date | full_date"),
    "upper": Filter("in hoa đúng tiếng Việt (Đ, Ư, Ỹ…)", "head | upper"),
    "padded_count": Filter("số đếm, có số 0 ở đầu khi từ 1 đến 9, kèm danh từ nếu ghi trong ngoặc",
                           'awardees.individuals | padded_count("cá nhân")'),
    "number": Filter("số có dấu chấm ngăn hàng nghìn, dấu phẩy thập phân", "money.total | number"),
    "percent": Filter("tỷ lệ phần trăm, làm tròn một chữ số thập phân, bỏ «,0»", "83.333 | percent"),
    "money": Filter("số tiền bằng số, kèm «đồng»", "money.rates[0].amount | money"),
    "money_words": Filter("số tiền bằng chữ, viết hoa chữ đầu, kèm «đồng»", "money.rates[0].amount | money_words"),
    "money_phrase": Filter("số tiền bằng số rồi bằng chữ trong ngoặc (ND30 §3.1)", "money.total | money_phrase"),
    "upper_first": Filter("viết hoa chữ cái đầu, giữ nguyên phần còn lại (đầu câu, đầu dòng)",
                          "awardees.subjects | upper_first"),
    "lower_first": Filter("viết thường chữ cái đầu (trích yếu đặt sau «về»)", "plan.subject | lower_first"),
    "markup": Filter("chữ của dữ liệu viết có dấu **đậm**, *nghiêng* (các trường ghi «|markup») in thành chữ đậm, "
                     "nghiêng", '"Thi đua **lập thành tích** chào mừng" | markup'),
    "lines": Filter("các dòng của một chữ nhiều dòng (ô Excel xuống dòng bằng Alt+Enter, khối «|» của YAML), bỏ dòng "
                    "trống: mỗi dòng một đoạn với {%p for line in … | lines %}", r'"Dòng một\nDòng hai" | lines'),
}
"""The filters a template may use, each explained (a test holds these and vi.FILTERS equal)."""
