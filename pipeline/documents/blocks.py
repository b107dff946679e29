"""The content model of a document's body: paragraphs, tables and pictures, as data.

Documents (pipeline.documents) build their contexts from these; the Word adapter
(pipeline.docx.render) writes them as WordprocessingML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Block:
    """One paragraph of a document's body (đoạn nội dung).

    ``style`` is ``heading`` (Mục I., II. — bold), ``item`` (khoản 1., 2. with a title —
    bold), ``basis`` (căn cứ — italic), ``center`` (e.g. "QUYẾT ĐỊNH:" — bold, centred),
    ``closing`` (the paragraph ending "./.", kept on the signature's page), ``lead`` (body
    text introducing a figure or table, kept with it) or ``para`` (body text, bullets "- …",
    "Điều 1. …"); ``text`` may carry inline emphasis (``**bold**``, ``*italic*``, ``\\*`` a
    literal asterisk) — data that must print as typed (Excel free text, names) goes in through
    ``literal``; a line break in it becomes a paragraph of its own (pipeline.docx.render).
    Paragraph styles: ``layout.BLOCK_STYLES``. Table cells never read emphasis marks.
    """

    style: str
    text: str


def literal(text: str) -> str:
    """Return ``text`` with every asterisk made literal (``\\*``), so that the emphasis marks
    of a Block's text leave it exactly as typed: "Lập 5*3 tổ, trực 2*4 ca" prints so, not
    "Lập 53 tổ, trực 24 ca" in italics. Markup is read only in the YAML fields documented to
    take it (README, "Chữ đậm **…**"); Excel free text, names and figures never.
    """
    return text.replace("*", "\\*")


@dataclass(frozen=True)
class TableBlock:
    """A table in the body (bảng): header cells, rows of cell texts, column widths in mm and
    per-column alignment ("left" | "center" | "right"). Borders single 0,5 pt; the header row
    is bold, centred and repeated on every page; a row never splits across pages (ND30)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...]
    align: tuple[str, ...] = ()
    style: str = field(default="table", init=False)


@dataclass(frozen=True)
class ImageBlock:
    """A picture in the body (hình), e.g. a chart: a PNG file and its printed width in mm."""

    path: Path
    width_mm: float
    style: str = field(default="image", init=False)
