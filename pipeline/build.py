"""The orchestrator: load → validate → render → convert, reading like the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.convert import convert_to_pdf
from pipeline.documents import plan
from pipeline.errors import ConvertError
from pipeline.load import campaign_file, load_campaign
from pipeline.render import render_docx
from pipeline.settings import Settings

FRAME_TEMPLATE = "van-ban.docx"


@dataclass(frozen=True)
class Output:
    """A document vanban made: its DOCX and, when converted, its PDF."""

    docx: Path
    pdf: Path | None


def campaign_output_dir(campaign_dir: Path, out_root: Path) -> Path:
    """Return ``out_root/<campaign folder name>``, where a campaign's documents go
    (``campaign_dir`` may also name the campaign.yaml inside the folder)."""
    return out_root / campaign_file(campaign_dir).resolve().parent.name


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
    docx = render_docx(
        settings.template(FRAME_TEMPLATE), plan.context(campaign), target,
        title=f"{plan.KIND.value} {campaign.plan.subject}", author=campaign.issuer.name,
    )
    return Output(docx, _convert(docx, settings) if pdf else _drop_stale_pdf(docx))


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
