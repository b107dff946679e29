"""Certificates (Giấy khen): one landscape page per awardee of the issuer's decision."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pipeline.campaign.nominees import Nominee
from pipeline.documents.fields import HEADER, SIGNATURE, Field
from pipeline.nd30 import vi

from .awardlist import Round, reference
from .common import header_context, signature_context
from .decision import KIND as DECISION_KIND

TEMPLATE = "giay-khen.docx"
FOLDER = "giay-khen"
PRINT_FILE = "giay-khen.pdf"
SLUG_LENGTH = 60

FIELDS: dict[str, Field] = {
    "parent_body": HEADER["parent_body"],
    "issuer_header": HEADER["issuer_header"],
    "authority_line": Field("người tặng, in hoa («TRƯỞNG BAN BAN QUẢN LÝ …»)", required=True),
    "form_title": Field("hình thức khen thưởng, in hoa («GIẤY KHEN»)", required=True),
    "awardee": Field("người hoặc tập thể được tặng («Ông Phạm Văn A», «Phòng …»)", required=True),
    "position": Field("chức vụ, đơn vị của người được tặng (trống với tập thể)"),
    "achievement": Field("thành tích: chữ ở cột Thành tích của sổ đề nghị, không có thì «Đã có thành tích xuất "
                         "sắc trong …, Đợt … (từ ngày … đến ngày …).»"),
    "decision_line": Field("«Quyết định số …/QĐ-…» khen thưởng (để trống số khi chưa cấp)", required=True),
    "decision_date": Field("«ngày … tháng … năm …» của quyết định"),
    "register_line": Field("«Số vào sổ: 001» (số thứ tự trong danh sách)"),
    "date_line": HEADER["date_line"],
    "authority_lines": SIGNATURE["authority_lines"],
    "signer_name": SIGNATURE["signer_name"],
}
"""The fields of templates/giay-khen.docx (what ``context`` gives)."""


def slug(text: str) -> str:
    """Return a file-name slug without diacritics: "Ông Đỗ Văn Hùng" → "ong-do-van-hung",
    "Phòng Quy hoạch & Xây dựng" → "phong-quy-hoach-xay-dung"; at most 60 characters."""
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", bare).strip("-")[:SLUG_LENGTH].rstrip("-") or "khen-thuong"


def file_stem(index: int, nominee: Nominee) -> str:
    """Return the certificate's file stem "001-pham-thuy-duong" (list position, 1-based)."""
    return f"{index:03d}-{slug(nominee.name)}"


def achievement(nominee: Nominee, rnd: Round) -> str:
    """Return the achievement line: the workbook's text, or "Đã có thành tích xuất sắc trong
    <campaign>, Đợt 1 (từ ngày … đến ngày …)", ending with "."."""
    text = nominee.achievement or f"Đã có thành tích xuất sắc trong {rnd.phase_text}"
    return text if text.endswith(".") else f"{text}."


def context(index: int, nominee: Nominee, rnd: Round) -> dict[str, Any]:
    """Return the template context of certificate number ``index`` (templates/giay-khen.docx)."""
    campaign = rnd.campaign
    header = header_context(campaign, DECISION_KIND, rnd.issue_date(rnd.date, rnd.number), rnd.number)
    number_text, date_text = reference(vi.symbol(DECISION_KIND, campaign.issuer.abbreviation),
                                       rnd.number, rnd.date, campaign.issuer.place)
    return {
        "parent_body": header["parent_body"],
        "issuer_header": header["issuer_header"],
        "authority_line": vi.upper(rnd.head),
        "form_title": vi.upper(rnd.rules.forms[nominee.form].name),
        "awardee": nominee.display_name,
        "position": nominee.standalone_position,
        "achievement": achievement(nominee, rnd),
        "decision_line": f"Quyết định {number_text}",
        "decision_date": date_text,
        "register_line": f"Số vào sổ: {index:03d}",
        "date_line": header["date_line"],
        **signature_context(campaign.signer),
    }
