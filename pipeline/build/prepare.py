"""Prepare documents from a campaign loaded once: its data read, checked and turned into template
contexts before anything is written (the engine, pipeline.build.engine, renders them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.build.templates import Templates, campaign_templates
from pipeline.campaign import dates, results
from pipeline.campaign.awards import Rules, Subject, base_salary, higher_level, load_rules, regime
from pipeline.campaign.distribution import Registry, load_registry
from pipeline.campaign.load import campaign_file, load_campaign
from pipeline.campaign.model import Campaign, Unit
from pipeline.campaign.nominees import FILENAME as NOMINEES_FILE
from pipeline.campaign.nominees import Routed, ordered, read_nominees, route
from pipeline.campaign.requirements import DECISION, SUBMISSION, require_all
from pipeline.campaign.results import NomineeCount
from pipeline.documents import certificate, decision, submission
from pipeline.documents import review as review_doc
from pipeline.documents.awardlist import Round
from pipeline.documents.chart import attainment_chart
from pipeline.documents.common import signed_plan
from pipeline.docx.render import template_variables
from pipeline.docx.stamp import document_properties
from pipeline.errors import DataError, OutputError, Problem
from pipeline.nd30 import kinds as K
from pipeline.nd30 import vi
from pipeline.pdf.bundle import paused_gc
from pipeline.register.outgoing import Record, issued_record
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
    memo: dict[tuple[str, int], Any] = field(default_factory=dict, compare=False, repr=False)
    """What one command reads once and several documents use: a phase's results (the report,
    the Tờ trình's summary, the decision's warnings) and its nominees (decision and report)."""


def _once(loaded: Loaded, key: tuple[str, int], read: Callable[[], Any]) -> Any:
    """Return ``read()``, computed once per loaded campaign and ``key`` (an error is not kept)."""
    if key not in loaded.memo:
        loaded.memo[key] = read()
    return loaded.memo[key]


def phase_results(loaded: Loaded, phase: int) -> results.PeriodResults:
    """Return phase ``phase``'s results (``results.read_phase``), read once per command."""
    return _once(loaded, ("results", phase),  # type: ignore[no-any-return]
                 lambda: results.read_phase(loaded.campaign, loaded.folder, phase))


def _rules(loaded: Loaded) -> Rules:
    """Return the commendation rules with the campaign's overrides, read once per command."""
    awards = loaded.campaign.awards
    assert awards is not None
    return _once(loaded, ("rules", 0), lambda: load_rules(awards.rules, source=loaded.source))  # type: ignore[no-any-return]


def _routed(loaded: Loaded, phase: int) -> tuple[Rules, Routed]:
    """Return the rules and phase ``phase``'s nominees read and routed (decision / Tờ trình),
    once per command. Raises DataError for the workbook's or the rules' problems."""
    def read() -> tuple[Rules, Routed]:
        campaign, awards = loaded.campaign, loaded.campaign.awards
        assert awards is not None
        rules = _rules(loaded)
        path = results.phase_folder(loaded.folder, phase) / NOMINEES_FILE
        nominees = read_nominees(path, campaign.units, rules, resolve=campaign.unit, closest=campaign.closest_unit)
        return rules, route(nominees, awards, rules, path=path, campaign_file=loaded.source,
                            issuer_name=campaign.issuer.name)

    return _once(loaded, ("nominees", phase), read)  # type: ignore[no-any-return]


def load(campaign_dir: Path, settings: Settings | None = None) -> Loaded:
    """Return the campaign of ``campaign_dir`` (a folder or its campaign.yaml), its registry and
    its templates (pipeline.build.templates), read and validated. Raises DataError listing
    every problem."""
    source = campaign_file(campaign_dir)
    campaign = load_campaign(campaign_dir)
    templates = campaign_templates(source.parent, source, campaign, settings)
    return Loaded(source.parent, source, campaign, load_registry(campaign_dir, campaign), templates)


MANIFEST = ".vanban-build.json"
"""The manifest of an output folder (pipeline.build.phase): every file written there, and the
campaign folder whose documents they are."""


def campaign_output_dir(campaign_dir: Path, out_root: Path, *, claim: bool = False) -> Path:
    """Return ``out_root/<campaign folder name>``, where a campaign's documents go
    (``campaign_dir`` may also name the campaign.yaml inside the folder).

    With ``claim`` (a command about to write there) raises OutputError when the folder holds
    another campaign's documents — a manifest there or in a phase folder (``dot-N``) names
    another campaign folder: two campaigns whose folders have the same name, built into the
    same ``--out``, must not overwrite each other's files."""
    source = campaign_file(campaign_dir).resolve().parent
    folder = out_root / source.name
    if claim:
        for manifest in [folder / MANIFEST, *sorted(folder.glob(f"dot-*/{MANIFEST}"))]:
            recorded = manifest_campaign(manifest.parent)
            if recorded is not None and recorded != source:
                raise OutputError(
                    f"{folder} đang chứa văn bản của một phong trào khác ({recorded}); phong trào {source} "
                    "có thư mục cùng tên nên không ghi vào đó, để khỏi ghi đè văn bản của phong trào kia. Cách "
                    "sửa: chọn thư mục khác bằng --out; nếu đây chính là phong trào đó, chỉ chuyển chỗ, thì xóa "
                    f"tệp {manifest} rồi chạy lại")
    return folder


def manifest_campaign(folder: Path) -> Path | None:
    """Return the campaign folder named by the manifest of ``folder`` (None when it has no
    manifest or an older one that does not name it)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return Path(str(data["campaign"])) if isinstance(data, dict) and data.get("campaign") else None
    except (OSError, ValueError, KeyError):
        return None


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
    proposal (None when it has nobody), (file stem, context) per certificate, the units of the
    decision's awardees (register order: each receives the decision), when the decision in
    the output folder is already issued its register record (the certificates then carry its
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
    loaded: Loaded, *, phase: int, date: dt.date | None = None, number: int | None = None,
    order: str | None = None, out_folder: Path | None = None,
) -> PreparedAwards:
    """Return the contexts of phase ``phase``'s commendation documents (see build_decide).

    ``date`` (``--date``) must not fall before the phase's end nor before the signed plan
    the decision cites (pipeline.campaign.dates). ``out_folder`` is the phase's output folder:
    when the decision there is issued (its number and date are in the register), the decision
    is kept as drafted and the certificates are made with its number and date. The Tờ trình's
    summary of results is computed from the phase's results workbook. Raises DataError listing
    every problem of the campaign, the rules or the workbooks; nothing is written.
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
    rules = _rules(loaded)
    chosen, entry = _decision_date(source, awards, phase, date)
    problems: list[Problem] = []
    if date is not None:  # the date of campaign.yaml is checked when it is loaded
        problems += dates.after_phase(campaign, phase, date, document="Quyết định khen thưởng", file=None,
                                      where="--date")
        problems += dates.after_plan(campaign, signed_plan(campaign)[1], date, document="Quyết định khen thưởng",
                                     file=None, where="--date")
    try:
        legal, salary = regime(rules, chosen), base_salary(rules, chosen)
    except DataError as exc:  # said where the clerk chose the date, not in vanban's rules file
        where = "--date" if date is not None else f"awards.phases (phase: {phase}).decision_date"
        problems += [Problem(None if date is not None else source, where, p.what, p.fix) for p in exc.problems]
    if problems:
        raise DataError(problems)
    folder = f"dot-{phase}"
    routed = _routed(loaded, phase)[1]
    drafted = entry.decision_number if entry else None
    rnd = Round(
        campaign, awards, rules, phase, campaign.phases[phase - 1], chosen, legal, salary,
        number=number or drafted,
        submission_number=entry.submission_number if entry else None,
        submission_date=entry.submission_date if entry else None,
        registry=loaded.registry,
    )
    own = ordered(routed.decision, awards, order=order, units=campaign.units)
    up = ordered(routed.submission, awards, order=order, units=campaign.units)
    uses = {DECISION: template_variables(loaded.templates.path(K.DECISION.template))} if loaded.templates else {}
    require_all([DECISION] * bool(own) + [SUBMISSION] * bool(up), campaign, source, uses)
    issued = None
    if out_folder is not None and own:
        target = out_folder / f"{decision.FILENAME}.docx"
        issued = issued_record(target, properties(loaded, decision.KIND, phase, target.name))
    if issued is not None and number is not None and number != issued.number:
        raise DataError([Problem(None, "--number", f"Quyết định khen thưởng Đợt {phase} đã được cấp số "
                                 f"{issued.reference} ngày {vi.short_date(issued.issue_date)}, khác số {number}",
                                 f"bỏ --number (Giấy khen ghi số đã cấp), hoặc ghi --number {issued.number}")])
    # an issued decision stays as it was drafted (the signed one); its certificates carry its number and date
    as_drafted = dataclasses.replace(rnd, number=drafted) if issued else rnd
    certified = dataclasses.replace(rnd, number=issued.number, date=issued.issue_date) if issued else rnd
    period = _phase_results(loaded, phase) if up else None
    warnings = _proposed_against_results(loaded, phase, [*own, *up], period)
    awarded: dict[str, Unit] = {}
    for n in own:
        awarded.setdefault(n.unit, campaign.unit(n.unit) or Unit(name=n.unit))
    place = {u.name: i for i, u in enumerate(campaign.units)}
    in_order = sorted(awarded.values(), key=lambda u: place.get(u.name, len(place)))
    return PreparedAwards(
        rnd, folder,
        decision.context(own, as_drafted) if own else None,
        submission.context(up, rnd, period=period) if up else None,
        [(certificate.file_stem(n, x), certificate.context(n, x, certified)) for n, x in enumerate(own, start=1)],
        tuple(in_order), issued, tuple(warnings),
    )


def _phase_results(loaded: Loaded, phase: int) -> results.PeriodResults | None:
    """Return the phase's results for the Tờ trình's summary — None when the phase has no
    results workbook and the drafter wrote the summary (``awards.submission.summary``)."""
    campaign = loaded.campaign
    folder = results.phase_folder(loaded.folder, phase)
    drafted = campaign.awards is not None and campaign.awards.submission is not None \
        and bool(campaign.awards.submission.summary)
    if drafted and not (folder / results.RESULTS_FILE).exists() and not (folder / results.RESULTS_FOLDER).is_dir():
        return None
    return phase_results(loaded, phase)


def _proposed_against_results(loaded: Loaded, phase: int, nominees: list[Any],
                              period: results.PeriodResults | None) -> list[str]:
    """Return a warning for each collective that is itself a unit of the register and is
    proposed for an award while the phase's results show it missed a target or did not
    report (the report lists it among the shortcomings). No results workbook: no warning."""
    if period is None:
        try:
            period = phase_results(loaded, phase)
        except DataError:
            return []  # no (readable) results: the report says why
    campaign = loaded.campaign
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


@dataclass(frozen=True)
class PreparedReview:
    """A review report ready to render: its template context, the DOCX it goes to, its
    document title (empty: the engine reads it from the template's trích yếu), author and the
    properties ``vanban issue`` reads back, the chart PNG
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
    loaded: Loaded, out_root: Path, *, phase: int | None, chart: bool = True, date: dt.date | None = None,
) -> PreparedReview:
    """Return the review report of ``phase`` ready to render (see build_review): the data
    read and checked, the figures computed, the chart drawn. ``date`` (``--date``) dates the
    draft (its month and year; default: the period's end) and must not fall before the period
    ends. Raises DataError (every problem, no DOCX written)."""
    campaign, campaign_dir = loaded.campaign, loaded.folder
    report = review_doc.report_data(campaign, campaign_dir)
    count = len(campaign.phases)
    if phase is not None and not 1 <= phase <= count:
        raise DataError([Problem(loaded.source, "phases",
                                 f"phong trào không có Đợt {phase} (chỉ có {count} đợt)",
                                 f"chọn --phase từ 1 đến {count}, hoặc --phase all")])
    if date is not None:
        what = "Báo cáo tổng kết" if phase is None else "Báo cáo sơ kết"
        early = dates.after_phase(campaign, phase, date, document=what, file=None, where="--date")
        if early:
            raise DataError(early)
    numbers = [phase] if phase is not None else list(range(1, count + 1))
    periods, problems = [], []
    for n in numbers:
        try:
            periods.append(phase_results(loaded, n))
        except DataError as exc:
            problems += exc.problems
    nominees: list[results.NomineeCount] = []
    found_nominees = False
    for n in numbers:
        try:
            counts = nominee_counts(loaded, n)
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
    context = review_doc.context(campaign, review, report, chart=png, registry=loaded.registry, date=date)
    target = folder / f"{stem}.docx"
    return PreparedReview(context, target, "", campaign.issuer.name,
                          properties(loaded, review_doc.KIND, phase, target.name, folder=target.parent), png,
                          period.warnings)


def nominee_counts(loaded: Loaded, phase: int) -> list[NomineeCount] | None:
    """Return the nominees of phase ``phase`` counted by award form as the decision and the Tờ
    trình name them (the issuer's forms by their name, the higher level's with "của <its
    title>"), collectives and individuals apart; None when the campaign has no ``awards`` or
    the phase no nominee workbook. Read, checked and routed exactly as ``prepare_decide`` does
    (one reader of the workbook), so the report's counts agree with the decision's. Raises
    DataError listing the workbook's problems."""
    campaign = loaded.campaign
    path = results.phase_folder(loaded.folder, phase) / NOMINEES_FILE
    if campaign.awards is None or not path.exists():
        return None
    rules, routed = _routed(loaded, phase)
    above = higher_level(campaign.awards, rules)
    counts: dict[str, list[int]] = {}
    for nominee, upward in [(n, False) for n in routed.decision] + [(n, True) for n in routed.submission]:
        form = rules.forms[nominee.form].name
        label = f"{form} của {above.title}" if upward and above is not None and above.title else form
        counts.setdefault(label, [0, 0])[nominee.subject is Subject.INDIVIDUAL] += 1
    return [NomineeCount(form, collectives, individuals) for form, (collectives, individuals) in counts.items()]


def _merge_counts(into: list[NomineeCount], more: list[NomineeCount]) -> list[NomineeCount]:
    """Return the nominee counts of ``into`` and ``more`` added up form by form."""
    table = {c.form: [c.collectives, c.individuals] for c in into}
    for c in more:
        pair = table.setdefault(c.form, [0, 0])
        pair[0] += c.collectives
        pair[1] += c.individuals
    return [NomineeCount(form, a, b) for form, (a, b) in table.items()]
