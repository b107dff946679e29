"""The recipients registry and the Nơi nhận rules: every kind's block, exact; bad registries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.campaign.distribution import (
    Channel,
    Role,
    dispatch_rows,
    lines,
    load_registry,
    registry_file,
)
from pipeline.campaign.load import load_campaign
from pipeline.errors import DataError

from .conftest import SAMPLE, sample_yaml, write_campaign

REGISTRY = load_registry(SAMPLE, load_campaign(SAMPLE))

PLAN = [  # the seed's Nơi nhận, line for line
    "- UBND thành phố (để báo cáo);",
    "- Công an thành phố;",
    "- Sở Nội vụ;",
    "- Lãnh đạo Ban;",
    "- Văn phòng, các phòng chuyên môn, đơn vị sự nghiệp thuộc Ban Quản lý Khu kinh tế;",
    "- Các doanh nghiệp trong các KCN, KKT Đình Vũ - Cát Hải;",
    "- Cổng TTĐT BQL, eHeza;",
    "- Lưu: VP, VPĐD/BQL.",
]


def test_plan_reads_as_the_seed(seed_text: str) -> None:
    assert lines(REGISTRY, "ke-hoach") == PLAN
    seed = [line.strip() for line in seed_text.splitlines()]
    start = seed.index("- UBND thành phố (để báo cáo);")
    assert [s.replace("Công TTĐT", "Cổng TTĐT") for s in seed[start:start + len(PLAN)]] == PLAN


def test_decision_starts_as_article_3_and_leaves_its_executors_to_it() -> None:
    assert lines(REGISTRY, "quyet-dinh-khen-thuong") == [
        "- Như Điều 3;", "- Sở Nội vụ (để báo cáo);", "- Lãnh đạo Ban;", "- Lưu: VT, VP.",
    ]


def test_submission_starts_as_above_and_leaves_its_addressee_to_it() -> None:
    assert lines(REGISTRY, "to-trinh", greeting=True) == [
        "- Như trên;", "- Sở Nội vụ;", "- Lãnh đạo Ban;", "- Lưu: VT, VP.",
    ]


def test_review_report_with_greeting() -> None:
    expected = [
        "- Như trên;",
        "- Công an thành phố;",
        "- Sở Nội vụ;",
        "- Lãnh đạo Ban;",
        "- Văn phòng, các phòng chuyên môn, đơn vị sự nghiệp thuộc Ban Quản lý Khu kinh tế;",
        "- Các doanh nghiệp trong các KCN, KKT Đình Vũ - Cát Hải;",
        "- Lưu: VT, VP, VPĐD/BQL.",  # VT first (ND30 Phụ lục I, II.9.b); only the plan keeps the seed's line
    ]
    assert lines(REGISTRY, "bao-cao-so-ket", greeting=True) == expected
    assert lines(REGISTRY, "bao-cao-tong-ket", greeting=True) == expected


def test_addressee_without_greeting_is_refused() -> None:
    with pytest.raises(DataError) as err:
        lines(REGISTRY, "bao-cao-so-ket")
    assert "UBND thành phố" in err.value.message
    assert "«kính gửi» nhưng văn bản này không có dòng «Kính gửi:»" in err.value.message


def _registry_copy(tmp_path: Path, edit: tuple[str, str] | None = None, append: str = "") -> Path:
    folder = write_campaign(tmp_path / "c", sample_yaml())
    text = (SAMPLE / "noi-nhan.yaml").read_text(encoding="utf-8")
    if edit:
        assert edit[0] in text
        text = text.replace(edit[0], edit[1], 1)
    (folder / "noi-nhan.yaml").write_text(text + append, encoding="utf-8")
    return folder


def test_groups_order_the_lines_and_members_stay_one_line(tmp_path: Path) -> None:
    # a superior written last in the registry still comes before the members and units
    folder = _registry_copy(tmp_path, append=(
        "  - name: Thành ủy Hải Phòng\n    group: cấp trên\n    roles:\n      ke-hoach: để biết\n"))
    registry = load_registry(folder, load_campaign(folder))
    got = lines(registry, "ke-hoach")
    assert got[:5] == ["- UBND thành phố (để báo cáo);", "- Công an thành phố;", "- Sở Nội vụ;",
                       "- Thành ủy Hải Phòng (để biết);", "- Lãnh đạo Ban;"]
    assert got.count("- Các doanh nghiệp trong các KCN, KKT Đình Vũ - Cát Hải;") == 1
    assert all(line.endswith(";") for line in got[:-1]) and got[-1].endswith(".")


def test_dispatch_rows_name_every_body_that_gets_the_decision() -> None:
    rows = dispatch_rows(REGISTRY, "quyet-dinh-khen-thuong")
    assert [(r.name, r.role, r.channel, r.copies) for r in rows] == [
        ("Sở Nội vụ", Role.REPORT, Channel.PAPER, 2),
        ("Lãnh đạo Ban", Role.RECEIVE, Channel.PAPER, 1),
        ("Văn phòng, các phòng chuyên môn, đơn vị sự nghiệp thuộc Ban Quản lý Khu kinh tế",
         Role.EXECUTOR, Channel.EDOC, 1),
        ("Công ty TNHH Điện tử Hải An", Role.EXECUTOR, Channel.PAPER, 1),
        ("Công ty Cổ phần Logistics Tràng Duệ", Role.EXECUTOR, Channel.PAPER, 1),
    ]
    assert [r.name for r in dispatch_rows(REGISTRY, "to-trinh")][0] == "UBND thành phố"


@pytest.mark.parametrize(("edit", "expected"), [
    (("      ke-hoach: để báo cáo\n", "      ke-hoach: để báo cáo\n      ke-hoachh: nhận\n"),
     "recipients[1].roles: không có văn bản «ke-hoachh» — có phải là «ke-hoach»?"),
    (("    group: nội bộ\n", "    group: nội bộ lắm\n"), "recipients[7].group: «nội bộ lắm» không phải giá trị hợp lệ"),
    (("    channel: cổng TTĐT\n    roles:\n      ke-hoach: nhận\n",
      "    channel: cổng TTĐT\n    roles:\n      ke-hoach: để xem\n"),
     "recipients[7].roles.ke-hoach: «để xem» không phải giá trị hợp lệ"),
    (("    copies: 2\n", "    copies: hai\n"), "recipients[3].copies: phải là một số nguyên"),
])
def test_bad_registry_is_located(tmp_path: Path, edit: tuple[str, str], expected: str) -> None:
    folder = _registry_copy(tmp_path, edit)
    with pytest.raises(DataError) as err:
        load_registry(folder, load_campaign(folder))
    assert f"{registry_file(folder)}:" in err.value.message
    assert expected in err.value.message


def test_executor_outside_a_decision_is_refused(tmp_path: Path) -> None:
    folder = _registry_copy(tmp_path, ("      ke-hoach: để báo cáo\n", "      ke-hoach: thi hành\n"))
    with pytest.raises(DataError) as err:
        lines(load_registry(folder, load_campaign(folder)), "ke-hoach")
    assert "«thi hành» chỉ dùng cho Quyết định" in err.value.message


def test_older_campaign_yaml_without_registry_still_builds_its_lists(tmp_path: Path) -> None:
    old = sample_yaml().replace(
        "  # Nơi nhận của mọi văn bản: noi-nhan.yaml (sổ nơi nhận)\n",
        "  recipients:\n    - name: UBND thành phố\n      purpose: để báo cáo\n    - name: Sở Nội vụ\n"
        "  archive: [VP]\n")
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "campaign.yaml").write_text(old, encoding="utf-8")
    registry = load_registry(folder, load_campaign(folder))
    assert lines(registry, "ke-hoach") == ["- UBND thành phố (để báo cáo);", "- Sở Nội vụ;", "- Lưu: VP."]
    shutil.copyfile(SAMPLE / "noi-nhan.yaml", folder / "noi-nhan.yaml")  # both: refused, they would drift
    with pytest.raises(DataError) as err:
        load_registry(folder, load_campaign(folder))
    assert "plan.recipients: Nơi nhận ghi ở cả campaign.yaml (plan) và noi-nhan.yaml" in err.value.message


def test_missing_registry_says_where_to_copy_it_from(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "campaign.yaml").write_text(sample_yaml(), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_registry(folder, load_campaign(folder))
    assert "không tìm thấy sổ nơi nhận" in err.value.message and "noi-nhan.yaml" in err.value.message
