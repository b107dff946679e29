"""Hostile YAML (issue 17): an alias bomb, deep nesting and a huge file are refused in
milliseconds with a located Vietnamese message — never hours, gigabytes or a RecursionError."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.campaign.load import MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES, load_campaign
from pipeline.errors import DataError
from tests.conftest import REPO

# 304 bytes: each level repeats the one before nine times, 9**7 ≈ 4.8 million values once expanded.
BOMB = "a0: &a0 [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 7))
DEEP = "a: " + "[" * 1000 + "]" * 1000 + "\n"

MEASURE = """
import json, sys, time
def peak_mb():  # this process's peak resident memory (VmHWM: not the parent's, as ru_maxrss after exec)
    status = open("/proc/self/status").read()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024
from pathlib import Path
start = time.perf_counter()
from pipeline.errors import DataError
from pipeline.campaign.load import load_campaign
from pipeline.campaign.distribution import load_registry
loaded = time.perf_counter()
try:
    campaign = load_campaign(Path(sys.argv[1]))
    load_registry(Path(sys.argv[1]), campaign)
    message = ""
except DataError as exc:
    message = exc.format_message()
print(json.dumps({"seconds": time.perf_counter() - loaded, "message": message,
                  "mb": peak_mb()}))
"""


def _measure(folder: Path) -> dict[str, object]:
    """Return seconds, peak resident memory (MB, the whole process) and the message of loading
    ``folder`` in a fresh Python."""
    done = subprocess.run([sys.executable, "-c", MEASURE, str(folder)], capture_output=True, text=True,
                          cwd=REPO, timeout=60, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_the_alias_bomb_is_304_bytes() -> None:
    assert len(BOMB.encode()) == 304


def test_an_alias_bomb_in_campaign_yaml_is_refused_fast_and_small(campaign_copy: Path) -> None:
    (campaign_copy / "campaign.yaml").write_text(BOMB, encoding="utf-8")
    got = _measure(campaign_copy)
    assert got["message"] == (
        "dữ liệu có 1 lỗi, chưa tạo văn bản nào:\n"
        f"  - {campaign_copy / 'campaign.yaml'}:6: các tham chiếu YAML («&tên», «*tên») nhân dữ liệu lên "
        "hơn 200.000 giá trị — Cách sửa: viết thẳng giá trị thay cho các tham chiếu «*tên» lồng nhau")
    assert float(got["seconds"]) < 2.0  # type: ignore[arg-type]
    assert float(got["mb"]) < 200  # type: ignore[arg-type]


def test_an_alias_bomb_in_noi_nhan_yaml_is_refused_fast_and_small(campaign_copy: Path) -> None:
    registry = campaign_copy / "noi-nhan.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + BOMB, encoding="utf-8")
    got = _measure(campaign_copy)
    assert str(got["message"]).startswith(
        f"dữ liệu có 1 lỗi, chưa tạo văn bản nào:\n  - {registry}:")
    assert "nhân dữ liệu lên hơn 200.000 giá trị" in str(got["message"])
    assert float(got["seconds"]) < 2.0  # type: ignore[arg-type]
    assert float(got["mb"]) < 200  # type: ignore[arg-type]


def test_a_few_references_are_still_read(campaign_copy: Path) -> None:
    """References are YAML's own: a campaign may use them, as long as they stay small."""
    path = campaign_copy / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("participants:", "participants: &ai", 1).replace("  theme:", "  theme:", 1)
    path.write_text(text + "\nextra_note: *ai\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_campaign(campaign_copy)
    assert [p.what for p in caught.value.problems] == ["trường lạ «extra_note»"]


@pytest.mark.parametrize("tab", ["", "\t"], ids=["libyaml", "pyyaml"])
def test_a_thousand_nested_brackets_are_a_located_error(campaign_copy: Path, tab: str) -> None:
    """LibYAML reads the text unless it holds a Tab (then PyYAML does): both are bounded."""
    path = campaign_copy / "campaign.yaml"
    path.write_text(f"# {tab}\n" + DEEP, encoding="utf-8")
    result = CliRunner().invoke(main, ["plan", str(campaign_copy), "--no-pdf"], prog_name="vanban")
    assert (result.exit_code, result.output) == (2, (
        "Lỗi: dữ liệu có 1 lỗi, chưa tạo văn bản nào:\n"
        f"  - {path}:2: các danh sách, nhóm trường lồng nhau quá {MAX_YAML_DEPTH} tầng — Cách sửa: kiểm tra "
        "các dấu «[», «{» đã đóng chưa và thụt lề; bỏ các tầng thừa\n"))


def test_a_huge_file_is_refused_without_reading_it_whole(campaign_copy: Path) -> None:
    path = campaign_copy / "campaign.yaml"
    path.write_text("notes: |\n" + ("  x\n" * (MAX_YAML_BYTES // 4 + 1)), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_campaign(campaign_copy)
    assert [str(p) for p in caught.value.problems] == [
        (f"{path}: tệp quá lớn (hơn 2.000.000 byte), không phải tệp dữ liệu YAML — Cách sửa: kiểm tra lại "
        "đường dẫn; tệp dữ liệu phong trào chỉ vài chục KB")]


def test_many_values_without_references_are_bounded_too(campaign_copy: Path) -> None:
    path = campaign_copy / "campaign.yaml"
    path.write_text("x: [" + ",".join(["1"] * (MAX_YAML_NODES + 1)) + "]\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_campaign(campaign_copy)
    assert [(p.line, p.what) for p in caught.value.problems] == [
        (1, "tệp có hơn 200.000 giá trị, không phải dữ liệu của một phong trào")]


def test_the_register_series_rules_are_bounded_and_vietnamese(tmp_path: Path) -> None:
    from pipeline.register.outgoing import SeriesRules

    rules = tmp_path / "so-van-ban.yaml"
    rules.write_text(BOMB, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        SeriesRules.load(rules)
    assert "nhân dữ liệu lên hơn 200.000 giá trị" in caught.value.problems[0].what
    rules.write_text("issuers: {BQL: [\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        SeriesRules.load(rules)
    assert caught.value.problems[0].what.startswith("sai cú pháp YAML")
    rules.write_text("", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        SeriesRules.load(rules)
    assert caught.value.problems[0].what == "thiếu mục issuers (mỗi cơ quan ban hành một mục)"


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!ruby/object"])
def test_an_object_tag_is_named_as_such(campaign_copy: Path, tag: str) -> None:
    path = campaign_copy / "campaign.yaml"
    path.write_text(f"name: x\ntheme: {tag} ['echo hi']\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_campaign(campaign_copy)
    assert [str(p) for p in caught.value.problems] == [
        (f"{path}:2: có thẻ YAML «{tag}»: vanban không đọc thẻ (chỉ đọc chữ, số, danh sách) — Cách sửa: "
        "xóa thẻ bắt đầu bằng «!» ở dòng này, chỉ giữ giá trị")]
