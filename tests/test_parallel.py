"""Rendering many documents in a process pool while the converter turns them into PDF: the
order and the error list are the ones asked for, whatever finishes first."""

from __future__ import annotations

import time
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from pipeline.build.parallel import Job, render_many
from pipeline.build.prepare import load, prepare_decide
from pipeline.docx.render import render_docx
from pipeline.nd30.kinds import DECISION
from pipeline.settings import Settings
from tests.conftest import SAMPLE


def _template(folder: Path) -> Path:
    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.add_paragraph("Tặng {{ name }}")
    path = folder / "mau.docx"
    doc.save(str(path))
    return path


def _jobs(folder: Path, n: int) -> list[Job]:
    template = _template(folder)
    jobs = [Job(template, {"title": "GIẤY KHEN", "name": f"Người số {k}"},
                folder / "out" / f"giay-khen-{k:02d}.docx") for k in range(n)]
    # two bad records: a missing value each, at fixed places in the batch
    jobs[3] = Job(template, {"title": "GIẤY KHEN"}, folder / "out" / "giay-khen-03.docx")
    jobs[n - 2] = Job(template, {"name": "x"}, folder / "out" / f"giay-khen-{n - 2:02d}.docx")
    return jobs


def _texts(docx: Path) -> list[str]:
    return [p.text for p in Document(str(docx)).paragraphs]


def test_render_many_keeps_order_and_reports_bad_records_in_order(tmp_path: Path) -> None:
    jobs = _jobs(tmp_path, 24)
    made = render_many(jobs, workers=2)
    assert [m.job for m in made] == jobs
    assert [k for k, m in enumerate(made) if not m.ok] == [3, 22]
    assert made[3].error == (
        f"giay-khen-03.docx: mẫu {jobs[3].template} dùng biến không có trong dữ liệu: name"
    )
    assert made[22].error.endswith("dùng biến không có trong dữ liệu: title")
    assert [_texts(m.docx) for m in made if m.ok][:3] == [
        ["GIẤY KHEN", "Tặng Người số 0"], ["GIẤY KHEN", "Tặng Người số 1"],
        ["GIẤY KHEN", "Tặng Người số 2"],
    ]
    assert not (tmp_path / "out" / "giay-khen-03.docx").exists()
    # the same batch in one process gives the same answer
    serial = render_many(jobs, workers=1)
    assert [(m.ok, m.error) for m in serial] == [(m.ok, m.error) for m in made]


def test_a_500_row_list_renders_in_seconds_with_every_row_intact(tmp_path: Path) -> None:
    # regression: python-docx's table.cell(r, c) rebuilt the cell grid on every call, so a
    # decision's 500-row list took about two minutes to render (now about a second)
    rows = [{"number": str(n), "name": f"Nguyễn Văn {n}", "position": "**Tổ trưởng**", "note": ""}
            for n in range(1, 501)]
    ctx = prepare_decide(load(SAMPLE), phase=1).decision
    assert ctx is not None
    ctx = {**ctx, "individuals": rows}
    start = time.perf_counter()
    out = render_docx(Settings().template(DECISION.template), ctx, tmp_path / "qd.docx")
    assert time.perf_counter() - start < 20
    (table,) = [t for t in Document(str(out)).tables if t.rows[0].cells[1].text == "Họ và tên"]
    assert len(table.rows) == 501
    # a cell prints as typed: no emphasis marks are read in data
    assert [c.text for c in table.rows[500].cells] == ["500", "Nguyễn Văn 500", "**Tổ trưởng**", ""]
    assert not table.rows[500].cells[2].paragraphs[0].runs[0].bold
    assert table.rows[500].cells[0].paragraphs[0].style.name == "VB Ô bảng"
    trs = table._tbl.tr_lst
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in trs)
    assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in trs].count(True) == 1
