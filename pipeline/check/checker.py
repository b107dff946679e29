"""ND30 conformance checker: reads any DOCX (ours or typed in Word) and lists each deviation.

``check_document(path, kind=None)`` returns the ``Finding``s of one document; each has a stable
rule id (``ND30-MARGIN-LEFT``…, listed in ``RULES``), where it is, its text, what ND30 expects
and what was found, and a severity (error | warning | info). Elements are found by position
and content, not by our style names: the header is the first table (or the first paragraphs),
the Quốc hiệu is the paragraph "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", the number line starts with
"Số", the date line holds "ngày … tháng … năm", the title is the tên loại after the header,
Nơi nhận is the paragraph "Nơi nhận:" and those after it in its cell. Formatting is the
effective one (``pipeline.docx.formatting``). The facts (ranges) are in ``FACTS`` and ``ELEMENTS``,
each with its source in ND30 Phụ lục I.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from lxml import etree

from pipeline.docx.formatting import (
    ParaLook,
    Resolver,
    RunLook,
    cell_width_mm,
    drawn_lines,
    iter_fields,
    paragraph_text,
    text_boxes,
)
from pipeline.docx.xpath import ElementPath
from pipeline.nd30 import vi
from pipeline.nd30.layout import MOTTO, NATIONAL_TITLE, text_width_mm

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_VI = {ERROR: "lỗi", WARNING: "cảnh báo", INFO: "lưu ý"}


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Fact:
    """An ND30 range: ``low``–``high`` in ``unit``, with the place in ND30 that says so."""

    low: float
    high: float
    unit: str
    source: str

    def holds(self, value: float, tolerance: float = 0.05) -> bool:
        """Return True when ``value`` lies in the range (with a small measuring tolerance)."""
        return self.low - tolerance <= value <= self.high + tolerance

    def text(self) -> str:
        """Return the range as a clerk reads it: "30–35 mm", "13 pt", "≥ 6 pt"."""
        def num(x: float) -> str:
            return vi.format_number(x, decimals=2).rstrip("0").rstrip(",")
        if self.high == float("inf"):
            return f"≥ {num(self.low)} {self.unit}".strip()
        if self.low == self.high:
            return f"{num(self.low)} {self.unit}".strip()
        return f"{num(self.low)}–{num(self.high)} {self.unit}".strip()


_PAGE = "ND30 Phụ lục I, Phần I, mục I"
_ELEM = "ND30 Phụ lục I, Phần I, mục II và mục V"
FACTS: dict[str, Fact] = {
    "page_width": Fact(210, 210, "mm", f"{_PAGE}.1 (khổ A4 210 × 297 mm)"),
    "page_height": Fact(297, 297, "mm", f"{_PAGE}.1 (khổ A4 210 × 297 mm)"),
    "margin_top": Fact(20, 25, "mm", f"{_PAGE}.4 (lề trên 20–25 mm)"),
    "margin_bottom": Fact(20, 25, "mm", f"{_PAGE}.4 (lề dưới 20–25 mm)"),
    "margin_left": Fact(30, 35, "mm", f"{_PAGE}.4 (lề trái 30–35 mm)"),
    "margin_right": Fact(15, 20, "mm", f"{_PAGE}.4 (lề phải 15–20 mm)"),
    "first_line_indent": Fact(10, 12.7, "mm", f"{_ELEM}, ô 6 (thụt đầu dòng 1 cm hoặc 1,27 cm)"),
    "paragraph_spacing": Fact(6, float("inf"), "pt", f"{_ELEM}, ô 6 (cách đoạn tối thiểu 6 pt)"),
    "line_spacing": Fact(1.0, 1.5, "dòng", f"{_ELEM}, ô 6 (từ dòng đơn đến 1,5 dòng)"),
    "issuer_rule": Fact(1 / 3, 1 / 2, "độ dài dòng chữ", f"{_ELEM}.2 (đường kẻ 1/3–1/2 dòng chữ)"),
    "subject_rule": Fact(1 / 3, 1 / 2, "độ dài dòng chữ", f"{_ELEM}.5 (đường kẻ 1/3–1/2 dòng chữ)"),
    "motto_rule": Fact(0.95, 1.05, "độ dài dòng chữ", f"{_ELEM}.1 (đường kẻ dài bằng dòng chữ)"),
}


@dataclass(frozen=True)
class Element:
    """The look ND30 gives one element: size range in pt, bold, italic (None: not judged),
    capitals, alignment, and the ô number / place in ND30."""

    name: str
    size: tuple[float, float]
    bold: bool | None
    italic: bool | None
    upper: bool
    align: str | None
    source: str


ELEMENTS: dict[str, Element] = {
    "NATIONAL-TITLE": Element("Quốc hiệu", (12, 13), True, False, True, "center", f"{_ELEM}.1, ô 1"),
    "MOTTO": Element("Tiêu ngữ", (13, 14), True, False, False, "center", f"{_ELEM}.1, ô 1"),
    "PARENT-BODY": Element("Tên cơ quan chủ quản", (12, 13), False, False, True, "center", f"{_ELEM}.2, ô 2"),
    "ISSUER": Element("Tên cơ quan ban hành", (12, 13), True, False, True, "center", f"{_ELEM}.2, ô 2"),
    "NUMBER": Element("Số, ký hiệu", (13, 13), False, False, False, "center", f"{_ELEM}.3, ô 3"),
    "DATE": Element("Địa danh và thời gian ban hành", (13, 14), False, True, False, "center", f"{_ELEM}.4, ô 4"),
    "KIND-TITLE": Element("Tên loại văn bản", (13, 14), True, False, True, "center", f"{_ELEM}.5, ô 5a"),
    "SUBJECT": Element("Trích yếu nội dung", (13, 14), True, False, False, "center", f"{_ELEM}.5, ô 5a"),
    "VV": Element('Trích yếu công văn "V/v"', (12, 13), False, False, False, "center", f"{_ELEM}.5, ô 5b"),
    "AUTHORITY": Element("Quyền hạn, chức vụ người ký", (13, 14), True, False, True, "center", f"{_ELEM}.7, ô 7a"),
    "SIGNER-NAME": Element("Họ tên người ký", (13, 14), True, False, False, "center", f"{_ELEM}.7, ô 7b"),
    "RECIPIENTS-HEADING": Element('"Nơi nhận:"', (12, 12), True, True, False, "left", f"{_ELEM}.9, ô 9b"),
    "RECIPIENTS-ITEM": Element("Dòng Nơi nhận", (11, 11), False, False, False, None, f"{_ELEM}.9, ô 9b"),
    "PAGE-NUMBER": Element("Số trang", (13, 14), False, False, False, "center", f"{_PAGE}.5"),
}

# Rules that are not a look of an element (ELEMENTS give -SIZE, -BOLD, -ITALIC, -CASE, -ALIGN).
_OWN_RULES: dict[str, str] = {
    "ND30-FILE": "Không đọc được tệp DOCX",
    "ND30-PAGE-SIZE": "Khổ giấy A4 (210 × 297 mm)",
    "ND30-PAGE-ORIENTATION": "Trang đứng (trang ngang chỉ khi có bảng biểu)",
    "ND30-MARGIN-TOP": "Lề trên 20–25 mm",
    "ND30-MARGIN-BOTTOM": "Lề dưới 20–25 mm",
    "ND30-MARGIN-LEFT": "Lề trái 30–35 mm",
    "ND30-MARGIN-RIGHT": "Lề phải 15–20 mm",
    "ND30-FONT-FAMILY": "Phông Times New Roman",
    "ND30-FONT-LEGACY": "Không dùng phông cũ TCVN3 (.VnTime) hay VNI",
    "ND30-FONT-COLOR": "Chữ màu đen",
    "ND30-TEXT-NFC": "Chữ Việt Unicode dựng sẵn (NFC, TCVN 6909:2001)",
    "ND30-TYPED-RULE": "Đường kẻ là nét vẽ (viền đoạn hoặc hình), không gõ dấu gạch dưới",
    "ND30-DRAFT": "Dự thảo: để trống số hoặc ngày",
    "ND30-NATIONAL-TITLE-MISSING": "Có Quốc hiệu",
    "ND30-MOTTO-MISSING": "Có Tiêu ngữ dưới Quốc hiệu",
    "ND30-MOTTO-TEXT": 'Tiêu ngữ viết đúng "Độc lập - Tự do - Hạnh phúc"',
    "ND30-MOTTO-RULE": "Đường kẻ dưới Tiêu ngữ dài bằng dòng chữ",
    "ND30-ISSUER-MISSING": "Có tên cơ quan ban hành",
    "ND30-ISSUER-RULE": "Đường kẻ dưới tên cơ quan ban hành dài 1/3–1/2 dòng chữ",
    "ND30-NUMBER-MISSING": 'Có dòng "Số:"',
    "ND30-NUMBER-FORM": 'Dòng số viết "Số: 05/KH-BQL"',
    "ND30-NUMBER-PADDING": "Số dưới 10 viết thêm số 0 phía trước (05)",
    "ND30-NUMBER-SPACES": "Số, ký hiệu viết liền, không có dấu cách",
    "ND30-NUMBER-TYPE": "Ký hiệu có chữ viết tắt tên loại đúng Phụ lục III (công văn thì không có)",
    "ND30-NUMBER-CV": '"CV" không phải chữ viết tắt tên loại',
    "ND30-DATE-MISSING": "Có dòng địa danh, ngày tháng",
    "ND30-DATE-PLACE": "Địa danh rồi dấu phẩy trước ngày tháng",
    "ND30-DATE-DAY": "Ngày dưới 10 viết thêm số 0 (ngày 05)",
    "ND30-DATE-MONTH": "Chỉ tháng 1, 2 viết thêm số 0 (tháng 01, tháng 02, tháng 3 … tháng 12)",
    "ND30-DATE-INVALID": "Ngày tháng có thật",
    "ND30-KIND-TITLE-MISSING": "Có tên loại văn bản",
    "ND30-KIND-TITLE-TEXT": "Tên loại đúng loại văn bản",
    "ND30-SUBJECT-MISSING": "Có trích yếu nội dung dưới tên loại",
    "ND30-SUBJECT-RULE": "Đường kẻ dưới trích yếu dài 1/3–1/2 dòng chữ",
    "ND30-VV-MISSING": 'Công văn có trích yếu "V/v …" dưới số, ký hiệu',
    "ND30-VV-FORM": 'Trích yếu công văn bắt đầu "V/v "',
    "ND30-BODY-SIZE": "Nội dung cỡ 13–14",
    "ND30-BODY-ALIGN": "Nội dung canh đều hai lề",
    "ND30-BODY-INDENT": "Thụt đầu dòng 1 cm hoặc 1,27 cm",
    "ND30-BODY-SPACING": "Cách đoạn tối thiểu 6 pt",
    "ND30-BODY-LINE-SPACING": "Giãn dòng từ dòng đơn đến 1,5 dòng",
    "ND30-CONTENT-END": 'Nội dung kết thúc bằng "./."',
    "ND30-BASIS-ITALIC": "Căn cứ ban hành in nghiêng",
    "ND30-BASIS-PUNCT": 'Mỗi căn cứ kết thúc bằng ";", căn cứ cuối bằng "."',
    "ND30-SIGNATURE-MISSING": "Có quyền hạn, chức vụ và họ tên người ký",
    "ND30-AUTHORITY-PREFIX": "Quyền hạn ký viết TM., KT., TL., TUQ., Q. (có dấu chấm)",
    "ND30-RECIPIENTS-MISSING": 'Có "Nơi nhận:"',
    "ND30-RECIPIENTS-HEADING-TEXT": '"Nơi nhận:" có dấu hai chấm',
    "ND30-RECIPIENTS-DASH": 'Mỗi nơi nhận bắt đầu bằng "-"',
    "ND30-RECIPIENTS-PUNCT": 'Mỗi nơi nhận kết thúc bằng ";"',
    "ND30-RECIPIENTS-ARCHIVE": 'Dòng cuối "- Lưu: …." kết thúc bằng dấu chấm',
    "ND30-RECIPIENTS-AS-ABOVE": '"- Như trên;" (công văn, tờ trình, có Kính gửi) / "- Như Điều …;" (quyết định)',
    "ND30-PAGE-NUMBER-FIRST": "Không đánh số trang đầu",
    "ND30-PAGE-NUMBER-MISSING": "Đánh số trang từ trang 2 (văn bản nhiều trang)",
    "ND30-PAGE-NUMBER-POSITION": "Số trang ở giữa, lề trên (phần đầu trang)",
}
_ATTR_VI = {"SIZE": "cỡ chữ", "BOLD": "chữ đậm", "ITALIC": "chữ nghiêng", "CASE": "chữ hoa, chữ thường",
            "ALIGN": "canh lề"}
RULES: dict[str, str] = {
    **_OWN_RULES,
    **{f"ND30-{key}-{attr}": f"{e.name}: {_ATTR_VI[attr]}" for key, e in ELEMENTS.items() for attr in _ATTR_VI},
}
"""Every rule id the checker reports, with its title in Vietnamese."""


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    """One deviation from ND30: rule id, severity (error | warning | info), where (e.g.
    "bảng 1, hàng 1, cột 2, đoạn 1"), the text there, what ND30 expects and what was found."""

    file: str
    rule: str
    severity: str
    where: str
    text: str
    expected: str
    found: str

    def as_dict(self) -> dict[str, str]:
        """Return the finding as the JSON object of ``vanban check --json`` (README)."""
        return {**asdict(self), "title": RULES.get(self.rule, "")}

    def __str__(self) -> str:
        if self.rule == "TPL-VARIABLE":  # a listing, not a deviation
            return f"{self.file}: biến {self.text} — {self.expected} — {self.found}"
        text = f" «{_short(self.text)}»" if self.text else ""
        return (
            f"{self.file}: {self.where}: {SEVERITY_VI[self.severity]} {self.rule} "
            f"({RULES.get(self.rule, '')}): cần {self.expected}; thấy {self.found}.{text}"
        )


def _short(text: str, limit: int = 70) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def norm(text: str) -> str:
    """Return ``text`` in NFC with white space folded to single spaces and trimmed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _compact(text: str) -> str:
    return re.sub(r"[\s\-–—]+", "", norm(text)).upper()


def _mm(value: float) -> str:
    return vi.format_number(value, decimals=1).removesuffix(",0") + " mm"


def _pt(value: float) -> str:
    return vi.format_number(value, decimals=1).removesuffix(",0") + " pt"


# --------------------------------------------------------------------------- document model


@dataclass(eq=False)  # compared by identity: a paragraph is itself, not its text
class Para:
    """A paragraph in reading order: its element, text, location and effective format."""

    el: etree._Element
    raw: str
    where: str
    width_mm: float
    look: ParaLook
    runs: list[RunLook]
    table: int | None = None  # index of the body-level table holding it
    row: int = 0
    col: int = 0
    box: int | None = None  # index of the text box holding it
    shown: str = field(init=False)

    def __post_init__(self) -> None:
        self.shown = "".join(r.text.upper() if r.caps else r.text for r in self.runs)

    @property
    def text(self) -> str:
        """Return the paragraph's text in NFC, white space folded."""
        return norm(self.raw)

    def same_container(self, other: Para) -> bool:
        """Return True when both paragraphs sit in the same cell (or both in the body)."""
        return (self.table, self.row, self.col, self.box) == (other.table, other.row, other.col, other.box)


_UNDERSCORES = re.compile(r"_{3,}")
_DRAFT_BLANK = re.compile(r"^[\s.…_]*$")
_ELLIPSIS_NUM = re.compile(r"^[.…]+$")


class _Checker:
    def __init__(self, path: Path, document: DocxDocument, kind: vi.DocumentKind | None) -> None:
        self.path = path
        self.name = str(path)
        self.doc = document
        self.kind_given = kind
        self.res = Resolver(document)
        self.findings: list[Finding] = []
        section = document.sections[0]
        width = section.page_width.mm if section.page_width else 210
        left = section.left_margin.mm if section.left_margin is not None else 30
        right = section.right_margin.mm if section.right_margin is not None else 15
        self.text_width_mm = width - left - right
        self.paras: list[Para] = []
        self.tables: list[etree._Element] = []
        self._read_body()

    # ------------------------------------------------------------------ reading

    def _para(self, p: etree._Element, where: str, width: float, **pos: int) -> Para:
        return Para(p, paragraph_text(p), where, width, self.res.paragraph(p), self.res.runs(p), **pos)

    def _read_body(self) -> None:
        body = self.doc.element.body
        count = 0
        self.boxes = 0
        children = list(body.iterchildren())
        while children:
            child = children.pop(0)
            if child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                children[:0] = list(content) if content is not None else []
            elif child.tag == qn("w:p"):
                count += 1
                self.paras.append(self._para(child, f"đoạn {count}", self.text_width_mm))
                for content, width in text_boxes(child):
                    self.boxes += 1
                    for n, p in enumerate(content.iter(qn("w:p")), start=1):
                        self.paras.append(self._para(
                            p, f"hộp chữ {self.boxes} (ở đoạn {count}), đoạn {n}", width or self.text_width_mm,
                            box=self.boxes - 1,
                        ))
            elif child.tag == qn("w:tbl"):
                self.tables.append(child)
                t = len(self.tables)
                for r, tr in enumerate(child.findall(qn("w:tr")), start=1):
                    for c, tc in enumerate(tr.findall(qn("w:tc")), start=1):
                        width = cell_width_mm(tc) or self.text_width_mm
                        for n, p in enumerate(tc.findall(qn("w:p")), start=1):
                            self.paras.append(self._para(
                                p, f"bảng {t}, hàng {r}, cột {c}, đoạn {n}", width, table=t - 1, row=r, col=c,
                            ))

    # ------------------------------------------------------------------ reporting

    def add(self, rule: str, where: str, text: str, expected: str, found: str, severity: str = ERROR) -> None:
        """Record a finding of ``rule`` (an id of ``RULES``)."""
        assert rule in RULES, rule
        self.findings.append(Finding(self.name, rule, severity, where, _short(text, 200), expected, found))

    def add_at(self, rule: str, para: Para, expected: str, found: str, severity: str = ERROR) -> None:
        """Record a finding of ``rule`` at paragraph ``para`` (its place and text)."""
        self.add(rule, para.where, para.text, expected, found, severity)

    def add_many(self, rule: str, paras: list[Para], expected: str, found: str) -> None:
        """Report one finding for a rule broken in many paragraphs: the first, and a count."""
        if not paras:
            return
        more = f" (ở {len(paras)} đoạn)" if len(paras) > 1 else ""
        self.add_at(rule, paras[0], expected, found + more)

    def look(self, para: Para, key: str) -> None:
        """Report how ``para`` differs from the look ND30 gives element ``key``."""
        spec = ELEMENTS[key]
        runs = [r for r in para.runs if r.text.strip()]
        if not runs:
            return
        low, high = spec.size
        sizes = sorted({r.size_pt for r in runs if r.size_pt is not None})
        bad = [s for s in sizes if not (low - 0.05 <= s <= high + 0.05)]
        if bad:
            expected = f"{_pt(low)}" if low == high else f"{_pt(low)[:-3]}–{_pt(high)}"
            self.add_at(f"ND30-{key}-SIZE", para, f"cỡ {expected}", "cỡ " + ", ".join(_pt(s) for s in sizes))
        for attr, want, yes, no in (("BOLD", spec.bold, "đậm", "không đậm"),
                                    ("ITALIC", spec.italic, "nghiêng", "không nghiêng")):
            if want is None:
                continue
            values = {r.bold if attr == "BOLD" else r.italic for r in runs}
            if values != {want}:
                found = (yes if want is False else no) if len(values) == 1 else f"có chữ {no if want else yes}"
                self.add_at(f"ND30-{key}-{attr}", para, yes if want else no, found)
        if spec.upper:
            shown = norm(para.shown)
            if shown != vi.upper(shown):
                self.add_at(f"ND30-{key}-CASE", para, "in hoa", "có chữ thường")
        if spec.align and para.look.align != spec.align and not (spec.align == "left" and para.look.align == "justify"):
            self.add_at(f"ND30-{key}-ALIGN", para, _ALIGN_VI[spec.align],
                        _ALIGN_VI.get(para.look.align, para.look.align))

    # ------------------------------------------------------------------ page

    def check_page(self) -> None:
        """Report page size, orientation and margins of each section (Phụ lục I, mục I)."""
        for n, section in enumerate(self.doc.sections, start=1):
            where = f"thiết lập trang (mục {n})"
            if section.page_width is None or section.page_height is None:
                continue
            w, h = section.page_width.mm, section.page_height.mm
            short, long_ = sorted((w, h))
            a4_w, a4_h = FACTS["page_width"].low, FACTS["page_height"].low
            if abs(short - a4_w) > 1 or abs(long_ - a4_h) > 1:
                self.add("ND30-PAGE-SIZE", where, "", f"A4 {_mm(a4_w)[:-3]} × {_mm(a4_h)}", f"{_mm(w)} × {_mm(h)}")
            if w > h or section.orientation == WD_ORIENT.LANDSCAPE:
                has_table = any(self._is_data_table(t) for t in range(len(self.tables)))
                self.add("ND30-PAGE-ORIENTATION", where, "", "trang đứng", "trang ngang",
                         WARNING if has_table else ERROR)
            for rule, fact_key, value in (
                ("ND30-MARGIN-TOP", "margin_top", section.top_margin),
                ("ND30-MARGIN-BOTTOM", "margin_bottom", section.bottom_margin),
                ("ND30-MARGIN-LEFT", "margin_left", section.left_margin),
                ("ND30-MARGIN-RIGHT", "margin_right", section.right_margin),
            ):
                fact = FACTS[fact_key]
                if value is not None and not fact.holds(value.mm):
                    self.add(rule, where, "", fact.text(), _mm(value.mm))

    def _is_data_table(self, index: int) -> bool:
        return index not in (self.header_table, self.signature_table)

    # ------------------------------------------------------------------ text everywhere

    def check_text(self) -> None:
        """Report fonts (family, legacy TCVN3/VNI, colour), non-NFC text and typed rules, in
        the body, tables, text boxes, headers and footers (Phụ lục I, mục I.3)."""
        paras = list(self.paras) + self._part_paras()
        legacy: dict[str, list[Para]] = {}
        other: dict[str, list[Para]] = {}
        colors: dict[str, list[Para]] = {}
        for para in paras:
            for run in para.runs:
                if not run.text.strip():
                    continue
                font = run.font or "(không rõ)"
                if _LEGACY.match(font):
                    legacy.setdefault(font, []).append(para)
                elif font.casefold() != "times new roman":
                    other.setdefault(font, []).append(para)
                if run.color.lower() not in ("auto", "000000"):
                    colors.setdefault(run.color, []).append(para)
        for font, where in legacy.items():
            self.add_many("ND30-FONT-LEGACY", _unique(where), "Times New Roman (Unicode)", f"phông {font}")
        for font, where in other.items():
            self.add_many("ND30-FONT-FAMILY", _unique(where), "Times New Roman", f"phông {font}")
        for color, where in colors.items():
            self.add_many("ND30-FONT-COLOR", _unique(where), "màu đen", f"màu #{color}")
        self.add_many("ND30-TEXT-NFC", [p for p in paras if unicodedata.normalize("NFC", p.raw) != p.raw],
                      "chữ dựng sẵn (NFC)", "chữ tổ hợp (NFD)")
        typed = [p for p in paras if _UNDERSCORES.search(p.raw) or re.fullmatch(r"\s*[-—–_]{5,}\s*", p.raw)]
        self.add_many("ND30-TYPED-RULE", typed, "đường kẻ vẽ bằng viền đoạn hoặc hình", "dấu gạch gõ tay")

    def _part_paras(self) -> list[Para]:
        paras = []
        for name, part in self._header_footer_parts():
            for n, p in enumerate(part.iter(qn("w:p")), start=1):
                paras.append(self._para(p, f"{name}, đoạn {n}", self.text_width_mm))
        return paras

    def _header_footer_parts(self) -> list[tuple[str, etree._Element]]:
        parts = []
        names = {"header": {"first": "đầu trang 1", "default": "đầu trang", "even": "đầu trang chẵn"},
                 "footer": {"first": "chân trang 1", "default": "chân trang", "even": "chân trang chẵn"}}
        for n, section in enumerate(self.doc.sections, start=1):
            for kind in ("header", "footer"):
                for ref in section._sectPr.findall(qn(f"w:{kind}Reference")):
                    rid = ref.get(qn("r:id"))
                    part = self.doc.part.related_parts.get(rid)
                    if part is not None:
                        parts.append((f"{names[kind][ref.get(qn('w:type'), 'default')]} (mục {n})", part.element))
        return parts

    # ------------------------------------------------------------------ header

    def _next_in_cell(self, para: Para, *, text: bool = True) -> Para | None:
        i = self.paras.index(para)
        for other in self.paras[i + 1:]:
            if not other.same_container(para):
                return None
            if not text or other.text:
                return other
        return None

    def _rule_after(self, para: Para) -> tuple[str, float | None]:
        """Return ("border"|"underline"|"drawn"|"typed"|"none", length in mm) of the rule under
        ``para``: its bottom border, its underlined text, a line drawn in it, or the top/bottom
        border or drawn line of an empty paragraph right after it (within two paragraphs)."""
        def border_length(p: Para) -> float:
            return p.width_mm - p.look.left_mm - p.look.right_mm

        if "bottom" in para.look.borders:
            return "border", border_length(para)
        runs = [r for r in para.runs if r.text.strip()]
        if runs and all(r.underline for r in runs):  # underlined text: a line as long as the text
            return "underline", self._line_width([para])
        drawn = drawn_lines(para.el)
        if drawn:
            return "drawn", max(d.length_mm for d in drawn)
        i = self.paras.index(para)
        for other in self.paras[i + 1: i + 3]:
            if not other.same_container(para):
                break
            if _UNDERSCORES.search(other.raw):
                return "typed", None
            if other.text:
                break
            if other.look.borders:
                return "border", border_length(other)
            drawn = drawn_lines(other.el)
            if drawn:
                return "drawn", max(d.length_mm for d in drawn)
        return "none", None

    def _line_width(self, paras: Sequence[Para]) -> float:
        widths = []
        for p in paras:
            runs = [r for r in p.runs if r.text.strip()]
            size = runs[0].size_pt if runs and runs[0].size_pt else 13
            bold = bool(runs) and runs[0].bold
            italic = bool(runs) and runs[0].italic
            for line in p.shown.split("\n"):
                widths.append(min(text_width_mm(line.strip(), size, bold=bold, italic=italic), p.width_mm))
        return max(widths, default=0.0)

    def _check_rule(self, rule: str, above: Sequence[Para], fact: Fact) -> None:
        last = above[-1]
        how, length = self._rule_after(last)
        if how == "typed":
            return  # ND30-TYPED-RULE reports it
        line = self._line_width(above)
        if how == "none" or length is None:
            self.add_at(rule, last, f"đường kẻ {fact.text()}", "không có đường kẻ")
            return
        ratio = length / line if line else 0
        if not (fact.low - 0.02 <= ratio <= fact.high + 0.02):
            share = vi.format_number(ratio, decimals=2)
            self.add_at(rule, last, f"đường kẻ {fact.text()} ({_mm(fact.low * line)}–{_mm(fact.high * line)})",
                        f"{_mm(length)} ({share} dòng chữ)")

    def find_header(self) -> None:
        """Find the header (first table, or the first paragraphs), the Quốc hiệu, the number
        line and the date line, by position and content."""
        self.header_table: int | None = None
        # The header is the first table when nothing but empty paragraphs comes before it, or
        # when it holds the Quốc hiệu (a "DỰ THẢO" or "KHẨN" line may stand above it).
        first = next((el for el in self.doc.element.body
                      if el.tag == qn("w:tbl") or (el.tag == qn("w:p") and paragraph_text(el).strip())), None)
        in_first_table = any(p.table == 0 and _compact(p.text) in _NATIONAL_FORMS for p in self.paras)
        if (first is not None and first.tag == qn("w:tbl")) or in_first_table:
            self.header_table = 0
            self.header = [p for p in self.paras if p.table == 0]
        else:
            body_level = [p for p in self.paras if p.table is None and p.box is None][:12]
            self.header = [p for p in self.paras if p.table is None and (
                p in body_level
                or (p.box is not None and any(b.el is next(p.el.iterancestors(qn("w:p")), None) for b in body_level))
            )]
        self.national = next((p for p in self.header if _compact(p.text) in _NATIONAL_FORMS), None)
        if self.national is None:
            self.national = next((p for p in self.paras[:30] if _compact(p.text) in _NATIONAL_FORMS), None)
        self.number = next((p for p in self.header if re.match(r"^Số\b", p.text)), None)
        self.date = next((p for p in self.header if _DATE_LINE.search(p.text)), None)
        self.draft: list[str] = []
        self.symbol_type: str | None = None
        if self.number is not None and "/" in self.number.text:
            groups = [g for g in re.split(r"\s*-\s*", self.number.text.split("/", 1)[1].strip()) if g]
            self.symbol_type = groups[0] if groups else None

    def check_header(self) -> None:
        """Report the header block: Quốc hiệu, Tiêu ngữ and its rule, issuing body and its
        rule, number line, date line (Phụ lục I, mục II.1–II.4)."""
        if self.national is None:
            self.add("ND30-NATIONAL-TITLE-MISSING", "phần đầu", "", NATIONAL_TITLE, "không thấy Quốc hiệu")
        else:
            self.look(self.national, "NATIONAL-TITLE")
            motto = self._next_in_cell(self.national)
            if motto is None or _compact(motto.text).casefold() != _compact(MOTTO).casefold():
                self.add_at("ND30-MOTTO-MISSING", self.national, MOTTO, "không thấy Tiêu ngữ dưới Quốc hiệu")
            else:
                self.look(motto, "MOTTO")
                if motto.text != MOTTO:
                    dashes = motto.text.replace("–", "-").replace("—", "-")
                    self.add_at("ND30-MOTTO-TEXT", motto, MOTTO, motto.text, WARNING if dashes == MOTTO else ERROR)
                self._check_rule("ND30-MOTTO-RULE", [motto], FACTS["motto_rule"])
        self._check_issuer()
        self._check_number()
        self._check_date()

    def _left_header(self) -> list[Para]:
        if self.header_table is not None:
            col = self.national.col if self.national and self.national.table == 0 else 2
            return [p for p in self.header if p.col != col]
        if self.national is not None and self.national.box is not None:  # header in text boxes
            return [p for p in self.header if p.box is not None and p.box != self.national.box]
        stop = self.header.index(self.national) if self.national in self.header else len(self.header)
        return self.header[:stop]

    def _check_issuer(self) -> None:
        lines = []
        for p in self._left_header():
            if p is self.number or re.match(r"^Số\b", p.text) or p is self.date:
                break
            if p.text and not _UNDERSCORES.search(p.raw):
                lines.append(p)
        if not lines:
            self.add("ND30-ISSUER-MISSING", "phần đầu", "", "tên cơ quan ban hành in hoa đậm", "không thấy")
            return
        bold = [n for n, p in enumerate(lines) if p.runs and all(r.bold for r in p.runs if r.text.strip())]
        start = bold[0] if bold else len(lines) - 1
        parent, issuer = lines[:start], lines[start:]
        for p in parent:
            self.look(p, "PARENT-BODY")
        for p in issuer:
            self.look(p, "ISSUER")
        self._check_rule("ND30-ISSUER-RULE", issuer, FACTS["issuer_rule"])

    def _check_number(self) -> None:
        if self.number is None:
            self.add("ND30-NUMBER-MISSING", "phần đầu", "", '"Số: 05/KH-…"', "không thấy dòng số")
            return
        self.look(self.number, "NUMBER")
        raw = unicodedata.normalize("NFC", self.number.raw).strip()
        if not raw.startswith("Số:") or "/" not in raw:
            self.add_at("ND30-NUMBER-FORM", self.number, '"Số: 05/KH-BQL" (dấu hai chấm, dấu "/")', raw)
            return
        num_part, sym_part = raw[3:].split("/", 1)
        num = num_part.strip()
        if not num or _ELLIPSIS_NUM.match(num):
            self.draft.append("số")
        elif not num.isdigit():
            self.add_at("ND30-NUMBER-FORM", self.number, "số bằng chữ số Ả Rập", num)
        elif (int(num) < 10 and len(num) != 2) or (int(num) >= 10 and num.startswith("0")):
            self.add_at("ND30-NUMBER-PADDING", self.number, f"{int(num):02d}", num)
        if ((num and num_part != num_part.rstrip()) or sym_part != sym_part.strip()
                or re.search(r"\s", sym_part.strip())):
            self.add_at("ND30-NUMBER-SPACES", self.number, "viết liền: số/KH-BQL", f'"{raw[3:].strip()}"')
        groups = [g for g in re.split(r"\s*-\s*", sym_part.strip()) if g]
        if len(groups) < 2:
            self.add_at("ND30-NUMBER-FORM", self.number, "ký hiệu dạng KH-BQL (có dấu -)", sym_part.strip())

    def _check_date(self) -> None:
        if self.date is None:
            self.add("ND30-DATE-MISSING", "phần đầu", "", '"Hải Phòng, ngày 05 tháng 01 năm 2025"', "không thấy")
            return
        self.look(self.date, "DATE")
        m = _DATE_PARTS.match(self.date.raw.strip())
        if m is None:
            return
        if not m["place"].strip() or not m["comma"]:
            self.add_at("ND30-DATE-PLACE", self.date, '"<địa danh>, ngày …" (dấu phẩy sau địa danh)',
                        norm(m["place"] + m["comma"]) or "không có địa danh")
        day, month, year = m["day"].strip(), m["month"].strip(), m["year"].strip()
        if _DRAFT_BLANK.match(day):
            self.draft.append("ngày")
        elif not day.isdigit() or (int(day) < 10 and len(day) != 2) or (int(day) >= 10 and len(day) != 2):
            self.add_at("ND30-DATE-DAY", self.date, f"ngày {int(day):02d}" if day.isdigit() else "ngày bằng số",
                        f"ngày {day}")
        if _DRAFT_BLANK.match(month):
            self.draft.append("tháng")
        elif not month.isdigit():
            self.add_at("ND30-DATE-MONTH", self.date, "tháng bằng số", f"tháng {month}")
        else:
            want = f"{int(month):02d}" if int(month) <= 2 else str(int(month))
            if month != want:
                self.add_at("ND30-DATE-MONTH", self.date, f"tháng {want}", f"tháng {month}")
        if day.isdigit() and month.isdigit() and year.isdigit():
            try:
                datetime.date(int(year), int(month), int(day))
            except ValueError:
                self.add_at("ND30-DATE-INVALID", self.date, "ngày có thật", f"{day}/{month}/{year}")
        if self.draft:
            self.add_at("ND30-DRAFT", self.date if "số" not in self.draft else self.number,  # type: ignore[arg-type]
                        "số và ngày điền khi ký ban hành", "để trống " + ", ".join(self.draft), INFO)

    # ------------------------------------------------------------------ title, subject

    def find_title(self) -> None:
        """Find the tên loại after the header and settle the kind: given, from the tên loại,
        from "V/v" (công văn), else from the ký hiệu."""
        after = [p for p in self.paras if p.table is None and p.box is None
                 and (self.header_table is None or p not in self.header)]
        if self.header_table is None and self.date in after:
            after = after[after.index(self.date) + 1:]
        self.after_header = after
        titles = {kind.title: kind for kind in vi.DocumentKind}
        self.title = next((p for p in after[:6]
                           if _compact(p.shown) in {_compact(t) for t in titles} and not p.text.endswith(":")), None)
        if self.title is None:
            self.title = next((p for p in after[:4]
                               if p.text and p.look.align == "center" and p.text == vi.upper(p.text)), None)
        title_kind = None
        if self.title is not None:
            title_kind = next((k for t, k in titles.items() if _compact(t) == _compact(self.title.shown)), None)
        self.vv = self._find_vv()
        self.kind = self.kind_given or title_kind
        if self.kind is None and self.vv is not None:
            self.kind = vi.DocumentKind.OFFICIAL_LETTER
        if self.kind is None and self.symbol_type:
            self.kind = next((k for k in vi.DocumentKind if k.abbreviation == self.symbol_type), None)
        self.title_kind = title_kind

    def _find_vv(self) -> Para | None:
        candidates = self._left_header() + self.after_header[:3]
        for p in candidates:
            if (re.match(r"^(v\s*/\s*v|về việc)\b", p.text, flags=re.IGNORECASE)
                    and (p in self.header or p.look.align != "justify")):
                return p
        return None

    def check_title(self) -> None:
        """Report tên loại, trích yếu and its rule, or "V/v" for công văn, and the type in the
        ký hiệu (Phụ lục I, mục II.5; Phụ lục III)."""
        letter = self.kind in (vi.DocumentKind.OFFICIAL_LETTER, vi.DocumentKind.PUBLIC_LETTER)
        self.subject: list[Para] = []
        self.body_start = 0
        if letter:
            self._check_vv()
            self.body_start = 0
        elif self.title is None:
            self.add("ND30-KIND-TITLE-MISSING", "sau phần đầu", "", "tên loại in hoa đậm (KẾ HOẠCH, BÁO CÁO …)",
                     "không thấy")
        else:
            self.look(self.title, "KIND-TITLE")
            if self.kind_given is not None and self.title_kind is not self.kind_given:
                self.add_at("ND30-KIND-TITLE-TEXT", self.title, self.kind_given.title, self.title.text)
            i = self.after_header.index(self.title)
            for p in self.after_header[i + 1:]:
                if not p.text:
                    if self.subject:
                        break
                    continue
                if self.subject and (p.look.align != "center" or not all(r.bold for r in p.runs if r.text.strip())
                                     or _UNDERSCORES.search(p.raw)):
                    break
                self.subject.append(p)
                if "bottom" in p.look.borders or drawn_lines(p.el):
                    break
            if not self.subject or self.subject[0].look.align == "justify":
                self.add_at("ND30-SUBJECT-MISSING", self.title, "trích yếu nội dung dưới tên loại", "không thấy")
                self.subject = []
                self.body_start = i + 1
            else:
                for p in self.subject:
                    self.look(p, "SUBJECT")
                self._check_rule("ND30-SUBJECT-RULE", self.subject, FACTS["subject_rule"])
                self.body_start = self.after_header.index(self.subject[-1]) + 1
        if self.kind is not None:
            self._check_symbol_type()

    def _check_vv(self) -> None:
        if self.vv is None:
            self.add("ND30-VV-MISSING", "phần đầu, dưới số, ký hiệu", "", '"V/v <trích yếu>"', "không thấy")
            return
        if not self.vv.text.startswith("V/v "):
            self.add_at("ND30-VV-FORM", self.vv, '"V/v …"', f'"{self.vv.text[:8]}…"')
        self.look(self.vv, "VV")

    def _check_symbol_type(self) -> None:
        if self.number is None or self.symbol_type is None:
            return
        kind, got = self.kind, self.symbol_type
        if got.upper() == "CV":
            self.add_at("ND30-NUMBER-CV", self.number, "công văn không có chữ viết tắt tên loại (05/BQL-VP)", got)
        elif kind in (vi.DocumentKind.OFFICIAL_LETTER, vi.DocumentKind.PUBLIC_LETTER):
            if got in _TYPE_ABBREVIATIONS:
                self.add_at("ND30-NUMBER-TYPE", self.number, "công văn không có chữ viết tắt tên loại", got)
        elif kind is not None and kind.abbreviation != got:
            self.add_at("ND30-NUMBER-TYPE", self.number, f"{kind.abbreviation} ({kind.value}, Phụ lục III)", got)

    # ------------------------------------------------------------------ body

    def find_signature(self) -> None:
        """Find the signature table: the one holding "Nơi nhận:", else the last table."""
        self.signature_table: int | None = None
        self.recipients_heading = next((p for p in self.paras if norm(p.text).startswith("Nơi nhận")), None)
        if self.recipients_heading is not None and self.recipients_heading.table is not None:
            self.signature_table = self.recipients_heading.table
        elif self.tables and len(self.tables) - 1 != self.header_table:
            self.signature_table = len(self.tables) - 1
        if self.signature_table is not None:
            # Body paragraphs end where the signature table starts.
            sig_el = self.tables[self.signature_table]
            body_children = list(self.doc.element.body)
            self.signature_pos = body_children.index(sig_el) if sig_el in body_children else len(body_children)
        else:
            self.signature_pos = len(self.doc.element.body)

    def body_paragraphs(self) -> list[Para]:
        """Return the body-level paragraphs between the title block and the signature table,
        without the "Kính gửi:" lines."""
        body_children = list(self.doc.element.body)
        out = []
        greeting = False
        for p in self.after_header[self.body_start:]:
            if p.el in body_children and body_children.index(p.el) > self.signature_pos:
                break
            if p.text.startswith("Kính gửi"):
                greeting = True
                continue
            if greeting and p.text.startswith("-"):
                continue
            greeting = False
            out.append(p)
        return out

    def check_body(self) -> None:
        """Report the body: size, justification, first-line indent, paragraph and line
        spacing, the content end "./." and, in decisions, the căn cứ (Phụ lục I, mục II.6)."""
        body = [p for p in self.body_paragraphs() if p.text and not _UNDERSCORES.search(p.raw)]
        checked = []
        for p in body:
            if p.look.align == "center" and p.runs and (all(r.bold for r in p.runs if r.text.strip())
                                                         or all(r.italic for r in p.runs if r.text.strip())):
                continue  # "QUYẾT ĐỊNH:", thẩm quyền ban hành, centred sub-titles
            checked.append(p)
        size = [p for p in checked if any(not FACTS_BODY_SIZE.holds(r.size_pt or 0) for r in p.runs if r.text.strip())]
        if size:
            sizes = sorted({r.size_pt for p in size for r in p.runs
                            if r.text.strip() and not FACTS_BODY_SIZE.holds(r.size_pt or 0)})
            self.add_many("ND30-BODY-SIZE", size, "cỡ 13–14 pt", "cỡ " + ", ".join(_pt(s or 0) for s in sizes))
        align = [p for p in checked if p.look.align != "justify"]
        self.add_many("ND30-BODY-ALIGN", align, "canh đều hai lề",
                      ", ".join(sorted({_ALIGN_VI.get(p.look.align, p.look.align) for p in align})))
        indent_fact = FACTS["first_line_indent"]
        # Where the first line starts from the margin: left indent + first-line indent (a list's
        # hanging indent from the numbering counts: its bullet is where the first line starts).
        indent = [p for p in checked if not indent_fact.holds(p.look.left_mm + p.look.first_line_mm, 0.3)]
        if indent:
            start = indent[0].look.left_mm + indent[0].look.first_line_mm
            self.add_many("ND30-BODY-INDENT", indent, "thụt đầu dòng 10 mm hoặc 12,7 mm", f"thụt {_mm(start)}")
        spacing = []
        for a, b in zip(checked, checked[1:], strict=False):
            adjacent = self.paras.index(b) == self.paras.index(a) + 1
            if adjacent and a.look.after_pt + b.look.before_pt < FACTS["paragraph_spacing"].low - 0.05:
                spacing.append(a)
        if spacing:
            a = spacing[0]
            b = self.paras[self.paras.index(a) + 1]
            self.add_many("ND30-BODY-SPACING", spacing, "cách đoạn ≥ 6 pt",
                          f"cách đoạn {_pt(a.look.after_pt + b.look.before_pt)}")
        lines = []
        for p in checked:
            if p.look.line_rule == "auto":
                ok = FACTS["line_spacing"].holds(p.look.line, 0.01)
            else:
                size_pt = max((r.size_pt or 14) for r in p.runs) if p.runs else 14
                ok = size_pt <= p.look.line <= size_pt * 1.15 * 1.5 + 0.5
            if not ok:
                lines.append(p)
        if lines:
            first = lines[0].look
            found = ((vi.format_number(first.line, decimals=2) + " dòng") if first.line_rule == "auto"
                     else f"{_pt(first.line)} ({first.line_rule})")
            self.add_many("ND30-BODY-LINE-SPACING", lines, "dòng đơn đến 1,5 dòng", found)
        if body and not body[-1].text.endswith("./."):
            self.add_at("ND30-CONTENT-END", body[-1], 'đoạn cuối kết thúc bằng "./."', f'"…{body[-1].text[-12:]}"')
        if self.kind is vi.DocumentKind.DECISION:
            self._check_bases(body)

    def _check_bases(self, body: list[Para]) -> None:
        bases = []
        for p in body:
            if _compact(p.text).startswith("QUYẾTĐỊNH"):
                break
            if re.match(r"^(Căn cứ|Theo đề nghị|Xét đề nghị|Theo đề xuất)", p.text):
                bases.append(p)
        not_italic = [p for p in bases if not all(r.italic for r in p.runs if r.text.strip())]
        self.add_many("ND30-BASIS-ITALIC", not_italic, "in nghiêng", "có chữ không nghiêng")
        for n, p in enumerate(bases):
            want = "." if n == len(bases) - 1 else ";"
            if not p.text.endswith(want):
                self.add_at("ND30-BASIS-PUNCT", p, f'kết thúc bằng "{want}"', f'"…{p.text[-10:]}"')

    # ------------------------------------------------------------------ signature, Nơi nhận

    def check_signature(self) -> None:
        """Report the signature block and Nơi nhận (Phụ lục I, mục II.7 and II.9)."""
        if self.signature_table is None:
            self.add("ND30-SIGNATURE-MISSING", "cuối văn bản", "", "khối chữ ký: quyền hạn, chức vụ, họ tên",
                     "không thấy")
        else:
            self._check_signer(self.signature_table)
        self._check_recipients()

    def _check_signer(self, t: int) -> None:
        cells = sorted({(p.row, p.col) for p in self.paras if p.table == t})
        heading = self.recipients_heading
        right_cells = [rc for rc in cells if heading is None or heading.table != t or rc != (heading.row, heading.col)]
        if not right_cells:
            self.add("ND30-SIGNATURE-MISSING", f"bảng {t + 1}", "", "quyền hạn, chức vụ, họ tên người ký", "không thấy")
            return
        row, col = right_cells[-1] if heading is None else next(
            (rc for rc in right_cells if rc[0] == heading.row and rc[1] > heading.col), right_cells[-1])
        cell = [p for p in self.paras if p.table == t and (p.row, p.col) == (row, col)]
        lines = [p for p in cell if p.text and not p.text.startswith("(")]
        if len(lines) < 2:
            self.add("ND30-SIGNATURE-MISSING", f"bảng {t + 1}, hàng {row}, cột {col}",
                     " / ".join(p.text for p in lines), "quyền hạn, chức vụ và họ tên người ký", "thiếu")
            return
        authority, name = lines[:-1], lines[-1]
        for p in authority:  # "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
            m = _PREFIX.match(p.text)
            if m and m.group(1) not in _PREFIXES:
                want = _PREFIX_FIX.get(re.sub(r"[.\s]", "", m.group(1)).upper(), "TM./KT./TL./TUQ./Q.")
                self.add_at("ND30-AUTHORITY-PREFIX", p, f'"{want}"', f'"{m.group(1)}"')
        for p in authority:
            self.look(p, "AUTHORITY")
        self.look(name, "SIGNER-NAME")
        if name.text == vi.upper(name.text) and name.text != name.text.lower():
            self.add_at("ND30-SIGNER-NAME-CASE", name, "in thường (Nguyễn Văn A)", "in hoa")

    def _check_recipients(self) -> None:
        heading = self.recipients_heading
        if heading is None:
            self.add("ND30-RECIPIENTS-MISSING", "cuối văn bản", "", '"Nơi nhận:" và các nơi nhận', "không thấy")
            return
        self.look(heading, "RECIPIENTS-HEADING")
        if heading.text != "Nơi nhận:":
            self.add_at("ND30-RECIPIENTS-HEADING-TEXT", heading, '"Nơi nhận:"', f'"{heading.text}"')
        i = self.paras.index(heading)
        items = []
        for p in self.paras[i + 1:]:
            if not p.same_container(heading):
                break
            if p.text:
                items.append(p)
        if not items:
            self.add_at("ND30-RECIPIENTS-ARCHIVE", heading, '"- Lưu: VT, …."', "không có nơi nhận nào")
            return
        for p in items:
            self.look(p, "RECIPIENTS-ITEM")
        no_dash = [p for p in items if not re.match(r"^[-+]\s", p.text)]
        self.add_many("ND30-RECIPIENTS-DASH", no_dash, 'bắt đầu bằng "- "',
                      f'"{no_dash[0].text[:12]}…"' if no_dash else "")
        last = items[-1]
        punct = [p for p in items[:-1] if not p.text.endswith((";", ":"))]
        self.add_many("ND30-RECIPIENTS-PUNCT", punct, 'kết thúc bằng ";"', f'"…{punct[0].text[-6:]}"' if punct else "")
        if not re.match(r"^-\s*Lưu\b", last.text) or not last.text.endswith(".") or last.text.endswith(";."):
            self.add_at("ND30-RECIPIENTS-ARCHIVE", last, '"- Lưu: VT, <đơn vị>." (dấu chấm cuối)', f'"{last.text}"')
        texts = [p.text for p in items]
        greeting = any(p.text.startswith("Kính gửi") for p in self.after_header)
        if self.kind in (vi.DocumentKind.OFFICIAL_LETTER, vi.DocumentKind.SUBMISSION) or greeting:
            if "- Như trên;" not in texts:
                self.add_at("ND30-RECIPIENTS-AS-ABOVE", items[0], '"- Như trên;" ở dòng đầu', f'"{items[0].text}"')
        elif self.kind is vi.DocumentKind.DECISION:
            if not any(re.match(r"^- Như Điều \d+;$", t) for t in texts):
                self.add_at("ND30-RECIPIENTS-AS-ABOVE", items[0], '"- Như Điều <n>;" (người thi hành)',
                            f'"{items[0].text}"')

    # ------------------------------------------------------------------ page numbers

    def check_page_numbers(self) -> None:
        """Report page numbers: none on page 1, centred in the top margin from page 2, 13–14
        pt upright (Phụ lục I, mục I.5)."""
        for n, section in enumerate(self.doc.sections, start=1):
            sect = section._sectPr
            title_el = sect.find(qn("w:titlePg"))
            title_pg = title_el is not None and title_el.get(qn("w:val"), "1") not in ("0", "false")
            refs = {}
            for kind in ("header", "footer"):
                for ref in sect.findall(qn(f"w:{kind}Reference")):
                    part = self.doc.part.related_parts.get(ref.get(qn("r:id")))
                    if part is not None:
                        refs[(kind, ref.get(qn("w:type"), "default"))] = part.element
            where = f"đầu trang (mục {n})"

            def page_fields(el: etree._Element | None) -> list[etree._Element]:
                if el is None:
                    return []
                return [p for p, instr in iter_fields(el) if re.search(r"(?<!NUM)\bPAGE\b", instr.upper())]

            default = page_fields(refs.get(("header", "default")))
            first_el = refs.get(("header", "first")) if title_pg else refs.get(("header", "default"))
            first_footer = refs.get(("footer", "first")) if title_pg else refs.get(("footer", "default"))
            if page_fields(first_el) or page_fields(first_footer):
                self.add("ND30-PAGE-NUMBER-FIRST", "đầu trang 1" if page_fields(first_el) else "chân trang 1", "",
                         "trang 1 không có số trang", "có số trang ở trang 1")
            footer = page_fields(refs.get(("footer", "default")))
            if footer:
                self.add("ND30-PAGE-NUMBER-POSITION", f"chân trang (mục {n})", "", "số trang ở lề trên (đầu trang)",
                         "ở chân trang")
            elif not default:
                if n == 1:
                    pages = self.estimated_pages()
                    if pages > 1:
                        self.add("ND30-PAGE-NUMBER-MISSING", where, "", "số trang ở giữa lề trên từ trang 2",
                                 f"không có số trang (văn bản khoảng {pages} trang)", WARNING)
                continue
            for p_el in default:
                para = self._para(p_el, where, self.text_width_mm)
                self.look(para, "PAGE-NUMBER")

    def estimated_pages(self) -> int:
        """Return about how many pages the body fills: each paragraph's lines (its text width
        over its container width) times the line height, plus its spacing; a table row is as
        tall as its tallest cell. A page break before a paragraph starts a new page."""
        section = self.doc.sections[0]
        usable_pt = ((section.page_height.mm if section.page_height else 297)
                     - (section.top_margin.mm if section.top_margin else 20)
                     - (section.bottom_margin.mm if section.bottom_margin else 20)) * 72 / 25.4

        def height(p: Para) -> float:
            runs = [r for r in p.runs if r.text.strip()]
            size = max((r.size_pt or 14) for r in runs) if runs else (self.res.mark(p.el).size_pt or 14)
            width = max(p.width_mm - p.look.left_mm - p.look.right_mm, 10.0)
            text = p.shown.replace("\t", "    ")
            lines = sum(max(1, -(-text_width_mm(line, size) // width)) for line in text.split("\n"))
            line_pt = (size * 1.15 * p.look.line if p.look.line_rule == "auto"
                       else max(p.look.line, size if p.look.line_rule == "atLeast" else 0))
            return lines * line_pt + p.look.before_pt + p.look.after_pt

        total = 0.0
        rows: dict[tuple[int, int], dict[int, float]] = {}
        breaks = 0
        for p in self.paras:
            if p.box is not None:
                continue
            if p.table is None:
                total += height(p)
                breaks += (len(_PAGE_BREAKS(p.el))
                           + int(p.el.find(qn("w:pPr") + "/" + qn("w:pageBreakBefore")) is not None))
            else:
                cells = rows.setdefault((p.table, p.row), {})
                cells[p.col] = cells.get(p.col, 0.0) + height(p)
        total += sum(max(cells.values()) for cells in rows.values())
        return max(1, -(-int(total) // int(usable_pt)), breaks + 1)

    # ------------------------------------------------------------------ all

    def run(self) -> list[Finding]:
        """Return every finding, checking in reading order."""
        self.find_header()
        self.find_title()
        self.find_signature()
        self.check_page()
        self.check_text()
        self.check_header()
        self.check_title()
        self.check_body()
        self.check_signature()
        self.check_page_numbers()
        return self.findings


def _unique(paras: Iterable[Para]) -> list[Para]:
    seen: dict[int, Para] = {}
    for p in paras:
        seen.setdefault(id(p.el), p)
    return list(seen.values())


_ALIGN_VI = {"left": "canh trái", "center": "canh giữa", "right": "canh phải", "justify": "canh đều"}
_LEGACY = re.compile(r"^(\.vn|vni[-\s]|vn[-\s]?time|vn3|tcvn)", re.IGNORECASE)
_NATIONAL_FORMS = {_compact(NATIONAL_TITLE), _compact(NATIONAL_TITLE.replace("HÒA", "HOÀ"))}
_DATE_LINE = re.compile(r"\bngày\b.*\btháng\b.*\bnăm\b\s*\S*\s*$")
_DATE_PARTS = re.compile(r"^(?P<place>.*?)(?P<comma>,?)\s*ngày(?P<day>.*?)tháng(?P<month>.*?)năm(?P<year>.*)$",
                         re.DOTALL)
_PAGE_BREAKS = ElementPath('.//w:br[@w:type="page"]', etree._Element)
_PREFIXES = {"TM.", "KT.", "TL.", "TUQ.", "Q."}
_PREFIX = re.compile(r"^((?:T\.?\s?M|K\.?\s?T|T\.?\s?L|T\.?\s?U\.?\s?Q)\.?|Q\.)(?=\s)", re.IGNORECASE)
_PREFIX_FIX = {"TM": "TM.", "KT": "KT.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q."}
_TYPE_ABBREVIATIONS = {k.abbreviation for k in vi.DocumentKind if k.abbreviation}
FACTS_BODY_SIZE = Fact(13, 14, "pt", f"{_ELEM}, ô 6 (nội dung cỡ 13–14)")


def parse_kind(text: str) -> vi.DocumentKind:
    """Return the document kind named by ``text``: an abbreviation of Phụ lục III ("KH", "QĐ",
    "TTr"), or the kind's name with or without diacritics ("Kế hoạch", "cong van").
    Raises ValueError listing the accepted names otherwise."""
    def plain(s: str) -> str:
        s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
        return re.sub(r"[\u0300-\u036f\s]", "", s).casefold()

    wanted = plain(text)
    for kind in vi.DocumentKind:
        if kind.abbreviation and plain(kind.abbreviation) == wanted:
            return kind
        if plain(kind.value) == wanted:
            return kind
    if wanted == "cv":
        return vi.DocumentKind.OFFICIAL_LETTER
    names = ", ".join(k.abbreviation or k.value.lower() for k in vi.DocumentKind)
    raise ValueError(f'không biết loại văn bản "{text}"; dùng một trong: {names}')


def check_document(path: Path, kind: vi.DocumentKind | None = None) -> list[Finding]:
    """Return the deviations of the DOCX at ``path`` from ND30 Phụ lục I (empty when none).

    ``kind`` is the expected document kind; None infers it from the tên loại, "V/v" or the
    ký hiệu. A file that cannot be read gives one ND30-FILE error. Findings are ordered as
    checked: page, text, header, title, body, signature, Nơi nhận, page numbers.
    """
    path = Path(path)
    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx raises many kinds (zip, XML, missing part): all "unreadable"
        return [Finding(str(path), "ND30-FILE", ERROR, "tệp", "", "tệp DOCX đọc được", f"{type(exc).__name__}: {exc}")]
    return _Checker(path, document, kind).run()


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
    if not counts[ERROR] and not counts[WARNING]:
        head = "Không có lỗi"
    else:
        head = f"{counts[ERROR]} lỗi, {counts[WARNING]} cảnh báo"
    tail = f", {counts[INFO]} lưu ý" if counts[INFO] else ""
    return f"{head}{tail} trong {files} tệp."


__all__ = [
    "ELEMENTS", "FACTS", "RULES", "Finding", "check_document", "check_documents", "errors",
    "parse_kind", "summary",
]
