"""Documents made by hand with python-docx from a blank document, as a clerk would in Word:
direct formatting, no "VB …" styles, Word's default table cell margins, a VML line under the
issuer. Used to show the checker judges any DOCX, not only vanban's template."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from pipeline.nd30.layout import text_width_mm

CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY
CELL_MARGIN_MM = 108 / 56.7  # Word's default left/right cell margin


def _line(para: Paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False,
          align: WD_ALIGN_PARAGRAPH = CENTER) -> Paragraph:
    run = para.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    para.alignment = align
    para.paragraph_format.space_after = Pt(0)
    return para


def _cell_line(cell: _Cell, text: str, size: float, **kw) -> Paragraph:  # type: ignore[no-untyped-def]
    para = cell.paragraphs[0] if not cell.paragraphs[0].text and not cell.paragraphs[0].runs else cell.add_paragraph()
    return _line(para, text, size, **kw)


def _border_rule(para: Paragraph, container_mm: float, length_mm: float) -> None:
    """Make ``para`` an empty paragraph whose top border is a centred line ``length_mm`` long."""
    side = (container_mm - length_mm) / 2
    para.paragraph_format.left_indent = Mm(side)
    para.paragraph_format.right_indent = Mm(side)
    para.alignment = CENTER
    para.paragraph_format.space_before = Pt(6)
    p_pr = para._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        top.set(qn(key), value)
    border.append(top)
    p_pr.append(border)
    run = para.add_run()
    run.font.size = Pt(4)


def _vml_rule(para: Paragraph, container_mm: float, length_mm: float) -> None:
    """Draw a VML line ``length_mm`` long, centred in ``container_mm``, in the empty ``para``."""
    start = (container_mm - length_mm) / 2 * 72 / 25.4
    end = start + length_mm * 72 / 25.4
    start, end = 0.0, length_mm * 72 / 25.4  # inline in a centred paragraph
    pict = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml">'
        f'<w:pict><v:line from="{start:.1f}pt,8pt" to="{end:.1f}pt,8pt" strokeweight=".5pt"/></w:pict></w:r>'
    )
    para._p.append(pict)
    para.alignment = CENTER
    para.paragraph_format.space_before = Pt(8)
    para.paragraph_format.space_after = Pt(6)


def _no_borders(table) -> None:  # type: ignore[no-untyped-def]
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_mm: tuple[float, float]) -> None:  # type: ignore[no-untyped-def]
    table.autofit = False
    for n, width in enumerate(widths_mm):
        table.columns[n].width = Mm(width)
        for cell in table.columns[n].cells:
            cell.width = Mm(width)


def _page_number(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    para = section.header.paragraphs[0]
    para.alignment = CENTER
    run = para.add_run()
    run.font.size = Pt(14)
    run._r.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple>'))


def _typed_signature(doc: DocxDocument, recipients: list[str], authority: list[str]) -> None:
    """Write the Nơi nhận block flush left, then the signer's lines centred on the right half
    (left indent 80 mm), all as body paragraphs."""
    heading = _line(doc.add_paragraph(), "Nơi nhận:", 12, bold=True, italic=True, align=LEFT)
    heading.paragraph_format.space_before = Pt(12)
    for item in recipients:
        _line(doc.add_paragraph(), item, 11, align=LEFT)
    lines = [*authority, "", "", "", "Nguyễn Văn An"]
    for text in lines:
        para = _line(doc.add_paragraph(), text, 14, bold=True) if text else doc.add_paragraph()
        para.paragraph_format.left_indent = Mm(80)
    doc.paragraphs[-len(lines)].paragraph_format.space_before = Pt(12)


def handmade(path: Path, kind: str = "decision") -> Path:
    """Write a correct ND30 document made by hand to ``path``: a Quyết định of a Sở Nội vụ
    (``kind="decision"``), a công văn (``kind="letter"``), or the same công văn typed the way
    many clerks do, its Nơi nhận and signature as plain paragraphs with no table
    (``kind="typed-letter"``). Returns ``path``."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    section.left_margin, section.right_margin = Mm(35), Mm(20)
    text_mm = 210 - 35 - 20

    header = doc.add_table(rows=2, cols=2)
    _no_borders(header)
    _widths(header, (62.0, 93.0))
    left, right = header.cell(0, 0), header.cell(0, 1)
    left_mm, right_mm = 62 - 2 * CELL_MARGIN_MM, 93 - 2 * CELL_MARGIN_MM
    _cell_line(left, "ỦY BAN NHÂN DÂN", 13)
    _cell_line(left, "THÀNH PHỐ HÀ NỘI", 13)
    _cell_line(left, "SỞ NỘI VỤ", 13, bold=True)
    _vml_rule(left.add_paragraph(), left_mm, 0.45 * text_width_mm("SỞ NỘI VỤ", 13, bold=True))
    _cell_line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _cell_line(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    _border_rule(right.add_paragraph(), right_mm, text_width_mm("Độc lập - Tự do - Hạnh phúc", 13, bold=True))
    number = "Số: 12/QĐ-SNV" if kind == "decision" else "Số: 05/SNV-VP"
    letter = kind in ("letter", "typed-letter")
    _cell_line(header.cell(1, 0), number, 13)
    if letter:
        vv = _cell_line(header.cell(1, 0), "V/v hướng dẫn hồ sơ đề nghị khen thưởng", 12)
        vv.paragraph_format.space_before = Pt(6)
    _cell_line(header.cell(1, 1), "Hà Nội, ngày 05 tháng 01 năm 2025", 14, italic=True)

    def body(text: str, *, italic: bool = False) -> Paragraph:
        article = re.match(r"^Điều \d+\. ", text)  # "Điều 1." in bold (ND30 Phụ lục I, mục II)
        para = doc.add_paragraph()
        if article:
            _line(para, article[0], 14, bold=True, align=JUSTIFY)
            text = text[article.end():]
        _line(para, text, 14, italic=italic, align=JUSTIFY)
        fmt = para.paragraph_format
        fmt.first_line_indent = Mm(10)
        fmt.space_after = Pt(6)
        fmt.line_spacing = Pt(18)
        return para

    if kind == "decision":
        title = _line(doc.add_paragraph(), "QUYẾT ĐỊNH", 14, bold=True)
        title.paragraph_format.space_before = Pt(12)
        subject = "Về việc tặng Giấy khen cho các tập thể, cá nhân"
        _line(doc.add_paragraph(), subject, 14, bold=True)
        _border_rule(doc.add_paragraph(), text_mm, 0.4 * text_width_mm(subject, 14, bold=True))
        _line(doc.add_paragraph(), "GIÁM ĐỐC SỞ NỘI VỤ THÀNH PHỐ HÀ NỘI", 14,
              bold=True).paragraph_format.space_after = Pt(6)
        body("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italic=True)
        body("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
             "tiết thi hành một số điều của Luật Thi đua, khen thưởng;", italic=True)
        body("Theo đề nghị của Chánh Văn phòng Sở.", italic=True)
        _line(doc.add_paragraph(), "QUYẾT ĐỊNH:", 14, bold=True).paragraph_format.space_after = Pt(6)
        body("Điều 1. Tặng Giấy khen của Giám đốc Sở Nội vụ cho 02 tập thể và 05 cá nhân đã có "
             "thành tích xuất sắc trong phong trào thi đua năm 2024.")
        body("Điều 2. Mỗi tập thể được thưởng 1.410.000 đồng, mỗi cá nhân được thưởng 710.000 đồng.")
        body("Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, các tập thể và cá "
             "nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")
        recipients = ["- Như Điều 3;", "- UBND thành phố (để báo cáo);", "- Lưu: VT, VP."]
        authority = ["GIÁM ĐỐC"]
    else:
        greeting = _line(doc.add_paragraph(), "Kính gửi: Các phòng, đơn vị thuộc Sở", 14)
        greeting.paragraph_format.space_before = Pt(12)
        greeting.paragraph_format.space_after = Pt(6)
        body("Thực hiện Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022, Sở Nội vụ hướng dẫn các "
             "phòng, đơn vị lập hồ sơ đề nghị khen thưởng năm 2024 như sau:")
        body("- Hồ sơ gồm tờ trình, biên bản họp Hội đồng Thi đua - Khen thưởng và báo cáo thành tích.")
        body("Đề nghị các phòng, đơn vị thực hiện./.")
        recipients = ["- Như trên;", "- Giám đốc Sở (để báo cáo);", "- Lưu: VT, VP."]
        authority = ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]

    if kind == "typed-letter":
        _typed_signature(doc, recipients, authority)
    else:
        signature = doc.add_table(rows=1, cols=2)
        _no_borders(signature)
        _widths(signature, (75.0, 80.0))
        left, right = signature.cell(0, 0), signature.cell(0, 1)
        _cell_line(left, "Nơi nhận:", 12, bold=True, italic=True, align=LEFT)
        for item in recipients:
            _cell_line(left, item, 11, align=LEFT)
        for line in authority:
            _cell_line(right, line, 14, bold=True)
        for _ in range(4):
            right.add_paragraph()
        _cell_line(right, "Nguyễn Văn An", 14, bold=True)
    _page_number(doc)
    doc.save(str(path))
    return path


def header_in_text_boxes(path: Path, target: Path) -> Path:
    """Write to ``target`` the hand-made document at ``path`` with its header table replaced
    by two borderless text boxes (left: issuer and number; right: Quốc hiệu and date), as
    older Word documents do. The boxes are as wide as the table cells' text. Returns ``target``."""
    import copy

    from lxml import etree

    doc = Document(str(path))
    table = doc.tables[0]
    anchor = doc.add_paragraph()
    table._tbl.addprevious(anchor._p)
    offset = 0.0
    for col in range(2):
        cells = [table.cell(row, col) for row in range(len(table.rows))]
        width_mm = cells[0].width.mm - 2 * CELL_MARGIN_MM
        paras = "".join(
            etree.tostring(copy.deepcopy(p._p), encoding="unicode") for cell in cells for p in cell.paragraphs
        )
        cx, cy = int(width_mm * 36000), (38 * 36000)
        x = int(offset * 36000)
        offset += cells[0].width.mm
        anchor._p.append(parse_xml(
            f'<w:r {nsdecls("w", "wp", "a")} xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"'
            ' behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="column"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
            '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:wrapTopAndBottom/><wp:docPr id="{col + 20}" name="Hộp {col + 1}"/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
            f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
            f'<wps:txbx><w:txbxContent>{paras}</w:txbxContent></wps:txbx>'
            '<wps:bodyPr lIns="0" tIns="0" rIns="0" bIns="0"/></wps:wsp>'
            '</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'
        ))
    table._tbl.getparent().remove(table._tbl)
    doc.save(str(target))
    return target

