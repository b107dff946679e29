"""vanban's command line: a thin click skin over the pipeline, speaking Vietnamese."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path
from typing import Any

import click

from pipeline.build import build_plan
from pipeline.convert import converter_session
from pipeline.settings import Settings

_HEADINGS = {"Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Tham số"}
_USAGE_ERRORS = [
    (r"Missing argument '(.+)'\.", "thiếu tham số {0}"),
    (r"Missing option '(.+)'\.", "thiếu tùy chọn {0}"),
    (r"No such option:? '?([^'\s]+)'?\.?", "không có tùy chọn {0}"),
    (r"No such command '(.+?)'\.", "không có lệnh «{0}»"),
    (r"Option '(.+)' requires an argument\.", "tùy chọn {0} cần một giá trị"),
    (r"Got unexpected extra arguments? \((.+)\)", "thừa tham số: {0}"),
    (r"Invalid value for '(.+)': (.+)", "giá trị không hợp lệ cho {0}: {1}"),
]


def _vietnamese(message: str) -> str:
    message, _, guess = message.partition(" Did you mean ")
    if guess:
        guess = f". Có phải ý bạn là {guess.rstrip('?').replace(' or ', ' hoặc ')}?"
    for pattern, text in _USAGE_ERRORS:
        if m := re.fullmatch(pattern, message.strip(), flags=re.S):
            return text.format(*m.groups()) + guess
    return message + guess


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
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            click.echo(f"Lỗi cách dùng: {_vietnamese(exc.format_message())}", err=True)
            if exc.ctx is not None:
                click.echo(f"Xem hướng dẫn: {exc.ctx.command_path} --help", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Đã dừng.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


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
    if workers is not None and workers < 1:
        raise click.BadParameter("cần ít nhất 1", param_hint="'--workers'")
    if workers:
        changes["converter_workers"] = workers
    if converter:
        changes["converter_remote"] = converter
    ctx.with_resource(converter_session(dataclasses.replace(Settings(), **changes)))


OUT = click.option(
    "--out", "out_root", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
    metavar="THƯ_MỤC", help="Thư mục ghi văn bản (mặc định: output).",
)


@main.command(
    "plan",
    help="Soạn Kế hoạch phát động phong trào từ THƯ_MỤC_PHONG_TRÀO (chứa campaign.yaml): "
    "ghi ke-hoach.docx và ke-hoach.pdf vào THƯ_MỤC/<tên thư mục phong trào>/. Bản dự thảo để "
    "trống số và ngày ký.",
    short_help="Soạn Kế hoạch phát động phong trào (DOCX và PDF).",
)
@click.argument("campaign_dir", metavar="THƯ_MỤC_PHONG_TRÀO", type=click.Path(path_type=Path))
@OUT
@click.option("--pdf/--no-pdf", default=True, help="Có chuyển sang PDF không (mặc định: có).")
def plan_command(campaign_dir: Path, out_root: Path, pdf: bool) -> None:
    """Write the campaign plan (Kế hoạch) as DOCX and PDF."""
    output = build_plan(campaign_dir, out_root, pdf=pdf)
    click.echo(f"Đã ghi: {output.docx}")
    if output.pdf:
        click.echo(f"Đã ghi: {output.pdf}")


if __name__ == "__main__":
    main()
