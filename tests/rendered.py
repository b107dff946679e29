"""Render a document context through its kind's default template and read it back as a reader
does: tests assert what the document says, not how the context is shaped."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx import Document

from pipeline.docx.render import render_docx
from pipeline.nd30.kinds import KindSpec
from pipeline.settings import Settings
from tests.docxread import norm, paragraphs


def rendered(spec: KindSpec, context: Mapping[str, Any] | None, *,
             keep_spaces: bool = False) -> tuple[list[str], list[tuple[str, ...]]]:
    """Return the paragraphs (outside tables) and the table rows of ``context`` rendered from
    vanban's template of ``spec``; every text NFC with white space folded (``keep_spaces``: the
    cells as written, no-break spaces and line breaks kept)."""
    assert context is not None
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "x.docx"
        render_docx(Settings().template(spec.template), context, target)
        doc = Document(str(target))
    cell = (lambda c: c.text) if keep_spaces else (lambda c: norm(c.text))
    rows = [tuple(cell(c) for c in row.cells) for table in doc.tables for row in table.rows]
    texts = [norm(p.text) for p in paragraphs(doc)]
    return [t for t in texts if t], rows


def texts(spec: KindSpec, context: Mapping[str, Any] | None) -> list[str]:
    """Return the non-empty paragraphs of ``context`` rendered (table cells included)."""
    return rendered(spec, context)[0]

