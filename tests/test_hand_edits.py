"""A DOCX saved by a person after vanban wrote it (issue 13, point 6): converted again, kept, named.

One copy of the sample, built once; then the decision is edited as a clerk would (python-docx:
one sentence changed) and the phase built again, the data changed, and built with --force.
Each step is one `vanban build` run through the CLI (the summary is what the clerk reads).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from cli import main
from pipeline.build.engine import build_plan
from pipeline.errors import ConvertError
from pipeline.settings import Settings

from .conftest import SAMPLE
from .pdfread import page_texts

FOLDER = "haiphong-2024-antt/dot-1"
DECISION = "quyet-dinh-khen-thuong"
CERTIFICATE = "giay-khen/001-van-phong"  # the first awardee of the sample (tests/nominees_sample.py)
SENTENCE = "Quyết định này có hiệu lực kể từ ngày ký."
EDITED = "Quyết định này có hiệu lực kể từ ngày 01 tháng 3 năm 2025."
KEPT = f"Đã sửa tay, giữ nguyên: {DECISION}.docx, {CERTIFICATE}.docx (PDF và hồ sơ lấy đúng bản đã lưu)"
STALE = (f"Dữ liệu hoặc mẫu đã đổi sau khi sửa tay: {DECISION}.docx — chưa soạn lại để khỏi mất phần sửa. "
         "Cách sửa: sửa tiếp trong Word, hoặc chạy lại với --force để soạn lại từ dữ liệu (mất phần sửa tay)")


def _edit(docx: Path, old: str, new: str) -> None:
    """Change ``old`` to ``new`` in the run holding it, and save, as Word would."""
    document = Document(str(docx))
    paragraphs = [Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]
    runs = [r for p in paragraphs for r in p.runs if old in r.text]
    assert len(runs) == 1, [r.text for r in runs]
    runs[0].text = runs[0].text.replace(old, new)
    document.save(str(docx))


def _paragraphs(docx: Path) -> list[str]:
    return [p.text for p in Document(str(docx)).paragraphs]


def _text(pdf: Path) -> str:
    return " ".join(" ".join(page_texts(pdf)).split())


def _row(output: str, step: str) -> list[str]:
    """Return the summary's figures of ``step``: documents, redone, pages, seconds, problems."""
    return next(line for line in output.splitlines() if line.startswith(step)).split()[-5:]


@dataclass(frozen=True)
class Runs:
    folder: Path
    edited: str  # the build after the edit
    again: str  # built again, nothing changed
    edited_bundle: str  # the bundle's text after the edit
    edited_pdf: str  # the decision's own PDF after the edit
    print_file: str  # the certificates' print file after the edit
    data_changed: str  # after a data change for the decision
    data_changed_docx: list[str]
    forced: str  # --force
    forced_docx: list[str]
    forced_pdf: str
    manifest: dict[str, object]


def _build(campaign: Path, out: Path, *more: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["build", str(campaign), "--phase", "1", "--out", str(out), *more],
                                prog_name="vanban")
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    root = tmp_path_factory.mktemp("hand-edits")
    campaign = Path(shutil.copytree(SAMPLE, root / "haiphong-2024-antt"))
    out = root / "out"
    folder = out / FOLDER
    _build(campaign, out)
    _edit(folder / f"{DECISION}.docx", SENTENCE, EDITED)
    _edit(folder / f"{CERTIFICATE}.docx", "TẶNG", "TẶNG THƯỞNG")
    edited = _build(campaign, out)
    edited_bundle = _text(folder / "ho-so-dot-1.pdf")
    edited_pdf = _text(folder / f"{DECISION}.pdf")
    print_file = _text(folder / "giay-khen.pdf")
    manifest = json.loads((folder / ".vanban-build.json").read_text(encoding="utf-8"))["outputs"][DECISION]
    again = _build(campaign, out)
    yaml = campaign / "campaign.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("Thủ trưởng các đơn vị có liên quan",
                                                             "Thủ trưởng các cơ quan có liên quan"), encoding="utf-8")
    data_changed = _build(campaign, out, code=7)  # the bundle is refused: see below
    data_changed_docx = _paragraphs(folder / f"{DECISION}.docx")
    forced = _build(campaign, out, "--force")
    return Runs(folder, edited, again, edited_bundle, edited_pdf, print_file, data_changed, data_changed_docx, forced,
                _paragraphs(folder / f"{DECISION}.docx"), _text(folder / f"{DECISION}.pdf"), manifest)


def test_edited_docx_is_converted_again_and_kept(runs: Runs) -> None:
    assert _row(runs.edited, "Quyết định")[:2] == ["1", "1"]  # converted again, not rendered
    assert _row(runs.edited, "Giấy khen")[:2] == ["36", "1"]
    assert runs.print_file.count("TẶNG THƯỞNG") == 1 and runs.edited_bundle.count("TẶNG THƯỞNG") == 1
    assert _row(runs.edited, "Hồ sơ")[:2] == ["1", "1"]
    assert KEPT in runs.edited.splitlines()
    assert STALE not in runs.edited
    assert EDITED in runs.edited_bundle and SENTENCE not in runs.edited_bundle
    # the decision is rendered from its own template (templates/quyet-dinh-khen-thuong.docx): its
    # PDF is the DOCX the clerk saved, with the sentence as edited next to the template's others
    assert EDITED in runs.edited_pdf and SENTENCE not in runs.edited_pdf
    assert "Điều 3. " + EDITED in runs.edited_pdf


def test_the_manifest_records_what_vanban_wrote_and_what_the_person_saved(runs: Runs) -> None:
    written, saved = runs.manifest["docx"], runs.manifest["edited"]
    assert isinstance(written, dict) and isinstance(saved, dict)
    assert written["sha256"] != saved["sha256"]
    assert isinstance(runs.manifest["pdf"], dict)


def test_built_again_nothing_is_redone_and_the_edit_is_still_named(runs: Runs) -> None:
    assert _row(runs.again, "Tổng")[:2] == ["43", "0"]
    assert KEPT in runs.again.splitlines()


def test_a_data_change_keeps_the_edit_and_says_so(runs: Runs) -> None:
    assert any(EDITED in p for p in runs.data_changed_docx)
    assert KEPT in runs.data_changed.splitlines() and STALE in runs.data_changed.splitlines()
    assert _row(runs.data_changed, "Quyết định")[:2] == ["1", "0"]  # neither rendered nor converted
    # the stale decision would not agree with the certificates made from the new data: no bundle
    # (fresh-user trial: it bundled "04 cá nhân" with five certificates)
    assert ("Lỗi: ho-so-dot-1.pdf: không gộp hồ sơ: quyet-dinh-khen-thuong.docx đã sửa tay trước khi dữ liệu đổi, "
            "nên không còn khớp với các văn bản khác của đợt — Cách sửa: soạn lại bằng --force (mất phần sửa tay) "
            "rồi sửa tay lại nếu cần") in runs.data_changed


def test_force_makes_the_edited_document_again_from_the_data(runs: Runs) -> None:
    assert _row(runs.forced, "Quyết định")[:2] == ["1", "1"]
    assert "Đã sửa tay" not in runs.forced and "--force" not in runs.forced
    assert any(SENTENCE in p and "Thủ trưởng các cơ quan có liên quan" in p for p in runs.forced_docx)
    assert not any(EDITED in p for p in runs.forced_docx)
    assert SENTENCE in runs.forced_pdf and EDITED not in runs.forced_pdf


def test_plan_keeps_a_hand_edited_docx_unless_forced(tmp_path: Path) -> None:
    """The drafting commands (plan, report, decide) redo their documents, except one a person
    saved after vanban wrote it: kept and named; --force makes it again."""
    docx = tmp_path / "haiphong-2024-antt" / "ke-hoach.docx"

    def plan(*more: str) -> str:
        result = CliRunner().invoke(main, ["plan", str(SAMPLE), "--out", str(tmp_path), "--no-pdf", *more],
                                    prog_name="vanban")
        assert result.exit_code == 0, result.output
        return result.output

    plan()
    _edit(docx, "2. Yêu cầu", "2. Yêu cầu đặt ra")
    kept = plan()
    assert kept.splitlines() == ["Đã sửa tay, giữ nguyên: ke-hoach.docx (không chuyển PDF)"]
    assert "2. Yêu cầu đặt ra" in _paragraphs(docx)
    assert plan("--force").splitlines() == [f"Đã ghi: {docx}"]
    assert "2. Yêu cầu" in _paragraphs(docx) and "2. Yêu cầu đặt ra" not in _paragraphs(docx)


@pytest.mark.parametrize(("answer", "kept"), [("n", True), ("y", False)])
def test_at_a_terminal_the_clerk_is_asked_when_the_data_changed_after_the_edit(
        answer: str, kept: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "haiphong-2024-antt"))
    docx = tmp_path / "out" / "haiphong-2024-antt" / "ke-hoach.docx"

    def plan(given: str = "") -> str:
        result = CliRunner().invoke(main, ["plan", str(campaign), "--out", str(tmp_path / "out"), "--no-pdf"],
                                    prog_name="vanban", input=given)
        assert result.exit_code == 0, result.output
        return result.output

    plan()
    _edit(docx, "2. Yêu cầu", "2. Yêu cầu đặt ra")
    yaml = campaign / "campaign.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("Khu kinh tế Hải Phòng", "KKT Hải Phòng"),
                    encoding="utf-8")
    monkeypatch.setattr("cli._interactive", lambda: True)
    output = plan(f"{answer}\n")
    assert "Soạn lại từ dữ liệu ke-hoach.docx (mất phần sửa tay)? [y/N]: " + answer in output
    assert ("2. Yêu cầu đặt ra" in _paragraphs(docx)) is kept
    assert output.count(f"Đã ghi: {docx}") == (0 if kept else 1)


def test_an_edited_docx_that_cannot_be_converted_stays_the_persons(tmp_path: Path) -> None:
    """LibreOffice failing on the edited DOCX is reported; the next run still keeps the edit."""
    docx = tmp_path / "haiphong-2024-antt" / "ke-hoach.docx"
    build_plan(SAMPLE, tmp_path, pdf=False)
    _edit(docx, "2. Yêu cầu", "2. Yêu cầu đặt ra")
    no_libreoffice = Settings(uno_python=tmp_path / "no-such-python", converter_remote="")
    with pytest.raises(ConvertError):
        build_plan(SAMPLE, tmp_path, settings=no_libreoffice)
    assert not docx.with_suffix(".pdf").exists()
    again = build_plan(SAMPLE, tmp_path, pdf=False)
    assert again.notes == ("Đã sửa tay, giữ nguyên: ke-hoach.docx (không chuyển PDF)",)
    assert "2. Yêu cầu đặt ra" in _paragraphs(docx)
