"""The phase review report (Báo cáo sơ kết Đợt N) and the final review (Báo cáo tổng kết),
ND30 Mẫu 1.4 (văn bản có tên loại): the campaign and the figures engine's results in words.

Figures come from ``pipeline.campaign.results`` (targets, verdicts, totals); this module only
writes them down.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
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
from pipeline.documents.blocks import Block, ImageBlock, TableBlock, literal
from pipeline.documents.chart import WIDTH_MM, Bar
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi
from pipeline.nd30.kinds import STATISTICS_ANNEX
from pipeline.nd30.layout import CONTENT_END

from .common import header_context, signature_context, signed_plan

KIND = vi.DocumentKind.REPORT
PHASE_FILENAME = "bao-cao-so-ket"
FINAL_FILENAME = "bao-cao-tong-ket"
TABLE_HEADER = ("STT", "Đơn vị", "Kết quả", "Chỉ tiêu", "Đánh giá")
TABLE_WIDTHS_MM = (12.0, 66.0, 28.0, 35.0, 24.0)  # 165 mm: the text width (210 − 30 − 15)
TABLE_ALIGN = ("center", "left", "center", "center", "center")
NOT_REPORTED = "Chưa báo cáo"
LETTERS = "abcdefghiklmn"


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


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _plan_citation(campaign: Campaign) -> str:
    plan, issuer = campaign.plan, campaign.issuer
    symbol = vi.symbol(vi.DocumentKind.PLAN, issuer.abbreviation)
    signed_number, signed_date = signed_plan(campaign)
    number = f"{signed_number:02d}" if signed_number else vi.BLANK
    d = plan.issue_date
    if signed_date is not None:
        date = vi.short_date(signed_date)
    elif d.month is not None:  # ND30 §1.4: months 1–2 padded, 3–12 not
        date = f"{vi.BLANK}/{vi.short_date(datetime.date(d.year, d.month, 10))[3:]}"
    else:
        date = f"{vi.BLANK}/{vi.BLANK}/{d.year}"
    return f"Kế hoạch số {number}/{symbol} ngày {date} của {issuer.name} về {_lower_first(plan.subject)}"


def period_name(campaign: Campaign, review: Review) -> str:
    """Return "Đợt 1 (từ ngày 01/11/2024 đến ngày 03/02/2025)" or, for the tổng kết, the
    campaign's whole span "(từ ngày 01/11/2024 đến ngày 19/8/2025)"."""
    if review.phase is None:
        start, end, name = campaign.start, campaign.end, "phong trào"
    else:
        p = campaign.phases[review.phase - 1]
        start, end, name = p.start, p.end, f"Đợt {review.phase}"
    return f"{name} (từ ngày {vi.short_date(start)} đến ngày {vi.short_date(end)})"


def subject(campaign: Campaign, review: Review) -> str:
    """Return the subject line: "Sơ kết Đợt 1 <campaign name>" / "Tổng kết <campaign name>"."""
    if review.phase is None:
        return f"Tổng kết {campaign.name}"
    return f"Sơ kết Đợt {review.phase} {campaign.name}"


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
    """Return the chart's title (in the picture): "Tỷ lệ đơn vị đạt chỉ tiêu - Đợt 1"."""
    return "Tỷ lệ đơn vị đạt chỉ tiêu" + (" - cả phong trào" if review.final else f" - Đợt {review.phase}")


def table(summary: TargetSummary) -> TableBlock:
    """Return a target's table (in the Phụ lục): STT, Đơn vị, Kết quả ("79,5%", "03", or
    "Chưa báo cáo"), Chỉ tiêu ("≥ 80%"), Đánh giá ("Đạt", "Không đạt", "-" when not
    reported). Cells print as typed (no emphasis marks are read in them)."""
    rows = []
    for n, line in enumerate(summary.lines, start=1):
        value = NOT_REPORTED if line.value is None else format_value(summary.target, line.value)
        verdict = "-" if line.verdict is Verdict.NOT_REPORTED else line.verdict.value
        rows.append((str(n), line.unit.name, value, line.target_text, verdict))
    return TableBlock(TABLE_HEADER, tuple(rows), TABLE_WIDTHS_MM, TABLE_ALIGN)


def _names(units: Sequence[Any]) -> str:
    return ", ".join(literal(u.name) for u in units)


def _full(campaign: Campaign, text: str) -> str:
    """Return a label or group name for running text: the campaign's abbreviations in full."""
    return literal(vi.expand_abbreviations(text, campaign.abbreviations))


def _quote(text: str) -> str:
    """Return ``text`` in Vietnamese quotation marks “…” (ND30.md §3.4)."""
    return f"“{text}”"


def _silent(review: Review) -> list[Any]:
    """Return the units that sent no results at all (chưa báo cáo)."""
    return [u for u, r in review.period.results if r is None]


def _leadership(campaign: Campaign, review: Review) -> list[Block]:
    reported = [r for _, r in review.period.results if r is not None]
    missing = _silent(review)
    total = len(review.period.results)
    text = (f"Có {vi.padded_count(len(reported))}/{vi.padded_count(total, 'đơn vị')} gửi báo cáo kết quả")
    groups: dict[str, list[int]] = {}
    for unit, result in review.period.results:
        if unit.group:
            counts = groups.setdefault(unit.group, [0, 0])
            counts[0] += result is not None
            counts[1] += 1
    if len(groups) > 1:
        text += " (" + "; ".join(f"{_full(campaign, g)}: {vi.padded_count(a)}/{vi.padded_count(b)}"
                                 for g, (a, b) in groups.items()) + ")"
    if missing:
        text += f"; {vi.padded_count(len(missing), 'đơn vị')} chưa báo cáo: {_names(missing)}."
    else:
        text += "."

    def _sum(attr: str) -> str:
        return vi.padded_count(sum(getattr(r, attr) or 0 for r in reported))

    participants = campaign.participants[:1].lower() + campaign.participants[1:]
    return [
        Block("para", f"Ngay sau khi {campaign.issuer.name} ban hành Kế hoạch, các đơn vị đã quán triệt, "
              f"triển khai phong trào thi đua đến {participants}. {text}"),
        Block("para", f"Các đơn vị đã ban hành {_sum('documents')} văn bản chỉ đạo, hướng dẫn; tổ chức "
              f"{_sum('meetings')} cuộc họp, hội nghị quán triệt, triển khai với {_sum('participants')} "
              "lượt người tham dự."),
    ]


def _figure(summary: TargetSummary, value: Decimal) -> str:
    """Return a unit's figure with its unit of measure: "79,5%", "0 mô hình", "01 vụ"."""
    target = summary.target
    if target.unit is TargetUnit.PERCENT:
        return format_value(target, value)
    return f"{format_value(target, value)} {measure(target)}"


def measure(target: Any) -> str:
    """Return the unit of measure of a count target: its ``measure`` ("mô hình"), else its
    results column read as a noun ("Số mô hình được biểu dương" → "mô hình được biểu dương")."""
    if target.measure:
        return str(target.measure)
    header = str(target.header)
    noun = header[4:] if header.lower().startswith("số ") else header
    return noun[:1].lower() + noun[1:]


def finding(summary: TargetSummary, silent: Sequence[Any]) -> str:
    """Return what a target's figures say, in words: how many units met it and their share,
    the units' mean or total (with its unit of measure), who fell short with their figure, who
    reported no figure for it (the units that sent nothing at all aside, said once in I.).

    "11/14 đơn vị đạt (78,6%), tỷ lệ bình quân của các đơn vị đã báo cáo 84,2%; không đạt:
    Phòng Quản lý đầu tư (79,5%), …"."""
    target = summary.target
    met = summary.count(Verdict.MET)
    text = (f"{vi.padded_count(met)}/{vi.padded_count(summary.total, 'đơn vị')} đạt "
            f"({vi.format_percent(summary.share)})")
    aggregate = summary.aggregate
    if aggregate is not None and target.unit is TargetUnit.PERCENT:
        text += f", tỷ lệ bình quân của các đơn vị đã báo cáo {vi.format_percent(aggregate)}"
    elif aggregate is not None and target.comparator is not Comparator.NONE:
        text += f", tổng cộng {format_value(target, aggregate)} {measure(target)}"
    missed = [line for line in summary.lines if line.verdict is Verdict.MISSED]
    if missed:
        parts = []
        for line in missed:
            assert line.value is not None
            figure = _figure(summary, line.value)
            if target.unit is TargetUnit.PER_TEAM_MONTH and line.needed is not None:
                figure += f", chỉ tiêu {sign(target)} {format_value(target, line.needed)}"
            parts.append(f"{literal(line.unit.name)} ({figure})")
        text += "; không đạt: " + ", ".join(parts)
    unreported = [line.unit for line in summary.lines
                  if line.verdict is Verdict.NOT_REPORTED and line.unit not in silent]
    if unreported:
        text += f"; chưa báo cáo số liệu: {_names(unreported)}"
    return text + "."


def _results(campaign: Campaign, review: Review, chart: Path | None) -> list[Block | TableBlock | ImageBlock]:
    blocks: list[Block | TableBlock | ImageBlock] = []
    all_summaries = summaries(campaign, review)
    count = sum(len(area) for area in all_summaries)
    months = vi.padded_count(review.period.months, "tháng")
    silent = _silent(review)
    # units that reported but no figure of any target (tổng kết: a phase missing): said once here
    blank = [u for u, r in review.period.results
             if r is not None and r.values and all(v is None for v in r.values.values())]
    intro = (f"Kết quả thực hiện {vi.padded_count(count, 'chỉ tiêu')} thi đua trong {months} của "
             f"{period_name(campaign, review)} được tính trên "
             f"{vi.padded_count(len(review.period.results), 'đơn vị')} tham gia phong trào")
    if silent or blank:
        intro += " (đơn vị chưa báo cáo không được tính là đạt)"
    if blank:
        intro += f"; chưa đủ số liệu để đánh giá: {_names(blank)}"
    blocks.append(Block("para", intro + ("; kết quả của từng đơn vị tại Phụ lục kèm theo." if count else ".")))
    silent = silent + blank
    for n, (area, area_summaries) in enumerate(zip(campaign.content_areas, all_summaries, strict=True), start=1):
        if not area_summaries:
            continue  # a content area without targets has no figures to report
        blocks.append(Block("item", f"{n}. {area.title.rstrip(':').rstrip()}"))
        for m, s in enumerate(area_summaries):
            prefix = f"{LETTERS[m]}) " if len(area_summaries) > 1 else ""
            blocks.append(Block("para", f"{prefix}Chỉ tiêu {_quote(s.target.wording)}: {finding(s, silent)}"))
    if chart is not None:  # after the findings, so that text fills the pages before it
        blocks.append(Block("lead", "Tỷ lệ đơn vị đạt từng chỉ tiêu như biểu đồ sau:"))
        blocks.append(ImageBlock(chart, WIDTH_MM))
    return blocks


def annex_body(campaign: Campaign, review: Review) -> list[Block | TableBlock]:
    """Return the Phụ lục's body: per content area its title, per target its label and the
    table of every unit's result (ND30.md §2.D: "Tables of statistics may go into a Phụ lục")."""
    blocks: list[Block | TableBlock] = []
    areas = zip(campaign.content_areas, summaries(campaign, review), strict=True)
    for n, (area, area_summaries) in enumerate(areas, start=1):
        blocks.append(Block("item", f"{n}. {area.title.rstrip(':').rstrip()}"))
        for m, s in enumerate(area_summaries):
            prefix = f"{LETTERS[m]}) " if len(area_summaries) > 1 else ""
            blocks.append(Block("item", f"{prefix}{_full(campaign, s.target.label)}"))
            blocks.append(table(s))
    return blocks


def annex(campaign: Campaign, review: Review) -> dict[str, Any]:
    """Return the report's Phụ lục (``annexes`` of the frame): "Phụ lục", its title, "(Kèm
    theo Báo cáo số …/BC-… ngày … tháng … năm … của <issuer>)" — the blanks ``vanban issue``
    fills — and the per-target tables, in a section of its own (bookmark and page labels
    "BC-PL-1" …: ``kinds.STATISTICS_ANNEX``). ND30 Phụ lục I; ND30.md §1.6."""
    symbol = vi.symbol(KIND, campaign.issuer.abbreviation)
    d = issue_date(campaign, review)
    number = "số" + vi.number_line(symbol, None).removeprefix("Số:")
    date = vi.date_line(campaign.issuer.place, year=d.year, month=d.month, day=d.day).split(", ", 1)[1]
    period = "" if review.final else f" ĐỢT {review.phase}"
    return {
        "title": STATISTICS_ANNEX.heading,
        "subtitle": f"KẾT QUẢ THỰC HIỆN CHỈ TIÊU THI ĐUA{period} CỦA CÁC ĐƠN VỊ",
        "reference": f"(Kèm theo Báo cáo {number} {date} của {campaign.issuer.name})",
        "body": annex_body(campaign, review),
    }


def _unit_lines(review: Review, attr: str) -> list[str]:
    """Return "- <unit>: <its own words>." for each reporting unit that wrote ``attr``
    (Excel free text: printed as typed, once per unit and text)."""
    lines: list[str] = []
    for _, r in review.period.results:
        text = getattr(r, attr) if r is not None else None
        if text:
            line = f"- {literal(r.unit.name)}: {literal(_sentence(text))}"  # type: ignore[union-attr]
            if line not in lines:
                lines.append(line)
    return lines


def _assessment(campaign: Campaign, review: Review) -> list[Block]:
    all_summaries = [s for area in summaries(campaign, review) for s in area]
    total = vi.padded_count(len(all_summaries), "chỉ tiêu")
    # met by every unit that reported it — and reported by at least one (no claim on no data)
    full = [s for s in all_summaries if s.count(Verdict.MISSED) == 0 and s.count(Verdict.MET) > 0]
    strengths = []
    if full:
        strengths.append(
            f"- {vi.padded_count(len(full))}/{total} được tất cả các đơn vị đã báo cáo thực hiện đạt: "
            f"{'; '.join(_full(campaign, s.target.label[:1].lower() + s.target.label[1:]) for s in full)}."
        )
    strengths += _unit_lines(review, "strengths")
    short = [s for s in all_summaries if s.count(Verdict.MISSED)]
    shortcomings = []
    if short:
        units = {line.unit.name for s in short for line in s.lines if line.verdict is Verdict.MISSED}
        shortcomings.append(
            f"- {vi.padded_count(len(short))}/{total} còn đơn vị không đạt; "
            f"{vi.padded_count(len(units), 'đơn vị')} không đạt ít nhất một chỉ tiêu (nêu tại mục II)."
        )
    missing = _silent(review)
    if missing:
        shortcomings.append(f"- {vi.padded_count(len(missing), 'đơn vị')} chưa gửi báo cáo kết quả: "
                            f"{_names(missing)}.")
    shortcomings += _unit_lines(review, "shortcomings")
    causes = _unit_lines(review, "causes")
    return [Block("item", "1. Ưu điểm"), *[Block("para", t) for t in strengths or ["- Chưa có."]],
            Block("item", "2. Hạn chế"), *[Block("para", t) for t in shortcomings or ["- Không có."]],
            Block("item", "3. Nguyên nhân"),
            *[Block("para", t) for t in causes or ["- Các đơn vị chưa nêu nguyên nhân."]]]


def _recommendations(campaign: Campaign, review: Review, report: Report) -> list[Block]:
    """Return "ĐỀ XUẤT, KIẾN NGHỊ": the units' proposals (from their workbooks) and the
    agency's own recommendations to the level above (``report.recommendations``); empty
    when there are neither."""
    units = _unit_lines(review, "proposals")
    own = [f"- {_sentence(r)}" for r in report.recommendations]
    if not units and not own:
        return []
    blocks: list[Block] = []
    n = 1
    if units:
        blocks += [Block("item", f"{n}. Đề xuất, kiến nghị của các đơn vị"), *[Block("para", t) for t in units]]
        n += 1
    if own:
        to = f" với {report.greeting[0]}" if len(report.greeting) == 1 else " với cấp trên"
        blocks += [Block("item", f"{n}. Kiến nghị của {campaign.issuer.name}{to}"),
                   *[Block("para", t) for t in own]]
    return blocks


def _commendation(campaign: Campaign, review: Review) -> list[Block]:
    when = "cả phong trào" if review.final else f"Đợt {review.phase}"
    nominees = review.nominees
    if not nominees:
        return [Block("para", f"Các đơn vị chưa gửi hồ sơ đề nghị khen thưởng {when}; "
                      f"{campaign.issuer.name} sẽ tổng hợp, báo cáo sau.")]
    total = sum(n.collectives + n.individuals for n in nominees)
    blocks = [Block("para", f"Trong {when}, các đơn vị đề nghị khen thưởng "
                    f"{vi.padded_count(total, 'trường hợp')}, gồm:")]
    for n, count in enumerate(nominees):
        parts = []
        if count.collectives:
            parts.append(vi.padded_count(count.collectives, "tập thể"))
        if count.individuals:
            parts.append(vi.padded_count(count.individuals, "cá nhân"))
        end = "." if n == len(nominees) - 1 else ";"
        blocks.append(Block("para", f"- {literal(count.form)}: {', '.join(parts)}{end}"))
    return blocks


def _directions(campaign: Campaign, review: Review, report: Report) -> tuple[str, list[Block]]:
    lines = []
    nxt = review.phase if review.phase is not None and review.phase < len(campaign.phases) else None
    if nxt is not None:
        p = campaign.phases[nxt]
        title = f"PHƯƠNG HƯỚNG, NHIỆM VỤ ĐỢT {nxt + 1}"
        lines.append(f"- Triển khai Đợt {nxt + 1} từ ngày {vi.short_date(p.start)} đến ngày "
                     f"{vi.short_date(p.end)}" + (f": {_quote(f'*{p.dedication}*')}." if p.dedication else "."))
    else:
        title = "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"
    lines += [f"- {_sentence(d)}" for d in report.directions]
    return title, [Block("para", line) for line in lines]


def issue_date(campaign: Campaign, review: Review, date: datetime.date | None = None) -> IssueDate:
    """Return the draft's issue date: the month and year of ``date`` (``--date``) or, by
    default, of the period's end; the day is blank until the report is issued."""
    end = date or (campaign.end if review.phase is None else campaign.phases[review.phase - 1].end)
    return IssueDate(year=end.year, month=end.month)


def greeting_lines(report: Report) -> list[str]:
    """Return the "Kính gửi:" lines: one recipient on the same line; several as "- A;" lines
    under "Kính gửi:", the last ending with "." (ND30 Phụ lục I, mục II.5)."""
    if not report.greeting:
        return []
    if len(report.greeting) == 1:
        return [f"Kính gửi: {report.greeting[0]}"]
    names = report.greeting
    return ["Kính gửi:", *[f"- {g}{'.' if n == len(names) - 1 else ';'}" for n, g in enumerate(names)]]


def body(campaign: Campaign, review: Review, report: Report, chart: Path | None) -> list[Any]:
    """Return the report's body blocks in reading order, ending with "./.".

    Intro citing the plan by number and date; I. leadership and deployment (computed
    totals); II. results: the chart, then per content area and target the target quoted
    whole and what its figures say (``finding``) — every unit's figures are in the Phụ lục;
    III. overall assessment (strengths, shortcomings, causes); IV. commendation (nominees by
    award form); V. directions; VI. recommendations (the units', the agency's own; left out
    when there are none); closing. ND30.md §2.D.
    """
    kind = "tổng kết" if review.final else "sơ kết"
    blocks: list[Any] = [
        Block("para", f"Thực hiện {_plan_citation(campaign)}, {campaign.issuer.name} báo cáo {kind} "
              f"{period_name(campaign, review)} như sau:"),
        Block("heading", "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN"),
        *_leadership(campaign, review),
        Block("heading", "II. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG THI ĐUA"),
        *_results(campaign, review, chart),
        Block("heading", "III. ĐÁNH GIÁ CHUNG"),
        *_assessment(campaign, review),
        Block("heading", "IV. CÔNG TÁC KHEN THƯỞNG"),
        *_commendation(campaign, review),
    ]
    title, directions = _directions(campaign, review, report)
    blocks += [Block("heading", f"V. {title}"), *directions]
    recommendations = _recommendations(campaign, review, report)
    if recommendations:
        blocks += [Block("heading", "VI. ĐỀ XUẤT, KIẾN NGHỊ"), *recommendations]
    what = "Báo cáo tổng kết" if review.final else f"Báo cáo sơ kết Đợt {review.phase}"
    blocks.append(Block("closing", f"Trên đây là {what} {campaign.name} của {campaign.issuer.name}{CONTENT_END}"))
    return blocks


def context(campaign: Campaign, review: Review, report: Report, *, chart: Path | None,
            registry: Registry, date: datetime.date | None = None) -> dict[str, Any]:
    """Return the template context of the review report (keys of templates/van-ban.docx);
    Nơi nhận is the registry's view for "bao-cao-so-ket" / "bao-cao-tong-ket"."""
    greeting = greeting_lines(report)
    return {
        **header_context(campaign, KIND, issue_date(campaign, review, date), None),
        "subject": subject(campaign, review),
        "authority_line": "",
        "greeting": greeting,
        "body": body(campaign, review, report, chart),
        "annexes": [annex(campaign, review)] if any(summaries(campaign, review)) else [],
        "recipients": distribution.lines(registry, filename(review), greeting=bool(greeting)),
        **signature_context(campaign.signer),
    }


def filename(review: Review) -> str:
    """Return the file name stem: "bao-cao-so-ket" or "bao-cao-tong-ket"."""
    return FINAL_FILENAME if review.final else PHASE_FILENAME

