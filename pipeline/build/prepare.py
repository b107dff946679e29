"""Prepare documents from a campaign loaded once: its data read, checked and turned into template
contexts before anything is written (the engine, pipeline.build.engine, renders them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.build.templates import Templates, campaign_templates
from pipeline.campaign import results
from pipeline.campaign.awards import base_salary, load_rules, regime
from pipeline.campaign.distribution import Registry, load_registry
from pipeline.campaign.load import campaign_file, load_campaign
from pipeline.campaign.model import Campaign
from pipeline.campaign.nominees import FILENAME as NOMINEES_FILE
from pipeline.campaign.nominees import ordered, read_nominees, route
from pipeline.campaign.requirements import DECISION, SUBMISSION, require_all
from pipeline.campaign.results import NomineeCount
from pipeline.documents import certificate, decision, submission
from pipeline.documents import review as review_doc
from pipeline.documents.awardlist import Round
from pipeline.documents.chart import attainment_chart
from pipeline.docx.stamp import document_properties
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi
from pipeline.pdf.bundle import paused_gc
from pipeline.settings import Settings


@dataclass(frozen=True)
class Loaded:
    """A campaign loaded once per command: its folder, its campaign.yaml (``source``), the model
    and the recipients registry (sổ nơi nhận, noi-nhan.yaml)."""

    folder: Path
    source: Path
    campaign: Campaign
    registry: Registry
    templates: Templates | None = None


def load(campaign_dir: Path, settings: Settings | None = None) -> Loaded:
    """Return the campaign of ``campaign_dir`` (a folder or its campaign.yaml), its registry and
    its templates (pipeline.build.templates), read and validated. Raises DataError listing
    every problem."""
    source = campaign_file(campaign_dir)
    campaign = load_campaign(campaign_dir)
    templates = campaign_templates(source.parent, source, campaign, settings)
    return Loaded(source.parent, source, campaign, load_registry(campaign_dir, campaign), templates)


def campaign_output_dir(campaign_dir: Path, out_root: Path) -> Path:
    """Return ``out_root/<campaign folder name>``, where a campaign's documents go
    (``campaign_dir`` may also name the campaign.yaml inside the folder)."""
    return out_root / campaign_file(campaign_dir).resolve().parent.name


def properties(loaded: Loaded, kind: vi.DocumentKind, phase: int | None, name: str, *,
               folder: Path | None = None) -> dict[str, str]:
    """Return the custom properties ``vanban issue`` reads back (campaign, kind, phase,
    identity, register) for the document file ``name`` written in ``folder`` (the register
    is written relative to it: ``stamp.document_properties``)."""
    return document_properties(loaded.folder, loaded.campaign.issuer.register_file, kind, phase, name,
                               docx_folder=folder)


def _decision_date(source: Path, awards: Any, phase: int, date: dt.date | None) -> tuple[dt.date, Any]:
    entry = next((p for p in awards.phases if p.phase == phase), None)
    chosen = date or (entry.decision_date if entry else None)
    if chosen is None:
        raise DataError([Problem(
            source, f"awards.phases (phase: {phase}).decision_date",
            f"chưa có ngày quyết định khen thưởng Đợt {phase}: ngày này chọn căn cứ pháp lý, mức lương "
            "cơ sở và hệ số tiền thưởng",
            f"thêm «decision_date: 14/02/2025» vào mục phase: {phase} của awards.phases, hoặc (vanban decide) "
            "dùng tùy chọn --date 14/02/2025",
        )])
    return chosen, entry


@dataclass(frozen=True)
class PreparedAwards:
    """Everything ``build_decide`` writes, made and validated before any file is written:
    the round (date, regime, base salary), the template contexts of the decision and the
    proposal (None when it has nobody), and (file stem, context) per certificate."""

    round: Round
    folder: str
    decision: dict[str, Any] | None
    submission: dict[str, Any] | None
    certificates: list[tuple[str, dict[str, Any]]]


@paused_gc()  # many small objects (workbooks, contexts) that all live on: see paused_gc
def prepare_decide(
    loaded: Loaded, *, phase: int, date: dt.date | None = None, number: int | None = None,
    order: str | None = None,
) -> PreparedAwards:
    """Return the contexts of phase ``phase``'s commendation documents (see build_decide).

    Raises DataError listing every problem of the campaign, the rules or the nominee
    workbook; nothing is written.
    """
    campaign, source = loaded.campaign, loaded.source
    if campaign.awards is None:
        raise DataError([Problem(source, "awards", "chưa có mục awards (khen thưởng)",
                                 "chép mục awards từ data/haiphong-2024-antt/campaign.yaml rồi sửa")])
    if not 1 <= phase <= len(campaign.phases):
        raise DataError([Problem(source, "phases", f"không có Đợt {phase} (phong trào có "
                                 f"{len(campaign.phases)} đợt)", "chọn --phase từ 1 đến "
                                 f"{len(campaign.phases)}")])
    awards = campaign.awards
    rules = load_rules(awards.rules, source=source)
    chosen, entry = _decision_date(source, awards, phase, date)
    folder = f"dot-{phase}"
    workbook = source.parent / folder / NOMINEES_FILE
    nominees = read_nominees(workbook, awards, rules)
    routed = route(nominees, awards, rules, path=workbook, campaign_file=source)
    rnd = Round(
        campaign, awards, rules, phase, campaign.phases[phase - 1], chosen,
        regime(rules, chosen), base_salary(rules, chosen),
        number=number or (entry.decision_number if entry else None),
        submission_number=entry.submission_number if entry else None,
        submission_date=entry.submission_date if entry else None,
        registry=loaded.registry,
    )
    own = ordered(routed.decision, awards, order=order)
    up = ordered(routed.submission, awards, order=order)
    require_all([DECISION] * bool(own) + [SUBMISSION] * bool(up), campaign, source)
    return PreparedAwards(
        rnd, folder,
        decision.context(own, rnd) if own else None,
        submission.context(up, rnd) if up else None,
        [(certificate.file_stem(n, x), certificate.context(n, x, rnd)) for n, x in enumerate(own, start=1)],
    )


@dataclass(frozen=True)
class PreparedReview:
    """A review report ready to render: its template context, the DOCX it goes to, its
    document title, author and the properties ``vanban issue`` reads back, the chart PNG
    (already drawn; None without chart) and the warnings met reading the workbooks."""

    context: dict[str, Any]
    target: Path
    title: str
    author: str
    properties: dict[str, str]
    chart: Path | None
    warnings: list[Problem]


@paused_gc()
def prepare_review(
    loaded: Loaded, out_root: Path, *, phase: int | None, chart: bool = True,
) -> PreparedReview:
    """Return the review report of ``phase`` ready to render (see build_review): the data
    read and checked, the figures computed, the chart drawn. Raises DataError (every problem,
    no DOCX written)."""
    campaign, campaign_dir = loaded.campaign, loaded.folder
    report = review_doc.report_data(campaign, campaign_dir)
    count = len(campaign.phases)
    if phase is not None and not 1 <= phase <= count:
        raise DataError([Problem(loaded.source, "phases",
                                 f"phong trào không có Đợt {phase} (chỉ có {count} đợt)",
                                 f"chọn --phase từ 1 đến {count}, hoặc --phase all")])
    numbers = [phase] if phase is not None else list(range(1, count + 1))
    periods, problems = [], []
    for n in numbers:
        try:
            periods.append(results.read_phase(campaign, campaign_dir, n))
        except DataError as exc:
            problems += exc.problems
    nominees: list[results.NomineeCount] = []
    found_nominees = False
    for n in numbers:
        try:
            counts = results.read_nominee_counts(results.phase_folder(campaign_dir, n) / NOMINEES_FILE)
        except DataError as exc:
            problems += exc.problems
            continue
        if counts is not None:
            found_nominees = True
            nominees = _merge_counts(nominees, counts)
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    period = periods[0] if phase is not None else results.combine(campaign, periods)
    review = review_doc.Review(phase, period, nominees if found_nominees else None)
    folder = campaign_output_dir(campaign_dir, out_root)
    if phase is not None:
        folder = folder / f"dot-{phase}"
    stem = review_doc.filename(review)
    png = None
    bars = review_doc.chart_bars(campaign, review)
    if chart and bars:  # a campaign without targets (chỉ tiêu) has nothing to chart
        png = attainment_chart(bars, folder / f"{stem}-bieu-do.png", title=review_doc.chart_title(review))
    context = review_doc.context(campaign, review, report, chart=png, registry=loaded.registry)
    target = folder / f"{stem}.docx"
    return PreparedReview(context, target, f"Báo cáo {context['subject']}", campaign.issuer.name,
                          properties(loaded, review_doc.KIND, phase, target.name, folder=target.parent), png,
                          period.warnings)


def _merge_counts(into: list[NomineeCount], more: list[NomineeCount]) -> list[NomineeCount]:
    """Return the nominee counts of ``into`` and ``more`` added up form by form."""
    table = {c.form: [c.collectives, c.individuals] for c in into}
    for c in more:
        pair = table.setdefault(c.form, [0, 0])
        pair[0] += c.collectives
        pair[1] += c.individuals
    return [NomineeCount(form, a, b) for form, (a, b) in table.items()]
