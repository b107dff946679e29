"""The command line as a clerk meets it: Vietnamese help, whole output, exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from tests.conftest import SAMPLE

README = Path(__file__).resolve().parent.parent / "README.md"
ENGLISH = re.compile(r"\b(Usage|Options|Commands|Show this message|default|Error)\b")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="vanban")
    return result.exit_code, result.output


@pytest.mark.parametrize("command", [[], ["plan"]])
def test_help_is_vietnamese(command: list[str]) -> None:
    code, output = invoke(*command, "--help")
    assert code == 0
    assert output.startswith(f"Cách dùng: vanban {' '.join(command)}".rstrip() + " [TÙY_CHỌN]")
    assert "Tùy chọn:" in output and "Hiện hướng dẫn này rồi thoát." in output
    assert not ENGLISH.search(output), output


def test_every_command_is_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    for name in main.commands:
        assert f"vanban {name}" in readme, name


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["plan"], "Lỗi cách dùng: thiếu tham số THƯ_MỤC_PHONG_TRÀO\nXem hướng dẫn: vanban plan --help\n"),
        (["plann", "x"],
         "Lỗi cách dùng: không có lệnh «plann» (có phải là «plan»?)\nXem hướng dẫn: vanban --help\n"),
        (["plan", "--khong-co", "x"],
         "Lỗi cách dùng: không có tùy chọn «--khong-co»\nXem hướng dẫn: vanban plan --help\n"),
    ],
)
def test_usage_errors_are_vietnamese(args: list[str], expected: str) -> None:
    code, output = invoke(*args)
    assert (code, output) == (64, expected)


def test_plan_without_pdf_prints_what_it_wrote(tmp_path: Path) -> None:
    code, output = invoke("plan", str(SAMPLE), "--out", str(tmp_path), "--no-pdf")
    assert code == 0
    assert output == f"Đã ghi: {tmp_path / 'haiphong-2024-antt' / 'ke-hoach.docx'}\n"
    made = sorted(p.name for p in (tmp_path / "haiphong-2024-antt").iterdir())
    assert made == [".vanban-build.json", "ke-hoach.docx"]
