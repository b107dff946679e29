"""The checker's reading of a DOCX: every paragraph in reading order with its place and its
effective format, read once, in time linear in the document."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.section import Section
from lxml import etree

from pipeline.docx.formatting import (
    ParaLook,
    Resolver,
    RunLook,
    cell_width_mm,
    qn,
    text_boxes,
)


class Malformed(Exception):
    """Raised when a DOCX opens but its structure cannot be read (no page setup in the body)."""


def norm(text: str) -> str:
    """Return ``text`` in NFC with white space folded to single spaces and trimmed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def compact(text: str) -> str:
    """Return ``text`` in capitals without spaces and dashes (to compare headings)."""
    return re.sub(r"[\s\-–—]+", "", norm(text)).upper()


@dataclass(eq=False)  # compared by identity: a paragraph is itself, not its text
class Para:
    """A paragraph in reading order: its element, text, location and effective format.

    ``n`` is its index in ``Doc.paras``; ``top`` the index of the body-level element holding
    it (itself, its table or the paragraph anchoring its text box) in ``Doc.children``.
    """

    el: etree._Element
    raw: str
    where: str
    width_mm: float
    look: ParaLook
    runs: list[RunLook]
    n: int = 0
    top: int = 0
    table: int | None = None  # index of the body-level table holding it
    row: int = 0
    col: int = 0
    box: int | None = None  # index of the text box holding it
    text: str = field(init=False)
    shown: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = norm(self.raw)
        self.shown = "".join(r.text.upper() if r.caps else r.text for r in self.runs)

    @property
    def inked(self) -> list[RunLook]:
        """Return the runs that show something (not only white space)."""
        return [r for r in self.runs if r.text.strip()]

    def all_bold(self) -> bool:
        """Return True when every inked run is bold (and there is one)."""
        inked = self.inked
        return bool(inked) and all(r.bold for r in inked)

    def all_italic(self) -> bool:
        """Return True when every inked run is italic (and there is one)."""
        inked = self.inked
        return bool(inked) and all(r.italic for r in inked)

    def container(self) -> tuple[int | None, int, int, int | None]:
        """Return the cell (table, row, column) or text box holding it; body: (None, 0, 0, None)."""
        return (self.table, self.row, self.col, self.box)

    def same_container(self, other: Para) -> bool:
        """Return True when both paragraphs sit in the same cell (or both in the body)."""
        return self.container() == other.container()


class Doc:
    """One DOCX read for checking: its paragraphs (body, cells, text boxes) in reading order,
    its body-level tables and elements, sections, and the format resolver."""

    def __init__(self, path: Path, document: DocxDocument) -> None:
        self.path = path
        self.name = str(path)
        self.document = document
        self.sections: list[Section] = list(document.sections)
        if not self.sections:
            raise Malformed("thân văn bản không có thiết lập trang (w:sectPr): có thể nó nằm trong một ô bảng")
        self.res = Resolver(document)
        section = self.sections[0]
        width = section.page_width.mm if section.page_width else 210
        left = section.left_margin.mm if section.left_margin is not None else 30
        right = section.right_margin.mm if section.right_margin is not None else 15
        self.text_width_mm = width - left - right
        self.children: list[etree._Element] = list(self._body_children(document.element.body))
        self.paras: list[Para] = []
        self.tables: list[etree._Element] = []
        self.table_top: list[int] = []
        self.boxes = 0
        self._read()

    @staticmethod
    def _body_children(parent: etree._Element) -> Iterator[etree._Element]:
        for child in parent.iterchildren():
            if child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from Doc._body_children(content)
            else:
                yield child

    def para(self, p: etree._Element, where: str, width: float, **pos: int | None) -> Para:
        """Return paragraph ``p`` read: text, place ``where``, container width in mm, format."""
        runs = self.res.runs(p)  # every run that shows text: their texts are the paragraph's
        return Para(p, "".join(r.text for r in runs), where, width, self.res.paragraph(p), runs, **pos)  # type: ignore[arg-type]

    def _add(self, p: etree._Element, where: str, width: float, **pos: int | None) -> None:
        self.paras.append(self.para(p, where, width, n=len(self.paras), **pos))

    def _read(self) -> None:
        count = 0
        for top, child in enumerate(self.children):
            if child.tag == qn("w:p"):
                count += 1
                self._add(child, f"đoạn {count}", self.text_width_mm, top=top)
                for content, width in text_boxes(child):
                    self.boxes += 1
                    for n, p in enumerate(content.iter(qn("w:p")), start=1):
                        self._add(p, f"hộp chữ {self.boxes} (ở đoạn {count}), đoạn {n}",
                                  width or self.text_width_mm, top=top, box=self.boxes - 1)
            elif child.tag == qn("w:tbl"):
                self._read_table(child, top)

    def _read_table(self, tbl: etree._Element, top: int) -> None:
        self.tables.append(tbl)
        self.table_top.append(top)
        t = len(self.tables)
        widths: dict[tuple[int, bytes], float] = {}
        for r, tr in enumerate(tbl.iterchildren(qn("w:tr")), start=1):
            grid = 0
            for c, tc in enumerate(tr.iterchildren(qn("w:tc")), start=1):
                # A cell's width follows from its properties and its place in the grid: measured
                # once per distinct (place, properties) of the table, not once per cell.
                tcpr = tc.find(qn("w:tcPr"))
                key = (grid, etree.tostring(tcpr) if tcpr is not None else b"")
                width = widths.get(key)
                if width is None:
                    width = widths[key] = cell_width_mm(tc) or self.text_width_mm
                span = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
                value = span.get(qn("w:val")) if span is not None else None
                grid += int(value) if value is not None and value.isdigit() else 1
                for n, p in enumerate(tc.iterchildren(qn("w:p")), start=1):
                    self._add(p, f"bảng {t}, hàng {r}, cột {c}, đoạn {n}", width,
                              top=top, table=t - 1, row=r, col=c)

    # ------------------------------------------------------------------ navigation

    def next_in_container(self, para: Para, *, text: bool = True) -> Para | None:
        """Return the next paragraph in ``para``'s cell or box (the next with text when
        ``text``), or None at the end of it."""
        for i in range(para.n + 1, len(self.paras)):
            other = self.paras[i]
            if not other.same_container(para):
                return None
            if not text or other.text:
                return other
        return None

    def body_level(self) -> list[Para]:
        """Return the paragraphs outside tables and text boxes, in order."""
        return [p for p in self.paras if p.table is None and p.box is None]

    def header_footer_parts(self) -> list[tuple[str, etree._Element]]:
        """Return (place, element) of each header and footer part of each section."""
        parts = []
        names = {"header": {"first": "đầu trang 1", "default": "đầu trang", "even": "đầu trang chẵn"},
                 "footer": {"first": "chân trang 1", "default": "chân trang", "even": "chân trang chẵn"}}
        for n, section in enumerate(self.sections, start=1):
            for kind in ("header", "footer"):
                for ref in section._sectPr.findall(qn(f"w:{kind}Reference")):
                    part = self.document.part.related_parts.get(ref.get(qn("r:id")))
                    if part is not None:
                        parts.append((f"{names[kind].get(ref.get(qn('w:type'), 'default'), kind)} (mục {n})",
                                      part.element))
        return parts

    def part_paras(self) -> list[Para]:
        """Return the paragraphs of every header and footer, read like the body's."""
        return [self.para(p, f"{name}, đoạn {n}", self.text_width_mm)
                for name, part in self.header_footer_parts()
                for n, p in enumerate(part.iter(qn("w:p")), start=1)]
