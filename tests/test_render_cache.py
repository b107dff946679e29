"""What the faster renderer must keep: a table's cells print their data as typed with every
property a reader sees, and documents rendered one after another from a template read once per
file version are independent and follow the template when it is saved again."""

from __future__ import annotations

import copy
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from pipeline.build.prepare import load, prepare_decide
from pipeline.documents import certificate
from pipeline.docx.render import render_docx
from pipeline.errors import RenderError
from pipeline.nd30 import kinds as K
from pipeline.settings import Settings
from tests.conftest import SAMPLE
from tests.docxread import norm

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEMPLATE = Settings().template(K.DECISION.template)


def _decision(collectives: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """Return the sample's decision of phase 1 (its own template's context), its collectives
    replaced by ``collectives`` when given."""
    context = prepare_decide(load(SAMPLE), phase=1).decision
    assert context is not None
    context = copy.deepcopy(context)
    if collectives is not None:
        context["collectives"] = collectives
    return context


def _table_xml(docx: Path):  # type: ignore[no-untyped-def]
    doc = Document(str(docx))
    return next(t for t in doc.tables if t.style is not None and t.style.name == "VB Bảng")._tbl


def test_table_cells_keep_header_rows_widths_runs_and_alignment(tmp_path: Path) -> None:
    rows = [{"number": "1", "name": "**Nguyễn Văn An** *(Tổ trưởng)*", "note": "A & B <C>"},
            {"number": "2", "name": "Lê\tThị\nHà", "note": " trống đầu"},
            {"number": "3", "name": "", "note": ""}]
    out = render_docx(TEMPLATE, _decision(rows), tmp_path / "t.docx")
    tbl = _table_xml(out)
    assert [g.get(f"{W}w") for g in tbl.iter(f"{W}gridCol")] == ["850", "6520", "1984"]  # twips: 15, 115, 35 mm
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    trs = tbl.findall(f"{W}tr")
    assert [[c.tag for c in r.find(f"{W}trPr")] for r in trs] == [
        [f"{W}cantSplit", f"{W}tblHeader"], [f"{W}cantSplit"], [f"{W}cantSplit"], [f"{W}cantSplit"]]
    for row in trs:  # every cell carries its column's width, in twips
        assert [tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w") for tc in row.findall(f"{W}tc")] == ["850", "6520", "1984"]
    head = trs[0].findall(f"{W}tc/{W}p")
    assert {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in head} == {"VBÔtiêuđềbảng"}
    doc = Document(str(out))
    table = next(t for t in doc.tables if t.style is not None and t.style.name == "VB Bảng")
    first = table.rows[1].cells
    assert [c.paragraphs[0].alignment for c in first] == [1, 0, 0]  # giữa | trái | trái
    # a cell prints as typed (names, notes from Excel): no emphasis marks are read in it
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in first[1].paragraphs[0].runs if r.text] == [
        ("**Nguyễn Văn An** *(Tổ trưởng)*", False, False)]
    assert first[2].text == "A & B <C>"
    assert [c.text for c in table.rows[2].cells] == ["2", "Lê\tThị\nHà", " trống đầu"]
    assert [c.text for c in table.rows[3].cells] == ["3", "", ""]


def test_a_control_character_in_a_table_cell_is_a_render_error(tmp_path: Path) -> None:
    rows = [{"number": "1", "name": "Tổ\x0bbảo vệ", "note": ""}]
    with pytest.raises(RenderError) as caught:
        render_docx(TEMPLATE, _decision(rows), tmp_path / "t.docx")
    assert str(caught.value) == (f"mẫu {TEMPLATE}: một giá trị có ký tự điều khiển không hợp lệ: 'Tổ\\x0bbảo vệ'. "
                                 "Cách sửa: xóa ký tự đó trong dữ liệu (ô Excel, tệp YAML), rồi soạn lại")
    assert not (tmp_path / "t.docx").exists()


def _parts(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _text(docx: Path) -> str:
    doc = Document(str(docx))
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return norm(" ".join([p.text for p in doc.paragraphs] + cells))


def test_certificates_rendered_one_after_another_are_independent(tmp_path: Path) -> None:
    (stem_a, a), (stem_b, b) = prepare_decide(load(SAMPLE), phase=1).certificates[:2]
    template = Settings().template(certificate.TEMPLATE)
    first = render_docx(template, a, tmp_path / f"{stem_a}.docx", title=stem_a)
    second = render_docx(template, b, tmp_path / f"{stem_b}.docx", title=stem_b)
    again = render_docx(template, a, tmp_path / "again.docx", title=stem_a)
    assert a["awardee"] in _text(first) and a["awardee"] not in _text(second)
    assert b["awardee"] in _text(second) and b["awardee"] not in _text(first)
    assert _parts(again) == _parts(first)  # nothing of the second render stayed in the template
    assert Document(str(second)).core_properties.title == stem_b


def test_a_template_saved_again_is_read_again(tmp_path: Path) -> None:
    template = tmp_path / K.DECISION.template
    shutil.copy(TEMPLATE, template)
    ctx = _decision()
    assert "Mẫu đã sửa" not in _text(render_docx(template, ctx, tmp_path / "a.docx"))
    doc = Document(str(template))
    doc.add_paragraph("Mẫu đã sửa")
    doc.save(str(template))
    assert "Mẫu đã sửa" in _text(render_docx(template, ctx, tmp_path / "b.docx"))


def test_docx_written_like_python_docx_writes_it(tmp_path: Path) -> None:
    from pipeline.docx.package import write_package

    out = render_docx(TEMPLATE, _decision([{"number": "1", "name": "Tổ bảo vệ", "note": ""}]), tmp_path / "t.docx")
    doc = Document(str(out))
    doc.save(str(tmp_path / "python-docx.docx"))
    write_package(doc.part.package, tmp_path / "ours.docx")
    with zipfile.ZipFile(tmp_path / "python-docx.docx") as theirs, zipfile.ZipFile(tmp_path / "ours.docx") as ours:
        assert ours.testzip() is None
        fields = ("filename", "compress_type", "external_attr", "create_system", "create_version",
                  "extract_version", "flag_bits", "CRC", "compress_size", "file_size", "header_offset")
        assert [[getattr(i, f) for f in fields] for i in ours.infolist()] == \
            [[getattr(i, f) for f in fields] for i in theirs.infolist()]
        assert all(ours.read(n) == theirs.read(n) for n in theirs.namelist())
    assert [p.text for p in Document(str(tmp_path / "ours.docx")).tables[2].rows[1].cells] == ["1", "Tổ bảo vệ", ""]
