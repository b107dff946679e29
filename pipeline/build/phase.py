"""The build runner: the documents of a campaign folder or a phase folder, made incrementally.

Every command that makes documents (plan, report, decide, build, bundle) runs here, through
pipeline.build.engine, so the manifest always knows who wrote each file.

The build reads like the pipeline: prepare (every step turns the data into jobs: a template,
a context, a file) → render what changed, and convert each document as soon as it is
rendered on LibreOffice workers started with the build (the certificates joined into print
batches, pipeline.pdf.printbatch) → check (hook) → bundle. Each job's inputs (its context, its template's bytes,
vanban's code) are hashed; the hashes are recorded beside the outputs in ``.vanban-build.json``, and a job
whose hash is unchanged and whose files exist is not redone. A job that fails is reported
with its cause and the others are still made.

Steps, in the order a leader reads the phase's documents (``STEPS``): the review report,
the proposal with its list, the decision with its list, the certificates, then a dispatch
sheet for each document with a Nơi nhận, and the bundle ``ho-so-dot-N.pdf``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import errno
import hashlib
import json
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.build import prepare as prepare_module
from pipeline.build.prepare import (
    Loaded,
    PreparedAwards,
    campaign_output_dir,
    load,
    prepare_decide,
    prepare_review,
    properties,
)
from pipeline.build.templates import check_before_use, unused_templates
from pipeline.campaign import dates
from pipeline.campaign.model import Campaign, IssueDate
from pipeline.documents import dispatch
from pipeline.documents import plan as plan_doc
from pipeline.documents.blocks import ImageBlock
from pipeline.docx import stamp
from pipeline.docx.render import render_docx, styled_text, template_variables
from pipeline.errors import ConvertError, DataError, OutputError, Problem, RegisterError, RenderError, VanbanError
from pipeline.files import atomic_target, os_reason, remove_stale_temporaries
from pipeline.nd30 import kinds as K
from pipeline.nd30 import vi
from pipeline.nd30.kinds import AnnexSpec, KindSpec
from pipeline.nd30.layout import SUBJECT
from pipeline.pdf.bundle import Metadata, Part, annex_pages, page_count, write_bundle
from pipeline.pdf.convert import converter_in_use, current_converter
from pipeline.pdf.pool import Result
from pipeline.pdf.printbatch import combine_docx, join_pdfs, split_pdf
from pipeline.register.outgoing import issued_record, refuse_if_issued
from pipeline.settings import Settings

MANIFEST = prepare_module.MANIFEST
STOP_WAIT_S = 0.3
"""Seconds a stopped build (Ctrl-C, SIGTERM) waits for the render thread: a huge document
being rendered is abandoned (its temporary file is removed by the next run)."""
CERTIFICATES_GROUP = K.CERTIFICATE.step
DISPATCH_GROUP = K.DISPATCH_SHEET.step
PACKAGE = Path(__file__).resolve().parents[1]  # the whole pipeline package


def bundle_name(phase: int) -> str:
    """Return the bundle's file name: "ho-so-dot-1.pdf"."""
    return f"ho-so-dot-{phase}.pdf"


@dataclass
class Job:
    """One document to make: ``key`` (its path under the phase folder, without suffix, e.g.
    "giay-khen/001-pham-thuy-duong"), the summary ``step`` it belongs to, the template and
    its context, the document ``title`` (properties and bookmark), the page-label ``label``,
    its ``annex`` (KindSpec.annex: nested bookmark and page labels of its own, ``annex_parts``),
    the keys it depends on, and the
    dispatch sheet to write beside it as XLSX (dispatch jobs only), the ``group`` bookmark
    it sits under in the bundle, its ``bookmark`` title (default: ``title``) and the custom
    properties ``vanban issue`` reads back (pipeline.docx.stamp; documents that get a number).

    """

    key: str
    step: str
    template: Path
    context: Mapping[str, Any]
    title: str
    label: str
    annex: AnnexSpec | None = None
    depends: tuple[str, ...] = ()
    sheet: dispatch.DispatchSheet | None = None
    group: str | None = None
    bookmark: str = ""
    properties: Mapping[str, str] | None = None
    digest: str = ""
    spec: KindSpec | None = None


@dataclass
class Outcome:
    """What became of one job: ``made`` (rendered in this run) or reused, its PDF and page
    count, or the ``error`` (a Vietnamese message) that stopped it — a document rendered but
    not converted is ``made`` with an error; ``issued`` when the error is that its document
    was already issued (kept as signed); ``findings``: the ND30 checker's errors and warnings
    (frame documents; None when not checked)."""

    job: Job
    made: bool = False
    pdf: Path | None = None
    issued: bool = False
    pages: int = 0
    error: str | None = None
    findings: int | None = None
    finding_lines: tuple[str, ...] = ()
    exc: VanbanError | None = None
    edited: FileState | None = None
    stale: bool = False


@dataclass
class StepReport:
    """One line of the summary: a step, its documents, how many were redone, pages,
    seconds spent and problems (failures and checker findings)."""

    name: str
    documents: int = 0
    made: int = 0
    pages: int = 0
    seconds: float = 0.0
    problems: int = 0


@dataclass
class PhaseResult:
    """What ``run_phase`` did: the outcomes per job, the DOCX converted in this run, the
    bundle (None when not made), the summary lines, every failure as (what, cause), the
    checker's findings (errors and warnings) and the data warnings."""

    folder: Path
    outcomes: list[Outcome]
    converted: list[Path]
    bundle: Path | None
    steps: list[StepReport]
    failures: list[tuple[str, str]] = field(default_factory=list)
    findings: int = 0
    warnings: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def edited(self) -> list[Outcome]:
        """Return the outcomes whose DOCX a person saved after vanban wrote it (kept as saved)."""
        return [o for o in self.outcomes if o.edited is not None]

    @property
    def stale_edits(self) -> list[str]:
        """Return the hand-edited DOCX (file names under the folder) whose data or template
        changed since vanban wrote them: kept, so no longer what the data would make."""
        return [f"{o.job.key}.docx" for o in self.edited if o.stale]

    def edit_notes(self) -> list[str]:
        """Return what the summary says of hand-edited documents (Vietnamese): which were kept
        as saved (their PDF converted from them), which of them no longer match the data, and
        those the data no longer makes (kept, not in the bundle)."""
        notes = []
        kept = [f"{o.job.key}.docx" for o in self.edited]
        if kept:
            whence = "PDF và hồ sơ lấy đúng bản đã lưu" if any(o.pdf for o in self.edited) else "không chuyển PDF"
            notes.append(f"Đã sửa tay, giữ nguyên: {', '.join(kept)} ({whence})")
        stale = self.stale_edits
        if stale:
            notes.append(f"Dữ liệu hoặc mẫu đã đổi sau khi sửa tay: {', '.join(stale)} — chưa soạn lại để khỏi mất "
                         "phần sửa. Cách sửa: sửa tiếp trong Word, hoặc chạy lại với --force để soạn lại từ dữ "
                         "liệu (mất phần sửa tay)")
        if self.orphans:
            notes.append(f"Đã sửa tay, giữ nguyên (dữ liệu không còn văn bản này, không đưa vào hồ sơ): "
                         f"{', '.join(f'{k}.docx' for k in self.orphans)}")
        if self.removed:
            shown = ", ".join(self.removed[:REMOVED_SHOWN])
            more = f" và {len(self.removed) - REMOVED_SHOWN} tệp khác" if len(self.removed) > REMOVED_SHOWN else ""
            why = ("lần này không soạn được, bản cũ không còn đúng với dữ liệu, mẫu hiện tại" if self.failures
                   else "dữ liệu không còn văn bản này")
            notes.append(f"Đã xóa bản cũ ({why}): {shown}{more}")
        return notes

    def finding_lines(self) -> list[str]:
        """Return the ND30 checker's errors and warnings, as ``vanban check`` prints them, of the
        documents it read in this run."""
        return [line for o in self.outcomes if not o.error for line in o.finding_lines]

    @property
    def failed(self) -> bool:
        """Return True when some document could not be made."""
        return bool(self.failures)


@dataclass
class PreparedPhase:
    """The jobs of a phase, made and validated before anything is written, the steps that
    could not even be prepared (step name, cause) and the warnings met reading the data."""

    campaign_dir: Path
    campaign: Campaign
    phase: int | None
    folder: Path
    jobs: list[Job]
    failures: list[tuple[str, str]]
    settings: Settings
    pdf: bool = True
    warnings: list[str] = field(default_factory=list)
    kinds: tuple[KindSpec, ...] = K.KINDS
    bundle: bool = False
    force: bool = False
    overwrite: bool = False


# --- hashing ---------------------------------------------------------------------------------

FileState = dict[str, Any]
"""What the manifest records of a file: ``sha256`` of its bytes, its ``size`` and ``mtime_ns``
(the last two only spare reading a file that was not saved again)."""


def file_state(path: Path, known: Sequence[FileState | None] = ()) -> FileState | None:
    """Return the state of the file at ``path`` (None when absent). A file whose size and
    modification time are those of a ``known`` state has that state's hash (not read again)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    for state in known:
        if state and state.get("size") == stat.st_size and state.get("mtime_ns") == stat.st_mtime_ns:
            return {"sha256": state.get("sha256"), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    return {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns}


def _same(a: FileState | None, b: FileState | None) -> bool:
    return a is not None and b is not None and a.get("sha256") == b.get("sha256")


def _hand_edited(docx: Path, entry: Mapping[str, Any], job: Job) -> FileState | None:
    """Return the state of ``docx`` when a person saved it after vanban wrote it (its bytes
    differ from those the manifest ``entry`` records as written), else None. A document
    stamped by ``vanban issue`` (issued: the signed one) is not a hand edit."""
    written, edited = entry.get("docx"), entry.get("edited")
    if not written:
        return None  # an older manifest: what vanban wrote is not known
    now = file_state(docx, (written, edited))
    if now is None or _same(now, written):
        return None
    try:
        refuse_if_issued(docx, job.properties)
    except RegisterError:
        return None  # issued: kept as signed by the rule of issued documents
    except VanbanError:
        pass
    return now


@lru_cache(maxsize=1)
def code_version() -> str:
    """Return vanban's code version: the package version and a digest of its sources and
    rules (a change in the code redoes every document)."""
    digest = hashlib.sha256()
    try:
        digest.update(metadata.version("vanban").encode())
    except metadata.PackageNotFoundError:
        pass
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _canon(value: Any) -> Any:
    """Return ``value`` as plain JSON data, for hashing a template context."""
    if isinstance(value, ImageBlock):
        return ["Image", hashlib.sha256(value.path.read_bytes()).hexdigest(), value.width_mm]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _canon({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    if isinstance(value, Mapping):
        return {str(k): _canon(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_canon(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def job_digest(job: Job, digests: Mapping[str, str], folder: Path | None = None) -> str:
    """Return the hash of a job's inputs: its context, its template's bytes, its title and
    label, vanban's code version and the hashes of the jobs it depends on. The register a
    document names counts as the file it is (the DOCX writes it relative to ``folder``, the
    phase folder), so a copy of the outputs elsewhere is not redone."""
    properties = dict(job.properties or {})
    for name in (stamp.REGISTER, stamp.SOURCE):  # the campaign folder too is written relative to it
        if folder is not None and properties.get(name):
            properties[name] = str(stamp.written_register(properties[name], folder / f"{job.key}.docx"))
    data = {"context": _canon(job.context), "title": job.title, "label": job.label,
            "code": code_version(), "depends": [digests.get(k, "") for k in job.depends],
            "sheet": _canon(job.sheet.rows) if job.sheet else None, "bookmark": job.bookmark,
            "properties": _canon(properties if job.properties is not None else None)}
    digest = hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode())
    try:
        digest.update(job.template.read_bytes())
    except OSError:
        digest.update(b"missing template")
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict[str, Any]:
    """Return the manifest recorded beside a phase's outputs (empty when absent or bad)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("outputs", {}) if isinstance(data, dict) else {}


def _write_manifest(folder: Path, outputs: Mapping[str, Any], campaign: Path | None = None) -> None:
    """Write the manifest of ``folder``: vanban's code version, every file written there and the
    campaign folder whose documents they are (pipeline.build.prepare.campaign_output_dir)."""
    target = folder / MANIFEST
    data: dict[str, Any] = {"version": 1, "code": code_version(), "outputs": outputs}
    if campaign is not None:
        data["campaign"] = str(campaign.resolve())
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    try:
        if target.read_text(encoding="utf-8") == text:
            return  # nothing changed: a finished, read-only copy of the outputs builds cleanly
    except (OSError, ValueError):
        pass
    tmp = atomic_target(target)
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


# --- steps -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Options:
    """What a command may ask of the documents beyond the data: the documents' ``date`` (the
    decision's date; the month and year of a report's or the plan's draft — ``--date``), the
    decision's ``number`` (``vanban decide``), the list ``order`` ("structure"/"alphabetical"),
    whether the report carries its ``chart``."""

    date: dt.date | None = None
    number: int | None = None
    order: str | None = None
    chart: bool = True


@dataclass(frozen=True)
class Inputs:
    """What every step may read: the campaign loaded once, the phase (None: the campaign's
    own documents — plan, final report), the settings, the command's options and (lazily)
    the prepared awards."""

    loaded: Loaded
    phase: int | None
    settings: Settings
    awards: Callable[[], PreparedAwards]
    out_root: Path
    warnings: list[str]
    options: Options = Options()


def _title(context: Mapping[str, Any], template: Path) -> str:
    """Return a document's title property (the PDF's title): its tên loại and its trích yếu, as
    the context gives it or, for a kind whose template writes it, as the template renders it."""
    subject = context.get("subject")
    if not subject:
        try:
            subject = styled_text(template, SUBJECT.name, context)
        except RenderError:  # a broken template: the check before rendering says what and where
            subject = None
    return f"{str(context.get('kind_title', '')).capitalize()} {subject or ''}".strip()


def _output_folder(inputs: Inputs) -> Path:
    """Return the folder the documents of ``inputs`` are written to."""
    folder = campaign_output_dir(inputs.loaded.folder, inputs.out_root)
    return folder / f"dot-{inputs.phase}" if inputs.phase is not None else folder


def _bookmark(spec: KindSpec, phase: int | None) -> str:
    return spec.bookmark.format(phase=phase)


def _template(inputs: Inputs, spec: KindSpec) -> Path:
    """Return the template in force for ``spec`` (the campaign's own, the agency's shared one
    or vanban's: pipeline.build.templates)."""
    templates = inputs.loaded.templates
    return templates.path(spec.template) if templates is not None else inputs.settings.template(spec.template)


def _frame_job(inputs: Inputs, spec: KindSpec, ctx: Mapping[str, Any] | None, *, title: str | None = None,
               props: Mapping[str, str] | None = None) -> list[Job]:
    """Return the job of one document of the ND30 frame (none when ``ctx`` is None)."""
    if ctx is None:
        return []
    assert spec.kind is not None
    template = _template(inputs, spec)
    return [Job(spec.stem, spec.step, template, ctx, title or _title(ctx, template),
                spec.label, annex=spec.annex, bookmark=_bookmark(spec, inputs.phase),
                properties=props or properties(inputs.loaded, spec.kind, inputs.phase, f"{spec.stem}.docx",
                                               folder=_output_folder(inputs)),
                spec=spec)]


def plan_jobs(inputs: Inputs) -> list[Job]:
    """Return the plan's job (Kế hoạch, the campaign's own folder)."""
    campaign = inputs.loaded.campaign
    date = inputs.options.date
    if date is not None:  # --date: the draft's month and year (the day is filled in when issued)
        implements = campaign.plan.implements
        if implements is not None and date < implements.date:
            raise DataError([Problem(
                None, "--date", f"Kế hoạch ghi ngày {vi.short_date(date)}, trước ngày "
                f"{vi.short_date(implements.date)} của {implements.kind} số {implements.reference} mà Kế hoạch "
                "thực hiện (plan.implements)", f"ghi --date từ {vi.short_date(implements.date)} trở đi")])
        drafted = campaign.plan.model_copy(update={"issue_date": IssueDate(year=date.year, month=date.month)})
        campaign = campaign.model_copy(update={"plan": drafted})
    ctx = plan_doc.context(campaign, inputs.loaded.registry)
    return _frame_job(inputs, K.PLAN, ctx, title=f"{K.PLAN.kind.value if K.PLAN.kind else ''} {campaign.plan.subject}")


def report_jobs(inputs: Inputs) -> list[Job]:
    """Return the review report's job (Báo cáo sơ kết Đợt N, or with no phase the Báo cáo tổng
    kết; pipeline.build.prepare.prepare_review; its chart is drawn while preparing)."""
    review = prepare_review(inputs.loaded, inputs.out_root, phase=inputs.phase, chart=inputs.options.chart,
                            date=inputs.options.date)
    inputs.warnings.extend(str(w) for w in review.warnings)
    spec = K.REPORT if inputs.phase is not None else K.FINAL_REPORT
    title = review.title or _title(review.context, _template(inputs, spec))  # "Báo cáo Sơ kết Đợt 1 …"
    return _frame_job(inputs, spec, review.context, title=title, props=review.properties)


def submission_jobs(inputs: Inputs) -> list[Job]:
    """Return the proposal's job (Tờ trình with its list), when some award is the higher level's."""
    return _frame_job(inputs, K.SUBMISSION, inputs.awards().submission)


def decision_jobs(inputs: Inputs) -> list[Job]:
    """Return the decision's job (Quyết định khen thưởng with its list)."""
    return _frame_job(inputs, K.DECISION, inputs.awards().decision)


def certificate_jobs(inputs: Inputs) -> list[Job]:
    """Return one job per certificate (Giấy khen), in list order."""
    spec = K.CERTIFICATE
    template = _template(inputs, spec)
    certificates = inputs.awards().certificates
    used = template_variables(template)
    own = [ctx["awardee"] for _, ctx in certificates if ctx.get("achievement")]
    if used is not None and "achievement" not in used and own:
        inputs.warnings.append(
            f"mẫu {template} không in cột «Thành tích» của sổ đề nghị khen thưởng (mẫu ghi một câu chung), nên "
            f"thành tích riêng của {len(own)} người, tập thể không có trên Giấy khen (ví dụ: {own[0]}). Cách sửa: "
            "giữ câu chung thì xóa cột đó trong sổ; muốn in thành tích riêng thì đặt lại {{ achievement }} vào mẫu")
    return [Job(f"{spec.stem}/{stem}", spec.step, template, ctx, f"{stem[:3]}. {ctx['awardee']}",
                f"{spec.label}-{stem[:3]}", group=CERTIFICATES_GROUP, spec=spec,
                properties={stamp.KIND: stamp.KIND_CERTIFICATE})
            for stem, ctx in certificates]


Step = Callable[[Inputs], list[Job]]

STEP_OF: dict[KindSpec, Step] = {
    K.PLAN: plan_jobs,
    K.REPORT: report_jobs,
    K.FINAL_REPORT: report_jobs,
    K.SUBMISSION: submission_jobs,
    K.DECISION: decision_jobs,
    K.CERTIFICATE: certificate_jobs,
}
"""The step that makes the jobs of each kind (dispatch sheets follow their documents)."""

PHASE_KINDS: tuple[KindSpec, ...] = (K.REPORT, K.SUBMISSION, K.DECISION, K.CERTIFICATE, K.DISPATCH_SHEET)
"""What ``vanban build`` makes for a phase, in reading order."""
AWARD_KINDS: tuple[KindSpec, ...] = (K.SUBMISSION, K.DECISION, K.CERTIFICATE)
"""What ``vanban decide`` makes."""

STEPS: list[tuple[str, Step]] = [(spec.step, STEP_OF[spec]) for spec in PHASE_KINDS if spec in STEP_OF]
"""The document steps of a phase build in reading order."""

NOBODY = ("danh sách đề nghị khen thưởng Đợt {phase} không có tập thể, cá nhân nào: không soạn Tờ trình, "
          "Quyết định, Giấy khen (điền sổ de-nghi-khen-thuong.xlsx của đợt rồi chạy lại)")
"""The warning when a phase's nominee workbook proposes nobody."""

REPORT = K.REPORT.stem


def dispatch_jobs(inputs: Inputs, documents: Sequence[Job], folder: Path | None = None) -> list[Job]:
    """Return a dispatch sheet job (danh-sach-gui/<document>) per document with a Nơi nhận;
    each depends on its document, so a new version of the document redoes its sheet. A
    document issued in ``folder`` (the output folder) gives its sheet the number and date it
    was issued with; the decision's sheet also reaches every unit of its awardees, the
    proposal's goes through ``awards.higher_level.via``."""
    spec = K.DISPATCH_SHEET
    template = _template(inputs, spec)
    campaign = inputs.loaded.campaign
    higher = campaign.awards.higher_level if campaign.awards else None
    jobs = []
    for doc in documents:
        if doc.spec is None or not doc.spec.dispatched:
            continue
        name = doc.bookmark or doc.title
        awarded = inputs.awards().awarded if doc.spec is K.DECISION else ()
        via = higher.via if higher is not None and doc.spec is K.SUBMISSION else None
        subject = doc.context.get("subject") or styled_text(doc.template, SUBJECT.name, doc.context) or ""
        sheet = dispatch.sheet(inputs.loaded.registry, doc.key, _as_issued(inputs, doc, folder), str(subject),
                               awarded=awarded, via=via)
        ctx = dispatch.context(sheet, doc.context["parent_body"], doc.context["issuer_header"])
        jobs.append(Job(f"{spec.stem}/{doc.key}", spec.step, template, ctx, f"Danh sách gửi {name}",
                        f"{spec.label}-{doc.label}", depends=(doc.key,), sheet=sheet, group=DISPATCH_GROUP,
                        bookmark=name, spec=spec, properties={stamp.KIND: stamp.KIND_DISPATCH_SHEET}))
    return jobs


def _as_issued(inputs: Inputs, doc: Job, folder: Path | None) -> Mapping[str, Any]:
    """Return ``doc``'s context with the number and date it was issued with, when the register
    records it as issued in ``folder`` (else the context as it is)."""
    if folder is None:
        return doc.context
    record = issued_record(folder / f"{doc.key}.docx", doc.properties)
    if record is None:
        return doc.context
    d = record.issue_date
    place = inputs.loaded.campaign.issuer.place
    return {**doc.context, "number_line": f"Số: {record.reference}",
            "date_line": vi.date_line(place, year=d.year, month=d.month, day=d.day)}


def prepare(loaded: Loaded, out_root: Path, *, kinds: Sequence[KindSpec], phase: int | None, pdf: bool = True,
            settings: Settings | None = None, options: Options = Options(), bundle: bool = False,
            raise_errors: bool = False, steps: Sequence[tuple[str, Step]] | None = None,
            force: bool = False, overwrite: bool = False) -> PreparedPhase:
    """Return every job of ``kinds`` for ``phase`` (None: the campaign's own folder), prepared
    (data read and validated, contexts made) before anything is written.

    A step whose data is wrong does not stop the others: its cause is kept in ``failures``
    (with ``raise_errors``, the command of one kind, its error is raised instead). ``force``
    redoes every job whatever the manifest says (the drafting commands: plan, report, decide)
    except a DOCX a person saved after vanban wrote it, which only ``overwrite`` (``--force``)
    makes again from the data, and an issued document made from these very data.
    ``options.date`` (``--date``) of a phase must not fall before the phase ends. Raises
    DataError when the phase does not exist or the date is too early, OutputError when the
    output folder holds another campaign's documents."""
    settings = settings or Settings()
    campaign = loaded.campaign
    if phase is not None and not 1 <= phase <= len(campaign.phases):
        final = ", hoặc --phase all" if K.REPORT in kinds and K.DECISION not in kinds else ""  # vanban report
        count = len(campaign.phases)
        raise DataError([Problem(loaded.source, "phases", f"phong trào không có Đợt {phase} (chỉ có {count} đợt)",
                                 f"chọn --phase từ 1 đến {count}{final}")])
    if phase is not None and options.date is not None and {K.REPORT, K.DECISION} <= set(kinds):
        # vanban build: every document of the phase would be too early (one message, nothing made)
        early = dates.after_phase(campaign, phase, options.date, document="Văn bản sơ kết", file=None,
                                  where="--date")
        if early:
            raise DataError(early)
    folder = campaign_output_dir(loaded.folder, out_root, claim=True)
    if phase is not None:
        folder = folder / f"dot-{phase}"
    cache: dict[str, PreparedAwards] = {}

    def awards() -> PreparedAwards:
        if "awards" not in cache:
            assert phase is not None
            cache["awards"] = prepare_decide(loaded, phase=phase, date=options.date, number=options.number,
                                             order=options.order, out_folder=folder)
        return cache["awards"]

    inputs = Inputs(loaded, phase, settings, awards, out_root, unused_templates(loaded.templates), options)
    jobs: list[Job] = []
    failures: list[tuple[str, str]] = []
    chosen = steps if steps is not None else [(s.step, STEP_OF[s]) for s in kinds if s in STEP_OF]
    for name, step in chosen:
        try:
            jobs += step(inputs)
        except VanbanError as exc:
            if raise_errors:
                raise
            failures.append((name, exc.format_message()))
    awarded = cache.get("awards")
    if awarded is not None and not (awarded.decision or awarded.submission or awarded.certificates):
        inputs.warnings.append(NOBODY.format(phase=phase))
    if awarded is not None:
        inputs.warnings.extend(awarded.warnings)
    if K.DISPATCH_SHEET in kinds:
        try:
            jobs += dispatch_jobs(inputs, jobs, folder)
        except VanbanError as exc:
            failures.append((DISPATCH_GROUP, exc.format_message()))
    return PreparedPhase(loaded.folder, campaign, phase, folder, jobs, failures,
                         settings, pdf, inputs.warnings, tuple(kinds), bundle, force, overwrite)


def prepare_phase(campaign_dir: Path, out_root: Path, *, phase: int, pdf: bool = True,
                  settings: Settings | None = None,
                  steps: Sequence[tuple[str, Step]] | None = None, date: dt.date | None = None) -> PreparedPhase:
    """Return every job of ``vanban build`` for phase ``phase`` (see ``prepare``), the
    campaign loaded here once; ``date`` dates the report and the decision. Raises DataError
    when the campaign or its registry is bad."""
    return prepare(load(campaign_dir, settings), out_root, kinds=PHASE_KINDS, phase=phase, pdf=pdf,
                   settings=settings, bundle=True, steps=steps, options=Options(date=date))


# --- run ---------------------------------------------------------------------------------------

def _checker() -> Callable[[Path], Sequence[Any]] | None:
    """Return the ND30 checker of a DOCX (``vanban check``: ``pipeline.check.checker.check_document``)
    keeping the errors and warnings (a draft's blank number and day is only "info"). The
    build counts them per step and ``--strict`` fails on any."""
    from pipeline.check.checker import check_document

    def check(docx: Path) -> list[Any]:
        return [f for f in check_document(docx) if f.severity != "info"]

    return check


WRITE_ERRORS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.ENOTDIR, errno.EEXIST,
                errno.EISDIR}


def run_phase(prepared: PreparedPhase, *, advance: Callable[[int], None] | None = None,
              check: bool = True) -> PhaseResult:
    """Return what the build made (see ``_run_phase``). Raises OutputError, in Vietnamese,
    when the output folder cannot be written (read-only, a file in the way)."""
    try:
        return _run_phase(prepared, advance=advance, check=check)
    except OSError as exc:
        if exc.errno not in WRITE_ERRORS:
            raise
        raise OutputError(f"không ghi được vào {prepared.folder}: {os_reason(exc)}; hãy chọn --out khác "
                          "hoặc cấp quyền ghi") from None


def _run_phase(prepared: PreparedPhase, *, advance: Callable[[int], None] | None = None,
               check: bool = True) -> PhaseResult:
    """Return what the build made: render the jobs whose inputs changed (``advance(1)``
    after each job, for a progress bar) and convert each to PDF as soon as it is rendered
    (``_make``), check the frame documents (hook), write the certificates' print file and
    the bundle, and record the manifest. A job that fails is reported in ``failures`` with
    its cause; the others are still made. Stale certificates of an earlier run are removed."""
    folder = prepared.folder
    _remove_leftovers(folder)
    old = read_manifest(folder)
    before = _recorded_files(folder, old)
    outputs = _kept_from_other_commands(prepared, old)
    digests: dict[str, str] = {}
    outcomes: list[Outcome] = []
    reports: dict[str, StepReport] = {}
    failures = list(prepared.failures)
    for name, _ in prepared.failures:
        reports.setdefault(name, StepReport(name)).problems += 1
    to_make: list[Outcome] = []
    for job in prepared.jobs:
        reports.setdefault(job.step, StepReport(job.step)).documents += 1
        job.digest = digests[job.key] = job_digest(job, digests, folder)
        outcome = Outcome(job)
        outcomes.append(outcome)
        if _to_make(prepared, outcome, old.get(job.key, {}), digests, outputs):
            to_make.append(outcome)
            continue
        if advance:
            advance(1)
    printed = _make(prepared, to_make, outcomes, reports, advance, check=check)
    converted = [folder / f"{o.job.key}.docx" for o in to_make if o.made and o.pdf] if prepared.pdf else []
    for o in outcomes:
        report = reports[o.job.step]
        if o.error:
            failures.append((o.job.key, o.error))
            report.problems += 1
            outputs.pop(o.job.key, None)
            if o.edited is not None:  # not converted: the DOCX stays known as the person's
                outputs[o.job.key] = {k: v for k, v in old.get(o.job.key, {}).items() if k != "pdf"}
            continue
        report.made += o.made
        report.pages += o.pages
        if o.made:
            outputs[o.job.key] = _made_entry(o, old.get(o.job.key, {}), folder)
    findings = _run_checker(folder, outcomes, reports) if check else 0
    orphans = _remove_stale(folder, {k: v for k, v in old.items() if _ours(prepared, k)}, outcomes,
                            certificates=K.CERTIFICATE in prepared.kinds)
    outputs.update(orphans)
    bundle = None
    print_file = K.CERTIFICATE.print_file if K.CERTIFICATE in prepared.kinds else None
    if prepared.pdf:
        if print_file:
            _certificates_print_file(folder, prepared.phase, outcomes, outputs, old, printed)
        if prepared.bundle:
            bundle = _bundle(prepared, outcomes, outputs, old, reports, failures)
    elif to_make:  # new DOCX without PDF: the print file and the bundle would show old data
        for stale in (print_file, bundle_name(prepared.phase) if prepared.phase else None):
            if stale:
                (folder / stale).unlink(missing_ok=True)
                outputs.pop(stale, None)
    prepared.warnings.extend(
        f"{o.job.title}: Giấy khen dài {o.pages} trang (mẫu in một trang); hãy rút gọn «Thành tích» "
        "hoặc chức vụ, đơn vị" for o in outcomes if o.job.group == CERTIFICATES_GROUP and not o.error and o.pages > 1)
    folder.mkdir(parents=True, exist_ok=True)
    _write_manifest(folder, outputs, prepared.campaign_dir)
    order = [spec.step for spec in K.KINDS] + ["Chuyển PDF", "Hồ sơ"]
    steps = sorted(reports.values(), key=lambda r: order.index(r.name) if r.name in order else 99)
    removed = [name for name in before if not (folder / name).exists()]
    return PhaseResult(folder, outcomes, converted, bundle, steps, failures, findings, prepared.warnings,
                       sorted(orphans), removed)


REMOVED_SHOWN = 6
"""How many removed files the summary names before "và N tệp khác"."""


def _recorded_files(folder: Path, manifest: Mapping[str, Any]) -> list[str]:
    """Return the files (names under ``folder``) of what the manifest records that exist now."""
    names = [key if key.endswith(".pdf") else f"{key}{suffix}" for key in manifest
             for suffix in ((".pdf",) if key.endswith(".pdf") else (".docx", ".pdf", ".xlsx"))]
    return [name for name in dict.fromkeys(names) if (folder / name).is_file()]


def _to_make(prepared: PreparedPhase, outcome: Outcome, entry: Mapping[str, Any], digests: Mapping[str, str],
             outputs: dict[str, Any]) -> bool:
    """Return True when ``outcome``'s job is to be made in this run: rendered (its inputs
    changed, its files are missing, or the command redoes everything), or only converted
    again (a DOCX a person saved after vanban wrote it, kept as saved unless ``--force``,
    whose PDF is not the DOCX last saved). Else its files are kept and recorded in ``outputs``
    (an error of a job it depends on is set on ``outcome``)."""
    job = outcome.job
    docx = prepared.folder / f"{job.key}.docx"
    pdf = docx.with_suffix(".pdf")
    if any(d not in digests for d in job.depends):
        outcome.error = f"không làm được vì {next(d for d in job.depends if d not in digests)} lỗi"
    elif (edited := _hand_edited(docx, entry, job)) is not None:
        if prepared.overwrite:
            return True  # --force: made again from the data
        outcome.edited, outcome.stale = edited, entry.get("hash") != job.digest
        if not (_same(edited, entry.get("edited")) and (not prepared.pdf or _same(
                file_state(pdf, (entry.get("pdf"),)), entry.get("pdf")))):
            return True  # its PDF is not the DOCX last saved: converted again
        outcome.pdf = pdf if prepared.pdf else None
        outcome.pages = int(entry.get("pages", 0))
        outputs[job.key] = {**entry, "edited": edited}
    elif (entry.get("hash") == job.digest and docx.exists()
          and (pdf.exists() or not prepared.pdf)
          and (job.group != DISPATCH_GROUP or docx.with_suffix(".xlsx").exists())
          and (not prepared.force or issued_record(docx, job.properties) is not None)):
        # unchanged — and, for a drafting command, an issued document made from these very data:
        # what the leader signed is kept (its certificates and dispatch sheet carry its number)
        outcome.pdf = pdf if prepared.pdf else None
        outcome.pages = int(entry.get("pages", 0))
        outputs[job.key] = _recorded(entry, docx, pdf if prepared.pdf else None)
    else:
        return True
    return False


def _recorded(entry: Mapping[str, Any], docx: Path, pdf: Path | None) -> dict[str, Any]:
    """Return the manifest ``entry`` of a document kept as it is, with the state of its files
    now (an issued document's were written by ``vanban issue``; an older manifest's had none)."""
    def state(path: Path, known: FileState | None) -> FileState | None:
        now = file_state(path, (known,))
        return known if _same(now, known) else now  # same bytes: the entry unchanged (a read-only copy)

    docx_state = state(docx, entry.get("docx"))
    pdf_state = state(pdf, entry.get("pdf")) if pdf is not None else None
    return {**{k: v for k, v in entry.items() if k not in ("edited", "pdf")}, "docx": docx_state,
            **({"pdf": pdf_state} if pdf_state else {})}


def _made_entry(o: Outcome, entry: Mapping[str, Any], folder: Path) -> dict[str, Any]:
    """Return the manifest entry of a document made in this run: its job hash and pages, its
    DOCX as vanban wrote it and its PDF; for a hand-edited DOCX (converted again, not
    rendered) the job hash and DOCX vanban wrote last and the DOCX as the person saved it."""
    pdf = file_state(o.pdf) if o.pdf is not None else None
    made: dict[str, Any] = {"hash": o.job.digest, "pages": o.pages,
                            "docx": file_state(folder / f"{o.job.key}.docx")}
    if o.edited is not None:
        made.update(hash=entry.get("hash"), docx=entry.get("docx"), edited=o.edited)
    if pdf is not None:
        made["pdf"] = pdf
    return made


PRINT_BATCH_MIN = 8
"""Certificates to convert at least this many at once go as one print batch
(pipeline.pdf.printbatch: one LibreOffice conversion, cut into one PDF per certificate); fewer
(e.g. one nominee's data changed) are converted one by one."""

PRINT_DOCX = ".giay-khen-in-{}.docx"
"""A print batch's joined DOCX (numbered from 1), in the phase folder while it is converted;
the batches' PDFs, in order, become the print file (giay-khen.pdf) when they hold every
certificate."""


def _render_one(prepared: PreparedPhase, outcome: Outcome, outcomes: Sequence[Outcome],
                report: StepReport, advance: Callable[[int], None] | None) -> bool:
    """Return True after rendering ``outcome``'s job (its DOCX, and its XLSX for a dispatch
    sheet); else record why in ``outcome.error`` and return False. An issued document is
    never overwritten (``outcome.issued``); a job whose document failed is not made."""
    started = time.perf_counter()
    job = outcome.job
    docx = prepared.folder / f"{job.key}.docx"
    failed_dep = next((d for d in job.depends if any(o.error for o in outcomes if o.job.key == d)), None)
    try:
        if failed_dep:
            outcome.error = f"không làm được vì {failed_dep} lỗi"
            return False
        if outcome.edited is not None:  # kept as the person saved it: only converted again
            docx.with_suffix(".pdf").unlink(missing_ok=True)
            outcome.made = True
            return True
        try:
            refuse_if_issued(docx, job.properties)
        except RegisterError:
            outcome.issued = True
            raise
        check_before_use(job.template)
        render_docx(job.template, job.context, docx, title=job.title, author=prepared.campaign.issuer.name,
                    properties=dict(job.properties) if job.properties else None)
        docx.with_suffix(".pdf").unlink(missing_ok=True)
        if job.sheet is not None:
            dispatch.write_xlsx(job.sheet, docx.with_suffix(".xlsx"))
        outcome.made = True
        return True
    except VanbanError as exc:
        outcome.error, outcome.exc = exc.format_message(), exc
        return False
    finally:
        report.seconds += time.perf_counter() - started
        if advance:
            advance(1)


@dataclass
class _Batch:
    """What one DOCX fed to the converter stands for: one document, or a print batch of
    certificates joined into ``docx``."""

    docx: Path
    outcomes: list[Outcome]
    joined: bool = False


def _make(prepared: PreparedPhase, to_make: Sequence[Outcome], outcomes: Sequence[Outcome],
          reports: dict[str, StepReport], advance: Callable[[int], None] | None, *,
          check: bool = True) -> list[Path]:
    """Render ``to_make`` and convert each document to PDF as soon as it is rendered, on the
    session's converter (its workers started at once in the background): see ``_Stream``.
    Without PDF, only render. Record each document's PDF and pages, or its conversion error,
    in its outcome. Return the PDFs of the print batches, in list order, when they hold every
    certificate made (else empty)."""
    if not prepared.pdf or not to_make:
        for o in to_make:
            _render_one(prepared, o, outcomes, reports[o.job.step], advance)
        return []
    started = time.perf_counter()
    with converter_in_use(prepared.settings) as converter:
        stream = _Stream(prepared, to_make, outcomes, reports, advance, converter)
        singles, printed, complete = stream.run(check=check)
    for result, o in singles:
        if result.pdf is not None:
            o.pdf, o.pages = result.pdf, page_count(result.pdf)
        else:
            o.error = f"LibreOffice không tạo được PDF ({result.error}); bản DOCX đã ghi"
            o.exc = ConvertError(f"{result.error}\nBản DOCX đã ghi: {prepared.folder / o.job.key}.docx")
    made = [o for o in to_make if o.made]
    if made:
        reports["Chuyển PDF"] = StepReport("Chuyển PDF", len(made), len(made), 0, time.perf_counter() - started)
    if not complete:
        for pdf in printed:
            pdf.unlink(missing_ok=True)
        return []
    return printed


class _Stream:
    """One render → convert stream (luồng soạn và chuyển PDF).

    A render thread (``produce``) runs ahead of LibreOffice, largest and most wanted documents
    first: the frame documents, then the certificates in print batches (one per worker, at
    least ``PRINT_BATCH_MIN`` each; fewer are converted one by one), each joined into one DOCX,
    converted once and cut into one PDF per certificate (pipeline.pdf.printbatch), then the
    dispatch sheets (so a stuck sheet never holds the print file back). A batch that is not one
    page per certificate is converted again one by one. Once everything is rendered, the render
    thread runs the ND30 checker on the frame documents it made while LibreOffice finishes."""

    def __init__(self, prepared: PreparedPhase, to_make: Sequence[Outcome], outcomes: Sequence[Outcome],
                 reports: dict[str, StepReport], advance: Callable[[int], None] | None, converter: Any) -> None:
        self.prepared, self.folder, self.converter = prepared, prepared.folder, converter
        self.to_make, self.outcomes, self.reports, self.advance = to_make, outcomes, reports, advance
        self.certs = [o for o in to_make if o.job.group == CERTIFICATES_GROUP]
        self.others = [o for o in to_make if o.job.group != CERTIFICATES_GROUP]
        converter.prestart()
        chunks = max(1, min(converter.max_slots(), len(self.certs) // PRINT_BATCH_MIN))
        self.size = max(1, -(-len(self.certs) // chunks))  # certificates per print batch (none to make: 1)
        self.ready: queue.Queue[_Batch | None] = queue.Queue()
        self.stop = threading.Event()
        self.crashed: list[BaseException] = []
        self.fed: list[_Batch] = []
        self.cut: set[int] = set()

    def _render(self, o: Outcome) -> bool:
        return not self.stop.is_set() and _render_one(self.prepared, o, self.outcomes, self.reports[o.job.step],
                                                      self.advance)

    def _single(self, o: Outcome) -> None:
        if self._render(o):
            self.ready.put(_Batch(self.folder / f"{o.job.key}.docx", [o]))

    def _certificates(self) -> None:
        for n in range(0, len(self.certs), self.size):
            made = [o for o in self.certs[n:n + self.size] if self._render(o)]
            if self.stop.is_set():
                return  # stopping: no print batch joined now (the stream's end removes those made)
            if len(made) >= PRINT_BATCH_MIN:
                joined = self.folder / PRINT_DOCX.format(n // self.size + 1)
                combine_docx([self.folder / f"{o.job.key}.docx" for o in made], joined,
                             title=f"Giấy khen, Đợt {self.prepared.phase} (bản in)")
                self.ready.put(_Batch(joined, made, joined=True))
            else:
                for o in made:
                    self.ready.put(_Batch(self.folder / f"{o.job.key}.docx", [o]))

    def produce(self, check: bool) -> None:
        """Render every document in stream order, feeding ``ready``; then check (render thread)."""
        try:
            for o in (o for o in self.others if o.job.group != DISPATCH_GROUP):
                self._single(o)
            self._certificates()
            # the dispatch sheets last: the certificates' print file is not queued behind them
            for o in (o for o in self.others if o.job.group == DISPATCH_GROUP):
                self._single(o)
        except BaseException as exc:  # re-raised in the calling thread
            self.crashed.append(exc)
        finally:
            self.ready.put(None)
        try:
            if check:
                _check_made([o for o in self.others if o.made], self.folder)
        except BaseException as exc:
            self.crashed.append(exc)

    def feed(self) -> Iterator[Path]:
        """Yield each DOCX as the render thread makes it (the converter's input)."""
        while (item := self.ready.get()) is not None:
            self.fed.append(item)
            yield item.docx

    def done(self, n: int, result: Result) -> None:
        """Cut a print batch into its certificates as soon as it is converted."""
        item = self.fed[n]
        if item.joined and result.pdf is not None and split_pdf(
                result.pdf, [(self.folder / f"{o.job.key}.pdf", o.job.title) for o in item.outcomes],
                author=self.prepared.campaign.issuer.name):
            self.cut.add(n)

    def _convert_all(self, producer: threading.Thread) -> list[tuple[Result, _Batch]]:
        stopping = False
        try:
            return list(zip(self.converter.convert_many(self.feed(), on_result=self.done), self.fed, strict=True))
        except ConvertError:
            producer.join()  # no LibreOffice: every DOCX is still written, then reported
            raise
        except (KeyboardInterrupt, SystemExit):
            stopping = True  # Ctrl-C, SIGTERM: not held by a document being rendered
            raise
        finally:
            self.stop.set()
            producer.join(STOP_WAIT_S if stopping else None)

    def _sort(self, results: list[tuple[Result, _Batch]]) -> tuple[list[Path], list[Outcome]]:
        """Return the print batches' PDFs (certificates cut) and the certificates to redo one by one."""
        printed: list[Path] = []
        redo: list[Outcome] = []
        for n, (result, item) in enumerate(results):
            if not item.joined:
                continue
            if n in self.cut and result.pdf is not None:
                printed.append(result.pdf)
                for o in item.outcomes:
                    o.pdf, o.pages = self.folder / f"{o.job.key}.pdf", 1
            else:  # not one page per certificate: one by one
                redo += item.outcomes
        return printed, redo

    def run(self, *, check: bool) -> tuple[list[tuple[Result, Outcome]], list[Path], bool]:
        """Return the single conversions (result, outcome), the print batches' PDFs and whether
        those hold every certificate made."""
        producer = threading.Thread(target=self.produce, args=(check,), daemon=True)
        producer.start()
        printed: list[Path] = []
        redo: list[Outcome] = []
        try:
            results = self._convert_all(producer)
            if self.crashed:
                raise self.crashed[0]
            printed, redo = self._sort(results)
            singles = [(r, item.outcomes[0]) for r, item in results if not item.joined]
            if redo:
                again = self.converter.convert_many([self.folder / f"{o.job.key}.docx" for o in redo])
                singles += list(zip(again, redo, strict=True))
        except ConvertError as exc:  # no converter could start: every document has this cause
            singles = [(Result(self.folder / f"{o.job.key}.docx", None, exc.message), o)
                       for o in self.to_make if o.made and not o.pdf]
            printed, redo = [], []
        finally:
            for joined in self.folder.glob(PRINT_DOCX.format("*")):
                joined.unlink(missing_ok=True)
                if joined.with_suffix(".pdf") not in printed:
                    joined.with_suffix(".pdf").unlink(missing_ok=True)
        complete = not redo and sum(o.made for o in self.certs) == sum(len(i.outcomes) for i in self.fed if i.joined)
        return singles, printed, complete


def _kept_from_other_commands(prepared: PreparedPhase, old: Mapping[str, Any]) -> dict[str, Any]:
    """Return the manifest entries this run does not make (another command's kinds, or the
    bundle when this run does not bundle): kept as they are, so that whatever command wrote a
    file, the next one knows it."""
    return {k: v for k, v in old.items() if not _ours(prepared, k)}


def _ours(prepared: PreparedPhase, key: str) -> bool:
    """Return True when ``key`` (a manifest entry) is made by this run's kinds."""
    spec = K.kind_of_key(key)
    if spec is not None:
        return spec in prepared.kinds
    if prepared.phase is not None and key == bundle_name(prepared.phase):
        return prepared.bundle
    # a file no kind makes any more (an older vanban's): the phase build clears it
    return set(PHASE_KINDS) <= set(prepared.kinds)


def _check_made(outcomes: Sequence[Outcome], folder: Path) -> None:
    """Set ``findings`` of each document the registry marks ``checked`` of ``outcomes`` to the
    number of ND30 errors and warnings the checker finds in its DOCX."""
    checker = _checker()
    for o in outcomes:
        if (checker is not None and o.job.spec is not None and o.job.spec.checked and not o.error
                and o.findings is None):
            found = checker(folder / f"{o.job.key}.docx")
            o.findings, o.finding_lines = len(found), tuple(str(f) for f in found)


def _run_checker(folder: Path, outcomes: Sequence[Outcome], reports: dict[str, StepReport]) -> int:
    """Return the checker's findings over the frame documents (those not checked while
    being made, e.g. kept from an earlier run, are checked now), counted per step."""
    _check_made(outcomes, folder)
    total = 0
    for o in outcomes:
        if o.findings and not o.error:
            reports[o.job.step].problems += o.findings
            total += o.findings
    return total


def _remove_leftovers(folder: Path) -> None:
    """Remove what an interrupted build (Ctrl-C, power cut) may have left in the phase folder:
    print batches being joined or converted, vanban's temporary files of processes that are gone
    (".name.~vb<pid>-xxxx.pdf", pipeline.files) and
    LibreOffice's lock and temporary files for them (".~lock..name#", "luXXXX.tmp")."""
    if not folder.is_dir():
        return
    remove_stale_temporaries(folder, recursive=True)
    for pattern in (PRINT_DOCX.format("*"), ".giay-khen-in-*.pdf", "**/.~lock..*#", "**/lu*.tmp"):
        for path in folder.glob(pattern):
            path.unlink(missing_ok=True)


def _remove_stale(folder: Path, old: Mapping[str, Any], outcomes: Sequence[Outcome], *,
                  certificates: bool) -> dict[str, Any]:
    """Remove what would mislead: the files of a job that could not be rendered in this run
    (the PDF only of one rendered but not converted), of a document an earlier run made that
    this one does not (e.g. no proposal any more), and certificates of an earlier run with
    other awardees. A DOCX a person saved after vanban wrote it is never removed (its PDF
    is): return the manifest entries of those kept, by key."""
    keys = {o.job.key for o in outcomes}
    for o in outcomes:  # rendered but not converted: the new DOCX stays ("bản DOCX đã ghi"), no old PDF
        if o.error and o.made:
            (folder / f"{o.job.key}.pdf").unlink(missing_ok=True)
    gone = [o.job.key for o in outcomes if o.error and not o.issued and not o.made]  # never a signed document
    gone += [k for k in old if k not in keys and not k.endswith(".pdf")]
    cert_dir = folder / K.CERTIFICATE.stem
    if certificates and cert_dir.exists():
        gone += [f"{K.CERTIFICATE.stem}/{p.stem}" for p in cert_dir.glob("[0-9][0-9][0-9]-*.docx")
                 if f"{K.CERTIFICATE.stem}/{p.stem}" not in keys]
    kept: dict[str, Any] = {}
    for key in dict.fromkeys(gone):
        entry = old.get(key, {})
        written = entry.get("docx")
        now = file_state(folder / f"{key}.docx", (written, entry.get("edited")))
        if written and now is not None and not _same(now, written):
            kept[key] = {**entry, "edited": now}
        for suffix in (".pdf", ".xlsx") if key in kept else (".docx", ".pdf", ".xlsx"):
            (folder / f"{key}{suffix}").unlink(missing_ok=True)
    return kept


def _certificates_print_file(folder: Path, phase: int | None, outcomes: Sequence[Outcome], outputs: dict[str, Any],
                             old: Mapping[str, Any], printed: Sequence[Path]) -> None:
    """Write the print file (giay-khen.pdf: every certificate, in list order) when its
    certificates changed: the print batches' PDFs when they held them all, else the
    certificates' PDFs merged. Not written (and removed) when a certificate failed."""
    certs = [o for o in outcomes if o.job.group == CERTIFICATES_GROUP]
    assert K.CERTIFICATE.print_file is not None
    target = folder / K.CERTIFICATE.print_file
    try:
        if not certs or any(o.error for o in certs):
            target.unlink(missing_ok=True)
            return
        digest = hashlib.sha256("".join(o.job.digest + (o.edited or {}).get("sha256", "")
                                        for o in certs).encode()).hexdigest()
        title = f"Giấy khen, Đợt {phase} (bản in)"
        if printed and all(o.made for o in certs):
            if len(printed) == 1:
                os.replace(printed[0], target)
            else:
                join_pdfs(printed, target, title=title)
        elif old.get(target.name, {}).get("hash") != digest or not target.exists():
            join_pdfs([o.pdf for o in certs if o.pdf], target, title=title)
        outputs[target.name] = {"hash": digest}
    finally:
        for pdf in printed:
            pdf.unlink(missing_ok=True)


def _bundle(prepared: PreparedPhase, outcomes: Sequence[Outcome], outputs: dict[str, Any],
            old: Mapping[str, Any], reports: dict[str, StepReport],
            failures: list[tuple[str, str]]) -> Path | None:
    started = time.perf_counter()
    report = reports.setdefault("Hồ sơ", StepReport("Hồ sơ", documents=1))
    assert prepared.phase is not None  # a bundle is a phase's
    target = prepared.folder / bundle_name(prepared.phase)
    if failures:
        target.unlink(missing_ok=True)  # a bundle without a failed document would mislead
        report.problems += 1
        failures.append((target.name, "không gộp hồ sơ vì có văn bản lỗi"))
        return None
    stale = [f"{o.job.key}.docx" for o in outcomes if o.edited is not None and o.stale]
    if stale:  # a document edited by hand before the data changed no longer agrees with the others
        target.unlink(missing_ok=True)
        report.problems += 1
        failures.append((target.name, f"không gộp hồ sơ: {', '.join(stale)} đã sửa tay trước khi dữ liệu đổi, nên "
                         "không còn khớp với các văn bản khác của đợt — Cách sửa: soạn lại bằng --force (mất phần "
                         "sửa tay) rồi sửa tay lại nếu cần"))
        return None
    campaign = prepared.campaign
    meta = Metadata(f"Hồ sơ sơ kết Đợt {prepared.phase}", f"{campaign.name[:1].upper()}{campaign.name[1:]}, "
                    f"Đợt {prepared.phase}", campaign.issuer.name)
    # the parts' PDF bytes, not only their inputs: a PDF reconverted since (e.g. by vanban issue,
    # which writes the number and date) makes a new bundle
    digest = hashlib.sha256(json.dumps([[o.job.key, hashlib.sha256(o.pdf.read_bytes()).hexdigest()]
                                        for o in outcomes if o.pdf] + [
        meta.title, meta.subject, meta.author, code_version()], ensure_ascii=False).encode()).hexdigest()
    key = bundle_name(prepared.phase)
    if old.get(key, {}).get("hash") == digest and target.exists():
        report.pages = int(old[key].get("pages", 0))
        report.seconds = time.perf_counter() - started
        outputs[key] = old[key]
        return target
    parts = []
    for o in outcomes:
        assert o.pdf is not None
        children, sections = annex_parts(o.pdf, o.job.annex)
        parts.append(Part(o.job.bookmark or o.job.title, o.pdf, o.job.label, children, o.job.group,
                          numbered=o.job.group != CERTIFICATES_GROUP, sections=sections))
    write_bundle(parts, target, meta)
    report.made = 1
    report.pages = page_count(target)
    report.seconds = time.perf_counter() - started
    outputs[key] = {"hash": digest, "pages": report.pages}
    return target


def annex_parts(pdf: Path, annex: AnnexSpec | None) -> tuple[tuple[tuple[str, int], ...],
                                                            tuple[tuple[str, int], ...]]:
    """Return the nested bookmark (title, page) and the page-label section (label, page) of a
    document's annex (``KindSpec.annex``), found by its heading at the top of a page: e.g.
    (("Danh sách kèm theo", 2),) and (("DS", 2),) — labelled "QĐ-DS-1" in the bundle (ND30
    Phụ lục I, mục I.5: each annex numbered on its own). Empty without annex, or when the
    heading is not found."""
    if annex is None:
        return (), ()
    (page,) = annex_pages(pdf, [annex.heading])
    if page is None:
        return (), ()
    return ((annex.bookmark, page),), ((annex.label, page),)


def warm_up(campaign_dir: Path, out_root: Path, phase: int | None) -> None:
    """Start the session's LibreOffice workers in the background (``Converter.prestart``)
    when the build will surely convert — the phase was never built, or by another version
    of vanban — so that they are warm when the first document is rendered. Does nothing
    outside a converter session or when the campaign folder cannot be read (the build
    reports that)."""
    try:
        folder = campaign_output_dir(campaign_dir, out_root)
        if phase is not None:
            folder = folder / f"dot-{phase}"
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        fresh = not isinstance(data, dict) or data.get("code") != code_version() or not data.get("outputs")
    except (OSError, ValueError, DataError):
        fresh = True
    session = current_converter()
    if fresh and session is not None:
        session.prestart()
