"""The commendation rules as data: amounts, base salary and legal bases by decision date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.campaign.awards import (
    RULES_FILE,
    Subject,
    award_amount,
    base_salary,
    coefficient_text,
    load_rules,
    regime,
)
from pipeline.errors import DataError
from pipeline.nd30 import vi

RULES = load_rules()
C, I = Subject.COLLECTIVE, Subject.INDIVIDUAL  # noqa: E741  # the rules' own letters: tập thể, cá nhân
ND98_DAY, ND152_DAY = dt.date(2025, 2, 14), dt.date(2025, 8, 20)

# (form, subject, date, coefficient, paid) — ND30.md §2.4 worked amounts at 2.340.000.
AMOUNTS = [
    ("giay-khen", I, ND98_DAY, "0,3", 710_000),
    ("giay-khen", C, ND98_DAY, "0,6", 1_410_000),
    ("giay-khen", I, ND152_DAY, "0,3", 710_000),
    ("bang-khen-tinh", I, ND98_DAY, "1,0", 2_340_000),
    ("bang-khen-tinh", C, ND98_DAY, "2,0", 4_680_000),
    ("bang-khen-tinh", I, ND152_DAY, "1,5", 3_510_000),
    ("bang-khen-tinh", C, ND152_DAY, "3,0", 7_020_000),
    ("bang-khen-thu-tuong", I, ND152_DAY, "3,5", 8_190_000),
    ("lao-dong-tien-tien", I, ND98_DAY, "0,3", 710_000),
    ("chien-si-thi-dua-co-so", I, ND98_DAY, "1,0", 2_340_000),
    ("tap-the-lao-dong-tien-tien", C, ND98_DAY, "0,8", 1_880_000),
    ("tap-the-lao-dong-xuat-sac", C, ND98_DAY, "1,5", 3_510_000),
    # before 01/7/2024 the base salary was 1.800.000: 0,3 × 1.800.000 = 540.000
    ("giay-khen", I, dt.date(2024, 6, 30), "0,3", 540_000),
    ("giay-khen", C, dt.date(2024, 6, 30), "0,6", 1_080_000),
    ("tap-the-lao-dong-tien-tien", C, dt.date(2024, 3, 1), "0,8", 1_440_000),
]


@pytest.mark.parametrize(("form", "subject", "on", "coefficient", "paid"), AMOUNTS)
def test_amounts_table(form: str, subject: Subject, on: dt.date, coefficient: str, paid: int) -> None:
    amount = award_amount(RULES, form, subject, on)
    assert coefficient_text(amount.coefficient) == coefficient
    assert amount.paid == paid
    assert isinstance(amount.raw, Decimal)
    assert amount.paid >= amount.raw and amount.paid % 10_000 == 0 and amount.paid - amount.raw < 10_000


def test_money_phrases_of_the_sample_amounts() -> None:
    assert vi.money_phrase(710_000) == "710.000 đồng (Bảy trăm mười nghìn đồng)"
    assert vi.money_phrase(1_410_000) == "1.410.000 đồng (Một triệu bốn trăm mười nghìn đồng)"
    assert vi.money_phrase(3_510_000) == "3.510.000 đồng (Ba triệu năm trăm mười nghìn đồng)"


@pytest.mark.parametrize(
    ("on", "amount"),
    [
        (dt.date(2019, 7, 1), 1_490_000), (dt.date(2023, 6, 30), 1_490_000),
        (dt.date(2023, 7, 1), 1_800_000), (dt.date(2024, 6, 30), 1_800_000),
        (dt.date(2024, 7, 1), 2_340_000), (dt.date(2026, 12, 31), 2_340_000),
    ],
)
def test_base_salary_in_force_on_the_decision_date(on: dt.date, amount: int) -> None:
    assert base_salary(RULES, on).amount == amount


@pytest.mark.parametrize(
    ("on", "decree"),
    [
        (dt.date(2024, 1, 1), "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023"),
        (dt.date(2025, 6, 30), "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023"),
        (dt.date(2025, 7, 1), "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025"),
    ],
)
def test_decision_date_selects_the_legal_bases(on: dt.date, decree: str) -> None:
    bases = regime(RULES, on).legal_bases
    assert bases[0] == "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
    assert bases[1].startswith(decree)


def test_a_date_outside_every_row_is_an_error_not_a_guess() -> None:
    with pytest.raises(DataError) as caught:
        regime(RULES, dt.date(2023, 12, 31))
    assert "ngày quyết định 31/12/2023 nằm ngoài bảng «regimes» (bảng có từ 01/01/2024)" in str(caught.value)
    with pytest.raises(DataError) as caught:
        base_salary(RULES, dt.date(2018, 6, 30))
    assert "ngày quyết định 30/6/2018 nằm ngoài bảng «base_salary» (bảng có từ 01/7/2018)" in str(caught.value)


def test_campaign_overrides_replace_tables() -> None:
    rules = load_rules({
        "base_salary": [{"from": "01/7/2024", "amount": 2_340_000, "instrument": "NĐ 73/2024"},
                        {"from": "01/7/2026", "amount": 2_530_000, "instrument": "dự kiến"}],
        "collective_rounding": "double_rounded",
    })
    assert award_amount(rules, "giay-khen", I, dt.date(2026, 7, 1)).paid == 760_000  # 759.000 ↑
    assert award_amount(rules, "giay-khen", C, dt.date(2025, 2, 14)).paid == 1_420_000  # 2 × 710.000
    with pytest.raises(DataError):
        base_salary(rules, dt.date(2024, 6, 30))  # the override replaced the older rows


def test_bad_override_is_located_in_the_campaign(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        load_rules({"regimes": [{"key": "x", "name": "x", "from": "01/01/2024", "legal_bases": ["a"],
                                 "coefficients": {"giay-khen": -1}}]}, source=tmp_path / "campaign.yaml")
    problem = caught.value.problems[0]
    assert problem.file == tmp_path / "campaign.yaml"
    assert problem.where.startswith("awards.rules.regimes[1]")
    assert "hệ số của «giay-khen» phải lớn hơn 0" in problem.what


def test_authority_is_data_from_article_80() -> None:
    head = RULES.authorities["thu-truong-co-quan-chuyen-mon"]
    assert head.law == "Luật Thi đua, khen thưởng 2022, Điều 80 khoản 1"
    assert "giay-khen" in head.forms and "bang-khen-tinh" not in head.forms
    assert "bang-khen-tinh" in RULES.authorities["chu-tich-ubnd-tinh"].forms
    assert RULES_FILE.name == "khen-thuong.yaml" and RULES_FILE.exists()


@pytest.mark.parametrize(
    ("text", "key"),
    [("Giấy khen", "giay-khen"), ("GIAY KHEN", "giay-khen"), ("Bằng khen", "bang-khen-tinh"),
     ("Bằng khen của Chủ tịch UBND thành phố", "bang-khen-tinh"),
     ("Bằng khen của Thủ tướng Chính phủ", "bang-khen-thu-tuong"), ("Giấy khen đặc biệt", None)],
)
def test_form_names_in_workbooks(text: str, key: str | None) -> None:
    assert RULES.form_key(text) == key
