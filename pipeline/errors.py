"""The exception hierarchy: every user-facing error carries its location as data."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

import click


class ExitCode(enum.IntEnum):
    """vanban's exit codes (mã thoát), one per kind of failure, so that a script can tell a
    mistyped command from wrong data; the README's table lists the same (a test compares)."""

    OK = 0
    """Thành công."""
    FINDINGS = 1
    """``vanban check``: có ít nhất một lỗi thể thức."""
    DATA = 2
    """Dữ liệu sai (campaign.yaml, noi-nhan.yaml, sổ Excel, quy định, sổ văn bản đi khi ``register check``)."""
    TEMPLATE = 3
    """Mẫu DOCX hỏng hoặc không điền được."""
    CONVERT = 4
    """LibreOffice không chuyển được sang PDF (bản DOCX vẫn được ghi)."""
    OUTPUT = 5
    """Không ghi được vào thư mục ra."""
    REGISTER = 6
    """Sổ đăng ký văn bản đi từ chối (số đã cấp, văn bản sửa sau khi cấp số…)."""
    PARTIAL = 7
    """``vanban build``: một số văn bản không tạo được (các văn bản khác vẫn được soạn)."""
    USAGE = 64
    """Gõ lệnh sai: tùy chọn lạ, thiếu tham số, giá trị tùy chọn sai (như sysexits EX_USAGE)."""
    INTERRUPTED = 130
    """Dừng bằng Ctrl-C (128 + SIGINT)."""


@dataclass(frozen=True)
class Problem:
    """One problem found in the user's data (lỗi dữ liệu), located and explained in Vietnamese.

    ``file`` is the data file, ``where`` the place inside it (a YAML path such as
    ``phases[1].end``, or ``Trang tính "Kết quả", dòng 7, cột "Đơn vị"``), ``line`` the
    1-based line in a text file when known, ``what`` what is wrong and ``fix`` how to fix it.
    """

    file: Path | None
    where: str
    what: str
    fix: str = ""
    line: int | None = None
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        place = str(self.file) if self.file else ""
        if self.line is not None:
            place += f":{self.line}"
        head = f"{place}: " if place else ""
        where = f"{self.where}: " if self.where else ""
        text = f"{head}{where}{self.what}"
        if self.fix:
            text += f" — Cách sửa: {self.fix}"
        return text


class VanbanError(click.ClickException):
    """Raised when vanban cannot go on because of the user's input or environment.

    The message is shown to the clerk as is (in Vietnamese), without a traceback; the exit
    code is 1. Bugs are not ``VanbanError`` and keep their traceback.
    """

    exit_code = ExitCode.FINDINGS

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        """Print the message prefixed with "Lỗi:" to standard error."""
        click.echo(f"Lỗi: {self.format_message()}", err=True, file=file)


class DataError(VanbanError):
    """Raised when a campaign's data (YAML, Excel) has one or more problems.

    ``problems`` holds every problem found in one pass, each located; the message lists
    them all with their count.
    """

    exit_code = ExitCode.DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        warnings = len(self.problems) - len(errors)
        also = f" và {warnings} cảnh báo" if warnings else ""
        lines = [f"dữ liệu có {len(errors)} lỗi{also}, chưa tạo văn bản nào:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class RenderError(VanbanError):
    """Raised when a DOCX template cannot be rendered with the campaign's data."""

    exit_code = ExitCode.TEMPLATE


class ConvertError(VanbanError):
    """Raised when LibreOffice fails to turn a DOCX into a PDF (error, timeout, no output)."""

    exit_code = ExitCode.CONVERT


class OutputError(VanbanError):
    """Raised when an output file or folder cannot be written (no permission, a file where a
    folder should be, …)."""

    exit_code = ExitCode.OUTPUT


class RegisterError(VanbanError):
    """Raised when the outgoing-document register (sổ đăng ký văn bản đi) refuses an issue:
    a number already taken, a document changed after issue, a draft without its number or
    date line, a register file that cannot be opened."""

    exit_code = ExitCode.REGISTER


class BuildError(VanbanError):
    """Raised when a build made some documents but not all (``vanban build``): the message
    names each document that failed and its cause; the others were made."""

    exit_code = ExitCode.PARTIAL
