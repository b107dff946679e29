"""Write the certificate template (templates/giay-khen.docx): one landscape A4 page.

A Giấy khen is not a văn bản hành chính with a tên loại, so it has its own template: the
header (cơ quan | Quốc hiệu, Tiêu ngữ, as in ND30 Phụ lục I mục II.1–II.2), the awarding
person, "TẶNG", "GIẤY KHEN", the awardee, the achievement, then the decision reference on the
left and the date line and signature on the right, inside a sober double page border.
Every paragraph has a named style ("GK …", or the frame's "VB …" for the header) that the
clerk may restyle in Word; the variables are listed in ``build_certificate_template``.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor

from pipeline.docx.frame import (
    SIGNER_LINES,
    add_style,
    add_table,
    save_template,
    set_defaults,
    write_issuer_and_motto,
    write_lines,
)
from pipeline.nd30 import layout as L

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 297.0, 210.0  # A4 landscape
MARGIN_MM = 18.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - 2 * MARGIN_MM  # 261 mm
TITLE_COLOUR = RGBColor(0xA0, 0x10, 0x10)  # a dark red, the usual ink of "GIẤY KHEN"

AWARDER = L.StyleSpec("GK Người tặng", 15, bold=True, space_before=26)
GIVES = L.StyleSpec("GK Tặng", 15, bold=True, space_before=6)
FORM_TITLE = L.StyleSpec("GK Tên hình thức", 44, bold=True, space_before=8, space_after=10)
AWARDEE = L.StyleSpec("GK Người nhận", 24, bold=True, space_after=4)
POSITION = L.StyleSpec("GK Chức vụ đơn vị", 16, space_after=8)
ACHIEVEMENT = L.StyleSpec("GK Thành tích", 16, italic=True, space_after=22)
DECISION = L.StyleSpec("GK Quyết định", 13, align="left")
STYLES = (AWARDER, GIVES, FORM_TITLE, AWARDEE, POSITION, ACHIEVEMENT, DECISION)
HEADER_LEFT_MM, HEADER_RIGHT_MM = 110.0, 130.0
FOOT_LEFT_MM, FOOT_RIGHT_MM = 120.0, 120.0


def _page_border(section) -> None:  # type: ignore[no-untyped-def]
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "thinThickSmallGap")
        el.set(qn("w:sz"), "24")  # eighths of a point: 3 pt
        el.set(qn("w:space"), "24")  # pt from the page edge
        el.set(qn("w:color"), "7A1010")
        borders.append(el)
    sect_pr = section._sectPr
    sect_pr.insert(sect_pr.index(sect_pr.find(qn("w:pgMar"))) + 1, borders)


def build_certificate_template(path: Path) -> None:
    """Write the landscape A4 Giấy khen template to ``path`` (DOCX, docxtpl variables).

    Variables: parent_body, issuer_header, authority_line ("TRƯỞNG BAN BAN QUẢN LÝ …"),
    form_title ("GIẤY KHEN"), awardee ("Ông Nguyễn Văn An" or a collective), position,
    achievement, decision_line ("Quyết định số 05/QĐ-BQL"), decision_date ("ngày 14 tháng
    02 năm 2025"), register_line ("Số vào sổ: 001"), date_line, authority_lines, signer_name.
    """
    doc = Document()
    set_defaults(doc)
    for spec in (*L.STYLES, *STYLES):
        add_style(doc, spec)
    doc.styles[FORM_TITLE.name].font.color.rgb = TITLE_COLOUR
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    _page_border(section)

    header = add_table(doc, 1, (HEADER_LEFT_MM, HEADER_RIGHT_MM),
                       (TEXT_WIDTH_MM - HEADER_LEFT_MM - HEADER_RIGHT_MM) / 2)
    write_issuer_and_motto(header.cell(0, 0), header.cell(0, 1))
    write_lines(doc, [
        ("{{ authority_line }}", AWARDER),
        ("TẶNG", GIVES),
        ("{{ form_title }}", FORM_TITLE),
        ("{{ awardee }}", AWARDEE),
        ("{%p if position %}", POSITION),
        ("{{ position }}", POSITION),
        ("{%p endif %}", POSITION),
        ("{{ achievement }}", ACHIEVEMENT),
    ])
    foot = add_table(doc, 1, (FOOT_LEFT_MM, FOOT_RIGHT_MM), 0.0)
    write_lines(foot.cell(0, 0), [
        ("", DECISION), ("", DECISION),
        ("{{ decision_line }}", DECISION),
        ("{{ decision_date }}", DECISION),
        ("{{ register_line }}", DECISION),
    ])
    write_lines(foot.cell(0, 1), [
        ("{{ date_line }}", L.DATE_LINE),
        *SIGNER_LINES,
    ])
    save_template(doc, path)


if __name__ == "__main__":  # make templates
    build_certificate_template(Path(__file__).resolve().parents[2] / "templates" / "giay-khen.docx")
