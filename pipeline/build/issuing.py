"""Issuing completes the set (cấp số xong thì đủ bộ): once a phase's commendation decision has
its number and date, what carries them besides the decision — its certificates, the dispatch
sheets and the phase's bundle — is made again from the campaign (the issued decision itself,
what the leader signed, is kept)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.build.engine import build_decide, build_phase
from pipeline.build.phase import read_manifest
from pipeline.build.prepare import campaign_output_dir
from pipeline.docx import stamp
from pipeline.errors import VanbanError
from pipeline.nd30 import kinds as K
from pipeline.nd30 import vi
from pipeline.settings import Settings


@dataclass(frozen=True)
class Completion:
    """What issuing a decision remade: the phase's output ``folder``, the ``bundle`` (None
    when not remade) and, when nothing could be remade, ``problem`` (why, in Vietnamese)."""

    folder: Path
    bundle: Path | None = None
    problem: str | None = None


def complete_issue(docx: Path, *, pdf: bool = True, settings: Settings | None = None) -> Completion | None:
    """Return what was remade after the phase document at ``docx`` (its report, proposal or
    decision) was issued: a phase built by ``vanban build`` (its report or dispatch sheets are
    in the folder's manifest) is built again — the dispatch sheets, a decision's certificates
    and the bundle take the number and date —; the certificates of a decision made by
    ``vanban decide`` are made again. None when there is nothing to remake (not a phase's
    document, or a report or proposal outside a build). The campaign folder is the one
    recorded in the DOCX (vanban.source, relative to the DOCX's folder)."""
    props = stamp.read_properties(docx)
    kinds = {k.name for k in (vi.DocumentKind.REPORT, vi.DocumentKind.SUBMISSION, vi.DocumentKind.DECISION)}
    if props[stamp.KIND] not in kinds or not props[stamp.PHASE].isdigit():
        return None
    folder = docx.resolve().parent
    made = read_manifest(folder)  # made by vanban build: its report or dispatch sheets are there
    built = any(key == K.REPORT.stem or key.startswith(f"{K.DISPATCH_SHEET.stem}/") for key in made)
    if not built and props[stamp.KIND] != vi.DocumentKind.DECISION.name:
        return None
    rerun = "chạy lại vanban build (hoặc vanban decide) của đợt với cùng --out để Giấy khen ghi số, ngày"
    source = stamp.written_register(props[stamp.SOURCE], docx)  # a path kept as the register's
    if source is None or not source.is_dir():
        return Completion(folder, problem=f"không tìm thấy thư mục phong trào của văn bản này; {rerun}")
    phase = int(props[stamp.PHASE])
    out_root = folder.parent.parent
    try:
        if campaign_output_dir(source, out_root) / f"dot-{phase}" != folder:
            return Completion(folder, problem=f"văn bản không nằm trong thư mục đầu ra của phong trào; {rerun}")
        if built:
            result = build_phase(source, out_root, phase=phase, pdf=pdf, settings=settings).result
            if result.failed:
                causes = "; ".join(f"{what}: {cause}" for what, cause in result.failures[:3])
                return Completion(folder, problem=f"chưa soạn lại được đủ bộ ({causes})")
            return Completion(folder, result.bundle)
        build_decide(source, out_root, phase=phase, pdf=pdf, settings=settings)
    except VanbanError as exc:
        return Completion(folder, problem=f"chưa soạn lại được Giấy khen ({exc.format_message()}); {rerun}")
    return Completion(folder)
