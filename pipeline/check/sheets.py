"""Documents that are not văn bản hành chính: certificates (Giấy khen, Bằng khen) and
dispatch sheets (danh sách gửi văn bản). Recognised by vanban's own custom document property
(``vanban.kind``, ``pipeline.docx.stamp``) or by their shape, and checked by their own short
rules only: a certificate follows the award form (Luật Thi đua, khen thưởng 2022; its header
as ND30 Phụ lục I, mục II.1), a dispatch sheet is the registry clerk's working list."""

from __future__ import annotations

import re

from docxcompose.properties import CustomProperties

from pipeline.check.anatomy import Anatomy, find_header
from pipeline.check.document import Doc, compact
from pipeline.check.header import check_date, check_national
from pipeline.check.page import check_page
from pipeline.check.report import Report
from pipeline.check.text import check_text
from pipeline.docx import stamp

CERTIFICATE = stamp.KIND_CERTIFICATE
"""A Giấy khen / Bằng khen (its ``vanban.kind``)."""
DISPATCH_SHEET = stamp.KIND_DISPATCH_SHEET
"""A danh sách gửi văn bản (its ``vanban.kind``)."""
_FORMS = {"GIẤYKHEN", "BẰNGKHEN"}
_DISPATCH_TITLE = "DANHSÁCHGỬIVĂNBẢN"
_DECISION = re.compile(r"\bQuyết định số\b")


def _property_kind(doc: Doc) -> str | None:
    try:
        value = CustomProperties(doc.document).get(stamp.KIND)
    except Exception:  # noqa: BLE001 — a broken docProps/custom.xml: recognised by shape instead
        return None
    return str(value) if value in (CERTIFICATE, DISPATCH_SHEET) else None


def recognise(doc: Doc) -> str | None:
    """Return CERTIFICATE, DISPATCH_SHEET or None (a văn bản hành chính): from the document
    property, else from the shape — "TẶNG" then "GIẤY KHEN"/"BẰNG KHEN" among the first
    lines; "DANH SÁCH GỬI VĂN BẢN" among them."""
    kind = _property_kind(doc)
    if kind is not None:
        return kind
    first = [compact(p.shown) for p in doc.body_level()[:15] if p.text]
    if "TẶNG" in first and any(t in _FORMS for t in first[first.index("TẶNG"):]):
        return CERTIFICATE
    if _DISPATCH_TITLE in first:
        return DISPATCH_SHEET
    return None


def check_certificate(doc: Doc, report: Report) -> None:
    """Report a certificate's rules: A4 (either way), fonts readable (no TCVN3/VNI, NFC),
    Quốc hiệu and Tiêu ngữ, the date line's form, the decision it carries out, the signer."""
    check_page(doc, report, data_tables=False, landscape_ok=True, margins=False)
    check_text(doc, report, colour=False, family=False)
    a = Anatomy(kind_given=None)
    find_header(doc, a)
    check_national(doc, a, report, looks=False)
    dates = [p for p in doc.paras if p.n not in a.header_ns and re.search(r"\bngày\b.*\btháng\b.*\bnăm\b", p.text)
             and not _DECISION.search(p.text) and "," in p.text]
    if dates:
        a.date = dates[-1]
        check_date(a, report, draft=False)
    if not any(_DECISION.search(p.text) for p in doc.paras):
        report.add("CERT-DECISION", "cuối trang", "", '"Quyết định số …/QĐ-… ngày …" (quyết định khen thưởng)',
                   "không thấy")
    last = [p for p in doc.paras if doc.tables and p.table == len(doc.tables) - 1 and p.text]
    if not last or last[-1].text.isupper() or len(last) < 2:
        report.add("CERT-SIGNATURE", "cuối trang", "", "chức vụ (in hoa) và họ tên người ký", "không thấy")


def check_dispatch_sheet(doc: Doc, report: Report) -> None:
    """Report a dispatch sheet's rules: A4 portrait and ND30 margins, fonts, the table of
    recipients."""
    check_page(doc, report, data_tables=True)
    check_text(doc, report)
    if not any(p.table is not None and compact(p.text) == "NƠINHẬN" for p in doc.paras):
        report.add("DSG-TABLE", "thân", "", 'bảng nơi nhận (cột "Nơi nhận")', "không thấy")
