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
    use it — one without it has lost part of the document (the template check says so)."""

    meaning: str
    required: bool = False


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
