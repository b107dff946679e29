"""The converter options of the command line: --workers and --converter."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.pdf.pool import pool_prefix
from tests.conftest import SAMPLE


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="vanban")
    return result.exit_code, result.output


def test_workers_option_builds_the_pdf_and_stops_libreoffice(tmp_path: Path) -> None:
    code, output = invoke("--workers", "1", "plan", str(SAMPLE), "--out", str(tmp_path))
    pdf = tmp_path / "haiphong-2024-antt" / "ke-hoach.pdf"
    assert (code, output.splitlines()[-1]) == (0, f"Đã ghi: {pdf}")
    assert pdf.read_bytes().startswith(b"%PDF-")
    left = subprocess.run(["pgrep", "-f", pool_prefix()], capture_output=True, text=True).stdout
    assert left == ""


def test_bad_worker_count_or_converter_address_is_explained(tmp_path: Path) -> None:
    assert invoke("--workers", "0", "plan", str(SAMPLE)) == (
        64, "Lỗi cách dùng: giá trị không hợp lệ cho --workers: cần ít nhất 1\n"
        "Xem hướng dẫn: vanban --help\n",
    )
    for address in ("may-chu", "nohost:99999"):  # a mistyped address is a usage error (64), not a conversion's (4)
        assert invoke("--converter", address, "plan", str(SAMPLE), "--out", str(tmp_path)) == (
            64, f"Lỗi cách dùng: giá trị không hợp lệ cho --converter: địa chỉ máy chuyển đổi «{address}» không "
            "hợp lệ; cần dạng máy:cổng, ví dụ 10.0.0.5:2003\nXem hướng dẫn: vanban --help\n",
        )
    assert not (tmp_path / "haiphong-2024-antt").exists()


@pytest.mark.parametrize(("args", "env", "message"), [
    (["--workers", "500"], {}, "Lỗi cách dùng: giá trị không hợp lệ cho --workers: tối đa {most} (bốn lần số lõi "
                               "CPU của máy này)"),
    ([], {"VANBAN_WORKERS": "abc"}, "Lỗi cách dùng: biến môi trường VANBAN_WORKERS=«abc» phải là số nguyên từ 1 "
                                    "đến {most}"),
    ([], {"VANBAN_WORKERS": "0"},
     "Lỗi cách dùng: biến môi trường VANBAN_WORKERS=«0» phải là số nguyên từ 1 đến {most}"),
])
def test_too_many_or_unreadable_workers_are_usage_errors(args: list[str], env: dict[str, str], message: str,
                                                          tmp_path: Path) -> None:
    import os

    result = CliRunner().invoke(main, [*args, "plan", "data/haiphong-2024-antt", "--out", str(tmp_path)],
                                prog_name="vanban", env=env)
    assert result.exit_code == 64
    assert result.output.splitlines()[0] == message.format(most=4 * (os.cpu_count() or 1))
    assert not list(tmp_path.iterdir())


def test_a_global_option_after_the_command_says_where_it_goes() -> None:
    result = CliRunner().invoke(main, ["build", "data/haiphong-2024-antt", "--phase", "1", "--workers", "3"],
                                prog_name="vanban")
    assert result.exit_code == 64
    assert result.output.splitlines()[0] == (
        "Lỗi cách dùng: không có tùy chọn «--workers» ở đây: đây là tùy chọn chung, đặt trước tên lệnh "
        "(ví dụ: vanban --workers … build …)")
