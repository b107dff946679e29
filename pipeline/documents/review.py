"""The phase review report (Báo cáo sơ kết Đợt N) and the final review (Báo cáo tổng kết),
ND30 Mẫu 1.4 (văn bản có tên loại): the campaign and the figures engine's results as values.

Figures come from ``pipeline.campaign.results`` (targets, verdicts, totals); this module gives
them to the kind's Word template (templates/bao-cao-so-ket.docx, bao-cao-tong-ket.docx; sources
in templates/nguon/) as values — counts, percentages, per-unit and per-target figures, dates,
lists. Every sentence, heading and table heading of the report is in the template (ND30.md §2.D).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.campaign import distribution
from pipeline.campaign.distribution import Registry
from pipeline.campaign.model import Campaign, Comparator, IssueDate, Report, TargetUnit
from pipeline.campaign.results import (
    NomineeCount,
    PeriodResults,
    TargetSummary,
    Verdict,
    format_value,
    sign,
    summarise,
)
from pipeline.documents.blocks import ImageBlock
from pipeline.documents.chart import WIDTH_MM, Bar
from pipeline.documents.fields import FRAME, Field
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi

from .common import header_context, signature_context, signed_plan

KIND = vi.DocumentKind.REPORT
PHASE_FILENAME = "bao-cao-so-ket"
FINAL_FILENAME = "bao-cao-tong-ket"
LETTERS = "abcdefghiklmn"
"""The letters of a content area's targets when it has several: "a)", "b)" … (also in the chart)."""

FIELDS: dict[str, Field] = {
    **FRAME,
    "greeting": Field("các nơi «Kính gửi» (danh sách tên; trống: báo cáo không có dòng Kính gửi)"),
    "issuer_name": Field("tên cơ quan ban hành («Ban Quản lý Khu kinh tế Hải Phòng»)"),
    "campaign_name": Field("tên phong trào thi đua"),
    "participants": Field("lực lượng tham gia phong trào (campaign.yaml, participants)"),
    "plan": Field("Kế hoạch phát động: reference («189/KH-BQL»; số để trống khi chưa ký), date («15/11/2024»; "
                  "để trống phần chưa biết), subject (trích yếu)"),
    "phase": Field("đợt được sơ kết: number, start, end (ngày); None ở báo cáo tổng kết"),
    "period": Field("thời gian báo cáo: start, end (ngày), months (số tháng) — của đợt, hoặc cả phong trào"),
    "units": Field("các đơn vị: total, reported (số đơn vị đã gửi báo cáo), silent (tên các đơn vị chưa báo cáo), "
                   "blank (tên các đơn vị gửi báo cáo không có số liệu nào), groups (các khối: name, reported, "
                   "total)"),
    "deployment": Field("công tác triển khai, cộng của các đơn vị: documents (văn bản), meetings (cuộc họp, hội "
                        "nghị), participants (lượt người tham dự)"),
    "target_count": Field("số chỉ tiêu thi đua (0: phong trào không có chỉ tiêu, không có Phụ lục)"),
    "areas": Field("các nội dung thi đua: number, title (chữ đậm, nghiêng: |markup), targets (các chỉ tiêu: "
                   "letter («a», trống khi nội dung chỉ có một chỉ tiêu), wording (lời văn; |markup), "
                   "label (tên ngắn), met (số đơn vị đạt), total, "
                   "share (tỷ lệ đạt, %), mean (bình quân %, chỉ tiêu tính %), sum (tổng cộng, chỉ tiêu đếm), "
                   "measure (đơn vị tính: «mô hình»), missed (đơn vị không đạt: unit, value, needed), "
                   "unreported (tên đơn vị chưa báo cáo số liệu), rows (bảng Phụ lục: number, unit, value, "
                   "target, verdict; value, verdict None khi chưa báo cáo))", required=True),
    "chart": Field("biểu đồ tỷ lệ đơn vị đạt từng chỉ tiêu (ảnh, rộng bằng khổ chữ); None khi không vẽ"),
    "assessment": Field("đánh giá chung: met_by_all (tên các chỉ tiêu mọi đơn vị đã báo cáo đều đạt), "
                        "missed_targets (số chỉ tiêu còn đơn vị không đạt), missed_units (số đơn vị không đạt ít "
                        "nhất một chỉ tiêu), strengths, shortcomings, causes (lời các đơn vị: unit, text)"),
    "commendation": Field("đề nghị khen thưởng: total (số trường hợp), forms (form, collectives, individuals); "
                          "None khi chưa có hồ sơ"),
    "next_phase": Field("đợt tiếp theo: number, start, end, dedication (chủ đề); None khi không còn đợt nào"),
    "directions": Field("phương hướng, nhiệm vụ (campaign.yaml, report.directions; chữ đậm, nghiêng: |markup)"),
    "proposals": Field("đề xuất, kiến nghị của các đơn vị: unit, text"),
    "recommendations": Field("kiến nghị của cơ quan với cấp trên (campaign.yaml, report.recommendations; "
                             "|markup)"),
    "reference": Field("số và ngày của chính báo cáo cho Phụ lục: number («số …/BC-…»), date («ngày … tháng … "
                       "năm …»)"),
}
"""The fields of templates/bao-cao-so-ket.docx and bao-cao-tong-ket.docx (what ``context`` gives)."""


@dataclass(frozen=True)
class Review:
    """What a review is about: ``phase`` (counted from 1) for a sơ kết, None for the tổng
    kết; the period's results; the nominees counted by award form (None: no nominees file)."""

    phase: int | None
    period: PeriodResults
    nominees: list[NomineeCount] | None = None

    @property
    def final(self) -> bool:
        """Return True for the tổng kết (final review over every phase)."""
        return self.phase is None


def report_data(campaign: Campaign, campaign_dir: Path) -> Report:
    """Return the campaign's ``report`` section; raises DataError when it is missing."""
    if campaign.report is None:
        raise DataError([Problem(
            campaign_dir / "campaign.yaml", "report", "thiếu mục «report» (Kính gửi, Nơi nhận của báo cáo)",
            "thêm mục «report:» với greeting (Kính gửi) và directions (phương hướng); nơi nhận ghi ở noi-nhan.yaml, "
            "xem mẫu data/haiphong-2024-antt/campaign.yaml",
        )])
    return campaign.report


def _sentence(text: str) -> str:
    """Return a free text ending with its full stop (".", "!" or "?"; "." added when missing)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def plan_values(campaign: Campaign) -> dict[str, str]:
    """Return the campaign plan as the report cites it: reference ("189/KH-BQL"), date
    ("15/11/2024") and subject; what a draft plan leaves blank stays blank ("…/02/2025",
    ND30 §1.4: months 1–2 padded, 3–12 not)."""
    plan, issuer = campaign.plan, campaign.issuer
    symbol = vi.symbol(vi.DocumentKind.PLAN, issuer.abbreviation)
    signed_number, signed_date = signed_plan(campaign)
    number = f"{signed_number:02d}" if signed_number else vi.BLANK
    d = plan.issue_date
    if signed_date is not None:
        date = vi.short_date(signed_date)
    elif d.month is not None:
        date = f"{vi.BLANK}/{vi.short_date(datetime.date(d.year, d.month, 10))[3:]}"
    else:
        date = f"{vi.BLANK}/{vi.BLANK}/{d.year}"
    return {"reference": f"{number}/{symbol}", "date": date, "subject": plan.subject}


def summaries(campaign: Campaign, review: Review) -> list[list[TargetSummary]]:
    """Return each content area's target summaries, in plan order."""
    return [[summarise(t, review.period) for t in area.targets] for area in campaign.content_areas]


def chart_bars(campaign: Campaign, review: Review) -> list[Bar]:
    """Return one chart bar per target: "1a. <label>" (the letter only when the area has
    several targets) with the share of units meeting it."""
    bars = []
    for n, area in enumerate(summaries(campaign, review), start=1):
        for m, s in enumerate(area):
            letter = LETTERS[m] if len(area) > 1 else ""
            bars.append(Bar(f"{n}{letter}. {s.target.label}", s.share))
    return bars


def chart_title(review: Review) -> str:
    """Return the chart's title (drawn in the picture): "Tỷ lệ đơn vị đạt chỉ tiêu - Đợt 1"."""
    return "Tỷ lệ đơn vị đạt chỉ tiêu" + (" - cả phong trào" if review.final else f" - Đợt {review.phase}")


def rows(summary: TargetSummary) -> list[dict[str, Any]]:
    """Return a target's Phụ lục rows: number (STT), unit, value ("79,5%", "03"; None: not
    reported), target ("≥ 80%", "≥ 09 (03 tổ × 03 tháng)"), verdict ("Đạt", "Không đạt";
    None: not reported). Cells print as typed."""
    return [{
        "number": n,
        "unit": line.unit.name,
        "value": None if line.value is None else format_value(summary.target, line.value),
        "target": line.target_text,
        "verdict": None if line.verdict is Verdict.NOT_REPORTED else line.verdict.value,
    } for n, line in enumerate(summary.lines, start=1)]


def measure(target: Any) -> str:
    """Return the unit of measure of a count target: its ``measure`` ("mô hình"), else its
    results column read as a noun ("Số mô hình được biểu dương" → "mô hình được biểu dương")."""
    if target.measure:
        return str(target.measure)
    header = str(target.header)
    noun = header[4:] if header.lower().startswith("số ") else header
    return noun[:1].lower() + noun[1:]


def target_values(summary: TargetSummary, letter: str, silent: Sequence[Any],
                  abbreviations: dict[str, str]) -> dict[str, Any]:
    """Return what a target's figures say, as values: how many units met it (``met`` of
    ``total``) and their ``share`` (%), the reporting units' ``mean`` (a percentage target) or
    ``sum`` (a count target with a threshold; with its ``measure``), who fell short (``missed``:
    unit, value, and for a per-team-per-month target the figure ``needed``), who reported no
    figure for it (``unreported``; the units that sent nothing at all, ``silent``, aside), and
    the Phụ lục ``rows``."""
    target = summary.target
    aggregate = summary.aggregate
    percent = target.unit is TargetUnit.PERCENT
    missed = []
    for line in summary.lines:
        if line.verdict is Verdict.MISSED:
            assert line.value is not None
            needed = (f"{sign(target)} {format_value(target, line.needed)}"
                      if target.unit is TargetUnit.PER_TEAM_MONTH and line.needed is not None else None)
            missed.append({"unit": line.unit.name, "value": format_value(target, line.value), "needed": needed})
    return {
        "letter": letter,
        "wording": target.wording,
        "label": vi.expand_abbreviations(target.label, abbreviations),
        "met": summary.count(Verdict.MET),
        "total": summary.total,
        "share": summary.share,
        "mean": aggregate if aggregate is not None and percent else None,
        "sum": (format_value(target, aggregate)
                if aggregate is not None and not percent and target.comparator is not Comparator.NONE else None),
        "measure": None if percent else measure(target),
        "missed": missed,
        "unreported": [line.unit.name for line in summary.lines
                       if line.verdict is Verdict.NOT_REPORTED and line.unit not in silent],
        "rows": rows(summary),
    }


def _silent(review: Review) -> list[Any]:
    """Return the units that sent no results at all (chưa báo cáo)."""
    return [u for u, r in review.period.results if r is None]


def _blank(review: Review) -> list[Any]:
    """Return the units that reported but no figure of any target (tổng kết: a phase missing)."""
    return [u for u, r in review.period.results
            if r is not None and r.values and all(v is None for v in r.values.values())]


def unit_values(campaign: Campaign, review: Review) -> dict[str, Any]:
    """Return the units' reporting: total, reported, silent and blank (names), and per group of
    units (khối, names in full) how many reported of how many."""
    groups: dict[str, list[int]] = {}
    for unit, result in review.period.results:
        if unit.group:
            counts = groups.setdefault(unit.group, [0, 0])
            counts[0] += result is not None
            counts[1] += 1
    return {
        "total": len(review.period.results),
        "reported": sum(r is not None for _, r in review.period.results),
        "silent": [u.name for u in _silent(review)],
        "blank": [u.name for u in _blank(review)],
        "groups": [{"name": vi.expand_abbreviations(g, campaign.abbreviations), "reported": a, "total": b}
                   for g, (a, b) in groups.items()],
    }


def deployment(review: Review) -> dict[str, int]:
    """Return the reporting units' deployment work added up: documents, meetings, participants."""
    reported = [r for _, r in review.period.results if r is not None]
    return {attr: sum(getattr(r, attr) or 0 for r in reported) for attr in ("documents", "meetings", "participants")}


def area_values(campaign: Campaign, review: Review) -> list[dict[str, Any]]:
    """Return every content area (numbered in plan order, a trailing ":" of its title dropped)
    with its targets' values (``target_values``; none for an area without targets)."""
    silent = _silent(review) + _blank(review)  # said once, in the results' introduction
    areas = []
    for n, (area, area_summaries) in enumerate(zip(campaign.content_areas, summaries(campaign, review),
                                                   strict=True), start=1):
        letters = LETTERS if len(area_summaries) > 1 else ""
        areas.append({
            "number": n,
            "title": area.title.rstrip(":").rstrip(),
            "targets": [target_values(s, letters[m] if letters else "", silent, campaign.abbreviations)
                        for m, s in enumerate(area_summaries)],
        })
    return areas


def _unit_texts(review: Review, attr: str) -> list[dict[str, str]]:
    """Return each reporting unit's own words ``attr`` (Excel free text: unit, text ending with
    its full stop), once per unit and text."""
    out: list[dict[str, str]] = []
    for _, r in review.period.results:
        text = getattr(r, attr) if r is not None else None
        if text:
            item = {"unit": r.unit.name, "text": _sentence(text)}  # type: ignore[union-attr]
            if item not in out:
                out.append(item)
    return out


def assessment(campaign: Campaign, review: Review) -> dict[str, Any]:
    """Return the overall assessment's values: the targets met by every unit that reported
    them (and reported by at least one: no claim on no data), how many targets some unit missed
    and how many units missed one, and the units' strengths, shortcomings and causes."""
    every = [s for area in summaries(campaign, review) for s in area]
    short = [s for s in every if s.count(Verdict.MISSED)]
    return {
        "met_by_all": [vi.expand_abbreviations(s.target.label, campaign.abbreviations)
                       for s in every if s.count(Verdict.MISSED) == 0 and s.count(Verdict.MET) > 0],
        "missed_targets": len(short),
        "missed_units": len({line.unit.name for s in short for line in s.lines if line.verdict is Verdict.MISSED}),
        "strengths": _unit_texts(review, "strengths"),
        "shortcomings": _unit_texts(review, "shortcomings"),
        "causes": _unit_texts(review, "causes"),
    }


def commendation(review: Review) -> dict[str, Any] | None:
    """Return the nominees proposed in the period: total, and per award form the collectives
    and individuals; None when no unit has sent any."""
    if not review.nominees:
        return None
    return {
        "total": sum(n.collectives + n.individuals for n in review.nominees),
        "forms": [{"form": n.form, "collectives": n.collectives, "individuals": n.individuals}
                  for n in review.nominees],
    }


def next_phase(campaign: Campaign, review: Review) -> dict[str, Any] | None:
    """Return the phase after a sơ kết's (number, start, end, dedication), None after the last
    phase and for the tổng kết."""
    if review.phase is None or review.phase >= len(campaign.phases):
        return None
    p = campaign.phases[review.phase]
    return {"number": review.phase + 1, "start": p.start, "end": p.end, "dedication": p.dedication or ""}


def issue_date(campaign: Campaign, review: Review, date: datetime.date | None = None) -> IssueDate:
    """Return the draft's issue date: the month and year of ``date`` (``--date``) or, by
    default, of the period's end; the day is blank until the report is issued."""
    end = date or (campaign.end if review.phase is None else campaign.phases[review.phase - 1].end)
    return IssueDate(year=end.year, month=end.month)


def reference(campaign: Campaign, review: Review, date: datetime.date | None = None) -> dict[str, str]:
    """Return the report's own number and date as its Phụ lục cites them, with the blanks
    ``vanban issue`` fills: number "số …/BC-BQL", date "ngày … tháng 02 năm 2025" (ND30.md §1.6)."""
    symbol = vi.symbol(KIND, campaign.issuer.abbreviation)
    d = issue_date(campaign, review, date)
    line = vi.date_line(campaign.issuer.place, year=d.year, month=d.month, day=d.day)
    return {"number": "số" + vi.number_line(symbol, None).removeprefix("Số:"), "date": line.split(", ", 1)[1]}


def context(campaign: Campaign, review: Review, report: Report, *, chart: Path | None,
            registry: Registry, date: datetime.date | None = None) -> dict[str, Any]:
    """Return the template context of the review report (``FIELDS``; the field dictionary:
    ``vanban template truong bao-cao-so-ket``). Nơi nhận is the registry's view for
    "bao-cao-so-ket" / "bao-cao-tong-ket" (addressees are the "Kính gửi:" lines)."""
    period = (campaign.start, campaign.end) if review.phase is None else (
        campaign.phases[review.phase - 1].start, campaign.phases[review.phase - 1].end)
    name = filename(review)
    areas = area_values(campaign, review)
    return {
        **header_context(campaign, KIND, issue_date(campaign, review, date), None),
        "greeting": list(report.greeting),
        "issuer_name": campaign.issuer.name,
        "campaign_name": campaign.name,
        "participants": campaign.participants,
        "plan": plan_values(campaign),
        "phase": None if review.phase is None else {"number": review.phase, "start": period[0], "end": period[1]},
        "period": {"start": period[0], "end": period[1], "months": review.period.months},
        "units": unit_values(campaign, review),
        "deployment": deployment(review),
        "target_count": sum(len(a["targets"]) for a in areas),
        "areas": areas,
        "chart": None if chart is None else ImageBlock(chart, WIDTH_MM),
        "assessment": assessment(campaign, review),
        "commendation": commendation(review),
        "next_phase": next_phase(campaign, review),
        "directions": [_sentence(d) for d in report.directions],
        "proposals": _unit_texts(review, "proposals"),
        "recommendations": [_sentence(r) for r in report.recommendations],
        "reference": reference(campaign, review, date),
        "recipients": distribution.entries(registry, name, greeting=bool(report.greeting)),
        "archive": distribution.archive(registry, name),
        **signature_context(campaign.signer),
    }


def filename(review: Review) -> str:
    """Return the file name stem: "bao-cao-so-ket" or "bao-cao-tong-ket"."""
    return FINAL_FILENAME if review.final else PHASE_FILENAME
