"""Write each document kind's template (templates/<kind>.docx) from its text source
(templates/nguon/<kind>.txt, format: pipeline.docx.source) and the layout facts.

The ND30 frame every kind shares — page set-up, page numbers, the header block, the title
block, the signature block with Nơi nhận — is written here once; the wording is the source's.
The DOCX it writes is the template docxtpl renders; a clerk may restyle it in Word (the
styles are named "VB …").
"""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table, _Cell

from pipeline.docx import certframe
from pipeline.docx import source as S
from pipeline.nd30 import layout as L

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _set_fonts(rpr: BaseOxmlElement, *, size: float | None = None) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), L.FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))


def set_defaults(doc: DocxDocument) -> None:
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default, size=14)
    normal = doc.styles["Normal"]
    normal.font.name = L.FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = L.LINE_SPACING


def add_style(doc: DocxDocument, spec: L.StyleSpec) -> None:
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.name = L.FONT
    style.font.size = Pt(spec.size)
    style.font.bold = spec.bold
    style.font.italic = spec.italic
    _set_fonts(style.element.get_or_add_rPr())
    fmt = style.paragraph_format
    fmt.alignment = _ALIGN[spec.align]
    fmt.first_line_indent = Mm(spec.first_line_indent_mm)
    fmt.space_before = Pt(spec.space_before)
    fmt.space_after = Pt(spec.space_after)
    fmt.line_spacing = L.LINE_SPACING
    fmt.keep_with_next = spec.keep_with_next
    fmt.page_break_before = spec.page_break_before
    fmt.widow_control = True
    if spec is L.RULE:
        border = OxmlElement("w:pBdr")
        top = OxmlElement("w:top")
        top.set(qn("w:val"), "single")
        top.set(qn("w:sz"), str(int(L.RULE_WEIGHT_PT * 8)))
        top.set(qn("w:space"), "1")
        top.set(qn("w:color"), "000000")
        border.append(top)
        style.element.get_or_add_pPr().append(border)


def set_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(L.PAGE_WIDTH_MM), Mm(L.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(L.MARGIN_TOP_MM), Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(L.MARGIN_LEFT_MM), Mm(L.MARGIN_RIGHT_MM)
    section.header_distance = Mm(L.HEADER_DISTANCE_MM)
    section.footer_distance = Mm(L.HEADER_DISTANCE_MM)
    # ND30 Phụ lục I, mục I.5: no number on page 1, centred in the top margin from page 2.
    section.different_first_page_header_footer = True
    # Each section (the document, then each annex) numbers its pages from 1 (ND30 Phụ lục I,
    # mục I.5: "mỗi phụ lục được đánh số trang riêng"); see ``annex_section_break``.
    number_type = OxmlElement("w:pgNumType")
    number_type.set(qn("w:start"), "1")
    cols = section._sectPr.find(qn("w:cols"))  # w:pgNumType comes just before w:cols (OOXML order)
    if cols is not None:
        cols.addprevious(number_type)
    else:
        section._sectPr.append(number_type)
    section.first_page_header.paragraphs[0].text = ""
    para = section.header.paragraphs[0]
    para.style = doc.styles[L.PAGE_NUMBER.name]
    run = para.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        else:
            el = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)


def add_table(
    doc: DocxDocument, rows: int, widths_mm: tuple[float, float], indent_mm: float, *, top_mm: float = 0
) -> Table:
    table: Table = doc.add_table(rows=rows, cols=2)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for tag, attrs in (
        ("w:tblW", {"w:w": str(int(sum(widths_mm) * 56.7)), "w:type": "dxa"}),
        ("w:tblInd", {"w:w": str(int(indent_mm * 56.7)), "w:type": "dxa"}),
        ("w:tblLayout", {"w:type": "fixed"}),
    ):
        el = tbl_pr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            tbl_pr.append(el)
        for key, value in attrs.items():
            el.set(qn(key), value)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", top_mm), ("left", 0), ("right", 0)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(width * 56.7)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    for n, width in enumerate(widths_mm):
        table.columns[n].width = Mm(width)
        for cell in table.columns[n].cells:
            cell.width = Mm(width)
    for row in table.rows:  # a header or signature block never splits across pages
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
    return table


def write_lines(cell: _Cell | DocxDocument, lines: list[tuple[str, L.StyleSpec]], *, first: bool = True) -> None:
    for n, (text, spec) in enumerate(lines):
        if n == 0 and first and isinstance(cell, _Cell):
            para = cell.paragraphs[0]
            para.text = text
        else:
            para = cell.add_paragraph(text)
        para.style = spec.name


def add_table_style(doc: DocxDocument) -> None:
    """Add the table style "VB Bảng": single black borders all round and inside."""
    style = doc.styles.add_style(L.TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    tbl_pr = style.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        style.element.append(tbl_pr)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(int(L.TABLE_BORDER_PT * 8)))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("left", 1.5), ("right", 1.5)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(width * 56.7)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)


def write_issuer_and_motto(left: _Cell, right: _Cell) -> None:
    """Write the top of the header block into two cells (ND30 Phụ lục I, mục II.1–II.2; ô 1–2):
    parent body, issuing body and its rule on the left; Quốc hiệu, Tiêu ngữ and its rule on
    the right. Shared by every template (documents, certificates)."""
    write_lines(left, [
        ("{%p if parent_body %}", L.PARENT_BODY),
        ("{{ parent_body }}", L.PARENT_BODY),
        ("{%p endif %}", L.PARENT_BODY),
        ("{{ issuer_header }}", L.ISSUER),
        ("", L.RULE),
    ])
    write_lines(right, [(L.NATIONAL_TITLE, L.NATIONAL), (L.MOTTO, L.MOTTO_STYLE), ("", L.RULE)])


# The signer's block (ND30 mục II.7; ô 7a–7c): authority lines, room to sign, the name.
SIGNER_LINES: list[tuple[str, L.StyleSpec]] = [
    ("{%p for line in authority_lines %}", L.SIGN_AUTHORITY),
    ("{{ line }}", L.SIGN_AUTHORITY),
    ("{%p endfor %}", L.SIGN_AUTHORITY),
    *[("", L.SIGNER_NAME)] * L.SIGNATURE_GAP_LINES,
    ("{{ signer_name }}", L.SIGNER_NAME),
]


KEPT_TABLE_STYLES = {"TableNormal", "TableGrid"}


def prune_defaults(doc: DocxDocument) -> None:
    """Drop what python-docx's default template carries and no vanban document uses: ~100
    sample table styles, the latent-style list and Word 2010's stylesWithEffects copy of
    styles.xml (about 800 KB re-read and re-written with every rendered document)."""
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in KEPT_TABLE_STYLES:
            if style.find(qn("w:name")).get(qn("w:val")) != L.TABLE_STYLE:
                styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    part = doc.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del part.rels[rel_id]


def save_template(doc: DocxDocument, path: Path) -> None:
    """Write a generated template to ``path``: vanban's properties, without what python-docx's
    default template carries (sample styles, thumbnail) — shared by every template generator."""
    props = doc.core_properties
    props.language, props.author, props.last_modified_by, props.comments = "vi-VN", "vanban", "vanban", ""
    prune_defaults(doc)
    package = doc.part.package  # drop python-docx's sample thumbnail: Word would show it
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def annex_section_break(doc: DocxDocument) -> None:
    """Make the paragraph in style "VB Ngắt phần" close a section: a copy of the document's
    section settings (A4, margins, the page number from page 2, numbering from 1) set in it.

    Rendered once per annex, it ends the section before the annex, so each annex starts on a
    new page with its own page numbers from 1, its first page unnumbered like the document's
    (ND30 Phụ lục I, mục I.5; ND30.md §1.2, §1.6)."""
    section = doc.sections[-1]._sectPr
    style_id = doc.styles[L.SECTION_BREAK.name].style_id
    for p in doc.element.body.iterchildren(qn("w:p")):
        p_pr = p.find(qn("w:pPr"))
        style = p_pr.find(qn("w:pStyle")) if p_pr is not None else None
        if style is not None and style.get(qn("w:val")) == style_id:
            p_pr.append(copy.deepcopy(section))


def _write_paragraph(container: _Cell | DocxDocument, paragraph: S.Paragraph, *, first: bool = False) -> None:
    para = container.paragraphs[0] if first and isinstance(container, _Cell) else container.add_paragraph()
    para.style = paragraph.style.name
    for run in paragraph.runs:
        made = para.add_run(run.text)
        if run.bold:
            made.bold = True
        if run.italic:
            made.italic = True


def _write_table(doc: DocxDocument, table: S.Table) -> None:
    """Write a body table: style "VB Bảng", fixed widths, the header row bold and repeated on
    every page, no row split across pages (ND30; as pipeline.docx.render writes data tables)."""
    made: Table = doc.add_table(rows=len(table.rows), cols=len(table.widths_mm))
    made.style = doc.styles[L.TABLE_STYLE]
    made.autofit = False
    for n, width in enumerate(table.widths_mm):
        made.columns[n].width = Mm(width)
    for r, (row, cells) in enumerate(zip(made.rows, table.rows, strict=True)):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for c, cell in enumerate(row.cells):
            cell.width = Mm(table.widths_mm[c])
            para = cell.paragraphs[0]
            para.style = L.TABLE_HEAD.name if r == 0 else L.TABLE_CELL.name
            if r and not cells[0].startswith("{%tr"):
                para.alignment = _ALIGN[table.align[c]]
            text = cells[c] if c < len(cells) else ""
            for run in S.runs(text):
                added = para.add_run(run.text)
                added.bold, added.italic = run.bold or None, run.italic or None


def _write_signature(doc: DocxDocument, directive: S.Directive, geometry: L.Geometry) -> None:
    """Write the signature block (ND30 mục II.7, II.9; ô 7–9): Nơi nhận with the template's own
    first lines, the recipients, "- Lưu: …."; the authority lines, room to sign, the name. A
    certificate's (``@ký giấy khen``): its own lines on the left; the date line and the
    signer's block on the right."""
    signature = add_table(doc, 1, geometry.signature, geometry.signature_indent, top_mm=geometry.signature_gap_above)
    left = signature.cell(0, 0)
    if directive.arg == "giấy khen":
        for n, line in enumerate(directive.lines):
            _write_paragraph(left, line, first=n == 0)
        write_lines(signature.cell(0, 1), [("{{ date_line }}", L.DATE_LINE), *SIGNER_LINES])
        return
    write_lines(left, [(L.RECIPIENTS_HEADING, L.RECIPIENTS_TITLE)])
    for line in directive.lines:
        _write_paragraph(left, line)
    write_lines(left, [
        ("{%p for r in recipients %}", L.RECIPIENT),
        ("{{ r }}", L.RECIPIENT),
        ("{%p endfor %}", L.RECIPIENT),
        ("- Lưu: {{ archive }}.", L.RECIPIENT),
    ], first=False)
    write_lines(signature.cell(0, 1), SIGNER_LINES)


def _write_header(doc: DocxDocument, directive: S.Directive, geometry: L.Geometry) -> None:
    """Write the header block (ND30 Phụ lục I, mục II.1–II.4; ô 1–4); ``@đầu không số``
    without the row of the number and the date line (a certificate)."""
    numbered = directive.arg != "không số"
    header = add_table(doc, 2 if numbered else 1, geometry.header, geometry.header_indent)
    write_issuer_and_motto(header.cell(0, 0), header.cell(0, 1))
    if numbered:
        write_lines(header.cell(1, 0), [("{{ number_line }}", L.NUMBER)])
        write_lines(header.cell(1, 1), [("{{ date_line }}", L.DATE_LINE)])


def build_kind(source: Path, path: Path) -> None:
    """Write the template of one document kind to ``path`` (DOCX) from its text source
    (``pipeline.docx.source``): the ND30 frame — styles, page, page numbers, header block,
    signature block — the same in every kind, around the kind's own wording. Layout per ND30
    Phụ lục I (A4, margins 20/20/30/15 mm, Times New Roman), Phụ lục III Mẫu 1.1–1.4; a
    certificate's (``@trang giấy khen``) on its landscape page (``certframe``)."""
    items = S.parse(source)
    certificate = any(isinstance(i, S.Directive) and i.name == "trang" for i in items)
    geometry = L.CERTIFICATE_GEOMETRY if certificate else L.DOCUMENT_GEOMETRY
    doc = Document()
    set_defaults(doc)
    used = {i.style.name for i in items if isinstance(i, S.Paragraph)}
    used |= {p.style.name for i in items if isinstance(i, S.Directive) for p in i.lines}
    for spec in (*L.STYLES, *(s for s in L.OWN_STYLES if s.name in used)):
        add_style(doc, spec)
    add_table_style(doc)
    if certificate:
        certframe.certificate_page(doc)
    else:
        set_page(doc)
    for item in items:
        if isinstance(item, S.Directive) and item.name == "đầu":
            _write_header(doc, item, geometry)
        elif isinstance(item, S.Directive) and item.name == "ký":
            _write_signature(doc, item, geometry)
        elif isinstance(item, S.Table):
            _write_table(doc, item)
        elif isinstance(item, S.Paragraph):
            _write_paragraph(doc, item)
    annex_section_break(doc)
    save_template(doc, path)


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
"""vanban's default templates; their sources are in ``nguon/``."""


if __name__ == "__main__":  # make templates
    for src in sorted((TEMPLATES / "nguon").glob("[!_]*.txt")):
        build_kind(src, TEMPLATES / f"{src.stem}.docx")
