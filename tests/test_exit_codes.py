"""Every exit code of the README's table is what vanban returns for its cause (real runs)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from cli import main
from pipeline.errors import ExitCode
from tests.conftest import SAMPLE

README = Path(__file__).resolve().parent.parent / "README.md"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _run(tmp: Path, *args: str, env: dict[str, str] | None = None) -> int:
    return CliRunner().invoke(main, list(args), prog_name="vanban", env=env).exit_code


def _ok(tmp: Path) -> int:
    return _run(tmp, "plan", str(SAMPLE), "--out", str(tmp), "--no-pdf")


def _findings(tmp: Path) -> int:
    path = tmp / "thu.docx"
    Document().save(str(path))  # Letter paper, Calibri, no ND30 frame
    return _run(tmp, "check", str(path))


def _data(tmp: Path) -> int:
    return _run(tmp, "plan", str(tmp / "khong-co"), "--out", str(tmp))


def _broken_templates(tmp: Path, name: str) -> Path:
    folder = Path(shutil.copytree(TEMPLATES, tmp / "mau"))
    (folder / name).write_bytes(b"not a docx")
    return folder


def _template(tmp: Path) -> int:
    folder = _broken_templates(tmp, "ke-hoach.docx")  # the plan's template
    return _run(tmp, "plan", str(SAMPLE), "--out", str(tmp), "--no-pdf", env={"VANBAN_TEMPLATES": str(folder)})


def _convert(tmp: Path) -> int:
    return _run(tmp, "plan", str(SAMPLE), "--out", str(tmp), env={"VANBAN_UNO_PYTHON": str(tmp / "khong-co-python")})


def _output(tmp: Path) -> int:
    (tmp / SAMPLE.name).write_text("một tệp chắn chỗ thư mục", encoding="utf-8")
    return _run(tmp, "plan", str(SAMPLE), "--out", str(tmp), "--no-pdf")


def _register(tmp: Path) -> int:
    path = tmp / "thu.docx"
    Document().save(str(path))  # no "Số:" line, not a vanban draft
    return _run(tmp, "issue", str(path), "--date", "14/02/2025", "--register", str(tmp / "so.sqlite"))


def _partial(tmp: Path) -> int:
    folder = _broken_templates(tmp, "giay-khen.docx")
    return _run(tmp, "build", str(SAMPLE), "--phase", "1", "--out", str(tmp), "--no-pdf",
                env={"VANBAN_TEMPLATES": str(folder)})


def _usage(tmp: Path) -> int:
    return _run(tmp, "plan", str(SAMPLE), "--khong-co")


CAUSES: dict[ExitCode, Callable[[Path], int]] = {
    ExitCode.OK: _ok, ExitCode.FINDINGS: _findings, ExitCode.DATA: _data, ExitCode.TEMPLATE: _template,
    ExitCode.CONVERT: _convert, ExitCode.OUTPUT: _output, ExitCode.REGISTER: _register,
    ExitCode.PARTIAL: _partial, ExitCode.USAGE: _usage,
}
"""ExitCode.INTERRUPTED (Ctrl-C) is asserted on a real SIGINT in test_phase_build and test_pool."""


def test_the_readme_lists_every_exit_code() -> None:
    section = README.read_text(encoding="utf-8").split("### Mã thoát", 1)[1].split("\n\n", 2)[1]
    listed = [int(m) for m in re.findall(r"^(\d+) \|", section, flags=re.MULTILINE)]
    assert listed == [int(code) for code in ExitCode]
    assert set(CAUSES) | {ExitCode.INTERRUPTED} == set(ExitCode)


@pytest.mark.parametrize("code", list(CAUSES), ids=lambda c: c.name)
def test_exit_code_for_its_cause(code: ExitCode, tmp_path: Path) -> None:
    assert CAUSES[code](tmp_path) == code
