"""The figures engine of a phase review (sơ kết / tổng kết): units' results read from Excel,
evaluated against the plan's targets, with totals and shares.

Rules for figures (also in README.md, "Quy tắc tính số liệu"):

- A unit's value is compared with the threshold exactly as reported (79,5 against ≥ 80 is
  "Không đạt"; 80 meets "≥ 80" and misses "> 80"); rounding is for display only.
- A value left empty is "chưa báo cáo": never read as 0. A unit of the campaign that sent no
  row at all is "chưa báo cáo" for every target.
- Shares are over every unit of the campaign (``campaign.units``): "10/14 đơn vị đạt chỉ
  tiêu (71,4%)"; units not reporting count in the denominator, not as met. Percentages are
  rounded to one decimal, half up, with a decimal comma (``vi.format_percent``).
- "Không để xảy ra" means the value must be 0.
- A per-team-per-month target ("mỗi tổ mỗi tháng ít nhất 01 việc tốt"): the unit reports its
  total over the phase and its number of teams; it meets the target when total ≥ threshold ×
  teams × months, with months the phase's length in months (``months_between``).
- Tổng kết (final review over every phase): a unit's percentage is the mean of its phases,
  a count the sum; the per-month target uses the months of all phases. A unit missing a
  figure in any phase is "chưa báo cáo" for that target.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pipeline.campaign.excel import Column, Row, read_sheet
from pipeline.campaign.model import Campaign, Comparator, Target, TargetUnit, Unit
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi

RESULTS_FILE = "ket-qua.xlsx"
RESULTS_FOLDER = "ket-qua"
HALF_MONTH_DAYS = 15

UNIT_COLUMN = Column("unit", "Đơn vị", aliases=("Tên đơn vị",))
TEAMS_COLUMN = Column("teams", "Số tổ", kind="int",
                      minimum=Decimal(0), blank_ok=True)
LEADERSHIP_COLUMNS = (
    Column("documents", "Số văn bản chỉ đạo", aliases=("Số văn bản",), kind="int",
           minimum=Decimal(0), blank_ok=True),
    Column("meetings", "Số cuộc họp, hội nghị", aliases=("Số cuộc họp", "Số hội nghị"), kind="int",
           minimum=Decimal(0), blank_ok=True),
    Column("participants", "Số người tham dự", aliases=("Số lượt người tham dự",), kind="int",
           minimum=Decimal(0), blank_ok=True),
)
TEXT_COLUMNS = (
    Column("strengths", "Ưu điểm", required=False),
    Column("shortcomings", "Hạn chế", aliases=("Tồn tại, hạn chế",), required=False),
    Column("causes", "Nguyên nhân", required=False),
    Column("proposals", "Đề xuất, kiến nghị", aliases=("Đề xuất", "Kiến nghị"), required=False),
)


def phase_folder(campaign_dir: Path, phase: int) -> Path:
    """Return the folder of phase ``phase`` (counted from 1): ``<campaign>/dot-<phase>``."""
    return campaign_dir / f"dot-{phase}"


def target_columns(campaign: Campaign) -> list[Column]:
    """Return the results workbook's columns, in the template's order: Đơn vị, Số tổ (only when
    a target is counted per team and month: the columns come from the campaign's targets), the
    leadership figures, one column per target (percent 0–100, counts ≥ 0), the free text."""
    per_team = any(t.unit is TargetUnit.PER_TEAM_MONTH for t in targets_of(campaign))
    columns = [Column("no", "STT", required=False), UNIT_COLUMN, *([TEAMS_COLUMN] if per_team else []),
               *LEADERSHIP_COLUMNS]
    for target in targets_of(campaign):
        if target.unit is TargetUnit.PERCENT:
            columns.append(Column(target.key, target.header, kind="number", minimum=Decimal(0),
                                  maximum=Decimal(100), blank_ok=True))
        else:
            columns.append(Column(target.key, target.header, kind="int", minimum=Decimal(0),
                                  blank_ok=True))
    return [*columns, *TEXT_COLUMNS]


def targets_of(campaign: Campaign) -> list[Target]:
    """Return every target of the campaign, content area by content area."""
    return [t for area in campaign.content_areas for t in area.targets]


def months_between(start: dt.date, end: dt.date) -> int:
    """Return the length in months of the days ``start``..``end`` (both included).

    Whole calendar months are counted from ``start``; a remainder of 15 days or more counts
    as one more month; the result is at least 1. 01/11/2024–03/02/2025 → 3 (3 months and 3
    days); 04/02/2025–19/8/2025 → 7 (6 months and 16 days).
    """
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if after.day < start.day:
        months -= 1
    year, month = divmod(start.month - 1 + months, 12)
    anchor_month = month + 1
    anchor_year = start.year + year
    day = min(start.day, _month_days(anchor_year, anchor_month))
    rest = (after - dt.date(anchor_year, anchor_month, day)).days
    if rest >= HALF_MONTH_DAYS:
        months += 1
    return max(months, 1)


def _month_days(year: int, month: int) -> int:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


class Verdict(enum.StrEnum):
    """A unit's standing against one target (đánh giá): met, missed, not reported."""

    MET = "Đạt"
    MISSED = "Không đạt"
    NOT_REPORTED = "Chưa báo cáo"


@dataclass(frozen=True)
class UnitResult:
    """One unit's results for a phase (kết quả thực hiện): target values by target key
    (None: not reported), number of teams, leadership figures and free text."""

    unit: Unit
    values: dict[str, Decimal | None]
    teams: int | None = None
    documents: int | None = None
    meetings: int | None = None
    participants: int | None = None
    strengths: str | None = None
    shortcomings: str | None = None
    causes: str | None = None
    proposals: str | None = None


@dataclass(frozen=True)
class PeriodResults:
    """The results of a review period — one phase (sơ kết) or all phases (tổng kết): one
    entry per campaign unit (in campaign order; None for a unit that sent nothing), the
    period's length in months and the warnings met while reading."""

    results: list[tuple[Unit, UnitResult | None]]
    months: int
    warnings: list[Problem] = field(default_factory=list)


def required_value(target: Target, *, months: int, teams: int | None) -> Decimal | None:
    """Return the threshold a unit must reach: ``threshold`` for % and counts; ``threshold ×
    teams × months`` for a per-team-per-month target (None when teams are not reported)."""
    if target.unit is TargetUnit.PER_TEAM_MONTH:
        return None if teams is None else target.threshold * teams * months
    return target.threshold


def evaluate(target: Target, value: Decimal | None, *, months: int = 1,
             teams: int | None = None) -> Verdict:
    """Return the verdict of ``value`` against ``target`` (exact comparison, no rounding).

    None → NOT_REPORTED, as is a per-month target without the number of teams.
    """
    if value is None:
        return Verdict.NOT_REPORTED
    if target.comparator is Comparator.NONE:
        return Verdict.MET if value == 0 else Verdict.MISSED
    needed = required_value(target, months=months, teams=teams)
    if needed is None:
        return Verdict.NOT_REPORTED
    ok = {
        Comparator.AT_LEAST: value >= needed,
        Comparator.MORE_THAN: value > needed,
        Comparator.EQUAL: value == needed,
        Comparator.AT_MOST: value <= needed,
    }[target.comparator]
    return Verdict.MET if ok else Verdict.MISSED


def sign(target: Target) -> str:
    """Return the comparator's sign: "≥", ">", "=", "≤" ("" for "không để xảy ra")."""
    return _SIGNS.get(target.comparator, "")


_SIGNS = {Comparator.AT_LEAST: "≥", Comparator.MORE_THAN: ">", Comparator.EQUAL: "=",
          Comparator.AT_MOST: "≤"}


def format_value(target: Target, value: Decimal) -> str:
    """Return a unit's value as shown in the tables: "79,5%", "100%", "03", "0", "1.234".

    Percentages keep the decimals the unit reported (at most two); counts are whole numbers
    written as every count is (``vi.padded_count``: 1–9 with a leading zero)."""
    if target.unit is TargetUnit.PERCENT:
        decimals = min(max(-value.normalize().as_tuple().exponent, 0), 2)  # type: ignore[operator]
        return vi.format_number(value, decimals=decimals) + "%"
    if Decimal(value) == Decimal(value).to_integral_value() and value >= 0:
        return vi.padded_count(int(value))
    return vi.format_number(value)


def target_text(target: Target, *, months: int, teams: int | None) -> str:
    """Return the target cell: "≥ 80%", "> 90%", "≥ 01", "Không để xảy ra", and for a per-month
    target the unit's own figure "≥ 24 (08 tổ × 03 tháng)" — every count padded alike
    (``vi.padded_count``)."""
    if target.comparator is Comparator.NONE:
        return "Không để xảy ra"
    sign = _SIGNS[target.comparator]
    if target.unit is TargetUnit.PERCENT:
        return f"{sign} {vi.format_percent(target.threshold)}"
    if target.unit is TargetUnit.COUNT:
        return f"{sign} {vi.padded_count(int(target.threshold))}"
    needed = required_value(target, months=months, teams=teams)
    if needed is None:
        return f"{sign} {vi.padded_count(int(target.threshold))}/tổ/tháng"
    whole = int(needed) if Decimal(needed) == Decimal(needed).to_integral_value() else None
    figure = vi.padded_count(whole) if whole is not None else vi.format_number(needed)
    return f"{sign} {figure} ({vi.padded_count(teams or 0, 'tổ')} × {vi.padded_count(months, 'tháng')})"


@dataclass(frozen=True)
class Line:
    """One row of a target's table: the unit, its value (None: not reported), what it had to
    reach (as the table cell says it, and the figure ``needed``: ``required_value``) and the
    verdict."""

    unit: Unit
    value: Decimal | None
    target_text: str
    verdict: Verdict
    needed: Decimal | None = None


@dataclass(frozen=True)
class TargetSummary:
    """A target's results over every campaign unit: the table lines and the counts."""

    target: Target
    lines: list[Line]

    @property
    def total(self) -> int:
        """Return the number of units of the campaign (the denominator of every share)."""
        return len(self.lines)

    def count(self, verdict: Verdict) -> int:
        """Return how many units have ``verdict``."""
        return sum(line.verdict is verdict for line in self.lines)

    @property
    def share(self) -> Decimal:
        """Return the share of units meeting the target, in percent (0–100, unrounded)."""
        return Decimal(self.count(Verdict.MET)) * 100 / self.total if self.total else Decimal(0)

    @property
    def aggregate(self) -> Decimal | None:
        """Return the reported values combined: the mean for a percentage, the sum for a
        count (None when no unit reported)."""
        values = [line.value for line in self.lines if line.value is not None]
        if not values:
            return None
        total = sum(values, Decimal(0))
        return total / len(values) if self.target.unit is TargetUnit.PERCENT else total


def summarise(target: Target, period: PeriodResults) -> TargetSummary:
    """Return ``target``'s table lines and counts over every campaign unit of ``period``."""
    lines = []
    texts: dict[int | None, str] = {}  # the target cell depends on the unit's teams only
    for unit, result in period.results:
        value = result.values.get(target.key) if result else None
        teams = result.teams if result else None
        if teams not in texts:
            texts[teams] = target_text(target, months=period.months, teams=teams)
        lines.append(Line(unit, value, texts[teams], evaluate(target, value, months=period.months, teams=teams),
                          required_value(target, months=period.months, teams=teams)))
    return TargetSummary(target, lines)


# --------------------------------------------------------------------------- reading


def workbook_paths(campaign_dir: Path, phase: int) -> list[Path]:
    """Return the results workbooks of phase ``phase``: ``dot-N/ket-qua.xlsx``, or every
    workbook in the folder ``dot-N/ket-qua/`` (one per unit; Excel's "~$" lock files aside).

    Raises DataError when there is neither, or both.
    """
    folder = phase_folder(campaign_dir, phase)
    single, many = folder / RESULTS_FILE, folder / RESULTS_FOLDER
    if single.exists() and many.is_dir():
        raise DataError([Problem(folder, "", f"có cả tệp {RESULTS_FILE} và thư mục {RESULTS_FOLDER}/",
                                 "giữ một trong hai: một sổ tổng hợp, hoặc một thư mục các sổ của từng đơn vị")])
    if single.exists():
        return [single]
    if many.is_dir():
        books = sorted(p for p in many.iterdir() if p.is_file() and not p.name.startswith(("~$", ".")))
        if books:
            return books
    raise DataError([Problem(folder, "", f"chưa có kết quả của Đợt {phase}",
                             f"đặt sổ Excel {RESULTS_FILE} (mẫu: vanban template ket-qua) vào {folder}")])


def read_phase(campaign: Campaign, campaign_dir: Path, phase: int) -> PeriodResults:
    """Return the units' results of phase ``phase`` (counted from 1), read from Excel.

    Every problem of every workbook is collected, each naming file, sheet, row and column:
    the reader's own (missing column, unreadable number, percent over 100, merged header,
    not an .xlsx…), a unit that is not in the campaign's ``units``, and a unit given twice.
    A row with nothing but STT and the unit's name (a template row left unfilled) is skipped,
    so each unit may send back the whole template with only its own row filled in.
    Raises DataError listing them all; empty rows come back as warnings.
    """
    if not campaign.units:
        raise DataError([Problem(campaign_dir / "campaign.yaml", "units", "phong trào chưa có danh sách đơn vị",
                                 "thêm mục «units:» với tên từng đơn vị (name, short_name, group)")])
    columns = target_columns(campaign)
    problems: list[Problem] = []
    seen: dict[str, tuple[Path, Row]] = {}
    found: dict[str, UnitResult] = {}
    for path in workbook_paths(campaign_dir, phase):
        sheet = read_sheet(path, columns)
        problems.extend(sheet.problems)
        for row in sheet.rows:
            name = row.values["unit"]
            unit = campaign.unit(name)
            where = row.where(UNIT_COLUMN)
            if unit is None:
                close = campaign.closest_unit(name)
                hint = f"có phải là «{close.name}»? " if close else ""
                problems.append(Problem(
                    path, where, f"đơn vị «{name}» không có trong danh sách đơn vị của phong trào",
                    f"{hint}viết đúng tên đơn vị như trong campaign.yaml (units), hoặc thêm đơn vị vào đó",
                ))
                continue
            if all(value is None for key, value in row.values.items() if key not in ("no", "unit")):
                continue  # a template row left unfilled: the unit has not reported (here)
            if unit.name in seen:
                first_path, first = seen[unit.name]
                other = f"dòng {first.number}" if first_path == path else f"{first_path.name}, dòng {first.number}"
                problems.append(Problem(path, where, f"đơn vị «{unit.name}» đã có ở {other}",
                                        "mỗi đơn vị chỉ một dòng: xóa dòng trùng hoặc gộp số liệu"))
                continue
            seen[unit.name] = (path, row)
            v = row.values
            found[unit.name] = UnitResult(
                unit=unit, values={t.key: v.get(t.key) for t in targets_of(campaign)},
                teams=v.get("teams"), documents=v.get("documents"), meetings=v.get("meetings"),
                participants=v.get("participants"), strengths=v.get("strengths"),
                shortcomings=v.get("shortcomings"), causes=v.get("causes"), proposals=v.get("proposals"),
            )
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    p = campaign.phases[phase - 1]
    return PeriodResults([(u, found.get(u.name)) for u in campaign.units],
                         months_between(p.start, p.end), [p for p in problems if p.severity != "error"])


def combine(campaign: Campaign, phases: Sequence[PeriodResults]) -> PeriodResults:
    """Return the tổng kết results over ``phases``: per unit, a percentage is the mean of its
    phases and a count the sum; a figure missing in any phase is None (chưa báo cáo); teams
    are the largest reported; the months add up; leadership figures add up."""
    out: list[tuple[Unit, UnitResult | None]] = []
    for n, unit in enumerate(campaign.units):
        parts = [ph.results[n][1] for ph in phases]
        if all(r is None for r in parts):
            out.append((unit, None))
            continue
        values: dict[str, Decimal | None] = {}
        for target in targets_of(campaign):
            got = [r.values.get(target.key) if r else None for r in parts]
            if any(g is None for g in got):
                values[target.key] = None
            else:
                total = sum((g for g in got if g is not None), Decimal(0))
                values[target.key] = total / len(got) if target.unit is TargetUnit.PERCENT else total
        present = [r for r in parts if r is not None]
        teams = [r.teams for r in present if r.teams is not None]

        def _sum(attr: str, present: list[UnitResult] = present) -> int | None:
            nums = [getattr(r, attr) for r in present if getattr(r, attr) is not None]
            return sum(nums) if nums else None

        def _texts(attr: str, present: list[UnitResult] = present) -> str | None:
            texts = [getattr(r, attr) for r in present if getattr(r, attr)]
            return "; ".join(texts) if texts else None

        out.append((unit, UnitResult(
            unit, values, max(teams) if len(teams) == len(parts) else None, _sum("documents"),
            _sum("meetings"), _sum("participants"), _texts("strengths"), _texts("shortcomings"),
            _texts("causes"), _texts("proposals"),
        )))
    return PeriodResults(out, sum(ph.months for ph in phases),
                         [w for ph in phases for w in ph.warnings])


# --------------------------------------------------------------------------- nominees

@dataclass(frozen=True)
class NomineeCount:
    """How many nominees a phase proposes for one award form (hình thức khen thưởng)."""

    form: str
    collectives: int
    individuals: int


