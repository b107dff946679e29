"""A picture in a document's body, as data (hình): the report's chart.

Documents (pipeline.documents) put it in their contexts; the Word adapter
(pipeline.docx.render) writes it as an inline picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ImageBlock:
    """A picture in the body (hình), e.g. a chart: a PNG file and its printed width in mm."""

    path: Path
    width_mm: float
    style: str = field(default="image", init=False)
