"""Title rules: tên loại, trích yếu and its rule, or "V/v" for a công văn, and the type
abbreviation in the ký hiệu (ND30 Phụ lục I, mục II.5; Phụ lục III)."""

from __future__ import annotations

from pipeline.check.anatomy import Anatomy
from pipeline.check.document import Doc
from pipeline.check.lines import check_rule
from pipeline.check.report import Report
from pipeline.nd30 import vi
from pipeline.nd30.facts import FACTS

_TYPE_ABBREVIATIONS = {k.abbreviation for k in vi.DocumentKind if k.abbreviation}


def check_title(doc: Doc, a: Anatomy, report: Report) -> None:
    """Report the tên loại and trích yếu, or the "V/v" of a công văn, and the ký hiệu's type."""
    if a.letter:
        _check_vv(a, report)
    elif a.title is None:
        report.add("ND30-KIND-TITLE-MISSING", "sau phần đầu", "", "tên loại in hoa đậm (KẾ HOẠCH, BÁO CÁO …)",
                   "không thấy")
    else:
        report.look(a.title, "KIND-TITLE")
        if a.kind_given is not None and a.title_kind is not a.kind_given:
            report.add_at("ND30-KIND-TITLE-TEXT", a.title, a.kind_given.title, a.title.text)
        if not a.subject:
            report.add_at("ND30-SUBJECT-MISSING", a.title, "trích yếu nội dung dưới tên loại", "không thấy")
        else:
            for p in a.subject:
                report.look(p, "SUBJECT")
            check_rule(doc, report, "ND30-SUBJECT-RULE", a.subject, FACTS["subject_rule"])
    if a.kind is not None:
        _check_symbol_type(a, report)


def _check_vv(a: Anatomy, report: Report) -> None:
    if a.vv is None:
        report.add("ND30-VV-MISSING", "phần đầu, dưới số, ký hiệu", "", '"V/v <trích yếu>"', "không thấy")
        return
    if not a.vv.text.startswith("V/v "):
        report.add_at("ND30-VV-FORM", a.vv, '"V/v …"', f'"{a.vv.text[:8]}…"')
    report.look(a.vv, "VV")


def _check_symbol_type(a: Anatomy, report: Report) -> None:
    line = a.number_line
    if a.number is None or line is None or not line.slash or not line.groups:
        return
    got = line.groups[0]
    if got.upper() == "CV":
        report.add_at("ND30-NUMBER-CV", a.number, "công văn không có chữ viết tắt tên loại (05/BQL-VP)", got)
    elif a.letter:
        if got in _TYPE_ABBREVIATIONS:
            report.add_at("ND30-NUMBER-TYPE", a.number, "công văn không có chữ viết tắt tên loại", got)
    elif a.kind is not None and a.kind.abbreviation != got:
        report.add_at("ND30-NUMBER-TYPE", a.number, f"{a.kind.abbreviation} ({a.kind.value}, Phụ lục III)", got)
