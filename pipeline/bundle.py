"""pypdf adapter: several PDFs into one print file (atomically)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfWriter

from pipeline.render import atomic_target


def merge_pdfs(sources: Sequence[Path], target: Path) -> Path:
    """Return ``target`` after writing the pages of ``sources``, in order, into it (e.g. every
    certificate into one file to print). Written atomically; nothing is left on failure."""
    writer = PdfWriter()
    for source in sources:
        writer.append(str(source))
    tmp = atomic_target(target)
    try:
        with tmp.open("wb") as out:
            writer.write(out)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        writer.close()
    return target
