"""vanban's command line: a thin click skin over the pipeline, speaking Vietnamese."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from pipeline.build import build_decide, build_plan
from pipeline.model import parse_date

_HEADINGS = {"Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Tham số"}
_USAGE_ERRORS = [
    (r"Missing argument '(.+)'\.", "thiếu tham số {0}"),
    (r"Missing option '(.+)'\.", "thiếu tùy chọn {0}"),
    (r"No such option:? '?([^'\s]+)'?\.?", "không có tùy chọn {0}"),
    (r"No such command '(.+?)'\.", "không có lệnh «{0}»"),
    (r"Option '(.+)' requires an argument\.", "tùy chọn {0} cần một giá trị"),
    (r"Option '(.+)' does not take a value\.", "tùy chọn {0} không nhận giá trị"),
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
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
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
def main() -> None:
    """Entry point of the ``vanban`` command."""


def _out_folder(ctx: click.Context, param: click.Parameter, value: str) -> Path:
    if not value.strip():
        raise click.BadParameter("không được để trống", ctx, param)
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise click.BadParameter(f"«{value}» là một tệp, không phải thư mục", ctx, param)
    return path


OUT = click.option(
    "--out", "out_root", default="output", callback=_out_folder,
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


class _DateParam(click.ParamType):
    name = "NGÀY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return parse_date(value)
        except ValueError as exc:  # pydantic's located error is a ValueError
            self.fail(f"«{value}» không phải là ngày; viết dạng 14/02/2025 ({exc})", param, ctx)


def _positive(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter(f"phải từ 1 trở lên, không phải {value}", ctx, param)
    return value


@main.command(
    "decide",
    help="Soạn Quyết định khen thưởng khi sơ kết một đợt, từ THƯ_MỤC_PHONG_TRÀO/dot-<đợt>/"
    "de-nghi-khen-thuong.xlsx: quyet-dinh-khen-thuong (kèm danh sách), to-trinh (khi có đề nghị "
    "cấp trên khen), giay-khen/ (mỗi người một trang) và giay-khen.pdf để in, ghi vào "
    "THƯ_MỤC/<tên thư mục phong trào>/dot-<đợt>/. Ngày quyết định chọn căn cứ, mức lương cơ sở "
    "và hệ số tiền thưởng.",
    short_help="Soạn Quyết định khen thưởng, Tờ trình và Giấy khen của một đợt.",
)
@click.argument("campaign_dir", metavar="THƯ_MỤC_PHONG_TRÀO", type=click.Path(path_type=Path))
@click.option("--phase", type=int, default=None, metavar="ĐỢT", callback=_positive,
              help="Số thứ tự đợt thi đua (1, 2, …); bắt buộc.")
@click.option("--date", "date", type=_DateParam(), default=None, metavar="NGÀY",
              help="Ngày quyết định, ví dụ 14/02/2025 (mặc định: awards.phases[].decision_date).")
@click.option("--number", type=int, default=None, metavar="SỐ", callback=_positive,
              help="Số quyết định đã đăng ký (mặc định: dự thảo, để trống số và ngày).")
@click.option("--alphabetical", is_flag=True,
              help="Xếp danh sách theo vần A, B, C (tên, tên đệm, họ) thay cho thứ tự đơn vị, chức vụ.")
@OUT
@click.option("--pdf/--no-pdf", default=True, help="Có chuyển sang PDF không (mặc định: có).")
def decide_command(campaign_dir: Path, phase: int | None, date: Any, number: int | None,
                   alphabetical: bool, out_root: Path, pdf: bool) -> None:
    """Write the phase's commendation decision, proposal and certificates."""
    if phase is None:
        raise click.UsageError("thiếu tùy chọn --phase (số thứ tự đợt, ví dụ --phase 1)")
    outputs = build_decide(campaign_dir, out_root, phase=phase, date=date, number=number,
                           order="alphabetical" if alphabetical else None, pdf=pdf)
    for output in (outputs.decision, outputs.submission):
        if output:
            click.echo(f"Đã ghi: {output.docx}")
            if output.pdf:
                click.echo(f"Đã ghi: {output.pdf}")
    if outputs.certificates:
        click.echo(f"Đã ghi: {len(outputs.certificates)} Giấy khen trong {outputs.certificates[0].parent}")
    if outputs.certificates_pdf:
        click.echo(f"Đã ghi: {outputs.certificates_pdf}")



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
        return "  ".join(c.ljust(w) if n == 0 else c.rjust(w) for n, (c, w) in enumerate(zip(cells, widths)))

    out = [line(head), "  ".join("-" * w for w in widths), *[line(r) for r in rows[:-1]],
           "  ".join("-" * w for w in widths), line(rows[-1])]
    for what, cause in result.failures:
        out.append(f"Lỗi: {what}: {cause}")
    return "\n".join(out)


def _run_build(campaign_dir: Path, out_root: Path, phase: int | None, pdf: bool, strict: bool) -> None:
    from pipeline.errors import BuildError
    from pipeline.phasebuild import prepare_phase, run_phase

    if phase is None:
        raise click.UsageError("thiếu tùy chọn --phase (số thứ tự đợt, ví dụ --phase 1)")
    prepared = prepare_phase(campaign_dir, out_root, phase=phase, pdf=pdf)
    with click.progressbar(length=len(prepared.jobs), label="Soạn văn bản", file=sys.stderr,
                           show_pos=True) as bar:
        result = run_phase(prepared, advance=bar.update)
    click.echo(_summary(result))
    if result.bundle:
        click.echo(f"Hồ sơ: {result.bundle}")
    if result.failed:
        raise BuildError(f"{len(result.failures)} văn bản không tạo được (xem bảng trên); các văn bản khác đã ghi "
                         f"vào {result.folder}")
    if strict and result.findings:
        raise BuildError(f"chế độ --strict: {result.findings} lỗi thể thức (vanban check)")
    click.echo(f"Đã ghi: {result.folder}")


@main.command(
    "build",
    help="Soạn trọn bộ văn bản khi sơ kết một đợt, từ THƯ_MỤC_PHONG_TRÀO: Báo cáo sơ kết (khi có), "
    "Tờ trình, Quyết định khen thưởng, Giấy khen, danh sách gửi của từng văn bản (XLSX, DOCX, PDF) và "
    "hồ sơ ho-so-dot-<đợt>.pdf để trình ký, ghi vào THƯ_MỤC/<tên thư mục phong trào>/dot-<đợt>/. "
    "Chỉ làm lại văn bản có dữ liệu hoặc mẫu đã đổi; cuối cùng in bảng tóm tắt. Văn bản lỗi được nêu "
    "kèm nguyên nhân, các văn bản khác vẫn được soạn (mã thoát 6).",
    short_help="Soạn trọn bộ văn bản một đợt và hồ sơ trình ký.",
)
@click.argument("campaign_dir", metavar="THƯ_MỤC_PHONG_TRÀO", type=click.Path(path_type=Path))
@click.option("--phase", type=int, default=None, metavar="ĐỢT", callback=_positive,
              help="Số thứ tự đợt thi đua (1, 2, …); bắt buộc.")
@OUT
@click.option("--pdf/--no-pdf", default=True, help="Có chuyển sang PDF và gộp hồ sơ không (mặc định: có).")
@click.option("--strict", is_flag=True, help="Coi lỗi thể thức do vanban check tìm thấy là lỗi (mã thoát 6).")
def build_command(campaign_dir: Path, phase: int | None, out_root: Path, pdf: bool, strict: bool) -> None:
    """Build every document of a phase, incrementally, and print the summary."""
    _run_build(campaign_dir, out_root, phase, pdf, strict)


@main.command(
    "bundle",
    help="Gộp các văn bản PDF của một đợt thành hồ sơ THƯ_MỤC/<tên thư mục phong trào>/dot-<đợt>/"
    "ho-so-dot-<đợt>.pdf theo thứ tự đọc (báo cáo, tờ trình, quyết định, giấy khen, danh sách gửi), "
    "mỗi văn bản một dấu trang. Văn bản nào chưa có hoặc đã cũ thì được soạn lại trước.",
    short_help="Gộp hồ sơ PDF của một đợt (có dấu trang).",
)
@click.argument("campaign_dir", metavar="THƯ_MỤC_PHONG_TRÀO", type=click.Path(path_type=Path))
@click.option("--phase", type=int, default=None, metavar="ĐỢT", callback=_positive,
              help="Số thứ tự đợt thi đua (1, 2, …); bắt buộc.")
@OUT
def bundle_command(campaign_dir: Path, phase: int | None, out_root: Path) -> None:
    """Write the phase's bundle (bringing its documents up to date first)."""
    _run_build(campaign_dir, out_root, phase, True, False)

if __name__ == "__main__":
    main()
