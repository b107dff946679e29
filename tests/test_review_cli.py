"""`vanban report` and `vanban template ket-qua` as a clerk meets them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import main
from tests.conftest import SAMPLE

ENGLISH = re.compile(r"\b(Usage|Options|Commands|Show this message|default|Error)\b")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="vanban")
    return result.exit_code, result.output


@pytest.mark.parametrize("command", [["report"], ["template"], ["template", "ket-qua"]])
def test_help_is_vietnamese(command: list[str]) -> None:
    code, output = invoke(*command, "--help")
    assert code == 0
    assert output.startswith(f"Cách dùng: vanban {' '.join(command)} [TÙY_CHỌN]")
    assert not ENGLISH.search(output), output


def test_readme_documents_the_commands_and_the_workbook() -> None:
    readme = (SAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")
    for text in ["vanban report", "--phase all", "--final", "--no-chart", "vanban template ket-qua",
                 "dot-1/ket-qua.xlsx", "chưa báo cáo", "Số tổ", "Hướng dẫn"]:
        assert text in readme, text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--phase", "x"],
         "Lỗi cách dùng: giá trị không hợp lệ cho --phase: «x» không phải số đợt (1, 2, …) hay «all»\n"
                           "Xem hướng dẫn: vanban report --help\n"),
        ([], "Lỗi cách dùng: cần --phase ĐỢT (ví dụ --phase 1) hoặc --final\nXem hướng dẫn: vanban report --help\n"),
    ],
)
def test_usage_errors(args: list[str], expected: str, tmp_path: Path) -> None:
    code, output = invoke("report", str(SAMPLE), "--out", str(tmp_path), *args)
    assert (code, output) == (64, expected)


def test_phase_out_of_range(tmp_path: Path) -> None:
    code, output = invoke("report", str(SAMPLE), "--phase", "3", "--out", str(tmp_path))
    assert code == 2
    assert output == (
        "Lỗi: dữ liệu có 1 lỗi, chưa tạo văn bản nào:\n"
        f"  - {SAMPLE / 'campaign.yaml'}: phases: phong trào không có Đợt 3 (chỉ có 2 đợt) — "
        "Cách sửa: chọn --phase từ 1 đến 2, hoặc --phase all\n"
    )


@pytest.mark.parametrize(("args", "path"), [(["--phase", "2"], "dot-2/bao-cao-so-ket.docx"),
                                            (["--phase", "all"], "bao-cao-tong-ket.docx"),
                                            (["--final"], "bao-cao-tong-ket.docx")])
def test_report_writes_its_docx(args: list[str], path: str, tmp_path: Path) -> None:
    code, output = invoke("report", str(SAMPLE), *args, "--out", str(tmp_path), "--no-pdf", "--no-chart")
    target = tmp_path / "haiphong-2024-antt" / path
    assert (code, output) == (0, f"Đã ghi: {target}\n")
    assert target.exists()


def test_template_ket_qua(tmp_path: Path) -> None:
    code, output = invoke("template", "ket-qua", str(SAMPLE), "--out", str(tmp_path))
    target = tmp_path / "haiphong-2024-antt" / "mau-ket-qua.xlsx"
    assert (code, output) == (0, f"Đã ghi: {target}\n")
    book = load_workbook(target)
    assert book.sheetnames == ["Kết quả", "Hướng dẫn", "Danh mục"]  # Danh mục: the units offered in column B
    sheet = book["Kết quả"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["STT", "Đơn vị", "Số tổ", "Số văn bản chỉ đạo", "Số cuộc họp, hội nghị", "Số người tham dự"]
    assert header[6] == "Tỷ lệ nguồn tin qua lực lượng (%)" and header[-4:] == ["Ưu điểm", "Hạn chế", "Nguyên nhân",
                                                                                "Đề xuất, kiến nghị"]
    assert [r[1].value for r in sheet.iter_rows(min_row=2)][:2] == ["Văn phòng Ban", "Phòng Quản lý đầu tư"]
    assert all(c.value is None for r in sheet.iter_rows(min_row=2) for c in r[2:])
    assert sheet[1][0].font.bold
