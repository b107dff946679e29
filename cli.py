"""vanban's command line: a thin click skin over the pipeline, speaking Vietnamese."""

from __future__ import annotations

import signal
import sys


def _stop_while_loading(signum: int, frame: object) -> None:
    """Ctrl-C while Python is still loading vanban: stop as a later Ctrl-C does (exit 130,
    "Đã dừng."), not with a traceback of whatever module was being imported."""
    sys.stderr.write("\nĐã dừng.\n")
    raise SystemExit(130)


signal.signal(signal.SIGINT, _stop_while_loading)

import contextlib  # loading starts here, once Ctrl-C is handled
import dataclasses
import os
import re
import threading
from pathlib import Path
from typing import Any

import click

from pipeline.build.engine import build_decide, build_phase, build_plan, build_review
from pipeline.build.prepare import campaign_output_dir
from pipeline.build.templates import template_names
from pipeline.campaign.model import parse_date
from pipeline.check.checker import check_documents, errors, parse_kind, summary
from pipeline.errors import DataError, ExitCode
from pipeline.nd30 import kinds, vi
from pipeline.pdf.convert import converter_session
from pipeline.register.outgoing import (
    Register,
    campaign_register,
    export_xlsx,
    issue_documents,
    issued_before,
)
from pipeline.settings import Settings

signal.signal(signal.SIGINT, signal.default_int_handler)  # from here on click turns Ctrl-C into "Đã dừng."

_HEADINGS = {"Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Tham số"}
_USAGE_ERRORS = [  # click's own messages (English, click 8.1–8.5) → Vietnamese; «» marks what was typed
    (r"Missing argument '(.+)'\.", "thiếu tham số {0}"),
    (r"Missing option '(.+)'\.", "thiếu tùy chọn {0}"),
    (r"Missing parameter '?(.+?)'?\.", "thiếu {0}"),
    (r"No such command '(.+?)'\.", "không có lệnh «{0}»"),
    (r"Option '(.+)' requires an argument\.", "tùy chọn {0} cần một giá trị"),
    (r"Option '(.+)' requires (\d+) arguments\.", "tùy chọn {0} cần {1} giá trị"),
    (r"Option '(.+)' does not take a value\.", "tùy chọn {0} không nhận giá trị"),
    (r"Got unexpected extra arguments? \((.+)\)", "thừa tham số: {0}"),
    (r"Invalid value for '.+': (?:File|Path) '(.+)' does not exist\.", "không có tệp {0}"),
    (r"Invalid value for '.+': Directory '(.+)' does not exist\.", "không có thư mục {0}"),
    (r"Invalid value for '(.+?)': (.+)", "giá trị không hợp lệ cho {0}: {1}"),
    (r"Invalid value: (.+)", "giá trị không hợp lệ: {0}"),
]
_VALUE_ERRORS = [  # the part after "Invalid value for …:" (click.types)
    (r"'(.*)' is not a valid integer( range)?\.?", "«{0}» không phải số nguyên"),
    (r"'(.*)' is not a valid float( range)?\.?", "«{0}» không phải là số"),
    (r"'(.*)' is not a valid boolean\.?", "«{0}» không phải có/không (yes/no)"),
    (r"'(.*)' is not a valid UUID\.?", "«{0}» không phải UUID"),
    (r"(.+) is not in the range (.+?)\.?", "{0} nằm ngoài khoảng cho phép {1}"),
    (r"(?:File|Path) '(.*)' is a directory\.?", "«{0}» là một thư mục, cần một tệp"),
    (r"(?:Directory|Path) '(.*)' is a file\.?", "«{0}» là một tệp, cần một thư mục"),
    (r"(?:File|Directory|Path) '(.*)' is not readable\.?", "không đọc được «{0}» (không có quyền)"),
    (r"(?:File|Directory|Path) '(.*)' is not writable\.?", "không ghi được vào «{0}» (không có quyền)"),
    (r"(?:File|Directory|Path) '(.*)' is not executable\.?", "«{0}» không chạy được"),
    (r"'(.*)' is not one of (.+?)\.?", "«{0}» không phải là một trong: {1}"),
    (r"'(.*)' is not (.+?)\.?", "«{0}» không phải là {1}"),
    (r"'(.*)' does not match the formats? (.+?)\.?", "«{0}» không đúng dạng {1}"),
]


def _quoted(names: Any) -> str:
    return " hoặc ".join(f"«{n.strip(chr(39))}»" for n in names)


def _guess(text: str) -> str:
    """Return click's "Did you mean …?" as " (có phải là «…»?)", or ""."""
    m = re.search(r"Did you mean(?: one of:)? (.+?)\??\)?$", text)
    if not m:
        return ""
    return f" (có phải là {_quoted(re.split(r', | or ', m[1]))}?)"


def _vietnamese(exc: click.UsageError) -> str:
    """Return what a usage error says, in Vietnamese: click's exceptions by their data where
    they carry it (NoSuchOption), else their English text matched against _USAGE_ERRORS;
    vanban's own messages (already Vietnamese) as they are."""
    if isinstance(exc, click.NoSuchOption):
        hint = f" (có phải là {_quoted(sorted(exc.possibilities))}?)" if exc.possibilities else ""
        return f"không có tùy chọn «{exc.option_name}»{hint}"
    message = exc.format_message()
    text, guess = re.split(r"\s*\(?(?=Did you mean)", message, maxsplit=1) + [""] * ("Did you mean" not in message)
    guess = guess.removeprefix("Did you mean")
    for pattern, vietnamese in _USAGE_ERRORS:
        if m := re.fullmatch(pattern, text, flags=re.DOTALL):
            suggestion = _guess("Did you mean" + guess) if guess else ""
            return vietnamese.format(*[_inner(g) for g in m.groups()]) + suggestion
    return message


def _inner(text: str) -> str:
    for pattern, vietnamese in _VALUE_ERRORS:
        if m := re.fullmatch(pattern, text.strip()):
            return vietnamese.format(*[re.sub(r"'([^']*)'", r"«\1»", g or "") for g in m.groups()])
    return text


_LAST_CONTEXT: list[click.Context] = []
"""The innermost command context parsed, for "Xem hướng dẫn" when click's error has none."""


class _Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Cách dùng: ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))


class _Context(click.Context):
    formatter_class = _Formatter


class _Command(click.Command):
    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TÙY_CHỌN]")
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _LAST_CONTEXT[:] = [ctx]
        return super().parse_args(ctx, args)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Hiện hướng dẫn này rồi thoát."
        return option


class _Group(_Command, click.Group):
    command_class = _Command

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """Run the command; show every error in Vietnamese, without a traceback."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        global _previous_hook
        _previous_hook, sys.unraisablehook = sys.unraisablehook, _said_again  # for this command
        try:
            self._main_standalone(args, prog_name, complete_var, **extra)
        finally:
            sys.unraisablehook = _previous_hook

    def _main_standalone(self, args: Any, prog_name: str | None, complete_var: str | None, **extra: Any) -> None:
        """Run the command in standalone mode: every error shown in Vietnamese, then exit."""
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        except click.UsageError as exc:
            message = _vietnamese(exc)
            if isinstance(exc, click.NoSuchOption) and exc.option_name in ("--workers", "--converter"):
                message = (f"không có tùy chọn «{exc.option_name}» ở đây: đây là tùy chọn chung, đặt trước tên "
                           f"lệnh (ví dụ: vanban {exc.option_name} … build …)")
            click.echo(f"Lỗi cách dùng: {message}", err=True)
            ctx = exc.ctx or (_LAST_CONTEXT[0] if _LAST_CONTEXT else None)
            if ctx is not None:
                click.echo(f"Xem hướng dẫn: {ctx.command_path} --help", err=True)
            sys.exit(ExitCode.USAGE)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:  # Ctrl-C: the shell's convention is 128 + SIGINT
            click.echo("Đã dừng.", err=True)
            _stop(ExitCode.INTERRUPTED)
        except SystemExit as exc:
            if exc.code == 128 + signal.SIGTERM:  # SIGTERM (pipeline.pdf.pool)
                _stop(exc.code)
            raise
        sys.exit(code if isinstance(code, int) else 0)


def _stop(code: int) -> None:
    """Exit with ``code`` after Ctrl-C or SIGTERM. The command itself leaves at once (every
    file is written whole or not at all, the converters are closed): Python's shutdown, which
    may wait on a document being rendered, is skipped. A test calling ``main`` gets SystemExit."""
    if _watchdog is None:
        sys.exit(code)
    from pipeline.files import abandon_writes

    abandon_writes()  # os._exit runs no atexit: the temporary files of a stopped render go now
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@click.group(
    cls=_Group,
    subcommand_metavar="LỆNH [THAM_SỐ]...",
    help="vanban — soạn văn bản hành chính của phong trào thi đua theo Nghị định 30/2020/NĐ-CP "
    "(DOCX để sửa, PDF để ký).",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(
    package_name="vanban", message="vanban %(version)s", help="Hiện phiên bản rồi thoát."
)
@click.option(
    "--workers", type=int, default=None, metavar="SỐ",
    help="Số tiến trình LibreOffice chạy sẵn để chuyển PDF (mặc định: số lõi CPU).",
)
@click.option(
    "--converter", default=None, metavar="MÁY:CỔNG",
    help="Chuyển PDF trên máy chuyển đổi unoserver ở xa (máy:cổng, nhiều máy cách nhau dấu "
    "phẩy) thay vì trên máy này.",
)
@click.pass_context
def main(ctx: click.Context, workers: int | None, converter: str | None) -> None:
    """Entry point of the ``vanban`` command: one converter session for the whole command."""
    changes: dict[str, Any] = {}
    most = 4 * (os.cpu_count() or 1)  # more LibreOffice workers than that only fight for the cores
    env = os.environ.get("VANBAN_WORKERS", "").strip()
    if workers is None and env:
        if not env.isdigit() or not 1 <= int(env) <= most:
            raise click.UsageError(f"biến môi trường VANBAN_WORKERS=«{env}» phải là số nguyên từ 1 đến {most}")
        workers = int(env)
    if workers is not None and workers < 1:
        raise click.BadParameter("cần ít nhất 1", param_hint="'--workers'")
    if workers is not None and workers > most:
        raise click.BadParameter(f"tối đa {most} (bốn lần số lõi CPU của máy này)", param_hint="'--workers'")
    if workers:
        changes["converter_workers"] = workers
    if converter:
        from pipeline.errors import ConvertError
        from pipeline.pdf.pool import parse_endpoints

        try:  # a mistyped address is a usage error, not a failed conversion
            parse_endpoints(converter)
        except ConvertError as exc:
            raise click.BadParameter(exc.message, param_hint="'--converter'") from None
        changes["converter_remote"] = converter
    if Path(sys.argv[0]).name == "vanban":  # the command itself, not a test calling main()
        _start_watchdog()
    ctx.with_resource(converter_session(dataclasses.replace(Settings(), **changes)))


STOP_GRACE_S = 1.0
"""Seconds vanban has to stop by itself after Ctrl-C or SIGTERM before its watchdog kills it."""

_WATCHDOG = """
import os, select, signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group
signal.signal(signal.SIGTERM, signal.SIG_IGN)
pipe, parent, grace = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
deadline = None
while True:
    wait = None if deadline is None else max(0.0, deadline - time.monotonic())
    if not select.select([pipe], [], [], wait)[0]:
        os.kill(parent, signal.SIGKILL)
        break
    if not os.read(pipe, 64):
        break  # vanban has ended
    deadline = deadline or time.monotonic() + grace
"""
_watchdog: Any = None


def _start_watchdog() -> None:
    """Start a tiny process that kills vanban (SIGKILL) when it has not stopped
    ``STOP_GRACE_S`` after Ctrl-C or SIGTERM — e.g. while a long C call (a huge document's
    XML) holds the interpreter and Python's own handlers cannot run. Python writes each
    signal it receives to a pipe at C level (``signal.set_wakeup_fd``); the watchdog reads
    it. Nothing is left half-written: outputs are written to temporary files then renamed,
    LibreOffice workers stop when vanban is gone, and the next run removes what is left."""
    global _watchdog
    import subprocess

    if _watchdog is not None or threading.current_thread() is not threading.main_thread():
        return
    read, write = os.pipe()
    os.set_blocking(write, False)
    try:
        _watchdog = subprocess.Popen([sys.executable, "-S", "-c", _WATCHDOG, str(read), str(os.getpid()),
                                      str(STOP_GRACE_S)], pass_fds=(read,), stdin=subprocess.DEVNULL)
    except OSError:  # no watchdog: Python's handlers still stop vanban, only later
        os.close(write)
        return
    finally:
        os.close(read)
    signal.set_wakeup_fd(write, warn_on_full_buffer=False)


_previous_hook = sys.unraisablehook


def _said_again(unraisable: Any) -> None:
    """Send Ctrl-C or SIGTERM again when Python dropped the exception it raised because it
    landed where none can propagate (a weakref callback, a ``__del__``: Python would print
    "Exception ignored in …" and go on): raised again where it stops vanban."""
    kind = unraisable.exc_type
    if kind is not None and issubclass(kind, KeyboardInterrupt):
        signal.raise_signal(signal.SIGINT)
    elif kind is not None and issubclass(kind, SystemExit):
        signal.raise_signal(signal.SIGTERM)
    else:
        _previous_hook(unraisable)


def _out_folder(ctx: click.Context, param: click.Parameter, value: str) -> Path:
    if not value.strip():
        raise click.BadParameter("không được để trống", ctx, param)
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise click.BadParameter(f"«{value}» là một tệp, không phải thư mục", ctx, param)
    return path


CAMPAIGN = click.argument("campaign_dir", metavar="THƯ_MỤC_PHONG_TRÀO", type=click.Path(path_type=Path))
PDF = click.option("--pdf/--no-pdf", default=True, help="Có chuyển sang PDF không (mặc định: có).")
FORCE = click.option("--force", is_flag=True,
                     help="Soạn lại cả văn bản DOCX đã sửa tay sau khi vanban ghi (mất phần sửa); mặc định "
                     "giữ nguyên bản đã sửa và chuyển PDF từ bản đó.")


def _notes(notes: Any) -> None:
    for note in notes:
        click.echo(note)


def _interactive() -> bool:
    """Return True when a person is at the terminal (no question is asked of a script or a log)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _redo_edits(stale: Any, force: bool) -> bool:
    """Return True when the person at the terminal asks to make again, from the data, the
    hand-edited documents whose data changed (``stale``); never asked without a terminal or
    with ``--force``."""
    if not stale or force or not _interactive():
        return False
    return click.confirm(f"Soạn lại từ dữ liệu {', '.join(stale)} (mất phần sửa tay)?", default=False)


OUT = click.option(
    "--out", "out_root", default="output", callback=_out_folder,
    metavar="THƯ_MỤC", help="Thư mục ghi văn bản (mặc định: output).",
)


class _DateParam(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.4 (we allow 8.1)
    name = "NGÀY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return parse_date(value)
        except ValueError as exc:  # pydantic's located error is a ValueError
            self.fail(f"«{value}» không phải là ngày; viết dạng 14/02/2025 ({exc})", param, ctx)


@main.command(
    "plan",
    help="Soạn Kế hoạch phát động phong trào từ THƯ_MỤC_PHONG_TRÀO (chứa campaign.yaml): "
    "ghi ke-hoach.docx và ke-hoach.pdf vào THƯ_MỤC/<tên thư mục phong trào>/. Bản dự thảo để "
    "trống số và ngày ký.",
    short_help="Soạn Kế hoạch phát động phong trào (DOCX và PDF).",
)
@CAMPAIGN
@OUT
@PDF
@click.option("--date", "date", type=_DateParam(), default=None, metavar="NGÀY",
              help="Ngày soạn, ví dụ 20/11/2024: in tháng, năm của ngày này (mặc định: plan.issue_date).")
@FORCE
def plan_command(campaign_dir: Path, out_root: Path, pdf: bool, date: Any, force: bool) -> None:
    """Write the campaign plan (Kế hoạch) as DOCX and PDF."""
    output = build_plan(campaign_dir, out_root, pdf=pdf, date=date, force=force)
    if not output.kept:  # a hand-edited DOCX is named by the notes
        click.echo(f"Đã ghi: {output.docx}")
    if output.pdf:
        click.echo(f"Đã ghi: {output.pdf}")
    _notes(output.notes)
    for warning in output.warnings:
        click.echo(f"Cảnh báo: {warning}")
    if _redo_edits(output.stale_edits, force):
        click.get_current_context().invoke(plan_command, campaign_dir=campaign_dir, out_root=out_root, pdf=pdf,
                                           date=date, force=True)


def _positive(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter(f"phải từ 1 trở lên, không phải {value}", ctx, param)
    return value


PHASE = click.option("--phase", type=int, default=None, metavar="ĐỢT", callback=_positive,
                     help="Số thứ tự đợt thi đua (1, 2, …); bắt buộc.")


@main.command(
    "decide",
    help="Soạn Quyết định khen thưởng khi sơ kết một đợt, từ THƯ_MỤC_PHONG_TRÀO/dot-<đợt>/"
    "de-nghi-khen-thuong.xlsx: quyet-dinh-khen-thuong (kèm danh sách), to-trinh (khi có đề nghị "
    "cấp trên khen), giay-khen/ (mỗi người một trang) và giay-khen.pdf để in, ghi vào "
    "THƯ_MỤC/<tên thư mục phong trào>/dot-<đợt>/. Ngày quyết định chọn căn cứ, mức lương cơ sở "
    "và hệ số tiền thưởng.",
    short_help="Soạn Quyết định khen thưởng, Tờ trình và Giấy khen của một đợt.",
)
@CAMPAIGN
@PHASE
@click.option("--date", "date", type=_DateParam(), default=None, metavar="NGÀY",
              help="Ngày quyết định, ví dụ 14/02/2025 (mặc định: awards.phases[].decision_date).")
@click.option("--number", type=int, default=None, metavar="SỐ", callback=_positive,
              help="Số quyết định đã đăng ký (mặc định: dự thảo, để trống số và ngày).")
@click.option("--alphabetical", is_flag=True,
              help="Xếp danh sách theo vần A, B, C (tên, tên đệm, họ) thay cho thứ tự đơn vị, chức vụ.")
@OUT
@PDF
@FORCE
def decide_command(campaign_dir: Path, phase: int | None, date: Any, number: int | None,
                   alphabetical: bool, out_root: Path, pdf: bool, force: bool) -> None:
    """Write the phase's commendation decision, proposal and certificates."""
    if phase is None:
        raise click.UsageError("thiếu tùy chọn --phase (số thứ tự đợt, ví dụ --phase 1)")
    outputs = build_decide(campaign_dir, out_root, phase=phase, date=date, number=number,
                           order="alphabetical" if alphabetical else None, pdf=pdf, force=force)
    for output in (outputs.decision, outputs.submission):
        if output and output.docx in outputs.kept:
            click.echo(f"Giữ nguyên bản đã cấp số: {output.docx}")
        elif output:
            if not output.kept:  # a hand-edited DOCX is named by the notes
                click.echo(f"Đã ghi: {output.docx}")
            if output.pdf:
                click.echo(f"Đã ghi: {output.pdf}")
    if outputs.issued is not None:
        click.echo(f"Giấy khen ghi Quyết định số {outputs.issued.reference} ngày "
                   f"{vi.short_date(outputs.issued.issue_date)}")
    if outputs.certificates:
        click.echo(f"Đã ghi: {len(outputs.certificates)} Giấy khen trong {outputs.certificates[0].parent}")
    if outputs.certificates_pdf:
        click.echo(f"Đã ghi: {outputs.certificates_pdf}")
    _notes(outputs.notes)
    for warning in outputs.warnings:
        click.echo(f"Cảnh báo: {warning}")
    if _redo_edits(outputs.stale_edits, force):
        click.get_current_context().invoke(decide_command, campaign_dir=campaign_dir, phase=phase, date=date,
                                           number=number, alphabetical=alphabetical, out_root=out_root, pdf=pdf,
                                           force=True)


def _phase(ctx: click.Context, param: click.Parameter, value: str | None) -> int | str | None:
    """Return the phase number of ``--phase`` (1, 2, …), "all" for every phase, or None."""
    if value is None:
        return None
    if value.strip().lower() in ("all", "tat-ca", "tất cả"):
        return "all"
    if value.strip().isdigit() and int(value) >= 1:
        return int(value)
    raise click.BadParameter(f"«{value}» không phải số đợt (1, 2, …) hay «all»", ctx=ctx, param=param)


@main.command(
    "report",
    help="Soạn Báo cáo sơ kết một đợt (--phase 1) hoặc Báo cáo tổng kết cả phong trào "
    "(--phase all hay --final) từ THƯ_MỤC_PHONG_TRÀO: đọc kết quả của các đơn vị "
    "(dot-N/ket-qua.xlsx), so với chỉ tiêu của Kế hoạch, tính tổng số và tỷ lệ, vẽ biểu đồ; "
    "ghi THƯ_MỤC/<phong trào>/dot-N/bao-cao-so-ket.docx và .pdf (tổng kết: "
    "THƯ_MỤC/<phong trào>/bao-cao-tong-ket.docx). Bản dự thảo để trống số và ngày ký.",
    short_help="Soạn Báo cáo sơ kết đợt / tổng kết phong trào (DOCX và PDF).",
)
@CAMPAIGN
@click.option("--phase", "phase_value", metavar="ĐỢT", default=None, callback=_phase,
              help="Số đợt cần sơ kết (1, 2, …) hoặc «all» để tổng kết.")
@click.option("--final", is_flag=True, help="Tổng kết cả phong trào (như --phase all).")
@OUT
@PDF
@click.option("--chart/--no-chart", default=True, help="Có chèn biểu đồ không (mặc định: có).")
@click.option("--date", "date", type=_DateParam(), default=None, metavar="NGÀY",
              help="Ngày soạn báo cáo, ví dụ 10/02/2025: in tháng, năm của ngày này (mặc định: tháng kết "
              "thúc đợt); không được trước ngày kết thúc đợt.")
@FORCE
def report_command(campaign_dir: Path, phase_value: int | str | None, final: bool, out_root: Path,
                   pdf: bool, chart: bool, date: Any, force: bool) -> None:
    """Write the phase review (sơ kết) or the final review (tổng kết) as DOCX and PDF."""
    if phase_value is None and not final:
        raise click.UsageError("cần --phase ĐỢT (ví dụ --phase 1) hoặc --final", ctx=click.get_current_context())
    phase = phase_value if isinstance(phase_value, int) and not final else None
    output = build_review(campaign_dir, out_root, phase=phase, pdf=pdf, chart=chart, date=date, force=force)
    for warning in output.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    if not output.kept:  # a hand-edited DOCX is named by the notes
        click.echo(f"Đã ghi: {output.docx}")
    if output.pdf:
        click.echo(f"Đã ghi: {output.pdf}")
    _notes(output.notes)
    if _redo_edits(output.stale_edits, force):
        click.get_current_context().invoke(report_command, campaign_dir=campaign_dir, phase_value=phase_value,
                                           final=final, out_root=out_root, pdf=pdf, chart=chart, date=date,
                                           force=True)


@main.group("template", cls=_Group, subcommand_metavar="LOẠI [THAM_SỐ]...",
            help="Ghi mẫu sổ Excel trống để các đơn vị điền (ket-qua), hoặc mẫu Word của một loại văn "
            f"bản ({', '.join(n.removesuffix('.docx') for n in template_names())}) để cơ quan sửa lời văn; in các "
            "trường dữ liệu mà mẫu của một loại được dùng (truong).",
            short_help="Ghi mẫu sổ Excel trống hoặc mẫu Word để sửa.")
def template_group() -> None:
    """Write empty workbooks for units to fill in."""


@template_group.command(
    "ket-qua",
    help="Ghi mẫu sổ kết quả thực hiện (mau-ket-qua.xlsx) của THƯ_MỤC_PHONG_TRÀO vào "
    "THƯ_MỤC/<phong trào>/: một dòng cho mỗi đơn vị, một cột cho mỗi chỉ tiêu, trang "
    "«Hướng dẫn» giải thích cách ghi.",
    short_help="Mẫu sổ kết quả thực hiện của các đơn vị.",
)
@CAMPAIGN
@OUT
def template_results_command(campaign_dir: Path, out_root: Path) -> None:
    """Write the empty results workbook for units."""
    from pipeline.campaign.load import load_campaign
    from pipeline.campaign.workbooks import write_results_workbook

    campaign = load_campaign(campaign_dir)
    target = campaign_output_dir(campaign_dir, out_root, claim=True) / "mau-ket-qua.xlsx"
    click.echo(f"Đã ghi: {write_results_workbook(campaign, target)}")


def _template_command(name: str) -> None:
    """Add ``vanban template <stem>``: write the Word template ``name`` in force for editing."""
    stem = name.removesuffix(".docx")

    @template_group.command(
        stem,
        help=f"Ghi mẫu Word {name} đang dùng (mẫu riêng của phong trào, mẫu dùng chung ghi ở "
        f"templates_dir, hoặc mẫu của vanban) vào THƯ_MỤC_PHONG_TRÀO/mau/{name} để sửa bằng Word; lần "
        "soạn sau dùng mẫu đã sửa. Không có THƯ_MỤC_PHONG_TRÀO: ghi mẫu của vanban vào thư mục hiện tại "
        "(để đặt vào thư mục mẫu dùng chung). Đã có tệp đó thì giữ nguyên.",
        short_help=f"Mẫu Word {name} để sửa lời văn.",
    )
    @click.argument("campaign_dir", metavar="[THƯ_MỤC_PHONG_TRÀO]", required=False,
                    type=click.Path(path_type=Path))
    def command(campaign_dir: Path | None) -> None:
        from pipeline.build.prepare import load
        from pipeline.build.templates import OWN_FOLDER, export_template

        if campaign_dir is None:
            target, written = export_template(name, None, Path.cwd())
        else:
            loaded = load(campaign_dir)
            target, written = export_template(name, loaded.templates, loaded.folder / OWN_FOLDER)
        if written:
            click.echo(f"Đã ghi: {target} — sửa bằng Word rồi soạn lại; mẫu này thay mẫu của vanban")
        else:
            click.echo(f"Đã có mẫu: {target} (giữ nguyên) — sửa trực tiếp tệp này")


def _template_commands() -> None:
    from pipeline.build.templates import template_names

    for name in template_names():
        _template_command(name)


_template_commands()


@template_group.command(
    "truong",
    help="In từ điển trường dữ liệu của loại văn bản LOẠI (" + ", ".join(s.name for s in kinds.KINDS) + "): mọi "
    "biến mà mẫu Word của nó được dùng — tên, nghĩa, có bắt buộc không (*) — với giá trị ví dụ lấy từ "
    "THƯ_MỤC_PHONG_TRÀO (mặc định: phong trào mẫu data/haiphong-2024-antt), tính đúng như khi soạn; rồi các bộ "
    "lọc (| full_date, | money_phrase…) với ví dụ. Mọi loại: docs/truong-du-lieu.md.",
    short_help="Từ điển trường dữ liệu của một loại văn bản, có ví dụ.",
)
@click.argument("kind", metavar="LOẠI", type=click.Choice([s.name for s in kinds.KINDS]))
@click.argument("campaign_dir", metavar="[THƯ_MỤC_PHONG_TRÀO]", required=False, type=click.Path(path_type=Path))
def template_fields_command(kind: str, campaign_dir: Path | None) -> None:
    """Print the field dictionary of one kind, with the campaign's (or the sample's) examples."""
    from pipeline.build.dictionary import of_kind

    click.echo(of_kind(kind, campaign_dir), nl=False)


@template_group.command(
    "de-nghi-khen-thuong",
    help="Ghi mẫu danh sách đề nghị khen thưởng (mau-de-nghi-khen-thuong.xlsx) trống: trang tính «Tập "
    "thể» và «Cá nhân» với tiêu đề cột ở dòng 1, danh sách chọn đơn vị (của THƯ_MỤC_PHONG_TRÀO), hình thức "
    "khen thưởng (theo thẩm quyền của phong trào) và giới tính, trang «Hướng dẫn». Ghi vào "
    "THƯ_MỤC/<phong trào>/ (không có THƯ_MỤC_PHONG_TRÀO: vào THƯ_MỤC/).",
    short_help="Mẫu danh sách đề nghị khen thưởng.",
)
@click.argument("campaign_dir", metavar="[THƯ_MỤC_PHONG_TRÀO]", required=False, type=click.Path(path_type=Path))
@OUT
def template_nominees_command(campaign_dir: Path | None, out_root: Path) -> None:
    """Write the blank nominee workbook (for a campaign, or generic)."""
    from pipeline.campaign.awards import load_rules
    from pipeline.campaign.init import NOMINEES_BLANK, form_choices
    from pipeline.campaign.load import campaign_file, load_campaign
    from pipeline.campaign.workbooks import write_nominees_workbook

    if campaign_dir is None:
        rules = load_rules()
        forms = [f.name for f in rules.forms.values() if f.kind == "award" and rules.form_key(f.name) is not None]
        forms += [f.aliases[0] for f in rules.forms.values() if f.kind == "award" and f.aliases]
        target = out_root / NOMINEES_BLANK
        units: list[str] = []
    else:
        campaign = load_campaign(campaign_dir)
        awards = campaign.awards
        rules = load_rules(awards.rules if awards else None, source=campaign_file(campaign_dir))
        if awards is not None and awards.authority in rules.authorities:
            forms = form_choices(rules, awards.authority, awards)
        else:
            forms = [f.name for f in rules.forms.values() if f.kind == "award"]
        units = [u.name for u in campaign.units]
        target = campaign_output_dir(campaign_dir, out_root) / NOMINEES_BLANK
    click.echo(f"Đã ghi: {write_nominees_workbook(target, units=units, forms=list(dict.fromkeys(forms)))}")


@template_group.command(
    "thong-tin-phong-trao",
    help="Ghi mẫu sổ thông tin phong trào (mau-thong-tin-phong-trao.xlsx) vào THƯ_MỤC/: cơ quan ban hành, "
    "người ký, thẩm quyền khen thưởng, tên, chủ đề, đối tượng, các đợt, nội dung thi đua, đơn vị. Điền xong "
    "thì dùng: vanban init THƯ_MỤC_PHONG_TRÀO --from TỆP.xlsx.",
    short_help="Mẫu sổ thông tin phong trào (cho vanban init --from).",
)
@OUT
def template_facts_command(out_root: Path) -> None:
    """Write the blank campaign-facts workbook."""
    from pipeline.campaign.awards import load_rules
    from pipeline.campaign.init import FACTS_BLANK, write_facts

    click.echo(f"Đã ghi: {write_facts(out_root / FACTS_BLANK, load_rules())}")


def _ask_choice(label: str, choices: list[str]) -> str:
    """Return the choice picked by number (or typed in full) at a Vietnamese prompt."""
    for n, choice in enumerate(choices, start=1):
        click.echo(f"  {n}. {choice}")
    while True:
        answer = click.prompt(f"{label} (số thứ tự)", prompt_suffix=": ").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1]
        if answer in choices or any(c.startswith(answer + " ") for c in choices):
            return answer
        click.echo(f"Không có lựa chọn «{answer}»: gõ một số từ 1 đến {len(choices)}.")


def _ask_list(label: str, how: str, parse: Any, *, least: int) -> list[Any]:
    """Return the items typed one per prompt until an empty answer (at least ``least``);
    ``how`` is said once before the first prompt."""
    click.echo(f"{how} Để trống rồi Enter để kết thúc.")
    items: list[Any] = []
    while True:
        answer = click.prompt(f"{label} {len(items) + 1}", default="", show_default=False,
                              prompt_suffix=": ").strip()
        if not answer:
            if len(items) >= least:
                return items
            click.echo(f"Cần ít nhất {least}.")
            continue
        try:
            items.append(parse(answer))
        except ValueError as exc:
            click.echo(f"Chưa đúng: {exc}")


def _ask(facts: Any, rules: Any) -> Any:
    """Return ``facts`` completed by asking, in Vietnamese, for every fact still missing."""
    from pipeline.campaign.init import (
        FACTS,
        ContentFacts,
        UnitFacts,
        authority_choices,
        parse_phase,
        value_problem,
    )

    values = dict(facts.values)
    for fact in FACTS:
        if values.get(fact.key):
            continue
        if fact.key == "authority":
            values["authority"] = _ask_choice(fact.label, authority_choices(rules))
            continue
        hint = f" — {fact.note}" if fact.note else ""
        while True:
            answer = click.prompt(f"{fact.label}{hint}", default="" if not fact.required else None,
                                  show_default=False, prompt_suffix=": ").strip()
            problem = value_problem(fact.key, answer, rules) if answer else None
            if problem is None:
                break
            click.echo(f"Chưa đúng: {problem[0]} — Cách sửa: {problem[1]}")
        if answer:
            values[fact.key] = answer
    phases = facts.phases or tuple(_ask_list(
        "Đợt", "Các đợt thi đua, mỗi đợt «ngày đầu - ngày cuối», ví dụ 01/03/2026 - 30/6/2026.", parse_phase,
        least=1))
    contents = facts.contents or tuple(_ask_list(
        "Nội dung", "Các nội dung thi đua, mỗi nội dung một tiêu đề.", ContentFacts, least=1))
    units = facts.units or tuple(_ask_list(
        "Đơn vị", "Các đơn vị tham gia, theo thứ tự trong báo cáo.", UnitFacts, least=0))
    return dataclasses.replace(facts, values=values, phases=phases, contents=contents, units=units)


def _phase_option(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list[Any]:
    from pipeline.campaign.init import parse_phase

    try:
        return [parse_phase(v) for v in value]
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


@main.command(
    "init",
    help="Khởi tạo phong trào mới trong THƯ_MỤC_PHONG_TRÀO: hỏi (hoặc nhận qua tùy chọn, hoặc đọc từ sổ "
    "--from) cơ quan ban hành, người ký, thẩm quyền khen thưởng, tên, chủ đề, đối tượng, các đợt, nội dung "
    "thi đua và đơn vị; ghi campaign.yaml ngắn có chú thích, noi-nhan.yaml, các mẫu sổ trống "
    "(mau-ket-qua.xlsx, mau-de-nghi-khen-thuong.xlsx, mau-thong-tin-phong-trao.xlsx) và thư mục dot-N/. "
    "Sau đó «vanban plan THƯ_MỤC_PHONG_TRÀO» chạy được ngay. Tệp đã có không bao giờ bị ghi đè.",
    short_help="Khởi tạo phong trào mới (campaign.yaml, noi-nhan.yaml, mẫu sổ Excel).",
)
@click.argument("folder", metavar="THƯ_MỤC_PHONG_TRÀO", type=click.Path(file_okay=False, path_type=Path))
@click.option("--issuer", metavar="TÊN", help="Tên đầy đủ của cơ quan ban hành (Sở Nội vụ tỉnh …).")
@click.option("--parent-body", metavar="TÊN", help="Cơ quan chủ quản (Ủy ban nhân dân tỉnh …).")
@click.option("--abbreviation", metavar="VIẾT_TẮT", help="Tên viết tắt trong ký hiệu (SNV → KH-SNV).")
@click.option("--place", metavar="ĐỊA_DANH", help="Địa danh của dòng ngày tháng.")
@click.option("--authority", metavar="THẨM_QUYỀN",
              help="Thẩm quyền khen thưởng: giam-doc-so, chu-tich-ubnd-tinh, chu-tich-ubnd-huyen, "
              "chu-tich-ubnd-xa, thu-truong-co-quan-chuyen-mon, … (khóa trong quy định khen thưởng).")
@click.option("--head-title", metavar="CHỨC_DANH", help="Chức danh người đứng đầu (mặc định: theo thẩm quyền).")
@click.option("--signer-title", metavar="CHỨC_VỤ", help="Chức vụ người ký (Phó Giám đốc).")
@click.option("--signer-name", metavar="HỌ_TÊN", help="Họ và tên người ký.")
@click.option("--signer-authority", metavar="QUYỀN_HẠN",
              help="Quyền hạn ký: KT., TM., TL., TUQ., Q. (bỏ trống: người đứng đầu ký).")
@click.option("--name", metavar="TÊN", help="Tên phong trào như viết trong câu văn (phong trào thi đua …).")
@click.option("--theme", metavar="CHỦ_ĐỀ", help="Chủ đề thi đua.")
@click.option("--participants", metavar="ĐỐI_TƯỢNG", help="Đối tượng thi đua.")
@click.option("--phase", "phases", multiple=True, metavar="ĐẦU-CUỐI", callback=_phase_option,
              help="Một đợt: «01/03/2026 - 30/6/2026», có thể thêm «: nội dung chào mừng»; nhắc lại cho mỗi đợt.")
@click.option("--content", "contents", multiple=True, metavar="TIÊU_ĐỀ",
              help="Một nội dung thi đua (tiêu đề); nhắc lại cho mỗi nội dung.")
@click.option("--unit", "units", multiple=True, metavar="TÊN", help="Một đơn vị tham gia; nhắc lại cho mỗi đơn vị.")
@click.option("--units", "units_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="TỆP.xlsx", help="Sổ Excel các đơn vị (cột «Tên đơn vị», «Tên viết tắt», «Nhóm»).")
@click.option("--from", "from_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="TỆP.xlsx", help="Sổ thông tin phong trào đã điền (mẫu: vanban template thong-tin-phong-trao).")
@click.option("--no-input", is_flag=True, help="Không hỏi: thiếu thông tin nào thì báo lỗi (cho máy chạy tự động).")
def init_command(folder: Path, phases: list[Any], contents: tuple[str, ...], units: tuple[str, ...],
                 units_file: Path | None, from_file: Path | None, no_input: bool, **values: str | None) -> None:
    """Start a new campaign folder; never overwrite a file already there."""
    from pipeline.campaign.awards import load_rules
    from pipeline.campaign.init import (
        ContentFacts,
        Facts,
        UnitFacts,
        read_facts,
        read_units,
        start_campaign,
    )
    from pipeline.campaign.load import CAMPAIGN_FILE

    rules = load_rules()
    given = Facts(values={k: v.strip() for k, v in values.items() if v and v.strip()}, phases=tuple(phases),
                  contents=tuple(ContentFacts(c) for c in contents), units=tuple(UnitFacts(u) for u in units))
    if units_file is not None:
        read, problems = read_units(units_file)
        if problems:
            raise DataError(problems)
        given = dataclasses.replace(given, units=given.units + tuple(read))
    facts = read_facts(from_file, rules).merged(given) if from_file else given
    if not (folder / CAMPAIGN_FILE).exists() and not no_input and from_file is None:
        facts = _ask(facts, rules)
    started = start_campaign(folder, facts)
    for path in started.written:
        click.echo(f"Đã ghi: {path}")
    for path in started.kept:
        click.echo(f"Giữ nguyên (đã có, không ghi đè): {path}")
    click.echo(f"Tiếp theo: vanban plan {folder}")


def _kind_option(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    try:
        return parse_kind(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


@main.command(
    "check",
    help="Kiểm tra thể thức TỆP.docx (do vanban soạn hoặc gõ trong Word) theo Nghị định "
    "30/2020/NĐ-CP, Phụ lục I: in từng chỗ sai với mã quy tắc (ND30-…), vị trí, điều cần và "
    "điều thấy. Mã thoát 0 khi không có lỗi, 1 khi có lỗi. Với --template: liệt kê biến của "
    "mẫu docxtpl và báo thẻ bị tách hỏng hoặc đặt sai chỗ.",
    short_help="Kiểm tra thể thức văn bản DOCX theo Nghị định 30.",
)
@click.argument(
    "files", metavar="TỆP.docx...", nargs=-1, required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (xem README).")
@click.option(
    "--kind", metavar="LOẠI", callback=_kind_option,
    help="Loại văn bản cần có: KH, BC, QĐ, TTr, \"công văn\"… (mặc định: đoán từ tên loại).",
)
@click.option("--template", "template", is_flag=True, help="TỆP là mẫu docxtpl: kiểm tra biến và thẻ.")
def check_command(files: tuple[Path, ...], as_json: bool, kind: Any, template: bool) -> int:
    """Check DOCX files against ND30 (or docxtpl templates); exit 1 when there is an error."""
    import json

    if template:
        from pipeline.check.template import check_templates

        findings = check_templates(list(files))
    else:
        findings = check_documents(list(files), kind)
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(summary(findings, len(files)))
    return ExitCode.FINDINGS if errors(findings) else ExitCode.OK


def _issue_date(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    from pydantic_core import PydanticCustomError

    from pipeline.campaign.model import parse_date

    try:
        return parse_date(value)
    except PydanticCustomError as exc:
        raise click.BadParameter(f"{exc.message()}; viết 2025-02-10 hoặc 10/02/2025") from None


REGISTER = click.option(
    "--register", "register", type=click.Path(dir_okay=False, path_type=Path), default=None,
    metavar="TỆP_SỔ",
    help="Sổ đăng ký văn bản đi (SQLite). Mặc định: sổ ghi trong văn bản khi soạn, tức "
    "<thư mục phong trào>/so-van-ban.sqlite hoặc issuer.register_file.",
)


def _drafted_elsewhen(docx: Path, issue_date: Any) -> str | None:
    from pipeline.docx.stamp import read_draft
    from pipeline.errors import VanbanError
    from pipeline.register.outgoing import outside_draft

    try:
        return outside_draft(read_draft(docx), issue_date)
    except VanbanError:  # issue_documents explains what is wrong with the file
        return None


@main.command(
    "issue",
    help="Cấp số và ngày ban hành cho văn bản TỆP.docx đã ký: lấy số kế tiếp của dãy số (hoặc số "
    "chỉ định), ghi số và ngày vào dòng «Số:», dòng địa danh, ngày và các dòng «(Kèm theo … số "
    "…)», chuyển lại PDF và ghi vào sổ đăng ký văn bản đi. Dòng cuối in ra là số, ký hiệu đã "
    "cấp. Cấp số lại văn bản đã cấp thì được số cũ.",
    short_help="Cấp số, ngày ban hành và vào sổ văn bản đi.",
)
@click.argument("docx", metavar="TỆP.docx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", "issue_date", callback=_issue_date, metavar="NGÀY",
              help="Ngày ban hành (2025-02-10 hoặc 10/02/2025), bắt buộc.")
@click.option("--number", type=int, default=None, metavar="SỐ",
              help="Cấp đúng số này, từ 1 trở lên (bị từ chối nếu số đã cấp).")
@REGISTER
@click.option("--reissue", is_flag=True,
              help="Văn bản đã cấp số rồi bị sửa: ghi lại số và ngày cũ vào bản sửa, cập nhật sổ.")
@click.option("--pdf/--no-pdf", default=True, help="Có chuyển lại PDF không (mặc định: có).")
def issue_command(docx: Path, issue_date: Any, number: int | None, register: Path | None,
                  reissue: bool, pdf: bool) -> None:
    """Issue one document: number, date, register entry; print the reference last."""
    if issue_date is None:
        raise click.UsageError("thiếu tùy chọn --date NGÀY (ngày ban hành)")
    if number is not None and number < 1:
        raise click.BadParameter("số văn bản từ 01 trở lên", param_hint="'--number'")
    warning = _drafted_elsewhen(docx, issue_date)
    try:
        issued = issue_documents([docx], issue_date, register, number=number, reissue=reissue, pdf=pdf)[0]
    except BaseException as exc:  # a number given before the failure is said all the same (last line)
        for given in issued_before(exc):
            _say_issued(given, pdf=False, register=register is None)
        raise
    if warning and issued.new:
        click.echo(f"Cảnh báo: {warning}", err=True)
    _say_issued(issued, pdf=pdf, register=register is None)


def _say_issued(issued: Any, *, pdf: bool, register: bool) -> None:
    """Print what ``vanban issue`` did, the number and symbol given on the last line; with
    ``register``, the register used (the one the document names: not named by the user)."""
    record = issued.record
    state = "Đã cấp số" if issued.new else "Văn bản đã có số"
    click.echo(f"{state}: {record.reference} ngày {vi.short_date(record.issue_date)} — {record.path}")
    if register and issued.register is not None:
        click.echo(f"Sổ đăng ký: {issued.register}")
    if pdf:
        click.echo(f"Đã ghi: {record.path.with_suffix('.pdf')}")
    from pipeline.build.issuing import complete_issue

    completion = complete_issue(record.path, pdf=pdf)
    if completion is not None and completion.problem:
        click.echo(f"Cảnh báo: {completion.problem}", err=True)
    elif completion is not None:
        what = "Giấy khen, danh sách gửi" if record.kind == "DECISION" else "danh sách gửi"
        click.echo(f"Đã soạn lại {what} với số {record.reference}: {completion.folder}")
        if completion.bundle:
            click.echo(f"Hồ sơ: {completion.bundle}")
    click.echo(record.reference)


@main.group(
    "register",
    cls=_Group,
    help="Sổ đăng ký văn bản đi: xem (list), xuất Excel (export), kiểm tra (check). Chỉ ra sổ "
    "bằng THƯ_MỤC_PHONG_TRÀO hoặc --register.",
    short_help="Sổ đăng ký văn bản đi: xem, xuất Excel, kiểm tra.",
    subcommand_metavar="LỆNH [THAM_SỐ]...",
)
def register_group() -> None:
    """The outgoing-document register commands."""


def _open_register(campaign_dir: Path | None, register: Path | None) -> Register:
    if register is None:
        if campaign_dir is None:
            raise click.UsageError("hãy chỉ ra THƯ_MỤC_PHONG_TRÀO hoặc --register TỆP_SỔ")
        register = campaign_register(campaign_dir)
    book = Register.open(register, create=False)
    for record in book.recovered:
        click.echo(f"Đã hoàn tất việc cấp số bị gián đoạn: {record.reference} — {record.path}")
    return book


CAMPAIGN = click.argument("campaign_dir", metavar="[THƯ_MỤC_PHONG_TRÀO]", required=False,
                          type=click.Path(file_okay=False, path_type=Path))


@register_group.command("list", help="Liệt kê các văn bản đã vào sổ, theo năm, dãy số và số.",
                        short_help="Liệt kê văn bản đã vào sổ.")
@CAMPAIGN
@REGISTER
def register_list(campaign_dir: Path | None, register: Path | None) -> None:
    """Print one line per record."""
    with _open_register(campaign_dir, register) as book:
        records = book.records()
    for r in records:
        click.echo(f"{r.reference}\t{vi.short_date(r.issue_date)}\t{r.summary}\t{r.signer}\t{r.path}")
    click.echo(f"{len(records)} văn bản.")


@register_group.command(
    "export",
    help="Xuất sổ ra TỆP.xlsx theo mẫu sổ đăng ký văn bản đi (Nghị định 30/2020/NĐ-CP, Phụ lục "
    "IV): mỗi dãy số, mỗi năm một trang tính.",
    short_help="Xuất sổ ra Excel (mẫu Phụ lục IV).",
)
@click.argument("xlsx", metavar="TỆP.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@CAMPAIGN
@REGISTER
def register_export(xlsx: Path, campaign_dir: Path | None, register: Path | None) -> None:
    """Write the register as XLSX."""
    with _open_register(campaign_dir, register) as book:
        records = book.records()
    click.echo(f"Đã ghi: {export_xlsx(records, xlsx)} ({len(records)} văn bản)")


@register_group.command(
    "check",
    help="Kiểm tra sổ: không thiếu số, không trùng số, mỗi văn bản còn tệp và tệp đúng bản đã "
    "cấp số (so mã băm). Mã thoát 2 nếu có lỗi.",
    short_help="Kiểm tra sổ: thiếu số, trùng số, tệp bị sửa.",
)
@CAMPAIGN
@REGISTER
def register_check(campaign_dir: Path | None, register: Path | None) -> None:
    """Check the register; exit 2 listing every error."""
    with _open_register(campaign_dir, register) as book:
        problems = book.check()
        count = len(book.records())
    for p in problems:
        if p.severity == "warning":
            click.echo(f"Cảnh báo: {p}", err=True)
    if any(p.severity == "error" for p in problems):
        raise DataError([p for p in problems if p.severity == "error"])
    click.echo(f"Sổ không có lỗi: {count} văn bản.")


def _summary(result: Any) -> str:
    """Return the build's summary table (Vietnamese headers) and its failures."""
    head = ("Bước", "Văn bản", "Làm mới", "Trang", "Giây", "Lỗi")
    rows = [(s.name, str(s.documents), str(s.made), str(s.pages), f"{s.seconds:.1f}", str(s.problems))
            for s in result.steps]
    rows.append(("Tổng", str(sum(s.documents for s in result.steps if s.name != "Chuyển PDF")),
                 str(sum(s.made for s in result.steps if s.name != "Chuyển PDF")),
                 str(sum(s.pages for s in result.steps if s.name != "Hồ sơ")),
                 f"{sum(s.seconds for s in result.steps):.1f}", str(sum(s.problems for s in result.steps))))
    widths = [max(len(r[n]) for r in (head, *rows)) for n in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) if n == 0 else c.rjust(w)
                         for n, (c, w) in enumerate(zip(cells, widths, strict=True)))

    out = [line(head), "  ".join("-" * w for w in widths), *[line(r) for r in rows[:-1]],
           "  ".join("-" * w for w in widths), line(rows[-1])]
    causes: dict[str, list[str]] = {}
    for what, cause in result.failures:  # steps failing for one cause (one workbook) share a line
        causes.setdefault(cause, []).append(what)
    for cause, whats in causes.items():
        names = ", ".join(whats) if len(whats) <= 3 else f"{', '.join(whats[:2])} và {len(whats) - 2} văn bản khác"
        out.append(f"Lỗi: {names}: {cause}")
    return "\n".join(out)


def _progress(total: int) -> Any:
    """Return the build's progress bar on stderr: for a person at a terminal only (logs and
    pipes get the summary alone)."""
    if not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    bar = click.progressbar(length=total, label="Soạn văn bản", file=sys.stderr, show_pos=True)
    return _Advance(bar)


class _Advance:
    """click's progress bar as a context giving its ``update`` (``advance(n)``)."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar

    def __enter__(self) -> Any:
        return self.bar.__enter__().update

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(*exc)


def _run_build(campaign_dir: Path, out_root: Path, phase: int | None, pdf: bool, strict: bool,
               issue_date: Any = None, register: Path | None = None, date: Any = None,
               force: bool = False) -> None:
    from pipeline.errors import BuildError

    if phase is None:
        raise click.UsageError("thiếu tùy chọn --phase (số thứ tự đợt, ví dụ --phase 1)")
    built = build_phase(campaign_dir, out_root, phase=phase, pdf=pdf, strict=strict, issue_date=issue_date,
                        register=register, progress=_progress, date=date, force=force)
    result = built.result
    click.echo(_summary(result))
    _notes(result.edit_notes())
    if issue_date is None and _redo_edits(result.stale_edits, force):
        _run_build(campaign_dir, out_root, phase, pdf, strict, None, register, date, force=True)
        return
    for warning in result.warnings:
        click.echo(f"Cảnh báo: {warning}")
    for line in result.finding_lines():  # what the Lỗi column counts: said, not only counted
        click.echo(f"Thể thức: {line}")
    if result.bundle:
        click.echo(f"Hồ sơ: {result.bundle}")
    if result.failed:
        made = any(not o.error for o in result.outcomes)
        raise BuildError(f"{len(result.failures)} văn bản hoặc bước không tạo được (xem bảng trên); "
                         + (f"các văn bản khác đã ghi vào {result.folder}" if made else "chưa ghi văn bản nào"))
    if strict and result.findings:
        raise BuildError(f"chế độ --strict: {result.findings} lỗi thể thức (vanban check)")
    click.echo(f"Đã ghi: {result.folder}")
    for issued in built.issued:
        state = "Đã cấp số" if issued.new else "Văn bản đã có số"
        click.echo(f"{state}: {issued.reference} — {issued.record.path.name}")
    if built.after_issue is not None and built.after_issue.bundle:
        click.echo(f"Hồ sơ: {built.after_issue.bundle}")


@main.command(
    "build",
    help="Soạn trọn bộ văn bản khi sơ kết một đợt, từ THƯ_MỤC_PHONG_TRÀO: Báo cáo sơ kết, "
    "Tờ trình, Quyết định khen thưởng, Giấy khen, danh sách gửi của từng văn bản (XLSX, DOCX, PDF) và "
    "hồ sơ ho-so-dot-<đợt>.pdf để trình ký, ghi vào THƯ_MỤC/<tên thư mục phong trào>/dot-<đợt>/. "
    "Chỉ làm lại văn bản có dữ liệu hoặc mẫu đã đổi; cuối cùng in bảng tóm tắt. Văn bản lỗi được nêu "
    "kèm nguyên nhân, các văn bản khác vẫn được soạn (mã thoát 7).",
    short_help="Soạn trọn bộ văn bản một đợt và hồ sơ trình ký.",
)
@click.argument("campaign_dir", metavar="THƯ_MỤC_PHONG_TRÀO", type=click.Path(path_type=Path))
@PHASE
@OUT
@click.option("--pdf/--no-pdf", default=True, help="Có chuyển sang PDF và gộp hồ sơ không (mặc định: có).")
@click.option("--strict", is_flag=True, help="Coi lỗi thể thức do vanban check tìm thấy là lỗi (mã thoát 7).")
@click.option("--issue", is_flag=True,
              help="Sau khi soạn xong, cấp số (sổ đăng ký văn bản đi) lần lượt cho Báo cáo, Tờ trình, "
              "Quyết định của đợt, ghi số và ngày vào văn bản, chuyển lại PDF và hồ sơ.")
@click.option("--date", "date", type=_DateParam(), default=None, metavar="NGÀY",
              help="Ngày của các văn bản, ví dụ 14/02/2025: ngày Quyết định (chọn căn cứ, mức lương cơ sở), "
              "tháng, năm của Báo cáo; với --issue là cả ngày ban hành khi cấp số.")
@REGISTER
@FORCE
def build_command(campaign_dir: Path, phase: int | None, out_root: Path, pdf: bool, strict: bool,
                  issue: bool, date: Any, register: Path | None, force: bool) -> None:
    """Build every document of a phase, incrementally, and print the summary."""
    if issue and date is None:
        raise click.UsageError("--issue cần --date NGÀY (ngày ban hành)")
    if register is not None and not issue:
        raise click.UsageError("--register chỉ dùng cùng --issue (sổ nhận số của các văn bản được cấp số)")
    _run_build(campaign_dir, out_root, phase, pdf, strict, date if issue else None, register, date, force)


@main.command(
    "bundle",
    help="Gộp các văn bản PDF của một đợt thành hồ sơ THƯ_MỤC/<tên thư mục phong trào>/dot-<đợt>/"
    "ho-so-dot-<đợt>.pdf theo thứ tự đọc (báo cáo, tờ trình, quyết định, giấy khen, danh sách gửi), "
    "mỗi văn bản một dấu trang. Văn bản nào chưa có hoặc đã cũ thì được soạn lại trước.",
    short_help="Gộp hồ sơ PDF của một đợt (có dấu trang).",
)
@click.argument("campaign_dir", metavar="THƯ_MỤC_PHONG_TRÀO", type=click.Path(path_type=Path))
@PHASE
@OUT
@FORCE
def bundle_command(campaign_dir: Path, phase: int | None, out_root: Path, force: bool) -> None:
    """Write the phase's bundle (bringing its documents up to date first)."""
    _run_build(campaign_dir, out_root, phase, True, False, force=force)

if __name__ == "__main__":
    main()
