"""The certificate's page (Giấy khen, Bằng khen): one A4 landscape page inside a sober double
border, the form's name in dark red.

A Giấy khen is not a văn bản hành chính with a tên loại: its wording and arrangement are in its
text source ``templates/nguon/giay-khen.txt`` (``@trang giấy khen``, ``@đầu không số``, ``@ký giấy
khen``; ``pipeline.docx.source``), written by ``make templates`` (``pipeline.docx.frame.build_kind``)
into ``templates/giay-khen.docx``; this module sets its page only. Sizes in mm
(``pipeline.nd30.layout``: ``CERT_…``, ``CERTIFICATE_GEOMETRY``).
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, RGBColor

from pipeline.nd30 import layout as L

TITLE_COLOUR = RGBColor(0xA0, 0x10, 0x10)  # a dark red, the usual ink of "GIẤY KHEN"


def _page_border(section: Section) -> None:
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "thinThickSmallGap")
        el.set(qn("w:sz"), "24")  # eighths of a point: 3 pt
        el.set(qn("w:space"), "24")  # pt from the page edge
        el.set(qn("w:color"), "7A1010")
        borders.append(el)
    margins = section._sectPr.find(qn("w:pgMar"))
    if margins is None:
        raise ValueError("the section has no page margins (w:pgMar)")
    margins.addnext(borders)  # w:pgBorders comes right after w:pgMar (OOXML order)


def certificate_page(doc: DocxDocument) -> None:
    """Set ``doc``'s page to the certificate's: A4 landscape, 18 mm margins, the double border,
    the form's name ("GK Tên hình thức") in dark red when the template has that style."""
    if L.CERT_FORM_TITLE.name in [s.name for s in doc.styles]:
        doc.styles[L.CERT_FORM_TITLE.name].font.color.rgb = TITLE_COLOUR
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(L.CERT_PAGE_WIDTH_MM), Mm(L.CERT_PAGE_HEIGHT_MM)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(L.CERT_MARGIN_MM))
    _page_border(section)
