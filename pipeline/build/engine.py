"""The one build engine: every command that makes documents (plan, report, decide, build, bundle)
comes here, and it reads like the pipeline.

load the campaign once → prepare the jobs of the kinds asked for (pipeline.build.phase.prepare)
→ render what changed and stream each DOCX to the warm LibreOffice pool → check → print file →
bundle → record every file written in the manifest (``.vanban-build.json`` of the folder) →
issue (``build --issue``) and bring the bundle up to date. Whatever command wrote a file, the
next one knows it: a decision and its certificates never come from two different orders or data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.build.phase import (
    AWARD_KINDS,
    PHASE_KINDS,
    Options,
    PhaseResult,
    PreparedPhase,
    prepare,
    run_phase,
    warm_up,
)
from pipeline.build.prepare import load
from pipeline.docx import stamp
from pipeline.nd30 import kinds as K
from pipeline.nd30.kinds import KindSpec
from pipeline.pdf.convert import converter_in_use
from pipeline.register.outgoing import Issued, Record, issue_documents, issued_record
from pipeline.settings import Settings

Progress = Callable[[int], AbstractContextManager[Callable[[int], None]]]
"""A progress display: called with the number of jobs, it gives ``advance(n)`` for its block."""


def make(campaign_dir: Path, out_root: Path, *, kinds: Sequence[KindSpec], phase: int | None,
         pdf: bool = True, settings: Settings | None = None, options: Options | None = None,
         bundle: bool = False, check: bool = True, drafting: bool = False, force: bool = False,
         progress: Progress | None = None) -> PhaseResult:
    """Return what making ``kinds`` for ``phase`` (None: the campaign's own documents) did.

    The campaign and its registry are loaded once. ``drafting`` is the drafting commands' rule
    (plan, report, decide): every document asked for is redone, and the first error of
    preparing or making it is raised as it is (DataError exit 2, RenderError 3, ConvertError
    4, RegisterError 6 for an issued document); otherwise (build, bundle) only what changed
    is redone and each failure is reported in the result while the others are still made.
    Either way a DOCX a person saved after vanban wrote it is kept as saved (its PDF converted
    from it; ``PhaseResult.edit_notes``) unless ``force`` (``--force``) makes it again.
    """
    with converter_in_use(settings):
        if pdf:
            warm_up(campaign_dir, out_root, phase)  # LibreOffice starts while the data are read
        prepared = prepare(load(campaign_dir, settings), out_root, kinds=kinds, phase=phase, pdf=pdf, settings=settings,
                           options=options or Options(), bundle=bundle, raise_errors=drafting, force=drafting,
                           overwrite=force)
        result = _run(prepared, check=check, progress=progress)
    if drafting:
        for outcome in result.outcomes:
            if outcome.exc is not None:
                raise outcome.exc
    return result


def _run(prepared: PreparedPhase, *, check: bool, progress: Progress | None) -> PhaseResult:
    display = progress(len(prepared.jobs)) if progress else nullcontext(None)
    with display as advance:
        return run_phase(prepared, advance=advance, check=check)


# --- the drafting commands: one kind (or one family) asked for ------------------------------

@dataclass(frozen=True)
class Output:
    """A document vanban made: its DOCX and, when converted, its PDF; ``kept`` when the DOCX is
    the one a person saved (not written in this run), ``notes`` and ``stale_edits`` as the
    build's (pipeline.build.phase.PhaseResult), ``warnings`` the build's (e.g. a template in
    ``mau/`` that no kind uses)."""

    docx: Path
    pdf: Path | None
    notes: tuple[str, ...] = ()
    stale_edits: tuple[str, ...] = ()
    kept: bool = False
    warnings: tuple[str, ...] = ()


def _output(result: PhaseResult, spec: KindSpec) -> Output | None:
    for o in result.outcomes:
        if o.job.spec is spec:
            return Output(result.folder / f"{o.job.key}.docx", o.pdf, tuple(result.edit_notes()),
                          tuple(result.stale_edits), kept=o.edited is not None, warnings=tuple(result.warnings))
    return None


def build_plan(campaign_dir: Path, out_root: Path, *, pdf: bool = True, settings: Settings | None = None,
               date: dt.date | None = None, force: bool = False) -> Output:
    """Return the plan (Kế hoạch) made from ``campaign_dir``: ``out_root/<campaign>/ke-hoach.docx``
    and its PDF; ``date`` (``--date``) dates the draft instead of ``plan.issue_date`` (its month
    and year) and must not fall before the document the plan implements. Raises DataError
    (every problem, nothing written), RenderError, ConvertError, RegisterError (the plan is
    issued)."""
    result = make(campaign_dir, out_root, kinds=(K.PLAN,), phase=None, pdf=pdf, settings=settings, drafting=True,
                  check=False, options=Options(date=date), force=force)
    made = _output(result, K.PLAN)
    assert made is not None
    return made


@dataclass(frozen=True)
class ReviewOutput:
    """A review report vanban made: DOCX, PDF (when converted), the chart PNG (unless
    ``--no-chart``) and the warnings met while reading the units' workbooks."""

    docx: Path
    pdf: Path | None
    chart: Path | None
    warnings: list[str]
    notes: list[str] = field(default_factory=list)
    stale_edits: list[str] = field(default_factory=list)
    kept: bool = False


def build_review(campaign_dir: Path, out_root: Path, *, phase: int | None, pdf: bool = True, chart: bool = True,
                 settings: Settings | None = None, date: dt.date | None = None,
                 force: bool = False) -> ReviewOutput:
    """Return the review report of ``phase`` (Báo cáo sơ kết Đợt N, counted from 1) or, with
    ``phase`` None, the final review over every phase (Báo cáo tổng kết): reads each phase's
    ``dot-N/ket-qua.xlsx`` (and ``de-nghi-khen-thuong.xlsx`` when present), writes
    ``out_root/<campaign>/dot-N/bao-cao-so-ket.docx`` (or ``bao-cao-tong-ket.docx``), its PDF
    and chart; ``date`` (``--date``) dates the draft (month and year; not before the period
    ends). Raises DataError, RenderError, ConvertError, RegisterError."""
    spec = K.REPORT if phase is not None else K.FINAL_REPORT
    result = make(campaign_dir, out_root, kinds=(spec,), phase=phase, pdf=pdf, settings=settings,
                  options=Options(chart=chart, date=date), drafting=True, check=False, force=force)
    made = _output(result, spec)
    assert made is not None
    png = made.docx.with_name(f"{made.docx.stem}-bieu-do.png")
    return ReviewOutput(made.docx, made.pdf, png if chart and png.exists() else None, result.warnings,
                        result.edit_notes(), result.stale_edits, made.kept)


@dataclass(frozen=True)
class AwardOutputs:
    """What ``build_decide`` made: the decision, the proposal (None when every nominee is
    within the issuer's authority), the certificates (PDF when converted, else DOCX), the
    print file with every certificate (None without PDF), the warnings, the documents kept as
    issued (what the leader signed) and the decision's register record when it is issued (its
    certificates then carry its number and date)."""

    decision: Output | None
    submission: Output | None
    certificates: list[Path]
    certificates_pdf: Path | None
    warnings: list[str] = field(default_factory=list)
    kept: tuple[Path, ...] = ()
    issued: Record | None = None
    notes: list[str] = field(default_factory=list)
    stale_edits: list[str] = field(default_factory=list)


def build_decide(campaign_dir: Path, out_root: Path, *, phase: int, date: dt.date | None = None,
                 number: int | None = None, order: str | None = None, pdf: bool = True,
                 settings: Settings | None = None, force: bool = False) -> AwardOutputs:
    """Return the commendation documents of phase ``phase``: reads
    ``dot-<phase>/de-nghi-khen-thuong.xlsx``, routes each nominee by authority, orders the lists
    (``order`` "structure"/"alphabetical", default the campaign's) and writes to
    ``out_root/<campaign>/dot-<phase>/``: quyet-dinh-khen-thuong, to-trinh (when some award is
    the higher level's), giay-khen/NNN-<slug> and the print file giay-khen.pdf. ``date``
    (default awards.phases[].decision_date) picks the legal bases, base salary and
    coefficients; ``number`` makes the decision final (else a draft with blank number and
    day). Raises DataError (every problem, nothing written), RenderError, ConvertError,
    RegisterError."""
    result = make(campaign_dir, out_root, kinds=AWARD_KINDS, phase=phase, pdf=pdf, settings=settings,
                  options=Options(date=date, number=number, order=order), drafting=True, check=False,
                  force=force)
    certs = [o for o in result.outcomes if o.job.spec is K.CERTIFICATE]
    paths = [o.pdf if o.pdf else result.folder / f"{o.job.key}.docx" for o in certs]
    assert K.CERTIFICATE.print_file is not None
    printed = result.folder / K.CERTIFICATE.print_file
    kept = tuple(result.folder / f"{o.job.key}.docx" for o in result.outcomes
                 if o.job.spec in (K.DECISION, K.SUBMISSION) and not o.made and not o.error)
    decision_job = next((o.job for o in result.outcomes if o.job.spec is K.DECISION), None)
    issued = issued_record(result.folder / f"{decision_job.key}.docx", decision_job.properties) \
        if decision_job is not None else None
    return AwardOutputs(_output(result, K.DECISION), _output(result, K.SUBMISSION), paths,
                        printed if pdf and certs and printed.exists() else None, result.warnings, kept, issued,
                        result.edit_notes(), result.stale_edits)


# --- the phase build ---------------------------------------------------------------------------

@dataclass
class PhaseBuild:
    """What ``vanban build`` (or ``bundle``) did: the build's result, the documents issued
    (``--issue``) and the result of bringing the bundle up to date after issuing."""

    result: PhaseResult
    issued: list[Issued] = field(default_factory=list)
    after_issue: PhaseResult | None = None


def build_phase(campaign_dir: Path, out_root: Path, *, phase: int, pdf: bool = True, strict: bool = False,
                issue_date: dt.date | None = None, settings: Settings | None = None, check: bool = True,
                progress: Progress | None = None, register: Path | None = None,
                date: dt.date | None = None, force: bool = False) -> PhaseBuild:
    """Return the phase build: every document of phase ``phase`` (report, proposal, decision,
    certificates, dispatch sheets, bundle) under ``out_root/<campaign>/dot-<phase>/``, made
    incrementally; with ``issue_date`` and nothing failed (nor, with ``strict``, any checker
    finding), the report, proposal and decision are then numbered in ``K.issue_order()`` and
    the bundle brought up to date, in ``register`` (default: the one recorded in the documents)
    — the certificates and dispatch sheets made again with the numbers and dates. ``date``
    (``--date``) dates the report and the decision (default: the period's end,
    ``awards.phases[].decision_date``). Raises DataError when nothing can be made."""
    options = Options(date=date)
    with converter_in_use(settings):
        result = make(campaign_dir, out_root, kinds=PHASE_KINDS, phase=phase, pdf=pdf, settings=settings,
                      bundle=pdf, check=check, progress=progress, options=options, force=force)
        built = PhaseBuild(result)
        if issue_date is None or result.failed or (strict and result.findings):
            return built
        built.issued = issue_documents(issuable(result), issue_date, register, pdf=pdf, settings=settings)
        # the stamped PDFs make the bundle out of date: bring it up to date
        built.after_issue = make(campaign_dir, out_root, kinds=PHASE_KINDS, phase=phase, pdf=pdf,
                                 settings=settings, bundle=pdf, check=check, options=options)
    return built


def issuable(result: PhaseResult) -> list[Path]:
    """Return the DOCX of the phase's administrative documents in the registry's issue order
    (not the certificates or dispatch sheets, which carry the decision's number)."""
    found: dict[str, Path] = {}
    for outcome in result.outcomes:
        kind = (outcome.job.properties or {}).get(stamp.KIND)
        if kind and not outcome.error:
            found[kind] = result.folder / f"{outcome.job.key}.docx"
    return [found[s.kind.name] for s in K.issue_order() if s.kind is not None and s.kind.name in found]

