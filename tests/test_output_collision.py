"""Two campaigns whose folders have the same name, built into the same --out, never overwrite each other."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from click.testing import CliRunner

from cli import main
from pipeline.build.prepare import MANIFEST
from tests.conftest import SAMPLE
from tests.golden import docx_text


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_second_campaign_of_the_same_folder_name_is_refused(tmp_path: Path) -> None:
    first = Path(shutil.copytree(SAMPLE, tmp_path / "a" / SAMPLE.name))
    second = Path(shutil.copytree(SAMPLE, tmp_path / "b" / SAMPLE.name))
    yaml = second / "campaign.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("name: Nguyễn Quang Minh", "name: Trần Văn Bình"),
                    encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(first), "--phase", "1", "--no-pdf", "--out", str(out)])
    assert built.exit_code == 0, built.output
    runner.invoke(main, ["plan", str(first), "--no-pdf", "--out", str(out)])
    folder = out / SAMPLE.name
    before = _files(folder)
    assert len(before) >= 40
    for command in (["plan"], ["build", "--phase", "1"], ["report", "--phase", "1"], ["decide", "--phase", "1"]):
        result = runner.invoke(main, [command[0], str(second), *command[1:], "--no-pdf", "--out", str(out)])
        assert result.exit_code == 5, (command, result.output)
        assert result.output == (
            f"Lỗi: {folder} đang chứa văn bản của một phong trào khác ({first.resolve()}); phong trào "
            f"{second.resolve()} có thư mục cùng tên nên không ghi vào đó, để khỏi ghi đè văn bản của phong trào "
            "kia. Cách sửa: chọn thư mục khác bằng --out; nếu đây chính là phong trào đó, chỉ chuyển chỗ, thì "
            f"xóa tệp {folder / MANIFEST} rồi chạy lại\n")
    assert _files(folder) == before  # nothing of the first campaign is lost
    # the first campaign builds again into its own folder; the second into another --out
    assert runner.invoke(main, ["plan", str(first), "--no-pdf", "--out", str(out)]).exit_code == 0
    other = runner.invoke(main, ["plan", str(second), "--no-pdf", "--out", str(tmp_path / "out-2")])
    assert other.exit_code == 0, other.output
    assert "Trần Văn Bình" in docx_text(tmp_path / "out-2" / SAMPLE.name / "ke-hoach.docx")
    assert "Nguyễn Quang Minh" in docx_text(folder / "ke-hoach.docx")
