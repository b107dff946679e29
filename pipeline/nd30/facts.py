"""ND30 facts in one table: each with its allowed range, the value vanban writes and its source.

The frame writers (``pipeline.nd30.layout``, ``pipeline.docx.frame``) take the value they
write from here and the checker (``pipeline.check``) the range it accepts, so the two cannot
drift apart. ``FACTS`` are measures (page, margins, spacing, rule lengths); ``ELEMENTS`` are
the looks of the elements of Phụ lục I, mục II (size, emphasis, case, alignment). Sources:
Nghị định 30/2020/NĐ-CP, Phụ lục I (and ``../shared/ND30.md`` §1.2, §1.3, §1.6).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["ELEMENTS", "FACTS", "PAGE", "PARTS", "Element", "Fact"]

PAGE: Final[str] = "ND30 Phụ lục I, Phần I, mục I"
"""Source prefix of the page rules (khổ giấy, lề, phông, số trang)."""
PARTS: Final[str] = "ND30 Phụ lục I, Phần I, mục II và mục V"
"""Source prefix of the element rules (thành phần thể thức, ô số of mục IV)."""


def _num(x: float) -> str:
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True)
class Fact:
    """An ND30 measure: allowed ``low``–``high`` in ``unit``, the value vanban ``written``
    (within the range) and the item of ND30 Phụ lục I that says so (``source``)."""

    low: float
    high: float
    unit: str
    written: float
    source: str

    def holds(self, value: float, tolerance: float = 0.05) -> bool:
        """Return True when ``value`` lies in the range (with a small measuring tolerance)."""
        return self.low - tolerance <= value <= self.high + tolerance

    def text(self) -> str:
        """Return the range as a clerk reads it: "30–35 mm", "13 pt", "≥ 6 pt"."""
        if self.high == float("inf"):
            return f"≥ {_num(self.low)} {self.unit}".strip()
        if self.low == self.high:
            return f"{_num(self.low)} {self.unit}".strip()
        return f"{_num(self.low)}–{_num(self.high)} {self.unit}".strip()


_A4 = f"{PAGE}.1 (khổ A4 210 × 297 mm)"
FACTS: Final[dict[str, Fact]] = {
    "page_width": Fact(210, 210, "mm", 210, _A4),
    "page_height": Fact(297, 297, "mm", 297, _A4),
    # Margins: vanban takes the lower bound of each range, as most agencies do.
    "margin_top": Fact(20, 25, "mm", 20, f"{PAGE}.4 (lề trên 20–25 mm)"),
    "margin_bottom": Fact(20, 25, "mm", 20, f"{PAGE}.4 (lề dưới 20–25 mm)"),
    "margin_left": Fact(30, 35, "mm", 30, f"{PAGE}.4 (lề trái 30–35 mm)"),
    "margin_right": Fact(15, 20, "mm", 15, f"{PAGE}.4 (lề phải 15–20 mm)"),
    "body_size": Fact(13, 14, "pt", 14, f"{PARTS}, ô 6 (nội dung cỡ 13–14)"),
    "first_line_indent": Fact(10, 12.7, "mm", 12.7, f"{PARTS}, ô 6 (thụt đầu dòng 1 cm hoặc 1,27 cm)"),
    "paragraph_spacing": Fact(6, float("inf"), "pt", 6, f"{PARTS}, ô 6 (cách đoạn tối thiểu 6 pt)"),
    "line_spacing": Fact(1.0, 1.5, "dòng", 1.0, f"{PARTS}, ô 6 (từ dòng đơn đến 1,5 dòng)"),
    "issuer_rule": Fact(1 / 3, 1 / 2, "độ dài dòng chữ", 0.4, f"{PARTS}.2 (đường kẻ 1/3–1/2 dòng chữ)"),
    "subject_rule": Fact(1 / 3, 1 / 2, "độ dài dòng chữ", 0.4, f"{PARTS}.5 (đường kẻ 1/3–1/2 dòng chữ)"),
    "motto_rule": Fact(0.95, 1.05, "độ dài dòng chữ", 1.0, f"{PARTS}.1 (đường kẻ dài bằng dòng chữ)"),
}
"""Every ND30 measure the writer and the checker share, by key."""


@dataclass(frozen=True)
class Element:
    """The look ND30 gives one element: ``size`` range in pt and the size vanban writes
    (``written``, None when vanban writes no such element), bold and italic (None: not
    judged), capitals, alignment (None: not judged), and its ô number / place in ND30."""

    name: str
    size: tuple[float, float]
    written: float | None
    bold: bool | None
    italic: bool | None
    upper: bool
    align: str | None
    source: str


def _e(name: str, size: tuple[float, float], written: float | None, bold: bool | None,
       italic: bool | None, upper: bool, align: str | None, source: str) -> Element:
    return Element(name, size, written, bold, italic, upper, align, source)


_ANNEX = f"{PARTS} (Phụ lục, văn bản kèm theo; ND30.md §1.6)"
ELEMENTS: Final[dict[str, Element]] = {
    "NATIONAL-TITLE": _e("Quốc hiệu", (12, 13), 13, True, False, True, "center", f"{PARTS}.1, ô 1"),
    "MOTTO": _e("Tiêu ngữ", (13, 14), 14, True, False, False, "center", f"{PARTS}.1, ô 1"),
    "PARENT-BODY": _e("Tên cơ quan chủ quản", (12, 13), 13, False, False, True, "center", f"{PARTS}.2, ô 2"),
    "ISSUER": _e("Tên cơ quan ban hành", (12, 13), 13, True, False, True, "center", f"{PARTS}.2, ô 2"),
    "NUMBER": _e("Số, ký hiệu", (13, 13), 13, False, False, False, "center", f"{PARTS}.3, ô 3"),
    "DATE": _e("Địa danh và thời gian ban hành", (13, 14), 14, False, True, False, "center", f"{PARTS}.4, ô 4"),
    "KIND-TITLE": _e("Tên loại văn bản", (13, 14), 14, True, False, True, "center", f"{PARTS}.5, ô 5a"),
    "SUBJECT": _e("Trích yếu nội dung", (13, 14), 14, True, False, False, "center", f"{PARTS}.5, ô 5a"),
    "VV": _e('Trích yếu công văn "V/v"', (12, 13), None, False, False, False, "center", f"{PARTS}.5, ô 5b"),
    "AUTHORITY-LINE": _e("Thẩm quyền ban hành quyết định", (13, 14), 14, True, False, True, "center",
                         f"{PARTS}, ô 6; Phụ lục III, Mẫu 1.2 (thẩm quyền ban hành)"),
    "DECISION-WORD": _e('"QUYẾT ĐỊNH:" trước các điều', (13, 14), 14, True, False, True, "center",
                        f"{PARTS}, ô 6; Phụ lục III, Mẫu 1.2"),
    "ANNEX-TITLE": _e("Tên phụ lục, danh sách kèm theo", (13, 14), 14, True, False, False, "center", _ANNEX),
    "ANNEX-REFERENCE": _e('Dòng "(Kèm theo … số … ngày …)"', (13, 14), 14, False, True, False, "center", _ANNEX),
    "AUTHORITY": _e("Quyền hạn, chức vụ người ký", (13, 14), 14, True, False, True, "center", f"{PARTS}.7, ô 7a"),
    "SIGNER-NAME": _e("Họ tên người ký", (13, 14), 14, True, False, False, "center", f"{PARTS}.7, ô 7b"),
    "RECIPIENTS-HEADING": _e('"Nơi nhận:"', (12, 12), 12, True, True, False, "left", f"{PARTS}.9, ô 9b"),
    "RECIPIENTS-ITEM": _e("Dòng Nơi nhận", (11, 11), 11, False, False, False, None, f"{PARTS}.9, ô 9b"),
    "PAGE-NUMBER": _e("Số trang", (13, 14), 13, False, False, False, "center", f"{PAGE}.5"),
}
"""The look of every element the writer writes and the checker judges, by key (the key is
the middle of the checker's rule ids: ND30-<key>-SIZE, -BOLD, -ITALIC, -CASE, -ALIGN)."""
