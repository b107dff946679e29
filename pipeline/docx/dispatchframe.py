"""Write the dispatch sheet template (templates/danh-sach-gui.docx): one A4 page for the
registry clerk (văn thư) listing who gets a document, how and how many copies.

Not a văn bản hành chính (no Quốc hiệu, number or signature): the issuing body's name, the
title "DANH SÁCH GỬI VĂN BẢN", the document (kind, number, date, subject), the table of
recipients (the frame's table style, header repeated, rows unsplit) and the totals. The
paragraph styles are the frame's "VB …" styles plus "DSG Thông tin"; variables are listed in
``build_dispatch_template``.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document

from pipeline.docx.frame import (
    add_style,
    add_table_style,
    body_lines,
    save_template,
    set_defaults,
    set_page,
    write_lines,
)
from pipeline.nd30 import layout as L

INFO = L.StyleSpec("DSG Thông tin", 13, align="left", space_after=3)


def build_dispatch_template(path: Path) -> None:
    """Write the dispatch sheet template to ``path`` (DOCX, docxtpl variables).

    Variables: parent_body, issuer_header, title ("DANH SÁCH GỬI VĂN BẢN"), info (blocks,
    one line each: "**Văn bản:** Quyết định số …", "**Trích yếu:** …"), body (blocks: the
    recipients table and the totals line).
    """
    doc = Document()
    set_defaults(doc)
    for spec in (*L.STYLES, INFO):
        add_style(doc, spec)
    set_page(doc)
    tag = L.BODY
    write_lines(doc, [
        ("{%p if parent_body %}", L.PARENT_BODY),
        ("{{ parent_body }}", L.PARENT_BODY),
        ("{%p endif %}", L.PARENT_BODY),
        ("{{ issuer_header }}", L.ISSUER),
        ("{{ title }}", L.KIND_TITLE),
        ("", L.RULE),
        ("{%p for line in info %}", tag),
        ("{{r line.text }}", INFO),
        ("{%p endfor %}", tag),
        *body_lines("body"),
    ], first=False)
    add_table_style(doc)
    save_template(doc, path)


if __name__ == "__main__":  # make templates
    build_dispatch_template(Path(__file__).resolve().parents[2] / "templates" / "danh-sach-gui.docx")
