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


def slug(text: str) -> str:
    """Return a file-name slug without diacritics: "Ông Đỗ Văn Hùng" → "ong-do-van-hung",
    "Phòng Quy hoạch & Xây dựng" → "phong-quy-hoach-xay-dung"; at most 60 characters."""
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", bare).strip("-")[:SLUG_LENGTH].rstrip("-") or "khen-thuong"


def file_stem(index: int, nominee: Nominee) -> str:
    """Return the certificate's file stem "001-pham-thuy-duong" (list position, 1-based)."""
    return f"{index:03d}-{slug(nominee.name)}"


def achievement(nominee: Nominee) -> str:
    """Return the achievement the nominee workbook gives (its "Thành tích" cell), ending with
    ".", or "" when the cell is empty: the template then writes its own wording."""
    text = (nominee.achievement or "").strip()
    return text if not text or text.endswith(".") else f"{text}."


FIELDS: dict[str, Field] = {
    "parent_body": HEADER["parent_body"],
    "issuer_header": HEADER["issuer_header"],
    "date_line": HEADER["date_line"],
    "authority_lines": SIGNATURE["authority_lines"],
    "signer_name": SIGNATURE["signer_name"],
    "head": Field("người tặng: chức danh thủ trưởng và tên cơ quan («Trưởng ban Ban Quản lý …»)", required=True),
    "form": Field("hình thức khen thưởng («Giấy khen»)", required=True),
    "awardee": Field("tập thể hoặc cá nhân được tặng («Ông Nguyễn Văn An», «Văn phòng»)", required=True),
    "position": Field("chức vụ, đơn vị của cá nhân, cơ quan của tập thể (trống khi không có)"),
    "achievement": Field("thành tích ở cột «Thành tích» của sổ đề nghị khen thưởng, có dấu chấm cuối; trống khi ô "
                         "trống (mẫu viết câu mặc định)"),
    "campaign_name": Field("tên phong trào thi đua"),
    "phase": Field("đợt: number (số đợt), start, end (ngày bắt đầu, kết thúc)"),
    "reference": Field("số và ngày của quyết định khen thưởng: number («số 05/QĐ-BQL»), date («ngày … tháng … "
                       "năm …»)"),
    "register_number": Field("số thứ tự vào sổ của giấy khen (1, 2, …)"),
}
"""The fields of templates/giay-khen.docx (what ``context`` gives)."""


def context(index: int, nominee: Nominee, rnd: Round) -> dict[str, Any]:
    """Return the template context of certificate number ``index`` (templates/giay-khen.docx):
    values only — every word of the certificate is in its template."""
    campaign = rnd.campaign
    header = header_context(campaign, DECISION_KIND, rnd.issue_date(rnd.date, rnd.number), rnd.number)
    number_text, date_text = reference(vi.symbol(DECISION_KIND, campaign.issuer.abbreviation),
                                       rnd.number, rnd.date, campaign.issuer.place)
    phase = rnd.phase
    return {
        "parent_body": header["parent_body"],
        "issuer_header": header["issuer_header"],
        "date_line": header["date_line"],
        **signature_context(campaign.signer),
        "head": rnd.head,
        "form": rnd.rules.forms[nominee.form].name,
        "awardee": nominee.display_name,
        "position": nominee.standalone_position,
        "achievement": achievement(nominee),
        "campaign_name": campaign.name,
        "phase": {"number": rnd.phase_number, "start": phase.start, "end": phase.end},
        "reference": {"number": number_text, "date": date_text},
        "register_number": index,
    }
