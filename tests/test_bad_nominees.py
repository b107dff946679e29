"""Bad nominee workbooks: each problem reported with file, sheet, row and column; nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from tests.nominees_sample import BK, COLLECTIVES, GK, INDIVIDUALS, write_workbook

WORKBOOK = Path("dot-1") / "de-nghi-khen-thuong.xlsx"


def run(campaign: Path, out: Path) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["decide", str(campaign), "--phase", "1", "--no-pdf", "--out", str(out)])
    problems = [line[4:] for line in result.output.splitlines() if line.startswith("  - ")]
    return result.exit_code, problems, result.output


def individuals_with(row: int, **changes: str) -> list[tuple[str, ...]]:
    """The sample's individuals with data row ``row`` (1-based) changed."""
    fields = ("name", "gender", "title", "unit", "form", "achievement", "note")
    rows = [list(r) for r in INDIVIDUALS]
    for key, value in changes.items():
        rows[row - 1][fields.index(key)] = value
    return [tuple(r) for r in rows]


# (individuals, collectives, expected problem text after the workbook's path)
CASES = {
    "unknown-form": (
        individuals_with(3, form="Giấy khen đặc biệt"), COLLECTIVES,
        'trang tính "Cá nhân", dòng 6, cột "Hình thức khen thưởng": hình thức khen thưởng «Giấy khen đặc biệt» '
        "không có trong quy định — Cách sửa: có phải là «Giấy khen»? dùng một trong: Bằng khen; Bằng khen "
        "của Chủ tịch Ủy ban nhân dân thành phố; Bằng khen của Thủ tướng Chính phủ; Giấy khen",
    ),
    "duplicate-person": (
        [*INDIVIDUALS, ("Nguyễn Thị ánh", "Nữ", "Chuyên viên", "văn phòng", GK, "", "")], COLLECTIVES,
        'trang tính "Cá nhân", dòng 39: trùng người «Nguyễn Thị ánh» (văn phòng) đã có ở dòng 9 — Cách sửa: '
        "mỗi tập thể, cá nhân chỉ đề nghị một hình thức: xóa một trong hai dòng",
    ),
    "missing-unit": (
        individuals_with(4, unit=""), COLLECTIVES,
        'trang tính "Cá nhân", dòng 7, cột "Đơn vị": ô đang để trống — Cách sửa: điền «Đơn vị» cho dòng này',
    ),
    "unknown-unit": (
        individuals_with(4, unit="Phòng Quản lí doanh nghiệp"), COLLECTIVES,
        'trang tính "Cá nhân", dòng 7, cột "Đơn vị": đơn vị «Phòng Quản lí doanh nghiệp» không có trong danh '
        "sách đơn vị (awards.units) — Cách sửa: có phải là «Phòng Quản lý doanh nghiệp»? sửa tên đơn vị cho "
        "đúng, hoặc thêm đơn vị vào awards.units của campaign.yaml",
    ),
    "name-without-letters": (
        individuals_with(6, name='&<>"\''), COLLECTIVES,
        'trang tính "Cá nhân", dòng 9, cột "Họ và tên": «&<>"\'» không phải một tên (không có chữ cái nào) — '
        "Cách sửa: ghi họ và tên bằng chữ",
    ),
    "name-too-long": (
        individuals_with(6, name="Nguyễn " * 30), COLLECTIVES,
        'trang tính "Cá nhân", dòng 9, cột "Họ và tên": tên dài 209 ký tự, quá 120 ký tự — Cách sửa: ghi tên '
        "ngắn gọn; chức vụ, đơn vị và thành tích ghi ở các cột riêng",
    ),
    "unknown-gender": (
        individuals_with(2, gender="N"), COLLECTIVES,
        'trang tính "Cá nhân", dòng 5, cột "Giới tính": giới tính «N» không rõ — Cách sửa: ghi «Nam» hoặc «Nữ» '
        "(để viết «Ông», «Bà»)",
    ),
    "annual-title": (
        individuals_with(2, form="Lao động tiên tiến"), COLLECTIVES,
        'trang tính "Cá nhân", dòng 5, cột "Hình thức khen thưởng": «Lao động tiên tiến» là danh hiệu thi '
        "đua, được xét cuối năm, không khen theo đợt — Cách sửa: đề nghị Giấy khen hoặc Bằng khen cho đợt thi đua",
    ),
    "prime-minister-award": (
        individuals_with(1, form="Bằng khen của Thủ tướng Chính phủ"), COLLECTIVES,
        'trang tính "Cá nhân", dòng 4, cột "Hình thức khen thưởng": «Nguyễn Văn Tuấn»: hình thức «Bằng khen» '
        "(bang-khen-thu-tuong) vượt thẩm quyền của Trưởng ban (Luật Thi đua, khen thưởng 2022, Điều 80 "
        "khoản 1) và của Chủ tịch Ủy ban nhân dân thành phố — Cách sửa: dùng hình thức trong thẩm quyền: "
        "Giấy khen; Bằng khen của Chủ tịch Ủy ban nhân dân thành phố; hoặc gửi đề nghị lên cấp có thẩm quyền "
        "bằng văn bản riêng",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_workbook_is_refused_with_one_located_message(campaign_copy: Path, tmp_path: Path, case: str) -> None:
    individuals, collectives, expected = CASES[case]
    workbook = write_workbook(campaign_copy / WORKBOOK, collectives, individuals)
    out = tmp_path / "output"
    code, problems, output = run(campaign_copy, out)
    assert code == 2, output
    assert output.startswith("Lỗi: dữ liệu có 1 lỗi, chưa tạo văn bản nào:\n")
    assert problems == [f"{workbook}: {expected}"]
    assert "Traceback" not in output
    assert not out.exists()


def test_award_outside_authority_without_a_higher_level(campaign_copy: Path, tmp_path: Path) -> None:
    """An authority with no level above in the rules (a company director, Điều 80 khoản 4) and no
    awards.higher_level: a Bằng khen is refused, the message lists what it may award."""
    yaml = campaign_copy / "campaign.yaml"
    text = yaml.read_text(encoding="utf-8")
    text = text.replace("authority: thu-truong-co-quan-chuyen-mon", "authority: giam-doc-doanh-nghiep")
    yaml.write_text(re.sub(r"  higher_level:.*?\n(?=  charter:)", "", text, flags=re.DOTALL), encoding="utf-8")
    code, problems, output = run(campaign_copy, tmp_path / "o")
    assert code == 2
    workbook = campaign_copy / WORKBOOK
    bang_khen = [(s, r, n) for s, r, n in [("Tập thể", 6, "Văn phòng đại diện tại Khu kinh tế Đình Vũ - Cát Hải"),
                                           ("Cá nhân", 4, "Nguyễn Văn Tuấn"), ("Cá nhân", 27, "Vương Đình Hữu"),
                                           ("Cá nhân", 33, "Quách Văn Khải")]]
    assert problems == [
        f'{workbook}: trang tính "{sheet}", dòng {row}, cột "Hình thức khen thưởng": «{name}»: hình thức '
        "«Bằng khen» (bang-khen-tinh) vượt thẩm quyền của Trưởng ban (Luật Thi đua, khen thưởng 2022, Điều 80 "
        "khoản 4) và chưa khai báo cấp trên nhận Tờ trình — Cách sửa: dùng hình thức trong thẩm quyền: Giấy "
        "khen; hoặc thêm awards.higher_level (authority) vào campaign.yaml"
        for sheet, row, name in bang_khen
    ]
    assert not (tmp_path / "o").exists()


def test_every_problem_of_a_workbook_is_reported_together(campaign_copy: Path, tmp_path: Path) -> None:
    individuals = individuals_with(2, gender="?")
    individuals[5] = (*individuals[5][:4], "Huân chương", "", "")
    collectives = [*COLLECTIVES, ("Phòng Quản lý doanh nghiệp", "", BK, "", "")]
    write_workbook(campaign_copy / WORKBOOK, collectives, individuals)
    code, problems, output = run(campaign_copy, tmp_path / "o")
    assert code == 2
    assert output.startswith("Lỗi: dữ liệu có 3 lỗi")
    assert [re.search(r'dòng (\d+)', p)[1] for p in problems] == ["5", "9", "9"]  # type: ignore[index]
    assert "Tập thể" in problems[2] and "trùng tập thể «Phòng Quản lý doanh nghiệp»" in problems[2]


def test_not_a_workbook(campaign_copy: Path, tmp_path: Path) -> None:
    (campaign_copy / WORKBOOK).write_bytes(b"STT;Ho va ten\n1;An\n")
    code, problems, _ = run(campaign_copy, tmp_path / "o")
    assert code == 2
    assert problems == [
        f"{campaign_copy / WORKBOOK}: không phải tệp Excel .xlsx (có thể là tệp .xls cũ hoặc CSV đổi tên) — "
        "Cách sửa: mở tệp bằng Excel rồi chọn Lưu thành (Save As) → Sổ làm việc Excel (.xlsx)"
    ]


def test_headers_without_diacritics_are_read(campaign_copy: Path, tmp_path: Path) -> None:
    from pipeline.campaign.excel import header_key
    from tests.nominees_sample import INDIVIDUAL_HEADER

    write_workbook(campaign_copy / WORKBOOK, individual_header=[header_key(h).upper() for h in INDIVIDUAL_HEADER])
    from pipeline.build.prepare import load, prepare_decide

    prepared = prepare_decide(load(campaign_copy), phase=1)
    assert len(prepared.certificates) == 36
