"""Bad campaign data: one clear Vietnamese message per problem, non-zero exit, nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from tests.conftest import sample_yaml, write_campaign


def run_plan(campaign: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["plan", str(campaign), "--out", str(out)])
    return result.exit_code, result.output  # stdout and stderr, as the terminal shows them


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


SIGNER_BLOCK = re.compile(r"^signer:.*?(?=^plan:)", re.DOTALL | re.MULTILINE)
Y = sample_yaml()

CASES = {
    "empty": ("", "campaign.yaml: tệp rỗng, chưa có dữ liệu"),
    "missing-signer": (
        SIGNER_BLOCK.sub("", Y),
        "signer: thiếu trường bắt buộc «signer» (người ký) — Cách sửa: thêm dòng «signer: …» vào đầu tệp",
    ),
    "unknown-authority": (
        edit(Y, "authority: KT.", "authority: PT."),
        "signer.authority: «PT.» không phải giá trị hợp lệ (quyền hạn ký (TM., KT., TL., TUQ., Q.))"
        " — Cách sửa: dùng đúng một trong: TM., KT., TL., TUQ., Q.",
    ),
    "end-before-start": (
        edit(Y, "end: 03/02/2025", "end: 30/10/2024"),
        "phases[1]: ngày kết thúc 30/10/2024 trước ngày bắt đầu 01/11/2024"
        " — Cách sửa: đổi lại ngày bắt đầu (start) và ngày kết thúc (end) của đợt",
    ),
    "overlapping-phases": (
        edit(Y, "start: 04/02/2025", "start: 01/02/2025"),
        "phases: Đợt 1 (kết thúc 03/02/2025) và Đợt 2 (bắt đầu 01/02/2025) chồng lấn hoặc sai thứ tự"
        " — Cách sửa: mỗi đợt phải bắt đầu sau ngày kết thúc của đợt trước",
    ),
    "no-such-day": (
        edit(Y, "end: 03/02/2025", "end: 31/02/2025"),
        "phases[1].end: ngày «31/02/2025» không có thật (tháng 2 năm 2025 không có ngày 31)"
        " — Cách sửa: viết ngày theo dạng 04/02/2025 (ngày/tháng/năm) hoặc 2025-02-04",
    ),
    "date-as-words": (
        edit(Y, "start: 04/02/2025", "start: tháng 3"),
        "phases[2].start: «tháng 3» không phải là một ngày"
        " — Cách sửa: viết ngày theo dạng 04/02/2025 (ngày/tháng/năm) hoặc 2025-02-04",
    ),
    "list-for-text": (
        re.sub(r"^theme: .*$", "theme: [Lực lượng mới, khí thế mới]", Y, flags=re.MULTILINE),
        "theme: phải là một đoạn văn bản, nhưng đang là một danh sách"
        " — Cách sửa: viết văn bản ngay sau dấu hai chấm; nếu có ký tự đặc biệt, đặt trong dấu ngoặc kép",
    ),
    "typo-in-field": (
        edit(Y, "  place: Hải Phòng", "  plaec: Hải Phòng"),
        "issuer.plaec: trường lạ «plaec» — có phải là «place» (địa danh)? — Cách sửa: sửa tên trường thành «place»",
    ),
    "yaml-syntax": (
        edit(Y, "name: Nguyễn Quang Minh", "name: [Nguyễn Quang Minh"),
        "sai cú pháp YAML",
    ),
}


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_campaign_is_refused_with_one_located_message(tmp_path: Path, case: str) -> None:
    text, expected = CASES[case]
    campaign = write_campaign(tmp_path / case, text)
    out = tmp_path / "output"
    code, output = run_plan(campaign, out)
    assert code == 2
    assert output.startswith("Lỗi: dữ liệu có 1 lỗi, chưa tạo văn bản nào:\n")
    problems = [line for line in output.splitlines() if line.startswith("  - ")]
    assert len(problems) == 1, output
    assert str(campaign / "campaign.yaml") in problems[0]
    assert expected in problems[0]
    assert "Traceback" not in output
    assert not out.exists()


def test_the_line_number_points_at_the_wrong_value(tmp_path: Path) -> None:
    text = edit(Y, "end: 03/02/2025", "end: 31/02/2025")
    campaign = write_campaign(tmp_path / "c", text)
    _, output = run_plan(campaign, tmp_path / "o")
    assert f"campaign.yaml:{_line_of(text, 'end: 31/02/2025')}: phases[1].end:" in output


def test_all_problems_are_reported_in_one_pass(tmp_path: Path) -> None:
    text = edit(edit(edit(Y, "authority: KT.", "authority: KT"), "end: 03/02/2025", "end: 31/02/2025"),
                "start: 04/02/2025", "start: tháng 3")
    campaign = write_campaign(tmp_path / "c", text)
    code, output = run_plan(campaign, tmp_path / "o")
    assert code == 2
    assert output.startswith("Lỗi: dữ liệu có 3 lỗi")
    assert [re.sub(r"^.*?campaign\.yaml:\d+: ", "", line).split(":")[0] for line in output.splitlines()[1:]] == [
        "phases[1].end", "phases[2].start", "signer.authority",
    ]


def test_output_folder_left_untouched(tmp_path: Path) -> None:
    out = tmp_path / "output"
    (out / "haiphong-2024-antt").mkdir(parents=True)
    keep = out / "haiphong-2024-antt" / "ke-hoach.docx"
    keep.write_bytes(b"earlier good file")
    campaign = write_campaign(tmp_path / "haiphong-2024-antt", edit(Y, "authority: KT.", "authority: X"))
    code, _ = run_plan(campaign, out)
    assert code == 2
    assert keep.read_bytes() == b"earlier good file"
    assert sorted(p.name for p in out.rglob("*")) == ["haiphong-2024-antt", "ke-hoach.docx"]


def test_missing_campaign_file(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, output = run_plan(tmp_path / "empty", tmp_path / "o")
    assert code == 2
    assert f"{tmp_path / 'empty' / 'campaign.yaml'}: không tìm thấy tệp" in output
