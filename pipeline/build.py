"""The orchestrator: load → validate → render → convert, reading like the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.convert import convert_to_pdf
from pipeline.documents import plan
from pipeline.load import load_campaign
from pipeline.render import render_docx
from pipeline.settings import Settings
from pipeline.stamp import document_properties

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
    properties = document_properties(
        campaign_dir, campaign.issuer.register_file, plan.KIND, None, target.name
    )
    docx = render_docx(
        settings.template(FRAME_TEMPLATE), plan.context(campaign), target, properties=properties
    )
    pdfs = convert_to_pdf([docx], timeout_s=settings.convert_timeout_s) if pdf else []
    return Output(docx, pdfs[0] if pdfs else None)
