"""Careless data that used to give silently wrong figures (issue 17): two targets with one
key, a recipient listed twice, figures past any sensible size. Each is a located error now."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.campaign.distribution import load_registry
from pipeline.campaign.load import load_campaign
from pipeline.errors import DataError


def _yaml(campaign: Path, old: str, new: str, name: str = "campaign.yaml") -> Path:
    path = campaign / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line(path: Path, text: str, nth: int = 1) -> int:
    """Return the 1-based line of the ``nth`` line of ``path`` holding ``text``."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    return found[nth - 1]


def test_two_targets_with_one_key_are_refused(campaign_copy: Path) -> None:
    """The results are kept by key: the first target's table showed the second's figures
    ("100 % Đạt" where the data say 79,5 % Không đạt) and the summary counted wrongly."""
    path = _yaml(campaign_copy, "      - key: co_mat_vu_viec", "      - key: nguon_tin")
    result = CliRunner().invoke(main, ["report", str(campaign_copy), "--phase", "1", "--no-pdf"],
                                prog_name="vanban")
    assert (result.exit_code, result.output) == (2, (
        "Lỗi: dữ liệu có 1 lỗi, chưa tạo văn bản nào:\n"
        f"  - {path}:{_line(path, 'key: nguon_tin', 2)}: content_areas[1].targets[2].key: mã chỉ tiêu «nguon_tin» "
        f"trùng với content_areas[1].targets[1].key (dòng {_line(path, 'key: nguon_tin')}) — Cách sửa: mỗi chỉ "
        "tiêu một mã riêng: đổi «key» của một trong hai\n"))


def test_a_recipient_listed_twice_is_refused(campaign_copy: Path) -> None:
    """It was printed twice in Nơi nhận and dispatched twice."""
    path = _yaml(campaign_copy, "recipients:\n", "recipients:\n  - name: Công an  Thành phố\n    group: cấp trên\n"
                 "    roles:\n      ke-hoach: để biết\n", name="noi-nhan.yaml")
    with pytest.raises(DataError) as caught:
        load_registry(campaign_copy, load_campaign(campaign_copy))
    assert [str(p) for p in caught.value.problems] == [
        (f"{path}:{_line(path, 'name: Công an thành phố')}: recipients[3].name: nơi nhận «Công an thành phố» đã có ở "
         f"recipients[1].name (dòng {_line(path, 'name: Công an  Thành phố')}) — "
        "Cách sửa: mỗi nơi nhận ghi một lần: xóa một trong hai, hoặc gộp vai trò (roles) vào một mục")]


def test_a_member_also_listed_alone_is_refused(campaign_copy: Path) -> None:
    path = _yaml(campaign_copy, "recipients:\n", "recipients:\n  - name: Nhóm\n    group: đơn vị\n"
                 "    members:\n      - name: Sở Nội vụ\n    roles:\n      ke-hoach: để biết\n", name="noi-nhan.yaml")
    with pytest.raises(DataError) as caught:
        load_registry(campaign_copy, load_campaign(campaign_copy))
    assert [(p.line, p.where, p.what) for p in caught.value.problems] == [
        (_line(path, "name: Sở Nội vụ", 2), "recipients[4].name",
         f"nơi nhận «Sở Nội vụ» đã có ở recipients[1].members[1].name (dòng {_line(path, 'name: Sở Nội vụ')})")]


@pytest.mark.parametrize(("value", "what"), [
    ("1e308", ("61: content_areas[1].targets[1]: ngưỡng 1e+308 quá lớn (lớn hơn 1.000.000.000) — Cách sửa: "
     "kiểm tra lại số (gõ thừa chữ số?)")),
    (".inf", ("65: content_areas[1].targets[1].threshold: phải là một số hữu hạn, đang là số inf — Cách sửa: "
     "viết số bằng chữ số")),
    (".nan", ("65: content_areas[1].targets[1].threshold: phải là một số hữu hạn, đang là số nan — Cách sửa: "
     "viết số bằng chữ số")),
])
def test_a_threshold_past_any_figure_is_refused(campaign_copy: Path, value: str, what: str) -> None:
    path = _yaml(campaign_copy, "        threshold: 80\n", f"        threshold: {value}\n")
    with pytest.raises(DataError) as caught:
        load_campaign(campaign_copy)
    assert [str(p) for p in caught.value.problems] == [f"{path}:{what}"]


def test_a_document_number_of_400_digits_is_refused_in_few_words(campaign_copy: Path) -> None:
    path = _yaml(campaign_copy, "  subject: >-\n", f"  number: {'9' * 400}\n  subject: >-\n")
    with pytest.raises(DataError) as caught:
        load_campaign(campaign_copy)
    [problem] = caught.value.problems
    assert (problem.where, problem.what, problem.fix) == (
        "plan.number", "phải nhỏ hơn hoặc bằng 9999, đang là số 999999… (400 chữ số)", "sửa lại giá trị")
    assert str(problem).startswith(f"{path}:")


def test_a_number_of_5000_digits_is_refused_without_a_traceback(campaign_copy: Path) -> None:
    """Python will not read an integer of more than 4.300 digits (ValueError)."""
    path = _yaml(campaign_copy, "  subject: >-\n", f"  number: {'9' * 5000}\n  subject: >-\n")
    with pytest.raises(DataError) as caught:
        load_campaign(campaign_copy)
    assert [str(p) for p in caught.value.problems] == [
        (f"{path}:{_line(path, '  number: 999')}: có một số quá dài (hàng nghìn chữ số) — Cách sửa: kiểm tra lại "
         "số ở dòng này; một mã số dài thì đặt trong dấu ngoặc kép")]
