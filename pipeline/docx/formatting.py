"""Effective formatting of a DOCX as Word shows it: direct → styles → docDefaults, rules drawn.

Any DOCX (ours or typed in Word) is read through python-docx's XML. A paragraph's properties
are resolved attribute by attribute through: direct formatting → paragraph style and its base
styles → the table style (for a paragraph in a table) → docDefaults; a run's through: direct
formatting → character style chain → paragraph style chain → table style → docDefaults. Theme
fonts ("minorHAnsi") resolve through the theme part. Nothing here judges ND30; the checker
(``pipeline.check.checker``) does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.oxml.ns import nsmap
from docx.oxml.ns import qn as _qn
from lxml import etree

from pipeline.docx.xpath import ElementPath, StringPath

TWIP_PER_MM = 1440 / 25.4  # twentieths of a point
EMU_PER_MM = 36000
DEFAULT_CELL_MARGIN_TW = 108  # Word's default left/right cell margin (0,19 cm)

_NS = {
    **nsmap,
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
}
_RUN_PATH = (
    "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r"
    " | ./w:sdt/w:sdtContent/w:r | ./w:customXml/w:r"
)
_RUNS = ElementPath(_RUN_PATH, etree._Element, _NS)
_SHAPES = ElementPath(".//wps:wsp", etree._Element, _NS)
_GEOMETRY = StringPath("./wps:spPr/a:prstGeom/@prst", _NS)
_SHAPE_WIDTH = StringPath("./wps:spPr/a:xfrm/a:ext/@cx", _NS)
_ANCHOR_WIDTH = StringPath("ancestor::wp:anchor/wp:extent/@cx | ancestor::wp:inline/wp:extent/@cx", _NS)
_VML_LINES = ElementPath(".//v:line", etree._Element, _NS)
_VML_SHAPES = ElementPath(".//v:shape", etree._Element, _NS)



qn = functools.lru_cache(maxsize=None)(_qn)
"""python-docx's ``qn`` ("w:p" → Clark name), remembered: a long list asks it millions of times."""

def _on(el: etree._Element | None) -> bool | None:
    """Return the value of an OOXML on/off element (``<w:b/>``, ``<w:b w:val="0"/>``)."""
    if el is None:
        return None
    return el.get(qn("w:val"), "true") not in ("0", "false", "off", "none")


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class RunLook:
    """The effective look of one run: its text, font family, size in pt, emphasis, colour.

    ``color`` is "000000"/"auto" for black or the hex colour; ``caps`` is True when Word
    shows the run in capitals by formatting (All caps / Small caps); ``underline`` when the
    run is underlined.
    """

    text: str
    font: str | None
    size_pt: float  # the run's w:sz, else its styles', else OOXML's default 10 pt
    bold: bool
    italic: bool
    color: str
    caps: bool
    underline: bool = False


@dataclass(frozen=True)
class ParaLook:
    """The effective paragraph format: alignment (left|center|right|justify), indents in mm
    (``first_line_mm`` negative for a hanging indent), spacing before/after in pt, line spacing
    (``line_rule`` "auto" → ``line`` in lines, "exact"/"atLeast" → ``line`` in pt), the
    paragraph borders drawn ("top", "bottom") and whether it starts a new page."""

    align: str
    left_mm: float
    right_mm: float
    first_line_mm: float
    before_pt: float
    after_pt: float
    line: float
    line_rule: str
    borders: frozenset[str] = field(default_factory=frozenset)
    page_break_before: bool = False


@dataclass(frozen=True)
class Drawn:
    """A straight line drawn as a shape (DrawingML or VML) anchored in a paragraph; mm."""

    length_mm: float


class Resolver:
    """Return effective paragraph and run formatting for the paragraphs of one document."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        styles_el = document.styles.element
        self._styles: dict[str, etree._Element] = {
            s.get(qn("w:styleId")): s for s in styles_el.findall(qn("w:style"))
        }
        self._default_para = next(
            (s.get(qn("w:styleId")) for s in styles_el.findall(qn("w:style"))
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")),
            None,
        )
        self._default_table = next(
            (s.get(qn("w:styleId")) for s in styles_el.findall(qn("w:style"))
             if s.get(qn("w:type")) == "table" and s.get(qn("w:default")) in ("1", "true")),
            None,
        )
        defaults = styles_el.find(qn("w:docDefaults"))
        self._ppr_default = defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr")) if defaults is not None else None
        self._rpr_default = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr")) if defaults is not None else None
        self._theme = self._theme_fonts()
        self._para_looks: dict[tuple[bytes, str | None], ParaLook] = {}
        self._run_looks: dict[tuple[object, ...], RunLook] = {}
        self._last_key: tuple[etree._Element | None, tuple[bytes, str | None]] = (None, (b"", None))
        self._numbering = self._numbering_levels()

    # ------------------------------------------------------------------ styles

    def _theme_fonts(self) -> dict[str, str]:
        fonts: dict[str, str] = {}
        for rel in self.document.part.rels.values():
            if rel.reltype.endswith("/theme") and not rel.is_external:
                root = etree.fromstring(rel.target_part.blob)
                a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
                for kind in ("major", "minor"):
                    latin = root.find(f".//{a}{kind}Font/{a}latin")
                    if latin is not None:
                        fonts[kind] = latin.get("typeface", "")
        return fonts

    def _numbering_levels(self) -> dict[tuple[str, str], etree._Element]:
        """Return the pPr of each (numId, ilvl) of the numbering part (list indents)."""
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return {}
        abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
        levels: dict[tuple[str, str], etree._Element] = {}
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.findall(qn("w:lvl")):
                ppr = lvl.find(qn("w:pPr"))
                if ppr is not None:
                    levels[(num.get(qn("w:numId")), lvl.get(qn("w:ilvl")))] = ppr
        return levels

    def _numbering_ppr(self, p: etree._Element, chain: list[etree._Element]) -> etree._Element | None:
        num_id = ilvl = None
        for ppr in chain:  # numPr may come from the paragraph or its style
            num_pr = ppr.find(qn("w:numPr"))
            if num_pr is not None:
                n, level = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
                num_id = n.get(qn("w:val")) if n is not None else num_id
                ilvl = level.get(qn("w:val")) if level is not None else ilvl
                if num_id is not None:
                    break
        if num_id in (None, "0"):
            return None
        return self._numbering.get((num_id, ilvl or "0"))

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        chain: list[etree._Element] = []
        while style_id and style_id in self._styles and len(chain) < 20:
            style = self._styles[style_id]
            chain.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return chain

    def style_name(self, p: etree._Element) -> str | None:
        """Return the name of the paragraph's style ("VB Nội dung", "Normal")."""
        chain = self._chain(self._para_style_id(p))
        if not chain:
            return None
        name = chain[0].find(qn("w:name"))
        return name.get(qn("w:val")) if name is not None else None

    def _para_style_id(self, p: etree._Element) -> str | None:
        ppr = p.find(qn("w:pPr"))
        ps = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return ps.get(qn("w:val")) if ps is not None else self._default_para

    def _table_style_chain(self, p: etree._Element) -> list[etree._Element]:
        tbl = next((a for a in p.iterancestors() if a.tag == qn("w:tbl")), None)
        if tbl is None:
            return []
        tbl_style = tbl.find(qn("w:tblPr") + "/" + qn("w:tblStyle"))
        return self._chain(tbl_style.get(qn("w:val")) if tbl_style is not None else self._default_table)

    def _ppr_chain(self, p: etree._Element) -> list[etree._Element]:
        direct = p.find(qn("w:pPr"))
        styles = [s.find(qn("w:pPr")) for s in self._chain(self._para_style_id(p))]
        # Priority: direct → numbering level (list indents) → paragraph styles → table style → defaults
        numbering = self._numbering_ppr(p, [el for el in (direct, *styles) if el is not None])
        chain = [direct, numbering, *styles]
        chain += [s.find(qn("w:pPr")) for s in self._table_style_chain(p)]
        chain.append(self._ppr_default)
        return [el for el in chain if el is not None]

    def _rpr_chain(self, p: etree._Element, r: etree._Element | None) -> list[etree._Element]:
        chain: list[etree._Element | None] = []
        if r is not None:
            rpr = r.find(qn("w:rPr"))
            chain.append(rpr)
            rstyle = rpr.find(qn("w:rStyle")) if rpr is not None else None
            if rstyle is not None:
                chain += [s.find(qn("w:rPr")) for s in self._chain(rstyle.get(qn("w:val")))]
        else:  # the paragraph mark: what an empty paragraph shows
            ppr = p.find(qn("w:pPr"))
            chain.append(ppr.find(qn("w:rPr")) if ppr is not None else None)
        chain += [s.find(qn("w:rPr")) for s in self._chain(self._para_style_id(p))]
        chain += [s.find(qn("w:rPr")) for s in self._table_style_chain(p)]
        chain.append(self._rpr_default)
        return [el for el in chain if el is not None]

    # ------------------------------------------------------------------ paragraphs

    def _key(self, p: etree._Element) -> tuple[bytes, str | None]:
        # Everything a paragraph's format depends on: its own pPr (style, numbering, direct
        # format) and the style of the table it sits in. The rows of a long list share one.
        # The last one is kept: a reader asks for a paragraph's format, then for its runs'.
        if self._last_key[0] is p:
            return self._last_key[1]
        key = self._compute_key(p)
        self._last_key = (p, key)
        return key

    def _compute_key(self, p: etree._Element) -> tuple[bytes, str | None]:
        ppr = p.find(qn("w:pPr"))
        tbl = next((a for a in p.iterancestors(qn("w:tbl"))), None)
        tbl_style = tbl.find(qn("w:tblPr") + "/" + qn("w:tblStyle")) if tbl is not None else None
        return (etree.tostring(ppr) if ppr is not None else b"",
                "" if tbl is None else tbl_style.get(qn("w:val")) if tbl_style is not None else None)

    def paragraph(self, p: etree._Element) -> ParaLook:
        """Return the effective format of paragraph ``p`` (a ``w:p`` element)."""
        key = self._key(p)
        look = self._para_looks.get(key)
        if look is None:
            look = self._para_looks[key] = self._paragraph(p)
        return look

    def _paragraph(self, p: etree._Element) -> ParaLook:
        chain = self._ppr_chain(p)

        def attr(tag: str, *names: str) -> str | None:
            for ppr in chain:
                el = ppr.find(qn(tag))
                if el is not None:
                    for name in names:
                        if el.get(qn(name)) is not None:
                            return el.get(qn(name))
            return None

        jc = attr("w:jc", "w:val") or "left"
        align = {"both": "justify", "distribute": "justify", "start": "left", "end": "right"}.get(jc, jc)
        left = _int(attr("w:ind", "w:left", "w:start")) or 0
        right = _int(attr("w:ind", "w:right", "w:end")) or 0
        first, hanging = None, None
        for ppr in chain:  # firstLine and hanging exclude each other: the nearest wins
            ind = ppr.find(qn("w:ind"))
            if ind is not None and (ind.get(qn("w:firstLine")) is not None or ind.get(qn("w:hanging")) is not None):
                first, hanging = _int(ind.get(qn("w:firstLine"))), _int(ind.get(qn("w:hanging")))
                break
        first_tw = -(hanging or 0) if hanging else (first or 0)
        before = _int(attr("w:spacing", "w:before")) or 0
        after = _int(attr("w:spacing", "w:after")) or 0
        line = _int(attr("w:spacing", "w:line"))
        rule = attr("w:spacing", "w:lineRule") or "auto"
        line_value = (line / 240 if rule == "auto" else line / 20) if line else 1.0
        borders: set[str] = set()
        for side in ("top", "bottom"):
            for ppr in chain:
                bdr = ppr.find(qn("w:pBdr"))
                el = bdr.find(qn(f"w:{side}")) if bdr is not None else None
                if el is not None:
                    if el.get(qn("w:val")) not in (None, "nil", "none"):
                        borders.add(side)
                    break
        page_break = next((_on(el) for el in (ppr.find(qn("w:pageBreakBefore")) for ppr in chain)
                           if el is not None), False)
        return ParaLook(
            align, left / TWIP_PER_MM, right / TWIP_PER_MM, first_tw / TWIP_PER_MM,
            before / 20, after / 20, line_value, "auto" if rule == "auto" else rule, frozenset(borders),
            bool(page_break),
        )

    def runs(self, p: etree._Element) -> list[RunLook]:
        """Return the effective look of each run of ``p`` that carries text, in order."""
        looks = []
        para = None
        for r in _RUNS(p):
            text = run_text(r)
            if text:
                para = para or self._key(p)
                looks.append(self._run(p, r, text, para))
        return looks

    def mark(self, p: etree._Element) -> RunLook:
        """Return the look of the paragraph mark (the paragraph's own character format)."""
        return self._run(p, None, "", self._key(p))

    def _run(self, p: etree._Element, r: etree._Element | None, text: str,
             para: tuple[bytes, str | None]) -> RunLook:
        rpr = r.find(qn("w:rPr")) if r is not None else None
        key = (para, r is None, etree.tostring(rpr) if rpr is not None else b"")
        look = self._run_looks.get(key)
        if look is None:
            look = self._run_looks[key] = self._look(p, r)
        # Built field by field: dataclasses.replace inspects the fields on every call (a third
        # of reading a long document).
        return RunLook(text, look.font, look.size_pt, look.bold, look.italic, look.color, look.caps, look.underline)

    def _look(self, p: etree._Element, r: etree._Element | None) -> RunLook:
        chain = self._rpr_chain(p, r)
        text = ""

        def first(tag: str) -> etree._Element | None:
            return next((el.find(qn(tag)) for el in chain if el.find(qn(tag)) is not None), None)

        font = None
        for rpr in chain:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                continue
            theme = fonts.get(qn("w:asciiTheme")) or fonts.get(qn("w:hAnsiTheme"))
            if theme:
                font = self._theme.get("major" if theme.startswith("major") else "minor")
                break
            if fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi")):
                font = fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))
                break
        size = first("w:sz")
        color = first("w:color")
        half = _int(size.get(qn("w:val"))) if size is not None else None
        return RunLook(
            text,
            font,
            half / 2 if half is not None else 10.0,  # OOXML default: 10 pt
            bool(_on(first("w:b"))),
            bool(_on(first("w:i"))),
            (color.get(qn("w:val")) or "auto") if color is not None else "auto",
            bool(_on(first("w:caps")) or _on(first("w:smallCaps"))),
            (first("w:u") is not None and first("w:u").get(qn("w:val"), "single") not in ("none", "0")),  # type: ignore[union-attr]
        )


def run_text(r: etree._Element) -> str:
    """Return the text a run shows: w:t, tabs as "\\t", breaks as "\\n" (field codes skipped)."""
    parts = []
    for el in r:
        if el.tag == qn("w:t"):
            parts.append(el.text or "")
        elif el.tag == qn("w:tab"):
            parts.append("\t")
        elif el.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts)


def paragraph_text(p: etree._Element) -> str:
    """Return the text paragraph ``p`` shows (runs in hyperlinks, fields, insertions too)."""
    return "".join(run_text(r) for r in _RUNS(p))


_LENGTH = re.compile(r"(-?[\d.]+)\s*(pt|in|mm|cm|px|emu)?")


def _vml_mm(value: str) -> float:
    m = _LENGTH.match(value.strip())
    if not m:
        return 0.0
    number, unit = float(m.group(1)), m.group(2) or "pt"
    return number * {"pt": 25.4 / 72, "in": 25.4, "mm": 1.0, "cm": 10.0, "px": 25.4 / 96, "emu": 1 / EMU_PER_MM}[unit]


def drawn_lines(p: etree._Element) -> list[Drawn]:
    """Return the straight lines drawn as shapes in paragraph ``p`` (DrawingML line or
    connector shapes, VML ``v:line`` and connector ``v:shape``), with their length in mm."""
    lines = []
    for shape in _SHAPES(p):
        geom = _GEOMETRY(shape)
        if geom and (geom[0] == "line" or "Connector" in geom[0]):
            ext = _SHAPE_WIDTH(shape)
            if not ext:
                ext = _ANCHOR_WIDTH(shape)
            if ext:
                lines.append(Drawn(int(ext[0]) / EMU_PER_MM))
    for line in _VML_LINES(p):
        x1 = _vml_mm(line.get("from", "0,0").split(",")[0])
        x2 = _vml_mm(line.get("to", "0,0").split(",")[0])
        lines.append(Drawn(abs(x2 - x1)))
    for shape in _VML_SHAPES(p):
        if shape.get(qn("o:connectortype")) or "32" in (shape.get("type") or ""):
            style = dict(
                part.split(":", 1) for part in (shape.get("style") or "").split(";") if ":" in part
            )
            if "width" in style:
                lines.append(Drawn(_vml_mm(style["width"])))
    return lines


def cell_width_mm(tc: etree._Element) -> float | None:
    """Return the text width of table cell ``tc`` in mm: its width (tcW, else the grid columns
    it spans) minus the left/right cell margins (cell, table, else Word's 0,19 cm)."""
    tbl = next(a for a in tc.iterancestors() if a.tag == qn("w:tbl"))
    tcpr = tc.find(qn("w:tcPr"))
    width = None
    tcw = tcpr.find(qn("w:tcW")) if tcpr is not None else None
    if tcw is not None and tcw.get(qn("w:type"), "dxa") == "dxa":
        width = _int(tcw.get(qn("w:w")))
    if not width:
        tr = tc.getparent()
        index = 0
        for other in tr.findall(qn("w:tc")) if tr is not None else ():
            if other is tc:
                break
            spanned = other.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
            index += (_int(spanned.get(qn("w:val"))) or 1) if spanned is not None else 1
        span_el = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
        span = _int(span_el.get(qn("w:val"))) if span_el is not None else 1
        cols = [_int(g.get(qn("w:w"))) or 0 for g in tbl.findall(qn("w:tblGrid") + "/" + qn("w:gridCol"))]
        width = sum(cols[index:index + (span or 1)]) or None
    if not width:
        return None
    margins = []
    for side_names in (("left", "start"), ("right", "end")):
        value = None
        for container in (tcpr.find(qn("w:tcMar")) if tcpr is not None else None,
                          tbl.find(qn("w:tblPr") + "/" + qn("w:tblCellMar"))):
            if container is None:
                continue
            el = next((container.find(qn(f"w:{n}")) for n in side_names
                       if container.find(qn(f"w:{n}")) is not None), None)
            if el is not None:
                value = _int(el.get(qn("w:w")))
                break
        margins.append(DEFAULT_CELL_MARGIN_TW if value is None else value)
    return (width - sum(margins)) / TWIP_PER_MM


def iter_fields(part_element: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """Yield (paragraph, field instruction) for each field in a part (simple or complex)."""
    for p in part_element.iter(qn("w:p")):
        for simple in p.iter(qn("w:fldSimple")):
            yield p, simple.get(qn("w:instr"), "")
        instr = "".join(el.text or "" for el in p.iter(qn("w:instrText")))
        if instr.strip():
            yield p, instr


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DEFAULT_INSET_EMU = 91440  # DrawingML text box inset: 0,1 inch each side


def text_boxes(p: etree._Element) -> list[tuple[etree._Element, float | None]]:
    """Return the text boxes anchored in paragraph ``p``: (w:txbxContent, text width in mm or
    None when unknown). The VML copy Word keeps in mc:Fallback is skipped (same content)."""
    boxes = []
    for content in p.iter(qn("w:txbxContent")):
        if any(a.tag == _MC_FALLBACK for a in content.iterancestors()):
            continue
        width = None
        shape = next((a for a in content.iterancestors()
                      if a.tag in (f"{{{_NS['wps']}}}wsp", f"{{{_NS['v']}}}shape")), None)
        if shape is not None and shape.tag == f"{{{_NS['wps']}}}wsp":
            ext = _ANCHOR_WIDTH(shape)
            body = shape.find(f"{{{_NS['wps']}}}bodyPr")
            insets = sum(int(body.get(k, _DEFAULT_INSET_EMU)) if body is not None else _DEFAULT_INSET_EMU
                         for k in ("lIns", "rIns"))
            width = (int(ext[0]) - insets) / EMU_PER_MM if ext else None
        elif shape is not None:
            style = dict(part.split(":", 1) for part in (shape.get("style") or "").split(";") if ":" in part)
            width = _vml_mm(style["width"]) - 2 * 2.54 if "width" in style else None
        boxes.append((content, width))
    return boxes
