"""Dates that must agree with each other (ngày tháng hợp lý): a plan after the document it
implements, a decision or report of a phase dated after that phase ends, a decision after the
plan it cites. Each rule returns located problems (in Vietnamese, with the fix); the loader runs
them on campaign.yaml (pipeline.campaign.load), the commands on a date given with ``--date``.
A date known only in part (a draft's "11/2024") is wrong only when it is surely too early."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.campaign.model import Campaign, IssueDate
from pipeline.errors import Problem
from pipeline.nd30 import vi

DateLike = dt.date | IssueDate
Locate = Callable[[tuple[Any, ...]], "int | None"]
"""Return the YAML line of a path such as ("awards", "phases", 0, "decision_date")."""


def _path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _latest(date: DateLike) -> dt.date:
    """Return the last day a date stands for (11/2024 → 30/11/2024; 2024 → 31/12/2024)."""
    if isinstance(date, dt.date):
        return date
    if date.date is not None:
        return date.date
    month = date.month or 12
    return dt.date(date.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _text(date: DateLike) -> str:
    if isinstance(date, dt.date):
        return vi.short_date(date)
    if date.date is not None:
        return vi.short_date(date.date)
    if date.month is None:
        return str(date.year)
    return f"{date.month:02d}/{date.year}" if date.month < 3 else f"{date.month}/{date.year}"  # ND30 §1.4


def phase_end(campaign: Campaign, phase: int | None) -> dt.date:
    """Return the last day of phase ``phase`` (counted from 1), or of the campaign (None)."""
    return campaign.end if phase is None else campaign.phases[phase - 1].end


def _period(phase: int | None) -> str:
    return "phong trào" if phase is None else f"Đợt {phase}"


def after_phase(campaign: Campaign, phase: int | None, date: DateLike, *, document: str,
                file: Path | None, where: str, line: int | None = None) -> list[Problem]:
    """Return a problem when ``document`` ("Quyết định khen thưởng", "Báo cáo sơ kết") of
    phase ``phase`` (None: the whole campaign) is dated before the phase ends: it reports or
    rewards results that do not exist yet."""
    end = phase_end(campaign, phase)
    if _latest(date) >= end:
        return []
    return [Problem(file, where, f"{document} {_period(phase)} ghi ngày {_text(date)}, trước khi "
                    f"{_period(phase)} kết thúc ({vi.short_date(end)}): kết quả của {_period(phase)} chưa có",
                    f"ghi ngày từ {vi.short_date(end)} trở đi", line=line)]


def after_plan(campaign: Campaign, plan_date: dt.date | None, date: DateLike, *, document: str,
               file: Path | None, where: str, line: int | None = None) -> list[Problem]:
    """Return a problem when ``document`` is dated before the signed plan it cites
    (``plan_date``; nothing to check while the plan is unsigned)."""
    if plan_date is None or _latest(date) >= plan_date:
        return []
    return [Problem(file, where, f"{document} ghi ngày {_text(date)}, trước ngày {vi.short_date(plan_date)} "
                    "của Kế hoạch mà nó căn cứ (awards.plan_date)",
                    f"ghi ngày từ {vi.short_date(plan_date)} trở đi, hoặc sửa ngày Kế hoạch đã ký "
                    "(awards.plan_date) cho đúng", line=line)]


def plan_problems(campaign: Campaign, file: Path | None, locate: Locate) -> list[Problem]:
    """Return the problems of the plan's dates: the plan (its draft date ``plan.issue_date``
    or its signed date ``awards.plan_date``) dated before the higher document it implements
    (``plan.implements.date``)."""
    implements = campaign.plan.implements
    if implements is None:  # a plan that implements no higher document
        return []
    dates: list[tuple[tuple[Any, ...], DateLike]] = [(("plan", "issue_date"), campaign.plan.issue_date)]
    if campaign.awards is not None and campaign.awards.plan_date is not None:
        dates.append((("awards", "plan_date"), campaign.awards.plan_date))
    out = []
    for loc, date in dates:
        where = _path(loc)
        if _latest(date) < implements.date:
            out.append(Problem(
                file, where, f"Kế hoạch ghi ngày {_text(date)}, trước ngày {vi.short_date(implements.date)} của "
                f"{implements.kind} số {implements.reference} mà Kế hoạch thực hiện (plan.implements)",
                f"sửa ngày Kế hoạch ({where}) hoặc ngày văn bản cấp trên (plan.implements.date): Kế hoạch "
                "chỉ ban hành sau văn bản nó thực hiện", line=locate(loc)))
    return out


def award_problems(campaign: Campaign, file: Path | None, locate: Locate,
                   plan_date: dt.date | None) -> list[Problem]:
    """Return the problems of each ``awards.phases`` entry's dates: the decision or the
    proposal (Tờ trình) dated before its phase ends, the decision before the signed plan."""
    out: list[Problem] = []
    if campaign.awards is None:
        return out
    for n, entry in enumerate(campaign.awards.phases):
        if not 1 <= entry.phase <= len(campaign.phases):
            continue
        if entry.decision_date is not None:
            loc = ("awards", "phases", n, "decision_date")
            out += after_phase(campaign, entry.phase, entry.decision_date, document="Quyết định khen thưởng",
                               file=file, where=_path(loc), line=locate(loc))
            out += after_plan(campaign, plan_date, entry.decision_date, document="Quyết định khen thưởng",
                              file=file, where=_path(loc), line=locate(loc))
        if entry.submission_date is not None:
            loc = ("awards", "phases", n, "submission_date")
            out += after_phase(campaign, entry.phase, entry.submission_date, document="Tờ trình đề nghị khen thưởng",
                               file=file, where=_path(loc), line=locate(loc))
    return out
