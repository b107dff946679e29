"""ND30 layout facts (page, sizes, styles) and the rules drawn to the length of their text."""

from __future__ import annotations

import functools
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.styles import CT_Style
from docx.oxml.table import CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from pipeline.docx.xpath import ElementPath
from pipeline.nd30.facts import ELEMENTS, FACTS

# ND30 Phụ lục I, Phần I, mục I: A4 portrait; margins within top/bottom 20–25, left 30–35,
# right 15–20 mm. The values written are those of pipeline.nd30.facts (the lower bound of
# each range, as most agencies do), where the checker reads the ranges.
PAGE_WIDTH_MM = FACTS["page_width"].written
PAGE_HEIGHT_MM = FACTS["page_height"].written
MARGIN_TOP_MM = FACTS["margin_top"].written
MARGIN_BOTTOM_MM = FACTS["margin_bottom"].written
MARGIN_LEFT_MM = FACTS["margin_left"].written
MARGIN_RIGHT_MM = FACTS["margin_right"].written
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165 mm
HEADER_DISTANCE_MM = 10.0  # page number sits in the top margin (ND30 Phụ lục I, mục I.5)

FONT = "Times New Roman"  # ND30 Phụ lục I, mục I.3; rendered with Liberation Serif 2.x
BODY_SIZE_PT = FACTS["body_size"].written  # ô 6: 13–14 pt
FIRST_LINE_INDENT_MM = FACTS["first_line_indent"].written  # 1.27 cm (ND30 allows 1 cm or 1.27 cm)
PARAGRAPH_SPACING_PT = FACTS["paragraph_spacing"].written  # ≥ 6 pt between paragraphs
LINE_SPACING = FACTS["line_spacing"].written  # single; ND30 allows single to 1.5 lines

# Header table: a borderless 2-column table slightly wider than the text block, centred on
# it, so that "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in 13 pt bold (≈ 96 mm) stays on one line.
HEADER_LEFT_MM = 70.0
HEADER_RIGHT_MM = 100.0
HEADER_INDENT_MM = -(HEADER_LEFT_MM + HEADER_RIGHT_MM - TEXT_WIDTH_MM) / 2
SIGNATURE_LEFT_MM = 80.0
SIGNATURE_RIGHT_MM = TEXT_WIDTH_MM - SIGNATURE_LEFT_MM
SIGNATURE_GAP_LINES = 4  # empty lines left for the signature and seal
SIGNATURE_GAP_ABOVE_MM = 4.0  # space between the content end "./." and the signature block

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # Quốc hiệu
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # Tiêu ngữ
RECIPIENTS_HEADING = "Nơi nhận:"
CONTENT_END = "./."


@dataclass(frozen=True)
class StyleSpec:
    """A paragraph style of the ND30 frame: size in pt, emphasis, alignment, spacing in pt."""

    name: str
    size: float
    bold: bool = False
    italic: bool = False
    align: str = "center"  # left | center | right | justify
    first_line_indent_mm: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False
    page_break_before: bool = False


ELEMENT_STYLES: dict[str, str] = {}
"""The frame's style of each ND30 element, by style name → key of ``facts.ELEMENTS`` ("VB Quốc
hiệu" → "NATIONAL-TITLE"): what the template check holds a clerk's restyling to."""


def _element(name: str, key: str, **layout: Any) -> StyleSpec:
    """Return the style of element ``key`` of ``facts.ELEMENTS``: the size vanban writes, its
    bold and italic (``layout`` adds alignment, spacing, keeping); noted in ``ELEMENT_STYLES``."""
    element = ELEMENTS[key]
    assert element.written is not None, key
    ELEMENT_STYLES[name] = key
    return StyleSpec(name, element.written, bold=bool(element.bold), italic=bool(element.italic), **layout)


# Every element of ND30 Phụ lục I, mục II with its size and emphasis (ô numbers of mục IV),
# taken from pipeline.nd30.facts.ELEMENTS (where the checker reads the ranges).
PARENT_BODY = _element("VB Cơ quan chủ quản", "PARENT-BODY")  # ô 2, regular caps
ISSUER = _element("VB Cơ quan ban hành", "ISSUER")  # ô 2, bold caps + rule
NATIONAL = _element("VB Quốc hiệu", "NATIONAL-TITLE")  # ô 1
MOTTO_STYLE = _element("VB Tiêu ngữ", "MOTTO")  # ô 1, rule as long as the text
RULE = StyleSpec("VB Gạch ngang", 2, space_before=3, space_after=6)  # a drawn line: the top border of a tiny paragraph
NUMBER = _element("VB Số ký hiệu", "NUMBER", space_before=6)  # ô 3
DATE_LINE = _element("VB Địa danh ngày", "DATE", space_before=6)  # ô 4
KIND_TITLE = _element("VB Tên loại", "KIND-TITLE", space_before=18, keep_with_next=True)  # ô 5a
SUBJECT = _element("VB Trích yếu", "SUBJECT", keep_with_next=True)  # ô 5a
AUTHORITY_LINE = _element("VB Thẩm quyền", "AUTHORITY-LINE", space_before=12, space_after=6)
BODY = StyleSpec(
    "VB Nội dung", BODY_SIZE_PT, align="justify", first_line_indent_mm=FIRST_LINE_INDENT_MM,
    space_after=PARAGRAPH_SPACING_PT,
)  # ô 6
HEADING = StyleSpec(
    "VB Mục", 14, bold=True, align="justify", first_line_indent_mm=FIRST_LINE_INDENT_MM,
    space_before=PARAGRAPH_SPACING_PT, space_after=PARAGRAPH_SPACING_PT, keep_with_next=True,
)  # I., II. …: kept with what follows, spaced from a table above
ITEM = StyleSpec(
    "VB Khoản", 14, bold=True, align="justify", first_line_indent_mm=FIRST_LINE_INDENT_MM,
    space_before=PARAGRAPH_SPACING_PT, space_after=PARAGRAPH_SPACING_PT, keep_with_next=True,
)  # 1., 2. … with a title of their own: kept with what follows, spaced from a table above
CLOSING = StyleSpec(
    "VB Câu kết", BODY_SIZE_PT, align="justify", first_line_indent_mm=FIRST_LINE_INDENT_MM,
    space_after=PARAGRAPH_SPACING_PT, keep_with_next=True,
)  # the paragraph ending "./.": kept on the page of the signature block
LEAD = StyleSpec(
    "VB Dẫn", 14, align="justify", first_line_indent_mm=FIRST_LINE_INDENT_MM,
    space_after=PARAGRAPH_SPACING_PT, keep_with_next=True,
)  # body text that introduces a figure or a table ("… như biểu đồ sau:"): kept with it
BASIS = StyleSpec(
    "VB Căn cứ", BODY_SIZE_PT, italic=True, align="justify", first_line_indent_mm=FIRST_LINE_INDENT_MM,
    space_after=PARAGRAPH_SPACING_PT,
)  # căn cứ ban hành of a decision: italic, each ending ";" and the last "."
CENTER_BOLD = _element("VB Giữa đậm", "DECISION-WORD", space_before=6, space_after=6, keep_with_next=True)
GREETING = StyleSpec("VB Kính gửi", 14, space_before=6, space_after=6)  # ô 9a
FIGURE = StyleSpec("VB Hình", 14, space_after=PARAGRAPH_SPACING_PT)  # a chart, centred
TABLE_CELL = StyleSpec("VB Ô bảng", 13, align="left")
TABLE_HEAD = StyleSpec("VB Ô tiêu đề bảng", 13, bold=True)
# DANH SÁCH / Phụ lục: opens its own section (SECTION_BREAK before it), so no page break of its own
ANNEX_TITLE = StyleSpec("VB Tên phụ lục", 14, bold=True, keep_with_next=True)
SECTION_BREAK = StyleSpec("VB Ngắt phần", 1)  # the empty paragraph closing a section (before each annex)
ANNEX_SUBTITLE = StyleSpec("VB Trích yếu phụ lục", 14, bold=True, keep_with_next=True)
ANNEX_REFERENCE = _element("VB Kèm theo", "ANNEX-REFERENCE", keep_with_next=True)  # (Kèm theo …)
RECIPIENTS_TITLE = _element("VB Nơi nhận tiêu đề", "RECIPIENTS-HEADING", align="left")  # ô 9b
RECIPIENT = _element("VB Nơi nhận", "RECIPIENTS-ITEM", align="left")  # ô 9b items
SIGN_AUTHORITY = _element("VB Quyền hạn ký", "AUTHORITY")  # ô 7a
SIGNER_NAME = _element("VB Họ tên người ký", "SIGNER-NAME")  # ô 7b
PAGE_NUMBER = _element("VB Số trang", "PAGE-NUMBER")  # top margin, from page 2

STYLES: tuple[StyleSpec, ...] = (
    PARENT_BODY, ISSUER, NATIONAL, MOTTO_STYLE, RULE, NUMBER, DATE_LINE, KIND_TITLE, SUBJECT,
    AUTHORITY_LINE, BODY, HEADING, ITEM, CLOSING, LEAD, BASIS, CENTER_BOLD, GREETING, FIGURE, TABLE_CELL,
    TABLE_HEAD, ANNEX_TITLE, ANNEX_SUBTITLE, ANNEX_REFERENCE, SECTION_BREAK, RECIPIENTS_TITLE, RECIPIENT,
    SIGN_AUTHORITY, SIGNER_NAME, PAGE_NUMBER,
)

@dataclass(frozen=True)
class Geometry:
    """Where a template's frame tables sit, in mm: the header table's two column widths and
    its indent from the text block, the signature table's widths and indent, and the space
    above the signature table (its top cell margin)."""

    header: tuple[float, float]
    header_indent: float
    signature: tuple[float, float]
    signature_indent: float
    signature_gap_above: float


DOCUMENT_GEOMETRY = Geometry((HEADER_LEFT_MM, HEADER_RIGHT_MM), HEADER_INDENT_MM,
                             (SIGNATURE_LEFT_MM, SIGNATURE_RIGHT_MM), 0.0, SIGNATURE_GAP_ABOVE_MM)
"""The frame of an administrative document on A4 portrait (ND30 Phụ lục I, Mẫu 1.1–1.4)."""

# The certificate (Giấy khen): one A4 landscape page, 18 mm margins all round.
CERT_PAGE_WIDTH_MM, CERT_PAGE_HEIGHT_MM = 297.0, 210.0
CERT_MARGIN_MM = 18.0
CERT_TEXT_WIDTH_MM = CERT_PAGE_WIDTH_MM - 2 * CERT_MARGIN_MM  # 261 mm
CERTIFICATE_GEOMETRY = Geometry((110.0, 130.0), (CERT_TEXT_WIDTH_MM - 240.0) / 2, (120.0, 120.0), 0.0, 0.0)
"""The certificate's header (cơ quan | Quốc hiệu) and its foot (the decision on the left, the
date line and signature on the right)."""

# The certificate's own styles (Giấy khen, Bằng khen: not a văn bản hành chính; its header
# and signature use the frame's "VB …" styles), and the dispatch sheet's document lines.
CERT_AWARDER = StyleSpec("GK Người tặng", 15, bold=True, space_before=26)
CERT_GIVES = StyleSpec("GK Tặng", 15, bold=True, space_before=6)
CERT_FORM_TITLE = StyleSpec("GK Tên hình thức", 44, bold=True, space_before=8, space_after=10)
CERT_AWARDEE = StyleSpec("GK Người nhận", 24, bold=True, space_after=4)
CERT_POSITION = StyleSpec("GK Chức vụ đơn vị", 16, space_after=8)
CERT_ACHIEVEMENT = StyleSpec("GK Thành tích", 16, italic=True, space_after=22)
CERT_DECISION = StyleSpec("GK Quyết định", 13, align="left")
DISPATCH_INFO = StyleSpec("DSG Thông tin", 13, align="left", space_after=3)
OWN_STYLES: tuple[StyleSpec, ...] = (
    CERT_AWARDER, CERT_GIVES, CERT_FORM_TITLE, CERT_AWARDEE, CERT_POSITION, CERT_ACHIEVEMENT, CERT_DECISION,
    DISPATCH_INFO,
)
"""Styles of the templates that are not administrative documents; a template holds those its
source uses (``pipeline.docx.source``)."""

TABLE_STYLE = "VB Bảng"  # single black borders 0,5 pt, header row repeated on each page
TABLE_BORDER_PT = 0.5

# Length of a rule relative to the text line above it (ND30 Phụ lục I, mục II): 1/3–1/2 under
# the issuing body and the subject, the full text length under the motto.
RULE_RATIO: dict[str, float] = {
    ISSUER.name: FACTS["issuer_rule"].written, SUBJECT.name: FACTS["subject_rule"].written,
    MOTTO_STYLE.name: FACTS["motto_rule"].written, ANNEX_REFERENCE.name: 0.25,
}
RULE_WEIGHT_PT = 0.75


@functools.cache
def _font_file(bold: bool, italic: bool) -> Path | None:
    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}
    for folder in ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"):
        path = Path(folder) / f"LiberationSerif-{style[bold, italic]}.ttf"
        if path.exists():
            return path
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{FONT}:{'bold' if bold else 'regular'}"],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout
    except OSError:
        return None
    return Path(out) if out.endswith(".ttf") else None


@functools.cache
def _advance_widths(bold: bool, italic: bool) -> tuple[dict[int, int], int] | None:
    from fontTools.ttLib import TTFont  # fontTools only loads when a rule is measured

    path = _font_file(bold, italic)
    if path is None:
        return None
    with TTFont(str(path)) as font:
        hmtx = font["hmtx"]
        widths = {code: hmtx[glyph][0] for code, glyph in font.getBestCmap().items()}
        return widths, int(font["head"].unitsPerEm)


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Return the width in mm of one line of ``text`` set in Times New Roman at ``size_pt``.

    Measured with the metrics of Liberation Serif (metric-compatible with Times New Roman);
    without the font file it falls back to 0,5 em per character.
    """
    metrics = _advance_widths(bold, italic)
    if metrics is None:
        return len(text) * size_pt * 0.5 * 25.4 / 72
    widths, units = metrics
    default = widths.get(ord("n"), units // 2)
    return sum(widths.get(ord(c), default) for c in text) * size_pt / units * 25.4 / 72


def lines_width_mm(text: str, spec: StyleSpec) -> float:
    """Return the width in mm of the longest line of ``text`` in the style ``spec``: a line
    break the user put in a name ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI", a w:br) ends a line,
    so a rule or a one-line fit follows the lines as the user broke them."""
    return max(text_width_mm(line, spec.size, bold=spec.bold, italic=spec.italic) for line in text.split("\n"))


def _container_width_mm(paragraph: Paragraph) -> float:
    parent = paragraph._parent
    if isinstance(parent, _Cell) and parent.width is not None:
        return float(parent.width.mm)
    return TEXT_WIDTH_MM


def _fit_rule(rule: Paragraph, ids: Mapping[str, str]) -> None:
    # The nearest paragraph above with text, in the same container (body or cell): tables
    # between are passed over, as in python-docx's paragraph list.
    above = None
    for prev in rule._p.itersiblings(qn("w:p"), preceding=True):
        if not isinstance(prev, CT_P):  # python-docx parsed the part: every w:p is a CT_P
            continue
        para = Paragraph(prev, rule._parent)
        if para.text.strip():
            above = para
            break
    style_id = above._p.style if above is not None else None
    if above is None or style_id is None or ids.get(style_id) not in RULE_RATIO:
        return
    name = ids[style_id]
    spec = next(s for s in STYLES if s.name == name)
    container = _container_width_mm(rule)
    line = min(lines_width_mm(above.text, spec), container)
    side = (container - line * RULE_RATIO[spec.name]) / 2
    rule.paragraph_format.left_indent = Mm(side)
    rule.paragraph_format.right_indent = Mm(side)


# Lines that must stay on one line, and the smallest size ND30 allows them (Phụ lục I, mục
# II.4: the date line is 13–14 pt): a long place name ("Thành phố Hồ Chí Minh") drops to it.
ONE_LINE_MIN_PT: dict[str, float] = {DATE_LINE.name: 13.0}


_STYLED_CELL_PARAGRAPHS = ElementPath("./w:tr/w:tc/w:p[w:pPr/w:pStyle/@w:val = $id]", CT_P)
_RULES_IN = ElementPath("./w:p[w:pPr/w:pStyle/@w:val = $id]", CT_P)


def _cell_of(p: CT_P, table: Table) -> _Cell:
    """Return the table cell holding ``p`` (a paragraph that ``_STYLED_CELL_PARAGRAPHS`` found)."""
    tc = p.getparent()
    if not isinstance(tc, CT_Tc):
        raise TypeError(f"the paragraph's parent is {type(tc).__name__}, not a table cell")
    return _Cell(tc, table)


def fit_lines(document: DocxDocument, ids: Mapping[str, str] | None = None) -> None:
    """Set a one-line element to its smallest allowed size when it would wrap at its own.

    Applies to the styles of ``ONE_LINE_MIN_PT`` in the header table; the size is set on
    the paragraph's runs (direct formatting), so the style stays as the clerk left it.
    ``ids`` is ``style_ids(document)`` when already known (same styles part).
    """
    by_name = {s.name: s for s in STYLES}
    # Paragraphs are found by style id (w:pStyle) in the cells of the body's tables, in
    # lxml: ``paragraph.style`` searches every style per paragraph, which took a third of a
    # one-page render and seconds on a report whose tables have thousands of cells.
    ids = style_ids(document) if ids is None else ids
    for style_id, name in ids.items():
        if name not in ONE_LINE_MIN_PT:
            continue
        spec = by_name[name]
        for tbl in document.element.body.iterchildren(qn("w:tbl")):
            table = None
            for p in _STYLED_CELL_PARAGRAPHS(tbl, id=style_id):
                table = table or Table(tbl, document._body)
                para = Paragraph(p, _cell_of(p, table))
                if lines_width_mm(para.text, spec) > _container_width_mm(para):
                    for run in para.runs:
                        run.font.size = Pt(ONE_LINE_MIN_PT[name])


_STYLES_NAMED = ElementPath("w:style[w:name and contains($names, concat('|', w:name/@w:val, '|'))]", CT_Style)


def style_ids(document: DocxDocument) -> dict[str, str]:
    """Return style id → name of the styles ``fit_rules``, ``fit_lines`` and ``tie_titles`` look
    for (the rule, the styles of ``RULE_RATIO``, ``ONE_LINE_MIN_PT`` and ``TIED_TITLES``; the first style of each name,
    as ``document.styles[name]``), read in one compiled XPath pass over styles.xml."""
    wanted = {RULE.name, *RULE_RATIO, *ONE_LINE_MIN_PT, *TIED_TITLES}
    ids = {}
    for style in _STYLES_NAMED(document.styles.element, names="|" + "|".join(wanted) + "|"):
        name_el = style.find(qn("w:name"))  # the XPath keeps styles with a w:name
        name = name_el.get(qn("w:val")) if name_el is not None else None
        style_id = style.get(qn("w:styleId"))
        if name is not None and name in wanted:
            wanted.discard(name)
            if style_id is not None:
                ids[style_id] = name
    return ids


def fit_rules(document: DocxDocument, ids: Mapping[str, str] | None = None) -> None:
    """Set each rule's length from the text line above it (ND30 Phụ lục I, mục II.1–II.5).

    A rule is a paragraph in style "VB Gạch ngang" whose top border is the drawn line; its
    left and right indents are set so that it is centred and ``RULE_RATIO`` times as long as
    the nearest non-empty paragraph above it (in the same table cell or in the body).
    """
    ids = style_ids(document) if ids is None else ids
    rule_ids = [i for i, name in ids.items() if name == RULE.name]
    if not rule_ids:
        return
    # Rules are found by style id in lxml, in the body and in the cells of its tables (not
    # python-docx's paragraph.style, which searches every style, nor its cell grid, which
    # took seconds on a report whose tables have thousands of cells).
    body = document.element.body
    for p in _RULES_IN(body, id=rule_ids[0]):
        _fit_rule(Paragraph(p, document._body), ids)
    for tbl in body.iterchildren(qn("w:tbl")):
        table = None
        for p in _STYLED_CELL_PARAGRAPHS(tbl, id=rule_ids[0]):
            table = table or Table(tbl, document._body)
            _fit_rule(Paragraph(p, _cell_of(p, table)), ids)


NBSP = "\u00a0"
TIED_TITLES = frozenset({SUBJECT.name, ANNEX_SUBTITLE.name, PARENT_BODY.name, ISSUER.name})
"""The centred lines whose last line must not be one word alone: titles (trích yếu, an annex's
title) and the header's names (ô 2: "ỦY BAN NHÂN DÂN TỈNH NAM / ĐỊNH" → "… TỈNH / NAM ĐỊNH")."""


def tie_last_words(text: str) -> str:
    """Return ``text`` with a no-break space between its last two words (the last three when
    the last is a number or one letter: "Đợt 1"), so that a centred title never ends on a
    line of one word ("… ở cơ / sở" → "… ở / cơ sở"; "…, Đợt / 1" → "… sở, / Đợt 1"); a text
    holding a line break of its own (the user chose where its lines break: "UBND THÀNH PHỐ\nHỒ
    CHÍ MINH") and a text already tied are returned as they are."""
    head, _, last = text.rpartition(" ")
    if not head or "\n" in text or NBSP in last:
        return text
    tied = f"{head}{NBSP}{last}"
    if last.isdigit() or len(last) == 1:
        before, _, word = head.rpartition(" ")
        if before and "\n" not in word:
            tied = f"{before}{NBSP}{word}{NBSP}{last}"
    return tied


_TEXT_AND_BREAKS = ElementPath("./w:r/w:t | ./w:r/w:br | ./w:r/w:cr | ./w:hyperlink/w:r/w:t", etree._Element)


def _tie_paragraph(p: CT_P) -> None:
    pieces = list(_TEXT_AND_BREAKS(p))
    texts = [el.text or "" if el.tag == qn("w:t") else "\n" for el in pieces]
    whole = "".join(texts)
    tied = tie_last_words(whole.rstrip())
    if tied == whole.rstrip():
        return
    start = 0
    for el, text in zip(pieces, texts, strict=True):
        if el.tag == qn("w:t") and tied[start:start + len(text)] != text:
            el.text = tied[start:start + len(text)]
        start += len(text)


def tie_titles(document: DocxDocument, ids: Mapping[str, str] | None = None) -> None:
    """Tie the last words of every paragraph in a style of ``TIED_TITLES`` (``tie_last_words``),
    in the body and its tables, after rendering: the words come from the template (a clerk's
    own too), so they are tied where they are printed. Spaces become no-break spaces in the
    runs' text, whatever run holds them."""
    ids = style_ids(document) if ids is None else ids
    body = document.element.body
    for style_id, name in ids.items():
        if name not in TIED_TITLES:
            continue
        for p in _RULES_IN(body, id=style_id):
            _tie_paragraph(p)
        for tbl in body.iterchildren(qn("w:tbl")):
            for p in _STYLED_CELL_PARAGRAPHS(tbl, id=style_id):
                _tie_paragraph(p)
