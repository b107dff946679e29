"""What the faster renderer must keep: tables written as XML text carry every property a
reader sees, and documents rendered one after another from a template read once per file
version are independent and follow the template when it is saved again."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.build.prepare import load, prepare_decide
from pipeline.documents import certificate
from pipeline.documents.blocks import Block, TableBlock
from pipeline.docx.render import render_docx
from pipeline.errors import RenderError
from pipeline.nd30.kinds import FRAME_TEMPLATE
from pipeline.settings import Settings
from tests.conftest import SAMPLE
from tests.docxread import norm
from tests.rendered import frame_context

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _frame_context(body: list) -> dict:  # type: ignore[type-arg]
    return frame_context(body=body)


def _table_xml(docx: Path):  # type: ignore[no-untyped-def]
    doc = Document(str(docx))
    return next(t for t in doc.tables if t.style is not None and t.style.name == "VB Bảng")._tbl


def test_table_xml_keeps_header_rows_widths_runs_and_alignment(tmp_path: Path) -> None:
    table = TableBlock(
        ("TT", "Họ và tên", "Ghi chú"),
        (("1", "**Nguyễn Văn An** *(Tổ trưởng)*", "A & B <C>"),
         ("2", "Lê\tThị\nHà", " trống đầu"),
         ("3", "", "")),
        (12.0, 100.5, 52.5), ("center", "left", "right"))
    out = render_docx(Settings().template(FRAME_TEMPLATE), _frame_context([table]), tmp_path / "t.docx")
    tbl = _table_xml(out)
    assert [g.get(f"{W}w") for g in tbl.iter(f"{W}gridCol")] == ["680", "5698", "2976"]  # twips
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    rows = tbl.findall(f"{W}tr")
    assert [[c.tag for c in r.find(f"{W}trPr")] for r in rows] == [
        [f"{W}cantSplit", f"{W}tblHeader"], [f"{W}cantSplit"], [f"{W}cantSplit"], [f"{W}cantSplit"]]
    for row in rows:  # every cell carries its column's width, in twips
        assert [tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w") for tc in row.findall(f"{W}tc")] == ["680", "5698", "2976"]
    head = rows[0].findall(f"{W}tc/{W}p")
    assert {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in head} == {"VBÔtiêuđềbảng"}
    assert [p.find(f"{W}pPr/{W}jc") for p in head] == [None, None, None]
    first = rows[1].findall(f"{W}tc/{W}p")
    assert [p.find(f"{W}pPr/{W}jc").get(f"{W}val") for p in first] == ["center", "left", "right"]
    runs = [("".join(t.text for t in r.iter(f"{W}t")), r.find(f"{W}rPr/{W}b") is not None,
             r.find(f"{W}rPr/{W}i") is not None) for r in first[1].findall(f"{W}r")]
    # a cell prints as typed (names, notes from Excel): no emphasis marks are read in it
    assert runs == [("**Nguyễn Văn An** *(Tổ trưởng)*", False, False)]
    assert "".join(t.text for t in first[2].iter(f"{W}t")) == "A & B <C>"
    second = rows[2].findall(f"{W}tc/{W}p")
    assert [c.tag for c in second[1].find(f"{W}r")] == [f"{W}rPr", f"{W}t", f"{W}tab", f"{W}t", f"{W}br", f"{W}t"]
    lead = second[2].find(f"{W}r/{W}t")
    assert (lead.text, lead.get(qn("xml:space"))) == (" trống đầu", "preserve")
    assert [len(p.findall(f"{W}r")) for p in rows[3].findall(f"{W}tc/{W}p")] == [1, 0, 0]
    doc = Document(str(out))
    read = next(t for t in doc.tables if t.style is not None and t.style.name == "VB Bảng")
    assert [c.text for c in read.rows[2].cells] == ["2", "Lê\tThị\nHà", " trống đầu"]


def test_a_control_character_in_a_table_cell_is_a_render_error(tmp_path: Path) -> None:
    table = TableBlock(("TT", "Tên"), (("1", "Tổ\x0bbảo vệ"),), (12.0, 100.0))
    with pytest.raises(RenderError, match="ký tự điều khiển"):
        render_docx(Settings().template(FRAME_TEMPLATE), _frame_context([table]), tmp_path / "t.docx")
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
    template = tmp_path / "van-ban.docx"
    shutil.copy(Settings().template(FRAME_TEMPLATE), template)
    ctx = _frame_context([Block("para", "Nội dung.")])
    assert "Mẫu đã sửa" not in _text(render_docx(template, ctx, tmp_path / "a.docx"))
    doc = Document(str(template))
    doc.add_paragraph("Mẫu đã sửa")
    doc.save(str(template))
    assert "Mẫu đã sửa" in _text(render_docx(template, ctx, tmp_path / "b.docx"))


def test_docx_written_like_python_docx_writes_it(tmp_path: Path) -> None:
    from pipeline.docx.package import write_package

    table = TableBlock(("TT", "Tên"), (("1", "Tổ bảo vệ"),), (12.0, 100.0))
    out = render_docx(Settings().template(FRAME_TEMPLATE), _frame_context([table]), tmp_path / "t.docx")
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
    assert [p.text for p in Document(str(tmp_path / "ours.docx")).tables[1].rows[1].cells] == ["1", "Tổ bảo vệ"]
