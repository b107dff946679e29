"""Template check of the ND30 frame: a clerk's template whose frame was changed in a way ND30
forbids (rule ``TPL-FRAME``, a warning).

The frame of every administrative template (``pipeline.docx.frame``) is the same: the styles
of the ND30 elements ("VB Quốc hiệu", "VB Trích yếu", … — ``layout.ELEMENT_STYLES``) with the
size, bold and italic of ``facts.ELEMENTS`` and the font Times New Roman; the A4 page with the
margins of ``facts.FACTS`` (ND30 Phụ lục I, mục I.1, I.4); the page number in the top margin
from page 2 (mục I.5). A clerk may restyle the wording freely; a change of one of these is
named here with where it is. A warning, not an error: the template still renders, and the ND30
check of the document made from it reports the same fault on the page.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.styles.style import CharacterStyle

from pipeline.check.checker import WARNING, Finding
from pipeline.nd30 import kinds
from pipeline.nd30 import layout as L
from pipeline.nd30.facts import ELEMENTS, FACTS

RULE = "TPL-FRAME"
RULE_TEXT = "Khung ND30 của mẫu bị sửa trái ND30"

NOT_ADMINISTRATIVE = frozenset(spec.template for spec in kinds.KINDS if spec.kind is None)
"""Templates of what is no văn bản hành chính (Giấy khen, danh sách gửi): no ND30 frame to hold."""

_MARGINS = (("top_margin", "margin_top", "lề trên"), ("bottom_margin", "margin_bottom", "lề dưới"),
            ("left_margin", "margin_left", "lề trái"), ("right_margin", "margin_right", "lề phải"))
_TOLERANCE_MM = 0.2  # Word rounds a margin typed in cm to twips


def _num(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _inherited(style: CharacterStyle | None, read: str) -> object:
    """Return the font attribute ``read`` of ``style`` or, when unset, of the style it is based on."""
    while style is not None:
        value = getattr(style.font, read)
        if value is not None:
            return value
        style = style.base_style
    return None


def _default_size_pt(document: DocxDocument) -> float | None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    size = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}") if defaults is not None else None
    return int(size.get(qn("w:val"))) / 2 if size is not None else None


def _styles(path: Path, document: DocxDocument) -> list[Finding]:
    out = []
    for style in document.styles:
        key = L.ELEMENT_STYLES.get(style.name or "")
        if key is None:
            continue
        element, where = ELEMENTS[key], f"kiểu «{style.name}»"
        if not isinstance(style, CharacterStyle):  # a paragraph style is one (python-docx's class tree)
            continue
        size = _inherited(style, "size")
        pt = size.pt if size is not None else _default_size_pt(document)  # type: ignore[attr-defined]
        low, high = element.size
        if pt is not None and not low <= pt <= high:
            want = f"{_num(low)} pt" if low == high else f"{_num(low)}–{_num(high)} pt"
            out.append(Finding(str(path), RULE, WARNING, where, element.name, f"cỡ chữ {want}", f"{_num(pt)} pt"))
        for attribute, word in (("bold", "đậm"), ("italic", "nghiêng")):
            wanted = getattr(element, attribute)
            found = bool(_inherited(style, attribute))
            if wanted is not None and found != wanted:
                out.append(Finding(str(path), RULE, WARNING, where, element.name,
                                   word if wanted else f"không {word}", word if found else f"không {word}"))
        font = _inherited(style, "name")
        if font is not None and font != L.FONT:
            out.append(Finding(str(path), RULE, WARNING, where, element.name, f"phông {L.FONT}", f"phông {font}"))
    return out


def _page(path: Path, document: DocxDocument) -> list[Finding]:
    out = []
    for n, section in enumerate(document.sections, start=1):
        where = f"phần {n}, thiết lập trang"
        size = (section.page_width, section.page_height)
        if None not in size and not all(FACTS[k].holds(v.mm, _TOLERANCE_MM)  # type: ignore[union-attr]
                                        for k, v in zip(("page_width", "page_height"), size, strict=True)):
            found = " × ".join(_num(round(v.mm)) for v in size)  # type: ignore[union-attr]
            out.append(Finding(str(path), RULE, WARNING, where, "khổ giấy", "A4 đứng 210 × 297 mm", f"{found} mm"))
        for attribute, fact, name in _MARGINS:
            value = getattr(section, attribute)
            if value is not None and not FACTS[fact].holds(value.mm, _TOLERANCE_MM):
                out.append(Finding(str(path), RULE, WARNING, where, name, f"{name} {FACTS[fact].text()}",
                                   f"{_num(round(value.mm, 1))} mm"))
    return out


def _page_number(path: Path, document: DocxDocument) -> list[Finding]:
    section = document.sections[0]
    where = "phần 1, đầu trang"
    header = section.header
    codes = [] if header.is_linked_to_previous else [
        *(t.text or "" for t in header._element.iter(qn("w:instrText"))),
        *(f.get(qn("w:instr")) or "" for f in header._element.iter(qn("w:fldSimple")))]
    if not any("PAGE" in code.split() for code in codes):
        return [Finding(str(path), RULE, WARNING, where, "số trang", "số trang (trường PAGE) ở đầu trang từ trang 2",
                        "không có số trang")]
    if not section.different_first_page_header_footer:
        return [Finding(str(path), RULE, WARNING, where, "số trang", "trang đầu không đánh số (trang đầu khác)",
                        "số trang cả ở trang 1")]
    return []


def check_frame(path: Path, document: DocxDocument) -> list[Finding]:
    """Return a ``TPL-FRAME`` warning for each part of the ND30 frame the template at ``path``
    (read as ``document``) changed in a way ND30 forbids: an element's style size, bold,
    italic or font (ND30 Phụ lục I, mục II; ô 1–9), the page size or a margin (mục I.1, I.4),
    the page number (mục I.5). Templates of what is no administrative document give none."""
    if Path(path).name in NOT_ADMINISTRATIVE:
        return []
    return [*_styles(path, document), *_page(path, document), *_page_number(path, document)]
