"""The orchestrator: load → validate → render → convert, reading like the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.convert import convert_to_pdf
from pipeline.documents import plan
from pipeline.errors import DataError, Problem
from pipeline.load import load_campaign
from pipeline.render import render_docx
from pipeline import results
from pipeline.chart import attainment_chart
from pipeline.documents import review as review_doc
from pipeline.results import NomineeCount
from pipeline.settings import Settings

FRAME_TEMPLATE = "van-ban.docx"


@dataclass(frozen=True)
class Output:
    """A document vanban made: its DOCX and, when converted, its PDF."""

    docx: Path
    pdf: Path | None


def campaign_output_dir(campaign_dir: Path, out_root: Path) -> Path:
    """Return ``out_root/<campaign folder name>``, where a campaign's documents go."""
    return out_root / campaign_dir.resolve().name


def build_plan(
    campaign_dir: Path, out_root: Path, *, pdf: bool = True, settings: Settings | None = None
) -> Output:
    """Return the plan (Kế hoạch) made from ``campaign_dir``: ke-hoach.docx and ke-hoach.pdf.

    The campaign is validated completely before anything is written (DataError lists every
    problem); the DOCX and PDF are written atomically under
    ``out_root/<campaign>/``. Raises RenderError or ConvertError when a stage fails.
    """
    settings = settings or Settings()
    campaign = load_campaign(campaign_dir)
    target = campaign_output_dir(campaign_dir, out_root) / f"{plan.FILENAME}.docx"
    docx = render_docx(settings.template(FRAME_TEMPLATE), plan.context(campaign), target)
    pdfs = convert_to_pdf([docx], timeout_s=settings.convert_timeout_s) if pdf else []
    return Output(docx, pdfs[0] if pdfs else None)


@dataclass(frozen=True)
class ReviewOutput:
    """A review report vanban made: DOCX, PDF (when converted), the chart PNG (unless
    ``--no-chart``) and the warnings met while reading the units' workbooks."""

    docx: Path
    pdf: Path | None
    chart: Path | None
    warnings: list[Problem]


def build_review(
    campaign_dir: Path, out_root: Path, *, phase: int | None, pdf: bool = True, chart: bool = True,
    settings: Settings | None = None,
) -> ReviewOutput:
    """Return the review report of ``phase`` (Báo cáo sơ kết Đợt N, counted from 1) or, with
    ``phase`` None, the final review over every phase (Báo cáo tổng kết).

    Reads campaign.yaml, each phase's results workbook(s) ``dot-N/ket-qua.xlsx`` and, when
    present, ``dot-N/de-nghi-khen-thuong.xlsx``; evaluates the targets (pipeline.results);
    draws the chart (pipeline.chart); writes ``out_root/<campaign>/dot-N/bao-cao-so-ket.docx``
    (or ``out_root/<campaign>/bao-cao-tong-ket.docx``) and its PDF. Raises DataError (every
    problem, nothing written), RenderError, ConvertError.
    """
    settings = settings or Settings()
    campaign = load_campaign(campaign_dir)
    report = review_doc.report_data(campaign, campaign_dir)
    count = len(campaign.phases)
    if phase is not None and not 1 <= phase <= count:
        raise DataError([Problem(campaign_dir / "campaign.yaml", "phases",
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
            counts = results.read_nominee_counts(results.phase_folder(campaign_dir, n) / results.NOMINEES_FILE)
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
    if chart:
        png = attainment_chart(review_doc.chart_bars(campaign, review), folder / f"{stem}-bieu-do.png",
                               title=review_doc.chart_title(review))
    context = review_doc.context(campaign, review, report, chart=png)
    docx = render_docx(settings.template(FRAME_TEMPLATE), context, folder / f"{stem}.docx")
    pdfs = convert_to_pdf([docx], timeout_s=settings.convert_timeout_s) if pdf else []
    return ReviewOutput(docx, pdfs[0] if pdfs else None, png, period.warnings)


def _merge_counts(into: list[NomineeCount], more: list[NomineeCount]) -> list[NomineeCount]:
    """Return the nominee counts of ``into`` and ``more`` added up form by form."""
    table = {c.form: [c.collectives, c.individuals] for c in into}
    for c in more:
        pair = table.setdefault(c.form, [0, 0])
        pair[0] += c.collectives
        pair[1] += c.individuals
    return [NomineeCount(form, a, b) for form, (a, b) in table.items()]
