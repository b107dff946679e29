"""The Kế hoạch has its own Word template (templates/ke-hoach.docx, source templates/nguon/ke-hoach.txt):
its context gives values only, the template writes every sentence (issue 13, point 1)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from docx import Document

from cli import main
from pipeline.campaign.distribution import load_registry
from pipeline.campaign.load import load_campaign
from pipeline.documents import plan
from pipeline.docx.render import render_docx
from pipeline.nd30.kinds import PLAN
from pipeline.settings import Settings
from tests.conftest import SAMPLE
from tests.docxread import paragraphs
from tests.rendered import texts


def _context(**changes: Any) -> dict[str, Any]:
    campaign = load_campaign(SAMPLE)
    registry = load_registry(SAMPLE, campaign)
    if changes:
        campaign = campaign.model_copy(update={"plan": campaign.plan.model_copy(update=changes)})
    return plan.context(campaign, registry)


def test_the_context_gives_exactly_the_plan_fields() -> None:
    assert set(_context()) == set(plan.FIELDS)


def test_a_plan_that_implements_no_higher_document_has_no_thuc_hien_line() -> None:
    with_it = texts(PLAN, _context())
    without = texts(PLAN, _context(implements=None))
    at = with_it.index("KẾ HOẠCH") + 2  # after the trích yếu
    assert with_it[at].startswith("Thực hiện Kế hoạch số 133/KH-BCĐ 799 ngày 08/11/2024 của Ban chỉ đạo 799 ")
    assert with_it[at + 1] == without[at] == "I. MỤC ĐÍCH, YÊU CẦU"
    assert not [t for t in without if t.startswith("Thực hiện")]
    assert without == with_it[:at] + with_it[at + 1:]


def _render(context: dict[str, Any]) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "ke-hoach.docx"
        render_docx(Settings().template(PLAN.template), context, target)
        return Document(str(target))


def test_markup_of_yaml_text_keeps_its_emphasis_and_its_lines() -> None:
    ctx = _context(purposes=["Một **mục đích** đậm", "Dòng đầu\nDòng *sau*"], closing="Câu **kết**")
    ctx["phases"][0]["dedication"] = "Chào mừng **ngày hội** lớn"
    doc = _render(ctx)
    paras = [p for p in paragraphs(doc) if p.text.strip()]
    at = [p.text for p in paras].index("1. Mục đích")
    first, line1, line2 = paras[at + 1:at + 4]
    assert first.text == "- Một mục đích đậm"
    assert [r.text for r in first.runs if r.bold] == ["mục đích"]
    # a line break in a YAML text is a paragraph of its own, in the same style (never a <w:br/>)
    assert (line1.text, line2.text) == ("- Dòng đầu", "Dòng sau")
    assert line1.style.name == line2.style.name == "VB Nội dung"
    assert [r.text for r in line2.runs if r.italic] == ["sau"]
    phase = next(p for p in paras if p.text.startswith("- Đợt 1:"))
    assert phase.text.endswith(', "Chào mừng ngày hội lớn".')
    assert [r.text for r in phase.runs if r.bold] == ["Đợt 1:", "ngày hội"]
    assert "".join(r.text for r in phase.runs if r.italic) == "Chào mừng ngày hội lớn"
    closing = next(p for p in paras if p.text.startswith("Câu kết"))
    assert closing.text == "Câu kết./." and [r.text for r in closing.runs if r.bold] == ["kết"]


def test_a_phase_without_dedication_ends_with_a_full_stop() -> None:
    ctx = _context()
    ctx["phases"][1]["dedication"] = None
    assert "- Đợt 2: Từ ngày 04/02/2025 đến ngày 19/8/2025." in texts(PLAN, ctx)


def test_vanban_plan_writes_a_plan_without_plan_implements(campaign_copy: Path, tmp_path: Path) -> None:
    # a plan of the agency's own (no higher document): campaign.yaml without plan.implements
    yaml = campaign_copy / "campaign.yaml"
    lines = yaml.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip().startswith("implements:"))
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = next(n for n in range(start + 1, len(lines))
               if lines[n].strip() and len(lines[n]) - len(lines[n].lstrip()) <= indent)
    yaml.write_text("\n".join(lines[:start] + lines[end:]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["plan", str(campaign_copy), "--out", str(tmp_path), "--no-pdf"],
                                prog_name="vanban")
    assert result.exit_code == 0, result.output
    written = [p.text for p in paragraphs(Document(str(tmp_path / campaign_copy.name / "ke-hoach.docx")))
               if p.text.strip()]
    at = written.index("KẾ HOẠCH")
    assert written[at + 2] == "I. MỤC ĐÍCH, YÊU CẦU"  # right after the trích yếu: no "Thực hiện …"
    assert not [t for t in written if "Thực hiện" in t]
