"""Read a PDF back as a reader sees it: text per page (poppler), fonts and sizes (pypdf)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader


def page_texts(pdf: Path, *, layout: bool = False) -> list[str]:
    """Return the text of each page, extracted with poppler's pdftotext."""
    count = len(PdfReader(str(pdf)).pages)
    args = ["-layout"] if layout else []
    return [
        subprocess.run(
            ["pdftotext", *args, "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def fonts(pdf: Path) -> set[str]:
    """Return the base names of every font used on any page, subset prefix removed."""
    names = set()
    for page in PdfReader(str(pdf)).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            base = str(font.get_object()["/BaseFont"]).lstrip("/")
            names.add(base.split("+", 1)[-1])
    return names


def page_sizes_mm(pdf: Path) -> list[tuple[float, float]]:
    """Return each page's (width, height) in mm, rounded to 0,1 mm."""
    return [
        (round(float(p.mediabox.width) * 25.4 / 72, 1), round(float(p.mediabox.height) * 25.4 / 72, 1))
        for p in PdfReader(str(pdf)).pages
    ]
