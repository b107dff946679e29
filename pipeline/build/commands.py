"""The orchestrator: load → validate → render → convert, reading like the pipeline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.campaign import dates, results
from pipeline.campaign.awards import Subject, base_salary, load_rules, regime
from pipeline.campaign.distribution import load_registry
from pipeline.campaign.load import campaign_file, load_campaign
from pipeline.campaign.model import Campaign, IssueDate, Unit
from pipeline.campaign.nominees import FILENAME as NOMINEES_FILE
from pipeline.campaign.nominees import ordered, read_nominees, route
from pipeline.campaign.results import NomineeCount
from pipeline.documents import certificate, decision, plan, submission
from pipeline.documents import review as review_doc
from pipeline.documents.awardlist import Round
from pipeline.documents.chart import attainment_chart
from pipeline.documents.common import signed_plan
from pipeline.docx.render import render_docx
from pipeline.docx.stamp import document_properties
from pipeline.errors import ConvertError, DataError, OutputError, Problem
from pipeline.files import atomic_target
from pipeline.nd30 import vi
from pipeline.pdf.bundle import merge_pdfs, paused_gc
from pipeline.pdf.convert import convert_to_pdf
from pipeline.register.outgoing import Record, issued_record, refuse_if_issued
from pipeline.settings import Settings

FRAME_TEMPLATE = "van-ban.docx"


@dataclass(frozen=True)
class Output:
    """A document vanban made: its DOCX and, when converted, its PDF."""

    docx: Path
    pdf: Path | None


OWNER_FILE = ".vanban-phong-trao.json"
"""The file in a campaign's output folder naming the campaign folder whose documents it holds."""


def campaign_output_dir(campaign_dir: Path, out_root: Path, *, claim: bool = True) -> Path:
    """Return ``out_root/<campaign folder name>``, where a campaign's documents go
    (``campaign_dir`` may also name the campaign.yaml inside the folder).

    With ``claim`` (every command about to write there) raises OutputError when the folder
    holds another campaign's documents (its OWNER_FILE names another campaign folder): two
    campaigns whose folders have the same name, built into the same ``--out``, must not
    overwrite each other's files. Each writer marks the folder as its campaign's once it has
    written there (``mark_output_dir``)."""
    source = campaign_file(campaign_dir).resolve().parent
    folder = out_root / source.name
    if claim:
        recorded = _owner(folder)
        if recorded is not None and recorded != source:
            owner = folder / OWNER_FILE
            raise OutputError(
                f"{folder} đang chứa văn bản của một phong trào khác ({recorded}); phong trào {source} "
                "có thư mục cùng tên nên không ghi vào đó, để khỏi ghi đè văn bản của phong trào kia. Cách sửa: "
                f"chọn thư mục khác bằng --out; nếu đây chính là phong trào đó, chỉ chuyển chỗ, thì xóa tệp "
                f"{owner} rồi chạy lại")
    return folder


def _owner(folder: Path) -> Path | None:
    """Return the campaign folder recorded in ``folder``'s OWNER_FILE, or None."""
    try:
        data = json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
        return Path(str(data["campaign"])) if isinstance(data, dict) and data.get("campaign") else None
    except (OSError, ValueError, KeyError):
        return None


def mark_output_dir(campaign_dir: Path, out_root: Path) -> None:
    """Record in the campaign's output folder (when it exists) that it holds this campaign's
    documents (OWNER_FILE); a folder that cannot be written is left unmarked."""
    source = campaign_file(campaign_dir).resolve().parent
    folder = out_root / source.name
    if not folder.is_dir() or _owner(folder) == source:
        return
    owner = folder / OWNER_FILE
    try:
        tmp = atomic_target(owner)
        try:
            tmp.write_text(json.dumps({"campaign": str(source)}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, owner)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError:
        pass


def build_plan(
    campaign_dir: Path, out_root: Path, *, pdf: bool = True, settings: Settings | None = None,
    date: dt.date | None = None,
) -> Output:
    """Return the plan (Kế hoạch) made from ``campaign_dir``: ke-hoach.docx and ke-hoach.pdf.

    ``date`` (``--date``) dates the draft instead of ``plan.issue_date`` (its month and year;
    the day stays blank until the plan is issued) and must not fall before the document the
    plan implements. The campaign is validated completely before anything is written
    (DataError lists every problem); the DOCX and PDF are written atomically under
    ``out_root/<campaign>/``. Raises RenderError or ConvertError when a stage fails.
    """
    settings = settings or Settings()
    campaign = load_campaign(campaign_dir)
    if date is not None:
        drafted = campaign.plan.model_copy(update={"issue_date": IssueDate(year=date.year, month=date.month)})
        campaign = campaign.model_copy(update={"plan": drafted})
        implements = campaign.plan.implements
        if date < implements.date:
            raise DataError([Problem(
                None, "--date", f"Kế hoạch ghi ngày {vi.short_date(date)}, trước ngày {vi.short_date(implements.date)} "
                f"của {implements.kind} số {implements.reference} mà Kế hoạch thực hiện (plan.implements)",
                f"ghi --date từ {vi.short_date(implements.date)} trở đi")])
    target = campaign_output_dir(campaign_dir, out_root) / f"{plan.FILENAME}.docx"
    properties = _properties(campaign_dir, campaign, plan.KIND, None, target)
    refuse_if_issued(target, properties)
    docx = render_docx(
        settings.template(FRAME_TEMPLATE), plan.context(campaign, load_registry(campaign_dir, campaign)), target,
        title=f"{plan.KIND.value} {campaign.plan.subject}", author=campaign.issuer.name,
        properties=properties,
    )
    mark_output_dir(campaign_dir, out_root)
    return Output(docx, _convert(docx, settings) if pdf else _drop_stale_pdf(docx))


def _properties(
    campaign_dir: Path, campaign: Campaign, kind: vi.DocumentKind, phase: int | None, target: Path
) -> dict[str, str]:
    """Return the custom properties ``vanban issue`` reads back (campaign, kind, phase,
    identity, register) for the document written to ``target``."""
    folder = campaign_file(campaign_dir).parent
    return document_properties(folder, campaign.issuer.register_file, kind, phase, target.name)


def _drop_stale_pdf(docx: Path) -> None:
    """Remove a PDF left from an earlier run: it no longer matches the new DOCX."""
    docx.with_suffix(".pdf").unlink(missing_ok=True)


def _convert(docx: Path, settings: Settings) -> Path:
    _drop_stale_pdf(docx)
    try:
        (made,) = convert_to_pdf([docx], timeout_s=settings.convert_timeout_s)
    except ConvertError as exc:
        raise ConvertError(f"{exc.message}\nBản DOCX đã ghi: {docx}") from exc
    return made


@dataclass(frozen=True)
class AwardOutputs:
    """What ``build_decide`` made: the decision, the proposal (None when every nominee is
    within the issuer's authority), the certificates (PDF when converted, else DOCX), the
    print file with every certificate (None without PDF), the documents kept because they are
    issued, the decision's register record when it is issued and the warnings of
    ``prepare_decide``."""

    decision: Output | None
    submission: Output | None
    certificates: list[Path]
    certificates_pdf: Path | None
    kept: tuple[Path, ...] = ()
    issued: Record | None = None
    warnings: tuple[str, ...] = ()


def _decision_date(source: Path, awards: Any, phase: int, date: dt.date | None) -> tuple[dt.date, Any]:
    entry = next((p for p in awards.phases if p.phase == phase), None)
    chosen = date or (entry.decision_date if entry else None)
    if chosen is None:
        raise DataError([Problem(
            source, f"awards.phases (phase: {phase}).decision_date",
            f"chưa có ngày quyết định khen thưởng Đợt {phase}: ngày này chọn căn cứ pháp lý, mức lương "
            "cơ sở và hệ số tiền thưởng",
            f"thêm «decision_date: 14/02/2025» vào mục phase: {phase} của awards.phases, hoặc dùng "
            "tùy chọn --date 14/02/2025",
        )])
    return chosen, entry


@dataclass(frozen=True)
class PreparedAwards:
    """Everything ``build_decide`` writes, made and validated before any file is written:
    the round (date, regime, base salary), the template contexts of the decision and the
    proposal (None when it has nobody), (file stem, context) per certificate, the units of the
    decision's awardees (register order: each receives the decision) and, when the decision in
    the output folder is already issued, its register record (the certificates then carry its
    number and date), and the warnings: a collective proposed although the phase's results
    show it missed a target or did not report."""

    round: Round
    folder: str
    decision: dict[str, Any] | None
    submission: dict[str, Any] | None
    certificates: list[tuple[str, dict[str, Any]]]
    awarded: tuple[Unit, ...] = ()
    issued: Record | None = None
    warnings: tuple[str, ...] = ()


@paused_gc()  # many small objects (workbooks, contexts) that all live on: see paused_gc
def prepare_decide(
    campaign_dir: Path, *, phase: int, date: dt.date | None = None, number: int | None = None,
    order: str | None = None, out_folder: Path | None = None,
) -> PreparedAwards:
    """Return the contexts of phase ``phase``'s commendation documents (see build_decide).

    ``date`` (``--date``) must not fall before the phase's end nor before the signed plan
    the decision cites (pipeline.campaign.dates). ``out_folder`` is the phase's output folder:
    when the decision there is issued (its number and date are in the register), the
    certificates are made with that number and date. The Tờ trình's summary of results is
    computed from the phase's results workbook. Raises DataError listing every problem of the
    campaign, the rules or the workbooks; nothing is written.
    """
    campaign = load_campaign(campaign_dir)
    source = campaign_file(campaign_dir)
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
    problems: list[Problem] = []
    if date is not None:  # the date of campaign.yaml is checked when it is loaded
        problems += dates.after_phase(campaign, phase, date, document="Quyết định khen thưởng", file=None,
                                      where="--date")
        problems += dates.after_plan(campaign, signed_plan(campaign)[1], date, document="Quyết định khen thưởng",
                                     file=None, where="--date")
    try:
        legal, salary = regime(rules, chosen), base_salary(rules, chosen)
    except DataError as exc:
        problems += exc.problems
    if problems:
        raise DataError(problems)
    folder = f"dot-{phase}"
    workbook = source.parent / folder / NOMINEES_FILE
    nominees = read_nominees(workbook, campaign.units, rules, resolve=campaign.unit, closest=campaign.closest_unit)
    routed = route(nominees, awards, rules, path=workbook, campaign_file=source)
    rnd = Round(
        campaign, awards, rules, phase, campaign.phases[phase - 1], chosen, legal, salary,
        number=number or (entry.decision_number if entry else None),
        submission_number=entry.submission_number if entry else None,
        submission_date=entry.submission_date if entry else None,
        registry=load_registry(campaign_dir, campaign),
    )
    own = ordered(routed.decision, awards, order=order, units=campaign.units)
    up = ordered(routed.submission, awards, order=order, units=campaign.units)
    issued = None
    if out_folder is not None and own:
        target = out_folder / f"{decision.FILENAME}.docx"
        issued = issued_record(target, _properties(campaign_dir, campaign, decision.KIND, phase, target))
    if issued is not None and number is not None and number != issued.number:
        raise DataError([Problem(None, "--number", f"Quyết định khen thưởng Đợt {phase} đã được cấp số "
                                 f"{issued.reference} ngày {vi.short_date(issued.issue_date)}, khác số {number}",
                                 f"bỏ --number (Giấy khen ghi số đã cấp), hoặc ghi --number {issued.number}")])
    certified = dataclasses.replace(rnd, number=issued.number, date=issued.issue_date) if issued else rnd
    period = _phase_results(campaign, source.parent, phase) if up else None
    warnings = _proposed_against_results(campaign, source.parent, phase, [*own, *up], period)
    awarded: dict[str, Unit] = {}
    for n in own:
        awarded.setdefault(n.unit, campaign.unit(n.unit) or Unit(name=n.unit))
    place = {u.name: i for i, u in enumerate(campaign.units)}
    in_order = sorted(awarded.values(), key=lambda u: place.get(u.name, len(place)))
    return PreparedAwards(
        rnd, folder,
        decision.context(own, rnd) if own else None,
        submission.context(up, rnd, period=period) if up else None,
        [(certificate.file_stem(n, x), certificate.context(n, x, certified)) for n, x in enumerate(own, start=1)],
        tuple(in_order), issued, tuple(warnings),
    )


def _proposed_against_results(campaign: Campaign, campaign_dir: Path, phase: int, nominees: list[Any],
                              period: results.PeriodResults | None) -> list[str]:
    """Return a warning for each collective that is itself a unit of the register and is
    proposed for an award while the phase's results show it missed a target or did not
    report (the report lists it among the shortcomings). No results workbook: no warning."""
    if period is None:
        try:
            period = results.read_phase(campaign, campaign_dir, phase)
        except DataError:
            return []  # no (readable) results: the report says why
    summaries = [results.summarise(t, period) for t in results.targets_of(campaign)]
    standing = {u.name: n for n, (u, _) in enumerate(period.results)}
    out = []
    for nominee in nominees:
        n = standing.get(nominee.name) if nominee.subject is Subject.COLLECTIVE else None
        if n is None:
            continue
        if period.results[n][1] is None:
            out.append(f"tập thể «{nominee.name}» được đề nghị khen thưởng nhưng chưa báo cáo kết quả Đợt {phase}")
            continue
        missed = [s.target.label for s in summaries if s.lines[n].verdict is results.Verdict.MISSED]
        if missed:
            out.append(f"tập thể «{nominee.name}» được đề nghị khen thưởng nhưng Đợt {phase} không đạt chỉ tiêu: "
                       f"{'; '.join(missed)} (báo cáo sơ kết nêu ở phần hạn chế)")
    return out


def _phase_results(campaign: Campaign, campaign_dir: Path, phase: int) -> results.PeriodResults | None:
    """Return the phase's results for the Tờ trình's summary — None when the phase has no
    results workbook and the drafter wrote the summary (``awards.submission.summary``)."""
    folder = results.phase_folder(campaign_dir, phase)
    drafted = campaign.awards is not None and campaign.awards.submission is not None \
        and bool(campaign.awards.submission.summary)
    if drafted and not (folder / results.RESULTS_FILE).exists() and not (folder / results.RESULTS_FOLDER).is_dir():
        return None
    return results.read_phase(campaign, campaign_dir, phase)


def build_decide(
    campaign_dir: Path, out_root: Path, *, phase: int, date: dt.date | None = None,
    number: int | None = None, order: str | None = None, pdf: bool = True,
    settings: Settings | None = None,
) -> AwardOutputs:
    """Return the commendation documents of phase ``phase`` made from ``campaign_dir``.

    Reads ``dot-<phase>/de-nghi-khen-thuong.xlsx``, routes each nominee by authority, orders
    the lists (``order`` "structure"/"alphabetical", default the campaign's), and writes to
    ``out_root/<campaign>/dot-<phase>/``: quyet-dinh-khen-thuong.docx/.pdf (the issuer's
    awards), to-trinh.docx/.pdf (awards for the higher level, when any), giay-khen/NNN-<slug>
    certificates and giay-khen.pdf with them all. ``date`` (default awards.phases[].
    decision_date) picks the legal bases, base salary and coefficients; ``number`` makes the
    decision final (else a draft with blank number and day). Everything is validated before
    any file is written (DataError lists every problem); all PDFs come from ONE LibreOffice
    batch. A decision or proposal already issued (vanban issue) is kept as signed and not
    converted again; the certificates then carry the decision's number and date. Raises
    RenderError or ConvertError when a stage fails.
    """
    settings = settings or Settings()
    target = campaign_output_dir(campaign_dir, out_root) / f"dot-{phase}"
    prepared = prepare_decide(campaign_dir, phase=phase, date=date, number=number, order=order, out_folder=target)
    frame = settings.template(FRAME_TEMPLATE)
    author = prepared.round.campaign.issuer.name
    kept: list[Path] = []

    def render(template: Path, context: dict[str, Any], docx: Path, kind: vi.DocumentKind | None = None) -> Path:
        title = f"{context.get('kind_title', '').capitalize()} {context.get('subject', '')}".strip()
        properties = _properties(campaign_dir, prepared.round.campaign, kind, phase, docx) if kind else None
        if kind is not None and issued_record(docx, properties) is not None:
            kept.append(docx)  # what the leader signed: kept, with its PDF
            return docx
        made = render_docx(template, context, docx, title=title, author=author, properties=properties)
        _drop_stale_pdf(made)
        return made

    decision_doc = submission_doc = None
    if prepared.decision:
        decision_doc = render(frame, prepared.decision, target / f"{decision.FILENAME}.docx", decision.KIND)
    if prepared.submission:
        submission_doc = render(frame, prepared.submission, target / f"{submission.FILENAME}.docx", submission.KIND)
    docs = [d for d in (decision_doc, submission_doc) if d]
    cert_dir = target / certificate.FOLDER
    for old in cert_dir.glob("[0-9][0-9][0-9]-*.*") if cert_dir.exists() else []:
        old.unlink()  # certificates of an earlier run with other awardees
    template = settings.template(certificate.TEMPLATE)
    certs = [render(template, ctx, cert_dir / f"{stem}.docx") for stem, ctx in prepared.certificates]
    fresh = [d for d in docs if d not in kept]
    pdfs = convert_to_pdf([*fresh, *certs], timeout_s=settings.convert_timeout_s) if pdf else []
    by_source = dict(zip([*fresh, *certs], pdfs, strict=True)) if pdf else {}
    by_source.update({d: d.with_suffix(".pdf") for d in kept if pdf and d.with_suffix(".pdf").exists()})

    def output(doc: Path | None) -> Output | None:
        return Output(doc, by_source.get(doc)) if doc else None

    cert_pdfs = [by_source[c] for c in certs] if pdf else []
    printed = merge_pdfs(cert_pdfs, target / certificate.PRINT_FILE) if cert_pdfs else None
    mark_output_dir(campaign_dir, out_root)
    return AwardOutputs(output(decision_doc), output(submission_doc), cert_pdfs or certs, printed,
                        tuple(kept), prepared.issued, prepared.warnings)


@dataclass(frozen=True)
class ReviewOutput:
    """A review report vanban made: DOCX, PDF (when converted), the chart PNG (unless
    ``--no-chart``) and the warnings met while reading the units' workbooks."""

    docx: Path
    pdf: Path | None
    chart: Path | None
    warnings: list[Problem]


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
    campaign_dir: Path, out_root: Path, *, phase: int | None, chart: bool = True,
    date: dt.date | None = None,
) -> PreparedReview:
    """Return the review report of ``phase`` ready to render (see build_review): the data
    read and checked, the figures computed, the chart drawn. ``date`` (``--date``) dates the
    draft (its month and year; default: the period's end) and must not fall before the period
    ends. Raises DataError (every problem, no DOCX written)."""
    campaign = load_campaign(campaign_dir)
    report = review_doc.report_data(campaign, campaign_dir)
    count = len(campaign.phases)
    if phase is not None and not 1 <= phase <= count:
        raise DataError([Problem(campaign_file(campaign_dir), "phases",
                                 f"phong trào không có Đợt {phase} (chỉ có {count} đợt)",
                                 f"chọn --phase từ 1 đến {count}, hoặc --phase all")])
    if date is not None:
        what = "Báo cáo tổng kết" if phase is None else "Báo cáo sơ kết"
        problems = dates.after_phase(campaign, phase, date, document=what, file=None, where="--date")
        if problems:
            raise DataError(problems)
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
    context = review_doc.context(campaign, review, report, chart=png,
                                 registry=load_registry(campaign_dir, campaign), date=date)
    target = folder / f"{stem}.docx"
    return PreparedReview(context, target, f"Báo cáo {context['subject']}", campaign.issuer.name,
                          _properties(campaign_dir, campaign, review_doc.KIND, phase, target), png,
                          period.warnings)


def build_review(
    campaign_dir: Path, out_root: Path, *, phase: int | None, pdf: bool = True, chart: bool = True,
    settings: Settings | None = None, date: dt.date | None = None,
) -> ReviewOutput:
    """Return the review report of ``phase`` (Báo cáo sơ kết Đợt N, counted from 1) or, with
    ``phase`` None, the final review over every phase (Báo cáo tổng kết).

    Reads campaign.yaml, each phase's results workbook(s) ``dot-N/ket-qua.xlsx`` and, when
    present, ``dot-N/de-nghi-khen-thuong.xlsx``; evaluates the targets (pipeline.campaign.results);
    draws the chart (pipeline.documents.chart); writes ``out_root/<campaign>/dot-N/bao-cao-so-ket.docx``
    (or ``out_root/<campaign>/bao-cao-tong-ket.docx``) and its PDF. Raises DataError (every
    problem, nothing written), RenderError, ConvertError. ``date``: see prepare_review.
    """
    settings = settings or Settings()
    prepared = prepare_review(campaign_dir, out_root, phase=phase, chart=chart, date=date)
    refuse_if_issued(prepared.target, prepared.properties)
    docx = render_docx(settings.template(FRAME_TEMPLATE), prepared.context, prepared.target,
                       title=prepared.title, author=prepared.author, properties=prepared.properties)
    mark_output_dir(campaign_dir, out_root)
    made = _convert(docx, settings) if pdf else _drop_stale_pdf(docx)
    return ReviewOutput(docx, made, prepared.chart, prepared.warnings)


def _merge_counts(into: list[NomineeCount], more: list[NomineeCount]) -> list[NomineeCount]:
    """Return the nominee counts of ``into`` and ``more`` added up form by form."""
    table = {c.form: [c.collectives, c.individuals] for c in into}
    for c in more:
        pair = table.setdefault(c.form, [0, 0])
        pair[0] += c.collectives
        pair[1] += c.individuals
    return [NomineeCount(form, a, b) for form, (a, b) in table.items()]
