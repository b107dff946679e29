"""A template no kind uses is said, never silently left out (issue 13): an agency that customised
the old block template van-ban.docx (one for every kind, before each kind had its own) or
mistyped a kind's name (quyet-dinh.docx) in the campaign's mau/ or its shared templates folder is
warned by every command that builds, with the file, that it is not used, and each kind's template
name; the build still succeeds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.settings import Settings

from .conftest import SAMPLE

NAMES = ("Kế hoạch: ke-hoach.docx; Báo cáo sơ kết: bao-cao-so-ket.docx; Báo cáo tổng kết: bao-cao-tong-ket.docx; "
         "Tờ trình: to-trinh.docx; Quyết định: quyet-dinh-khen-thuong.docx; Giấy khen: giay-khen.docx; "
         "Danh sách gửi: danh-sach-gui.docx")


def _warning(path: Path) -> str:
    return (f"Cảnh báo: mẫu {path} không được dùng: không loại văn bản nào có mẫu tên «{path.name}», nên lời văn "
            f"trong tệp này không vào văn bản nào. Tên mẫu của từng loại: {NAMES}. Cách sửa: ghi mẫu của loại cần "
            "sửa (vanban template LOẠI, ví dụ vanban template quyet-dinh-khen-thuong), chép lời văn của bạn vào "
            f"đó, rồi xóa hoặc đổi tên {path.name}")


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Return a copy of the sample with mau/van-ban.docx, a shared folder holding quyet-dinh.docx
    (named by templates_dir), and Word's lock file of a template being edited (no template)."""
    root = tmp_path_factory.mktemp("unused")
    folder = Path(shutil.copytree(SAMPLE, root / "haiphong-2024-antt"))
    (folder / "mau").mkdir()
    old = folder / "mau" / "van-ban.docx"
    shutil.copy(Settings().templates_dir / "ke-hoach.docx", old)
    (folder / "mau" / "~$ke-hoach.docx").write_bytes(b"lock")
    (root / "mau-chung").mkdir()
    typo = root / "mau-chung" / "quyet-dinh.docx"
    shutil.copy(Settings().templates_dir / "quyet-dinh-khen-thuong.docx", typo)
    yaml = folder / "campaign.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "\ntemplates_dir: ../mau-chung\n", encoding="utf-8")
    return folder, old, typo.resolve()


@pytest.mark.parametrize("command, made", [
    (["plan"], "ke-hoach.docx"),
    (["report", "--phase", "1", "--no-chart"], "dot-1/bao-cao-so-ket.docx"),
    (["decide", "--phase", "1"], "dot-1/quyet-dinh-khen-thuong.docx"),
    (["build", "--phase", "1"], "dot-1/danh-sach-gui"),
], ids=["plan", "report", "decide", "build"])
def test_every_building_command_names_a_template_no_kind_uses(
        campaign: tuple[Path, Path, Path], tmp_path: Path, command: list[str], made: str) -> None:
    folder, old, typo = campaign
    result = CliRunner().invoke(main, [command[0], str(folder), *command[1:], "--out", str(tmp_path), "--no-pdf"],
                                prog_name="vanban")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line for line in lines if line.startswith("Cảnh báo: mẫu")] == [_warning(old), _warning(typo)]
    assert "~$" not in result.output  # Word's lock file is no template
    assert (tmp_path / folder.name / made).exists()  # the build still succeeds


def test_no_warning_without_a_stray_template(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(SAMPLE, tmp_path / "haiphong-2024-antt"))
    (folder / "mau").mkdir()
    shutil.copy(Settings().templates_dir / "ke-hoach.docx", folder / "mau" / "ke-hoach.docx")
    result = CliRunner().invoke(main, ["plan", str(folder), "--out", str(tmp_path / "out"), "--no-pdf"],
                                prog_name="vanban")
    assert result.exit_code == 0, result.output
    assert "Cảnh báo" not in result.output
