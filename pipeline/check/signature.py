"""Signature and Nơi nhận rules: quyền hạn, chức vụ and name of the signer (mục II.7), the
"Nơi nhận:" heading, its lines, "- Như trên;" / "- Như Điều …;" and the archive line
"- Lưu: VT, <đơn vị>." (ND30 Phụ lục I, mục II.9.b)."""

from __future__ import annotations

import re

from pipeline.check.anatomy import Anatomy
from pipeline.check.report import Report
from pipeline.check.rules import WARNING
from pipeline.nd30 import vi

_PREFIXES = {"TM.", "KT.", "TL.", "TUQ.", "Q."}
_PREFIX = re.compile(r"^((?:T\.?\s?M|K\.?\s?T|T\.?\s?L|T\.?\s?U\.?\s?Q)\.?|Q\.)(?=\s)", re.IGNORECASE)
_PREFIX_FIX = {"TM": "TM.", "KT": "KT.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q."}
_ARCHIVE = re.compile(r"^-\s*Lưu\b\s*:?\s*(?P<units>.*?)\.?$")


def check_signature(a: Anatomy, report: Report) -> None:
    """Report the signature block and Nơi nhận."""
    _check_signer(a, report)
    _check_recipients(a, report)


def _check_signer(a: Anatomy, report: Report) -> None:
    lines = a.signer
    if len(lines) < 2:
        where = lines[0].where if lines else "cuối văn bản"
        report.add("ND30-SIGNATURE-MISSING", where, " / ".join(p.text for p in lines),
                   "quyền hạn, chức vụ và họ tên người ký", "thiếu" if lines else "không thấy")
        return
    authority, name = lines[:-1], lines[-1]
    for p in authority:  # "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
        m = _PREFIX.match(p.text)
        if m and m.group(1) not in _PREFIXES:
            want = _PREFIX_FIX.get(re.sub(r"[.\s]", "", m.group(1)).upper(), "TM./KT./TL./TUQ./Q.")
            report.add_at("ND30-AUTHORITY-PREFIX", p, f'"{want}"', f'"{m.group(1)}"')
    for p in authority:
        report.look(p, "AUTHORITY")
    report.look(name, "SIGNER-NAME")
    if name.text == vi.upper(name.text) and name.text != name.text.lower():
        report.add_at("ND30-SIGNER-NAME-CASE", name, "in thường (Nguyễn Văn A)", "in hoa")


def _check_recipients(a: Anatomy, report: Report) -> None:
    heading, items = a.recipients_heading, a.recipients
    if heading is None:
        report.add("ND30-RECIPIENTS-MISSING", "cuối văn bản", "", '"Nơi nhận:" và các nơi nhận', "không thấy")
        return
    report.look(heading, "RECIPIENTS-HEADING")
    if heading.text != "Nơi nhận:":
        report.add_at("ND30-RECIPIENTS-HEADING-TEXT", heading, '"Nơi nhận:"', f'"{heading.text}"')
    if not items:
        report.add_at("ND30-RECIPIENTS-ARCHIVE", heading, '"- Lưu: VT, …."', "không có nơi nhận nào")
        return
    for p in items:
        report.look(p, "RECIPIENTS-ITEM")
    no_dash = [p for p in items if not re.match(r"^[-+]\s", p.text)]
    if no_dash:
        report.add_many("ND30-RECIPIENTS-DASH", no_dash, 'bắt đầu bằng "- "', f'"{no_dash[0].text[:12]}…"')
    punct = [p for p in items[:-1] if not p.text.endswith((";", ":"))]
    if punct:
        report.add_many("ND30-RECIPIENTS-PUNCT", punct, 'kết thúc bằng ";"', f'"…{punct[0].text[-6:]}"')
    _check_archive(a, report)
    _check_as_above(a, report)


def _check_archive(a: Anatomy, report: Report) -> None:
    last = a.recipients[-1]
    m = _ARCHIVE.match(last.text)
    if m is None or not last.text.endswith(".") or last.text.endswith(";."):
        report.add_at("ND30-RECIPIENTS-ARCHIVE", last, '"- Lưu: VT, <đơn vị>." (dấu chấm cuối)', f'"{last.text}"')
        return
    units = [u.strip() for u in re.split(r"[,;]", m["units"]) if u.strip()]
    if "VT" not in units:
        report.add_at("ND30-RECIPIENTS-ARCHIVE-VT", last,
                      '"- Lưu: VT, <đơn vị soạn thảo>." (bản lưu ở văn thư trước)',
                      f'"{last.text}" (không có VT)', WARNING)


def _check_as_above(a: Anatomy, report: Report) -> None:
    items = a.recipients
    texts = [p.text for p in items]
    greeting = any(p.text.startswith("Kính gửi") for p in a.after_header)
    if a.kind in (vi.DocumentKind.OFFICIAL_LETTER, vi.DocumentKind.SUBMISSION) or greeting:
        if "- Như trên;" not in texts:
            report.add_at("ND30-RECIPIENTS-AS-ABOVE", items[0], '"- Như trên;" ở dòng đầu', f'"{items[0].text}"')
    elif a.kind is vi.DocumentKind.DECISION and not any(re.match(r"^- Như Điều \d+;$", t) for t in texts):
        report.add_at("ND30-RECIPIENTS-AS-ABOVE", items[0], '"- Như Điều <n>;" (người thi hành)', f'"{items[0].text}"')
