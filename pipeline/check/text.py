"""Text rules everywhere (body, tables, text boxes, headers, footers): font family, legacy
TCVN3/VNI fonts, colour, Unicode NFC and rules typed as underscores (ND30 Phụ lục I, mục I.3)."""

from __future__ import annotations

import re
import unicodedata

from pipeline.check.document import Doc, Para
from pipeline.check.report import Report

UNDERSCORES = re.compile(r"_{3,}")
_TYPED_LINE = re.compile(r"\s*[-—–_]{5,}\s*")
_LEGACY = re.compile(r"^(\.vn|vni[-\s]|vn[-\s]?time|vn3|tcvn)", re.IGNORECASE)


def typed_rule(p: Para) -> bool:
    """Return True when ``p`` holds a rule typed as underscores or dashes ("_____")."""
    return UNDERSCORES.search(p.raw) is not None or _TYPED_LINE.fullmatch(p.raw) is not None


def check_text(doc: Doc, report: Report, *, colour: bool = True, family: bool = True) -> None:
    """Report fonts (family, legacy TCVN3/VNI, colour), non-NFC text and typed rules.

    ``colour`` False accepts coloured text (a certificate's red title); ``family`` False
    accepts any Unicode font (a certificate's decorative one)."""
    paras = doc.paras + doc.part_paras()
    legacy: dict[str, list[Para]] = {}
    other: dict[str, list[Para]] = {}
    colours: dict[str, list[Para]] = {}
    for para in paras:
        for run in para.inked:
            font = run.font or "(không rõ)"
            if _LEGACY.match(font):
                _add(legacy, font, para)
            elif family and font.casefold() != "times new roman":
                _add(other, font, para)
            if colour and run.color.lower() not in ("auto", "000000"):
                _add(colours, run.color, para)
    for font, where in legacy.items():
        report.add_many("ND30-FONT-LEGACY", where, "Times New Roman (Unicode)", f"phông {font}")
    for font, where in other.items():
        report.add_many("ND30-FONT-FAMILY", where, "Times New Roman", f"phông {font}")
    for colour_hex, where in colours.items():
        report.add_many("ND30-FONT-COLOR", where, "màu đen", f"màu #{colour_hex}")
    report.add_many("ND30-TEXT-NFC", [p for p in paras if unicodedata.normalize("NFC", p.raw) != p.raw],
                    "chữ dựng sẵn (NFC)", "chữ tổ hợp (NFD)")
    report.add_many("ND30-TYPED-RULE", [p for p in paras if typed_rule(p)],
                    "đường kẻ vẽ bằng viền đoạn hoặc hình", "dấu gạch gõ tay")


def _add(groups: dict[str, list[Para]], key: str, para: Para) -> None:
    where = groups.setdefault(key, [])
    if not where or where[-1] is not para:  # one entry per paragraph
        where.append(para)
