"""Read a DOCX back as a user sees it: paragraphs in reading order, effective formatting."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def norm(text: str) -> str:
    """Return ``text`` in NFC with white space runs folded to one space and trimmed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def paragraphs(doc: DocxDocument) -> Iterator[Paragraph]:
    """Yield every paragraph of the body in reading order, table cells row by row."""
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, doc)
        elif child.tag == qn("w:tbl"):
            table = Table(child, doc)
            for row in table.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from cell.paragraphs


def _style_chain(paragraph: Paragraph):  # type: ignore[no-untyped-def]
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _first(values):  # type: ignore[no-untyped-def]
    return next((v for v in values if v is not None), None)


@dataclass(frozen=True)
class Look:
    """The effective formatting of a paragraph (or of one run of it)."""

    size_pt: float | None
    bold: bool
    italic: bool
    font: str | None


def look(paragraph: Paragraph, run_index: int | None = None) -> Look:
    """Return the effective size, bold, italic and font of a paragraph's run."""
    styles = list(_style_chain(paragraph))
    run = paragraph.runs[run_index] if run_index is not None else None
    runs = [run.font] if run is not None else []
    fonts = [*runs, *[s.font for s in styles]]
    size = _first(f.size for f in fonts)
    return Look(
        size.pt if size is not None else None,
        bool(_first(f.bold for f in fonts)),
        bool(_first(f.italic for f in fonts)),
        _first(f.name for f in fonts),
    )


def fmt(paragraph: Paragraph, attr: str):  # type: ignore[no-untyped-def]
    """Return a paragraph-format attribute, resolved through the style chain."""
    values = [getattr(paragraph.paragraph_format, attr)]
    values += [getattr(s.paragraph_format, attr) for s in _style_chain(paragraph)]
    return _first(values)


def top_border(paragraph: Paragraph) -> bool:
    """Return True when the paragraph (or its style) draws a top border line."""
    for p_pr in [paragraph._p.pPr, *[s.element.pPr for s in _style_chain(paragraph)]]:
        if p_pr is not None:
            border = p_pr.find(qn("w:pBdr"))
            if border is not None and border.find(qn("w:top")) is not None:
                return border.find(qn("w:top")).get(qn("w:val")) not in (None, "nil", "none")
    return False
