"""vanban's command line: a thin click skin over the pipeline."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.build import build_plan

CAMPAIGN = click.Path(exists=True, file_okay=False, path_type=Path)


@click.group(
    help="vanban — soạn văn bản hành chính của phong trào thi đua theo Nghị định 30/2020/NĐ-CP "
    "(DOCX để sửa, PDF để ký).",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="vanban", message="vanban %(version)s")
def main() -> None:
    """Entry point of the ``vanban`` command."""


@main.command(
    "plan",
    help="Soạn Kế hoạch phát động phong trào từ THƯ_MỤC_PHONG_TRÀO (chứa campaign.yaml): "
    "ghi ke-hoach.docx và ke-hoach.pdf vào OUT/<tên thư mục>/.",
)
@click.argument("campaign_dir", metavar="THƯ_MỤC_PHONG_TRÀO", type=CAMPAIGN)
@click.option(
    "--out", "out_root", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
    show_default=True, help="Thư mục ghi văn bản.",
)
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Có chuyển sang PDF không.")
def plan_command(campaign_dir: Path, out_root: Path, pdf: bool) -> None:
    """Write the campaign plan (Kế hoạch) as DOCX and PDF."""
    output = build_plan(campaign_dir, out_root, pdf=pdf)
    click.echo(f"Đã ghi: {output.docx}")
    if output.pdf:
        click.echo(f"Đã ghi: {output.pdf}")


if __name__ == "__main__":
    main()
