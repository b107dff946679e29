"""Effective formatting read back from Word XML (pipeline.docx.formatting) on hand-made XML."""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.docx.formatting import cell_width_mm

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_cell_after_a_cell_with_an_unreadable_span() -> None:
    """Bug found by mypy: a cell's width is read from the grid columns it spans, counted after
    the spans of the cells before it; a gridSpan that is not a number (w:val="x") stopped
    ``vanban check`` with a TypeError. It counts as one column, as a cell without gridSpan."""
    tbl = etree.fromstring(
        f'<w:tbl xmlns:w="{W}"><w:tblGrid><w:gridCol w:w="1440"/><w:gridCol w:w="2880"/></w:tblGrid>'
        '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="x"/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>'
    )
    first, second = tbl.iter(f"{{{W}}}tc")
    # 2880 twips = 50,8 mm, less Word's default cell margins of 108 twips on each side
    assert cell_width_mm(second) == pytest.approx(50.8 - 2 * 108 * 25.4 / 1440)
    assert cell_width_mm(first) == pytest.approx(25.4 - 2 * 108 * 25.4 / 1440)
