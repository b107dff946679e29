"""The figures of the phase review on the sample workbooks: verdicts, totals, shares, the
"chưa báo cáo" case, the per-month target, exact table cells and sentences."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.campaign.distribution import load_registry
from pipeline.campaign.load import load_campaign
from pipeline.campaign.model import Campaign, Comparator, Target, TargetUnit
from pipeline.campaign.results import (
    PeriodResults,
    Verdict,
    combine,
    evaluate,
    months_between,
    read_phase,
    targets_of,
)
from pipeline.campaign.workbooks import write_results_workbook
from pipeline.documents import review as review_doc
from pipeline.nd30 import kinds as K
from tests.conftest import SAMPLE
from tests.rendered import rendered


@pytest.fixture(scope="module")
def campaign() -> Campaign:
    return load_campaign(SAMPLE)


@pytest.fixture(scope="module")
def phase1(campaign: Campaign) -> PeriodResults:
    return read_phase(campaign, SAMPLE, 1)


def _target(campaign: Campaign, key: str) -> Target:
    return next(t for t in targets_of(campaign) if t.key == key)


HEADER = ("STT", "Đơn vị", "Kết quả", "Chỉ tiêu", "Đánh giá")
_RENDERED: dict[int, tuple[PeriodResults, list[str], list[list[tuple[str, ...]]]]] = {}


def _report(campaign: Campaign, period: PeriodResults) -> tuple[list[str], list[list[tuple[str, ...]]]]:
    """Return the paragraphs and the Phụ lục tables (rows after the header, one table per target
    in plan order) of the report on ``period`` as its template renders it (a period of several
    phases is the tổng kết), rendered once per period."""
    if id(period) not in _RENDERED:
        phase = 1 if period.months == read_months(campaign) else None
        review = review_doc.Review(phase, period)
        assert campaign.report is not None
        ctx = review_doc.context(campaign, review, campaign.report, chart=None,
                                 registry=load_registry(SAMPLE, campaign))
        texts, rows = rendered(K.REPORT if phase else K.FINAL_REPORT, ctx)
        tables: list[list[tuple[str, ...]]] = []
        for row in rows:
            if row == HEADER:
                tables.append([])
            elif tables and row[0].isdigit():
                tables[-1].append(row)
        _RENDERED[id(period)] = (period, texts, tables)  # the period kept: its id is not reused
    return _RENDERED[id(period)][1:]


def read_months(campaign: Campaign) -> int:
    """Return the months of the sample's Đợt 1 (a period of that length is rendered as its sơ kết)."""
    return months_between(campaign.phases[0].start, campaign.phases[0].end)


def _rows(campaign: Campaign, period: PeriodResults, key: str) -> dict[str, tuple[str, ...]]:
    """Return the Phụ lục table of target ``key`` as the report prints it, by unit name."""
    index = [t.key for t in targets_of(campaign)].index(key)
    return {row[1]: row for row in _report(campaign, period)[1][index]}


def make(comparator: str, threshold: int, unit: str = "%") -> Target:
    return Target(key="x", header="X", label="X", comparator=Comparator(comparator),
                  threshold=Decimal(threshold), unit=TargetUnit(unit), wording="x")


@pytest.mark.parametrize(
    ("comparator", "threshold", "value", "verdict"),
    [
        (">=", 80, "79.5", Verdict.MISSED),
        (">=", 80, "80", Verdict.MET),
        (">", 80, "80", Verdict.MISSED),
        (">", 90, "90.01", Verdict.MET),
        ("=", 100, "100", Verdict.MET),
        ("<=", 2, "3", Verdict.MISSED),
        ("không để xảy ra", 0, "0", Verdict.MET),
        ("không để xảy ra", 0, "1", Verdict.MISSED),
    ],
)
def test_comparators_use_the_exact_value(comparator: str, threshold: int, value: str, verdict: Verdict) -> None:
    assert evaluate(make(comparator, threshold), Decimal(value)) is verdict


def test_missing_value_is_not_reported_never_zero() -> None:
    assert evaluate(make("không để xảy ra", 0, "count"), None) is Verdict.NOT_REPORTED


def test_per_team_month_target_needs_threshold_times_teams_times_months() -> None:
    deeds = make(">=", 1, "per_team_month")
    assert evaluate(deeds, Decimal(12), months=3, teams=4) is Verdict.MET
    assert evaluate(deeds, Decimal(11), months=3, teams=4) is Verdict.MISSED
    assert evaluate(deeds, Decimal(50), months=3, teams=None) is Verdict.NOT_REPORTED


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2024-11-01", "2025-02-03", 3),  # Đợt 1: 3 months and 3 days
        ("2025-02-04", "2025-08-19", 7),  # Đợt 2: 6 months and 16 days
        ("2024-11-01", "2025-08-19", 10),  # the whole campaign
        ("2025-01-01", "2025-01-31", 1),
        ("2025-01-01", "2025-01-10", 1),  # never 0
        ("2025-01-31", "2025-02-27", 1),  # end of month: 28 days
        ("2025-01-01", "2025-03-14", 2),  # 2 months and 14 days
        ("2025-01-01", "2025-03-15", 3),  # 2 months and 15 days
    ],
)
def test_months_of_a_phase(start: str, end: str, months: int) -> None:
    assert months_between(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) == months


def _finding(campaign: Campaign, period: PeriodResults, key: str) -> str:
    """Return what the report says of target ``key`` after quoting it: "Chỉ tiêu “…”: <this>"."""
    quoted = f"Chỉ tiêu “{_target(campaign, key).wording}”: "
    (line,) = [t for t in _report(campaign, period)[0] if quoted in t]
    return line.split(quoted, 1)[1]


def test_sample_phase_one_has_every_unit_in_campaign_order(campaign: Campaign, phase1: PeriodResults) -> None:
    assert phase1.months == 3 and phase1.warnings == []
    assert [u.name for u, _ in phase1.results] == [u.name for u in campaign.units]
    assert len(campaign.units) == 14
    assert [u.name for u, r in phase1.results if r is None] == ["Công ty TNHH Bao bì Minh Phương"]


def test_tips_table_and_sentence(campaign: Campaign, phase1: PeriodResults) -> None:
    rows = _rows(campaign, phase1, "nguon_tin")
    assert rows["Phòng Quản lý đầu tư"] == ("2", "Phòng Quản lý đầu tư", "79,5%", "≥ 80%", "Không đạt")
    on_threshold = "Văn phòng đại diện tại Khu kinh tế Đình Vũ - Cát Hải"
    assert rows[on_threshold] == ("7", on_threshold, "80%", "≥ 80%", "Đạt")
    # typed as 0,863 and formatted as a percentage in Excel
    assert rows["Công ty TNHH Cơ khí chính xác Tràng Duệ"][2:] == ("86,3%", "≥ 80%", "Đạt")
    assert rows["Công ty TNHH Bao bì Minh Phương"] == (
        "14", "Công ty TNHH Bao bì Minh Phương", "Chưa báo cáo", "≥ 80%", "-")
    assert _finding(campaign, phase1, "nguon_tin") == (
        "11/14 đơn vị đạt (78,6%), tỷ lệ bình quân của các đơn vị đã báo cáo 84,2%; không đạt: "
        "Phòng Quản lý đầu tư (79,5%), Công ty cổ phần Vật liệu xây dựng Cát Hải (78%)."
    )


def test_exactly_on_the_threshold_misses_more_than(campaign: Campaign, phase1: PeriodResults) -> None:
    rows = _rows(campaign, phase1, "nhan_khau")
    unit = "Văn phòng đại diện tại Khu kinh tế Đình Vũ - Cát Hải"
    assert rows[unit][2:] == ("90%", "> 90%", "Không đạt")
    assert rows["Văn phòng"][2:] == ("95,5%", "> 90%", "Đạt")
    blank = "Công ty cổ phần Vật liệu xây dựng Cát Hải"  # its cell left empty: not 0
    assert rows[blank][2:] == ("Chưa báo cáo", "> 90%", "-")
    # the unit that sent nothing is said once (section I), the one that left this figure blank here
    assert _finding(campaign, phase1, "nhan_khau") == (
        "11/14 đơn vị đạt (78,6%), tỷ lệ bình quân của các đơn vị đã báo cáo 93,8%; không đạt: "
        f"{unit} (90%); chưa báo cáo số liệu: {blank}."
    )


def test_per_month_target_on_the_sample(campaign: Campaign, phase1: PeriodResults) -> None:
    rows = _rows(campaign, phase1, "viec_tot")
    # one zero-padding rule (vi.padded_count): every count 1–9, the months and the figure too
    assert rows["Công ty TNHH Cơ khí chính xác Tràng Duệ"][2:] == ("12", "≥ 12 (04 tổ × 03 tháng)", "Đạt")
    assert rows["Công ty TNHH May mặc An Dương"][2:] == ("15", "≥ 18 (06 tổ × 03 tháng)", "Không đạt")
    assert rows["Phòng Quản lý tài nguyên và môi trường"][2:] == ("05", "≥ 06 (02 tổ × 03 tháng)", "Không đạt")
    assert rows["Công ty TNHH Bao bì Minh Phương"][2:] == ("Chưa báo cáo", "≥ 01/tổ/tháng", "-")
    assert _finding(campaign, phase1, "viec_tot") == (
        "11/14 đơn vị đạt (78,6%), tổng cộng 145 việc tốt; không đạt: Phòng Quản lý tài nguyên và môi "
        "trường (05 việc tốt, chỉ tiêu ≥ 06), Công ty TNHH May mặc An Dương (15 việc tốt, chỉ tiêu ≥ 18)."
    )


def test_never_happen_and_count_targets(campaign: Campaign, phase1: PeriodResults) -> None:
    rows = _rows(campaign, phase1, "tngt")
    assert rows["Công ty cổ phần Vật liệu xây dựng Cát Hải"][2:] == ("01", "Không để xảy ra", "Không đạt")
    assert rows["Văn phòng"][2:] == ("0", "Không để xảy ra", "Đạt")
    assert _rows(campaign, phase1, "mo_hinh")["Phòng Quản lý quy hoạch và xây dựng"][2:] == ("0", "≥ 01", "Không đạt")
    findings = [_finding(campaign, phase1, t.key) for t in targets_of(campaign)]
    assert findings[2] == ("12/14 đơn vị đạt (85,7%), tổng cộng 15 mô hình; không đạt: Phòng Quản lý quy "
                           "hoạch và xây dựng (0 mô hình).")  # a total carries its unit of measure
    assert findings[3] == "13/14 đơn vị đạt (92,9%), tỷ lệ bình quân của các đơn vị đã báo cáo 100%."
    assert findings[6] == "13/14 đơn vị đạt (92,9%)."
    assert findings[9] == ("12/14 đơn vị đạt (85,7%); không đạt: Công ty cổ phần Vật liệu xây dựng Cát Hải "
                           "(01 vụ).")


def test_leadership_and_text_are_read(phase1: PeriodResults) -> None:
    results = {u.name: r for u, r in phase1.results if r is not None}
    assert sum(r.documents or 0 for r in results.values()) == 48
    assert results["Công ty TNHH Cơ khí chính xác Tràng Duệ"].participants == 1234  # "1.234" as text
    assert results["Công ty TNHH May mặc An Dương"].causes == "Công nhân làm theo ca, khó bố trí thời gian tham gia."


def test_final_review_combines_phases(campaign: Campaign, phase1: PeriodResults) -> None:
    final = combine(campaign, [phase1, read_phase(campaign, SAMPLE, 2)])
    assert final.months == 10
    rows = _rows(campaign, final, "viec_tot")
    assert rows["Công ty TNHH Cơ khí chính xác Tràng Duệ"][2:] == ("41", "≥ 40 (04 tổ × 10 tháng)", "Đạt")
    # reported in Đợt 2 only: not reported for the whole campaign
    assert rows["Công ty TNHH Bao bì Minh Phương"][2:] == ("Chưa báo cáo", "≥ 01/tổ/tháng", "-")
    tips = _rows(campaign, final, "nguon_tin")
    assert tips["Phòng Quản lý đầu tư"][2:] == ("81,75%", "≥ 80%", "Đạt")  # (79,5 + 84) / 2


def test_empty_template_reads_as_all_not_reported(campaign: Campaign, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(SAMPLE, tmp_path / "c"))
    write_results_workbook(campaign, folder / "dot-1" / "ket-qua.xlsx")
    period = read_phase(campaign, folder, 1)
    assert all(r is None for _, r in period.results)  # unfilled template rows: nobody has reported
    assert _finding(campaign, period, "nguon_tin") == "0/14 đơn vị đạt (0%)."


def test_committed_template_and_samples_match_the_script(campaign: Campaign, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLE / "make_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, rows in (("dot-1/ket-qua.xlsx", module.rows(module.PHASE_1, module.TEXTS_1)),
                       ("dot-2/ket-qua.xlsx", module.rows(module.PHASE_2, {})), ("mau-ket-qua.xlsx", None)):
        fresh = write_results_workbook(campaign, tmp_path / name.replace("/", "-"), rows)
        got = [[c.value for c in r] for r in load_workbook(SAMPLE / name).active.iter_rows()]
        want = [[c.value for c in r] for r in load_workbook(fresh).active.iter_rows()]
        assert got == want, f"{name} differs from make_samples.py: run it again"


def _nominees(path: Path) -> None:
    """Write a nominee workbook of two collectives and four people, Giấy khen and Bằng khen mixed."""
    from tests.nominees_sample import BK, COLLECTIVES, GK, INDIVIDUALS, write_workbook

    people = [(*row[:4], form, *row[5:]) for row, form in zip(INDIVIDUALS[:4], [GK, GK, BK, GK], strict=True)]
    write_workbook(path, [COLLECTIVES[0], COLLECTIVES[2]], people)


def test_commendation_counts_from_the_nominees_file(campaign_copy: Path, tmp_path: Path) -> None:
    from docx import Document

    from pipeline.build.engine import build_review
    from tests.docxread import norm

    _nominees(campaign_copy / "dot-1" / "de-nghi-khen-thuong.xlsx")
    out = build_review(campaign_copy, tmp_path / "o", phase=1, pdf=False, chart=False)
    texts = [norm(p.text) for p in Document(str(out.docx)).paragraphs]
    start = texts.index("IV. CÔNG TÁC KHEN THƯỞNG")
    assert texts[start + 1:start + 4] == [
        "Trong Đợt 1, các đơn vị đề nghị khen thưởng 06 trường hợp, gồm:",
        # as the decision and the Tờ trình name them: one reader of the workbook for all three
        "- Giấy khen: 01 tập thể, 03 cá nhân;",
        "- Bằng khen của Chủ tịch Ủy ban nhân dân thành phố: 01 tập thể, 01 cá nhân.",
    ]
    assert out.chart is None and not list((tmp_path / "o").rglob("*.png"))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('comparator: ">"', 'comparator: "≥"',
         "content_areas[4].targets[2].comparator: «≥» không phải giá trị hợp lệ (cách so sánh (>=, >, =, <=, "
         "không để xảy ra)) — Cách sửa: dùng đúng một trong: '>=', '>', '=', '<=' hoặc 'không để xảy ra'"),
        ("cung cấp trên 90% thông tin về nhân khẩu cho Công an cấp xã\n",
         "cung cấp trên 95% thông tin về nhân khẩu cho Công an cấp xã\n",
         "content_areas[4]: chỉ tiêu «nhan_khau»: lời văn «cung cấp trên 95% thông tin về nhân khẩu cho Công "
         "an cấp xã» không có trong nội dung (text)"),
    ],
    ids=["unknown-comparator", "wording-not-in-the-plan"],
)
def test_bad_targets_in_the_yaml(old: str, new: str, expected: str, tmp_path: Path) -> None:
    from pipeline.errors import DataError
    from tests.conftest import sample_yaml, write_campaign

    text = sample_yaml()
    assert text.count(old) == 1
    folder = write_campaign(tmp_path / "c", text.replace(old, new))
    with pytest.raises(DataError) as caught:
        load_campaign(folder)
    (problem,) = caught.value.problems
    assert str(problem).split(": ", 1)[1] == expected
