"""One engine for every command: the campaign read once, the manifest shared by every command."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document

from cli import main
from pipeline.campaign import load as load_module
from pipeline.nd30 import kinds as K
from tests.conftest import SAMPLE
from tests.docxread import norm

FOLDER = SAMPLE.name


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="vanban")
    return result.exit_code, result.output


@pytest.mark.parametrize("command", [
    ["plan"], ["report", "--phase", "1"], ["report", "--final"], ["decide", "--phase", "1"],
    ["build", "--phase", "1"],
])
def test_each_command_reads_campaign_and_recipients_once(command: list[str], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    reads: Counter[str] = Counter()
    real = load_module.read_yaml

    def counting(path: Path, *args: Any, **kwargs: Any) -> Any:
        reads[Path(path).name] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(load_module, "read_yaml", counting)
    code, output = invoke(command[0], str(SAMPLE), *command[1:], "--out", str(tmp_path), "--no-pdf")
    assert code == 0, output
    assert reads["campaign.yaml"] == 1 and reads["noi-nhan.yaml"] == 1, reads


def _decision_names(docx: Path) -> list[str]:
    """Return the awardees of the decision's attached list, in list order (collectives, then
    individuals without Ông/Bà)."""
    names = []
    for table in Document(str(docx)).tables[1:]:
        for row in table.rows[1:]:
            cells = [norm(c.text) for c in row.cells]
            if cells and cells[0].isdigit():
                names.append(cells[1])
    return names


def _certificate_names(folder: Path, awardees: list[str]) -> list[str]:
    """Return the awardee of each certificate (giay-khen/NNN-…), in file order."""
    names = []
    for docx in sorted((folder / K.CERTIFICATE.stem).glob("[0-9][0-9][0-9]-*.docx")):
        text = {norm(p.text) for p in Document(str(docx)).paragraphs}
        # a team of a unit is listed "<team>, <unit>"; its certificate prints the two on their own lines
        names.append(next(n for n in awardees if n in text or any(t and n.startswith(f"{t}, ") for t in text)))
    return names


def test_decide_then_build_gives_the_decision_and_certificates_in_one_order(tmp_path: Path) -> None:
    """Issue 12: build, then decide --alphabetical, then build → the decision kept the
    alphabetical list while 33 of 36 certificates were re-rendered in the other order."""
    out = str(tmp_path)
    folder = tmp_path / FOLDER / "dot-1"
    assert invoke("build", str(SAMPLE), "--phase", "1", "--out", out, "--no-pdf")[0] == 0
    structure = _decision_names(folder / "quyet-dinh-khen-thuong.docx")
    assert invoke("decide", str(SAMPLE), "--phase", "1", "--alphabetical", "--out", out, "--no-pdf")[0] == 0
    alphabetical = _decision_names(folder / "quyet-dinh-khen-thuong.docx")
    assert alphabetical != structure and sorted(alphabetical) == sorted(structure)
    assert _certificate_names(folder, structure) == alphabetical  # decide made both in its order
    code, output = invoke("build", str(SAMPLE), "--phase", "1", "--out", out, "--no-pdf")
    assert code == 0, output
    assert _decision_names(folder / "quyet-dinh-khen-thuong.docx") == structure
    assert _certificate_names(folder, structure) == structure
    made = {line.split()[0] + " " + line.split()[1]: line.split() for line in output.splitlines()}
    assert made["Quyết định"][3] == "1"  # redone: the manifest knew decide had written it


def test_a_drafting_command_keeps_what_other_commands_made(tmp_path: Path) -> None:
    """The report drafted alone leaves the decision, certificates and dispatch sheets of the
    phase (and their manifest entries) as the build made them."""
    out = str(tmp_path)
    folder = tmp_path / FOLDER / "dot-1"
    assert invoke("build", str(SAMPLE), "--phase", "1", "--out", out, "--no-pdf")[0] == 0
    before = json.loads((folder / ".vanban-build.json").read_text(encoding="utf-8"))["outputs"]
    assert invoke("report", str(SAMPLE), "--phase", "1", "--out", out, "--no-pdf")[0] == 0
    after = json.loads((folder / ".vanban-build.json").read_text(encoding="utf-8"))["outputs"]
    assert {k: v for k, v in after.items() if k != "bao-cao-so-ket"} == {
        k: v for k, v in before.items() if k != "bao-cao-so-ket"}  # the other commands' entries kept
    # the same data made the same report (its DOCX written again: its file state, not its hash, is new)
    assert {k: after["bao-cao-so-ket"][k] for k in ("hash", "pages")} == {
        k: before["bao-cao-so-ket"][k] for k in ("hash", "pages")}
    assert after["bao-cao-so-ket"]["docx"] != before["bao-cao-so-ket"]["docx"]
    assert (folder / "quyet-dinh-khen-thuong.docx").exists() and len(list((folder / "giay-khen").glob("*.docx"))) == 36
    code, output = invoke("build", str(SAMPLE), "--phase", "1", "--out", out, "--no-pdf")
    assert code == 0 and output.splitlines()[-2].split()[:3] == ["Tổng", "42", "0"], output


def test_the_registry_says_each_kind_once() -> None:
    assert len({s.name for s in K.KINDS}) == len(K.KINDS)
    assert [s.kind.name for s in K.issue_order() if s.kind] == ["REPORT", "SUBMISSION", "DECISION"]
    assert K.kind_of_key("giay-khen/001-phong-quan-ly-doanh-nghiep") is K.CERTIFICATE
    assert K.kind_of_key("giay-khen.pdf") is K.CERTIFICATE
    assert K.kind_of_key("danh-sach-gui/to-trinh") is K.DISPATCH_SHEET
    assert K.kind_of_key("ho-so-dot-1.pdf") is None


def test_certificates_and_dispatch_sheets_say_what_they_are(tmp_path: Path) -> None:
    """They carry vanban.kind, so `vanban check` knows them at once and `vanban issue` says
    why they get no number of their own."""
    assert invoke("build", str(SAMPLE), "--phase", "1", "--out", str(tmp_path), "--no-pdf")[0] == 0
    folder = tmp_path / FOLDER / "dot-1"
    certificate = sorted((folder / "giay-khen").glob("*.docx"))[0]
    sheets = sorted((folder / "danh-sach-gui").glob("*.docx"))
    code, output = invoke("check", str(certificate), *map(str, sheets))
    assert (code, output.splitlines()[-1]) == (0, f"Không có lỗi trong {1 + len(sheets)} tệp.")
    code, output = invoke("issue", str(certificate), "--date", "14/02/2025", "--no-pdf")
    assert code == 6
    assert output == (f"Lỗi: {certificate}: đây là Giấy khen, không có số riêng: nó mang số, ngày của Quyết định "
                      "— hãy cấp số cho Quyết định (vanban issue quyet-dinh-khen-thuong.docx hoặc vanban build "
                      "--issue)\n")


def test_a_build_reads_each_workbook_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report, the Tờ trình and the decision share one read of the phase's results and
    nominee workbooks (they were read twice: the report's and the decision's)."""
    from pipeline.campaign import excel, nominees, results

    sheets: Counter[str] = Counter()
    real = excel.read_sheet

    def counting(path: Path, *args: Any, **kwargs: Any) -> Any:
        sheets[Path(path).name] += 1
        return real(path, *args, **kwargs)

    for module in (excel, nominees, results):
        monkeypatch.setattr(module, "read_sheet", counting)
    code, output = invoke("build", str(SAMPLE), "--phase", "1", "--out", str(tmp_path), "--no-pdf")
    assert code == 0, output
    assert sheets == {"ket-qua.xlsx": 1, "de-nghi-khen-thuong.xlsx": 2}  # its two sheets: Tập thể, Cá nhân
