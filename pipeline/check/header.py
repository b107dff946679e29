"""Header rules: Quốc hiệu, Tiêu ngữ and its rule, issuing body and its rule, the số, ký hiệu
line and the date line (ND30 Phụ lục I, mục II.1–II.4), read with ``nd30.grammar``."""

from __future__ import annotations

import re

from pipeline.check.anatomy import Anatomy, left_header
from pipeline.check.document import Doc, Para, compact, norm
from pipeline.check.lines import check_rule
from pipeline.check.report import Report
from pipeline.check.rules import ERROR, INFO, WARNING
from pipeline.check.text import UNDERSCORES
from pipeline.nd30 import grammar
from pipeline.nd30.facts import FACTS
from pipeline.nd30.layout import MOTTO, NATIONAL_TITLE


def check_header(doc: Doc, a: Anatomy, report: Report) -> None:
    """Report the header block: Quốc hiệu and Tiêu ngữ, issuing body, number, date."""
    check_national(doc, a, report)
    _check_issuer(doc, a, report)
    _check_number(a, report)
    check_date(a, report)
    if a.draft:
        at = a.number if "số" in a.draft else a.date
        assert at is not None
        report.add_at("ND30-DRAFT", at, "số và ngày điền khi ký ban hành", "để trống " + ", ".join(a.draft), INFO)


def check_national(doc: Doc, a: Anatomy, report: Report, *, looks: bool = True) -> None:
    """Report the Quốc hiệu, the Tiêu ngữ under it and its rule (mục II.1); ``looks`` False
    checks only that they are there and written right (a certificate)."""
    if a.national is None:
        report.add("ND30-NATIONAL-TITLE-MISSING", "phần đầu", "", NATIONAL_TITLE, "không thấy Quốc hiệu")
        return
    motto = doc.next_in_container(a.national)
    if motto is None or compact(motto.text).casefold() != compact(MOTTO).casefold():
        report.add_at("ND30-MOTTO-MISSING", a.national, MOTTO, "không thấy Tiêu ngữ dưới Quốc hiệu")
        motto = None
    elif motto.text != MOTTO:
        dashes = motto.text.replace("–", "-").replace("—", "-")
        report.add_at("ND30-MOTTO-TEXT", motto, MOTTO, motto.text, WARNING if dashes == MOTTO else ERROR)
    if not looks:
        return
    report.look(a.national, "NATIONAL-TITLE")
    if motto is not None:
        report.look(motto, "MOTTO")
        check_rule(doc, report, "ND30-MOTTO-RULE", [motto], FACTS["motto_rule"])


def _check_issuer(doc: Doc, a: Anatomy, report: Report) -> None:
    lines = []
    for p in left_header(a):
        if p is a.number or grammar.parse_number_line(p.text) is not None or p is a.date:
            break
        if p.text and not UNDERSCORES.search(p.raw):
            lines.append(p)
    if not lines:
        report.add("ND30-ISSUER-MISSING", "phần đầu", "", "tên cơ quan ban hành in hoa đậm", "không thấy")
        return
    bold = [n for n, p in enumerate(lines) if p.all_bold()]
    start = bold[0] if bold else len(lines) - 1
    for p in lines[:start]:
        report.look(p, "PARENT-BODY")
    for p in lines[start:]:
        report.look(p, "ISSUER")
    check_rule(doc, report, "ND30-ISSUER-RULE", lines[start:], FACTS["issuer_rule"])


def _check_number(a: Anatomy, report: Report) -> None:
    number, line = a.number, a.number_line
    if number is None or line is None:
        report.add("ND30-NUMBER-MISSING", "phần đầu", "", '"Số: 05/KH-…"', "không thấy dòng số")
        return
    report.look(number, "NUMBER")
    raw = norm(number.raw) if "\n" in number.raw else number.raw.strip()
    if not line.colon or not line.slash:
        report.add_at("ND30-NUMBER-FORM", number, '"Số: 05/KH-BQL" (dấu hai chấm, dấu "/")', raw)
        return
    num = line.number.strip()
    if line.blank:
        a.draft.append("số")
    elif line.value is None:
        report.add_at("ND30-NUMBER-FORM", number, "số bằng chữ số Ả Rập", num)
    elif num != f"{line.value:02d}":
        report.add_at("ND30-NUMBER-PADDING", number, f"{line.value:02d}", num)
    sym = line.symbol
    if (num and line.number != line.number.rstrip()) or sym != sym.strip() or re.search(r"\s", sym.strip()):
        after = raw.split(":", 1)[1].strip()
        report.add_at("ND30-NUMBER-SPACES", number, "viết liền: số/KH-BQL", f'"{after}"')
    if len(line.groups) < 2:
        report.add_at("ND30-NUMBER-FORM", number, "ký hiệu dạng KH-BQL (có dấu -)", line.code)


def check_date(a: Anatomy, report: Report, *, draft: bool = True) -> None:
    """Report the date line: place and comma, day and month padding, a real date (mục II.4);
    blanks of a dự thảo are noted in ``a.draft`` (``draft`` False: not noted)."""
    date = a.date
    if date is None:
        report.add("ND30-DATE-MISSING", "phần đầu", "", '"Hải Phòng, ngày 05 tháng 01 năm 2025"', "không thấy")
        return
    report.look(date, "DATE")
    line = grammar.parse_date_line(date.raw)
    if line is None:
        return
    if not line.place or not line.comma:
        report.add_at("ND30-DATE-PLACE", date, '"<địa danh>, ngày …" (dấu phẩy sau địa danh)',
                      line.place + ("," if line.comma else "") or "không có địa danh")
    _check_day_month(date, line, a, report, draft=draft)


def _check_day_month(date: Para, line: grammar.DateLine, a: Anatomy, report: Report, *, draft: bool) -> None:
    day, month = line.day, line.month
    if line.day_blank:
        if draft:
            a.draft.append("ngày")
    elif not day.isdigit() or day != grammar.day_text(int(day)):
        report.add_at("ND30-DATE-DAY", date, f"ngày {int(day):02d}" if day.isdigit() else "ngày bằng số", f"ngày {day}")
    if line.month_blank:
        if draft:
            a.draft.append("tháng")
    elif not month.isdigit():
        report.add_at("ND30-DATE-MONTH", date, "tháng bằng số", f"tháng {month}")
    elif month != grammar.month_text(int(month)):
        report.add_at("ND30-DATE-MONTH", date, f"tháng {grammar.month_text(int(month))}", f"tháng {month}")
    if day.isdigit() and month.isdigit() and line.year.isdigit() and line.date is None:
        report.add_at("ND30-DATE-INVALID", date, "ngày có thật", f"{day}/{month}/{line.year}")
