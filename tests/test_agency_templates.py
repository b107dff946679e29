"""An agency's own templates (issue 13, point 2): `vanban template <kind>` writes the template in
force into the campaign's mau/ folder; a template there, or in a folder shared by the agency's
campaigns (campaign.yaml `templates_dir:`), replaces vanban's for that campaign."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from cli import main
from pipeline.settings import Settings

from .conftest import SAMPLE
from .pdfread import page_texts


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="vanban")
    return result.exit_code, result.output


def _retype(docx: Path, old: str, new: str) -> None:
    """Change the paragraph reading ``old`` (anywhere in the body) to ``new``, as a clerk in Word."""
    document = Document(str(docx))
    found = [Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]
    found = [p for p in found if p.text == old]
    assert len(found) == 1, old
    found[0].runs[0].text = new
    for run in found[0].runs[1:]:
        run.text = ""
    document.save(str(docx))


def _texts(docx: Path) -> list[str]:
    document = Document(str(docx))
    return [Paragraph(p, document._body).text for p in document.element.body.iter(qn("w:p"))]


def _campaign(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "haiphong-2024-antt"))


def test_template_command_writes_the_template_in_force_once(tmp_path: Path) -> None:
    campaign = _campaign(tmp_path)
    target = campaign / "mau" / "ke-hoach.docx"
    assert _run("template", "ke-hoach", str(campaign)) == (
        0, f"Đã ghi: {target} — sửa bằng Word rồi soạn lại; mẫu này thay mẫu của vanban\n")
    assert target.read_bytes() == (Settings().templates_dir / "ke-hoach.docx").read_bytes()
    _retype(target, "Nơi nhận:", "Nơi nhận văn bản:")
    assert _run("template", "ke-hoach", str(campaign)) == (
        0, f"Đã có mẫu: {target} (giữ nguyên) — sửa trực tiếp tệp này\n")
    assert "Nơi nhận văn bản:" in _texts(target)


def test_an_agency_template_in_mau_replaces_vanbans_in_the_docx_and_the_pdf(tmp_path: Path) -> None:
    campaign = _campaign(tmp_path)
    assert _run("template", "ke-hoach", str(campaign))[0] == 0
    _retype(campaign / "mau" / "ke-hoach.docx", "Nơi nhận:", "Nơi nhận văn bản:")
    # a heading of the plan is the template's wording: a clerk changes it in Word, no Python
    _retype(campaign / "mau" / "ke-hoach.docx", "II. CHỦ ĐỀ THI ĐUA", "II. CHỦ ĐỀ CỦA PHONG TRÀO")
    out = tmp_path / "out"
    code, output = _run("plan", str(campaign), "--out", str(out))
    assert code == 0, output
    plan = out / "haiphong-2024-antt" / "ke-hoach"
    texts = _texts(plan.with_suffix(".docx"))
    assert "Nơi nhận văn bản:" in texts and "II. CHỦ ĐỀ CỦA PHONG TRÀO" in texts
    pdf = " ".join(page_texts(plan.with_suffix(".pdf")))
    assert "Nơi nhận văn bản:" in pdf and "II. CHỦ ĐỀ CỦA PHONG TRÀO" in pdf
    # the template is part of the document's inputs: restored, the plan is vanban's again
    (campaign / "mau" / "ke-hoach.docx").unlink()
    assert _run("plan", str(campaign), "--out", str(out), "--no-pdf")[0] == 0
    texts = _texts(plan.with_suffix(".docx"))
    assert "Nơi nhận:" in texts and "Nơi nhận văn bản:" not in texts and "II. CHỦ ĐỀ THI ĐUA" in texts


def test_a_shared_templates_folder_serves_the_campaigns_named_to_it(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    campaign = _campaign(tmp_path)
    shared = tmp_path / "mau-chung"
    shared.mkdir()
    monkeypatch.chdir(shared)
    code, output = _run("template", "giay-khen")  # no campaign: vanban's own, into the current folder
    assert (code, output) == (0, f"Đã ghi: {shared / 'giay-khen.docx'} — sửa bằng Word rồi soạn lại; mẫu này "
                              "thay mẫu của vanban\n")
    _retype(shared / "giay-khen.docx", "TẶNG", "TẶNG THƯỞNG")
    yaml = campaign / "campaign.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "\ntemplates_dir: ../mau-chung\n", encoding="utf-8")
    out = tmp_path / "out"
    code, output = _run("decide", str(campaign), "--phase", "1", "--out", str(out), "--no-pdf")
    assert code == 0, output
    certificate = next((out / "haiphong-2024-antt" / "dot-1" / "giay-khen").glob("001-*.docx"))
    assert "TẶNG THƯỞNG" in _texts(certificate)
    # the template in force for this campaign is the shared one: exported for editing
    code, output = _run("template", "giay-khen", str(campaign))
    assert code == 0 and "TẶNG THƯỞNG" in _texts(campaign / "mau" / "giay-khen.docx")


def test_a_missing_shared_folder_is_a_located_data_error(tmp_path: Path) -> None:
    campaign = _campaign(tmp_path)
    yaml = campaign / "campaign.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "\ntemplates_dir: ../mau-chung\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["plan", str(campaign), "--out", str(tmp_path / "out"), "--no-pdf"],
                                prog_name="vanban")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Lỗi: dữ liệu có 1 lỗi, chưa tạo văn bản nào:",
        f"  - {yaml}: templates_dir: không có thư mục mẫu dùng chung «../mau-chung» ({tmp_path / 'mau-chung'}) — "
        "Cách sửa: tạo thư mục đó và đặt các mẫu DOCX vào (vanban template ke-hoach …), sửa đường dẫn (tính từ "
        "thư mục phong trào), hoặc xóa dòng templates_dir",
    ]
    assert not (tmp_path / "out").exists()
