"""ND30 conformance checker: reads any DOCX (ours or typed in Word) and lists each deviation.

``check_document(path, kind=None)`` returns the ``Finding``s of one document; each has a stable
rule id (``ND30-MARGIN-LEFT``…, listed in ``RULES``), where it is, its text, what ND30 expects
and what was found, a severity (error | warning | info) and a count (a rule broken the same
way in many places is one finding). Elements are found by position and content, not by our
style names (``anatomy``); formatting is the effective one (``pipeline.docx.formatting``);
the ranges are ``pipeline.nd30.facts``, each with its source in ND30 Phụ lục I. Certificates
and dispatch sheets are recognised and checked by their own short rules (``sheets``). Time and
output are linear in the document at most.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from docx import Document
from lxml import etree

from pipeline.check import sheets
from pipeline.check.anatomy import (
    Anatomy,
    find_annexes,
    find_header,
    find_signature,
    find_subject,
    find_title,
)
from pipeline.check.annex import check_annexes
from pipeline.check.body import check_body
from pipeline.check.decision import check_decision
from pipeline.check.document import Doc, Malformed
from pipeline.check.header import check_header
from pipeline.check.page import check_page, check_page_numbers
from pipeline.check.report import Report
from pipeline.check.rules import ERROR, INFO, RULES, SEVERITY_VI, WARNING, Finding, condense
from pipeline.check.signature import check_signature
from pipeline.check.text import check_text
from pipeline.check.title import check_title
from pipeline.docx.stamp import unreadable_docx
from pipeline.nd30 import vi
from pipeline.nd30.facts import ELEMENTS, FACTS


def parse_kind(text: str) -> vi.DocumentKind:
    """Return the document kind named by ``text``: an abbreviation of Phụ lục III ("KH", "QĐ",
    "TTr"), or the kind's name with or without diacritics ("Kế hoạch", "cong van").
    Raises ValueError listing the accepted names otherwise."""
    def plain(s: str) -> str:
        s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
        return re.sub(r"[\u0300-\u036f\s]", "", s).casefold()

    wanted = plain(text)
    for kind in vi.DocumentKind:
        if (kind.abbreviation and plain(kind.abbreviation) == wanted) or plain(kind.value) == wanted:
            return kind
    if wanted == "cv":
        return vi.DocumentKind.OFFICIAL_LETTER
    names = ", ".join(k.abbreviation or k.value.lower() for k in vi.DocumentKind)
    raise ValueError(f'không biết loại văn bản "{text}"; dùng một trong: {names}')


def _check_administrative(doc: Doc, report: Report, kind: vi.DocumentKind | None) -> None:
    """Check a văn bản hành chính in reading order: page, text, header, title, body (and a
    decision's structure), signature and Nơi nhận, annexes, page numbers."""
    a = Anatomy(kind_given=kind)
    find_header(doc, a)
    find_title(doc, a)
    find_subject(a)
    find_signature(doc, a)
    find_annexes(doc, a)
    data_tables = len(doc.tables) > sum(t is not None for t in (a.header_table, a.signature_table))
    check_page(doc, report, data_tables=data_tables)
    check_text(doc, report)
    check_header(doc, a, report)
    check_title(doc, a, report)
    body = check_body(a, report)
    if a.kind is vi.DocumentKind.DECISION:
        check_decision(body, report)
    check_signature(a, report)
    check_annexes(doc, a, report)
    check_page_numbers(doc, report)


def _unreadable(path: Path, found: str) -> list[Finding]:
    return [Finding(str(path), "ND30-FILE", ERROR, "tệp", "", "tệp DOCX đọc được", found)]


def _why(exc: Exception) -> str:
    """Return in Vietnamese why python-docx could not open a file (pipeline.docx.stamp's words)."""
    return unreadable_docx(exc)


def check_document(path: Path, kind: vi.DocumentKind | None = None) -> list[Finding]:
    """Return the deviations of the DOCX at ``path`` from ND30 Phụ lục I (empty when none).

    ``kind`` is the expected document kind; None infers it from the tên loại, "V/v" or the
    ký hiệu. A file that cannot be read (not a zip, broken XML, no page setup in the body)
    gives one ND30-FILE error. Findings are ordered as checked; repeats are condensed.
    """
    path = Path(path)
    try:
        document = Document(str(path))
    except Exception as exc:  # noqa: BLE001 — python-docx raises many kinds for a broken package: all "unreadable"
        return _unreadable(path, _why(exc))
    try:
        doc = Doc(path, document)
    except Malformed as exc:
        return _unreadable(path, str(exc))
    report = Report(str(path))
    try:
        shape = sheets.recognise(doc)
        if shape == sheets.CERTIFICATE:
            sheets.check_certificate(doc, report)
        elif shape == sheets.DISPATCH_SHEET:
            sheets.check_dispatch_sheet(doc, report)
        else:
            _check_administrative(doc, report, kind)
    except (AttributeError, IndexError, KeyError, ValueError, TypeError, etree.LxmlError):
        # A structure the reader did not foresee (a part missing, a value out of range): one
        # finding for the file rather than a traceback; the error names what to report.
        return _unreadable(path, "cấu trúc DOCX không đọc được (một phần của tệp không như Word viết) — mở bằng "
                                 "Word rồi lưu lại")
    return condense(report.findings)


def check_documents(paths: Sequence[Path], kind: vi.DocumentKind | None = None) -> list[Finding]:
    """Return the findings of every DOCX in ``paths``, in order (one unreadable file does not
    stop the others)."""
    return [f for path in paths for f in check_document(path, kind)]


def errors(findings: Iterable[Finding]) -> list[Finding]:
    """Return the findings whose severity is error."""
    return [f for f in findings if f.severity == ERROR]


def summary(findings: Sequence[Finding], files: int) -> str:
    """Return the closing line in Vietnamese: "3 lỗi, 1 cảnh báo, 1 lưu ý trong 2 tệp."."""
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_VI}
    head = ("Không có lỗi" if not counts[ERROR] and not counts[WARNING]
            else f"{counts[ERROR]} lỗi, {counts[WARNING]} cảnh báo")
    tail = f", {counts[INFO]} lưu ý" if counts[INFO] else ""
    return f"{head}{tail} trong {files} tệp."


__all__ = [
    "ELEMENTS", "ERROR", "FACTS", "INFO", "RULES", "WARNING", "Finding", "check_document",
    "check_documents", "errors", "parse_kind", "summary",
]
