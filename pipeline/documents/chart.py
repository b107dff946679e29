"""matplotlib adapter: the attainment chart of a review (biểu đồ tỷ lệ đơn vị đạt chỉ tiêu)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.errors import RenderError
from pipeline.files import atomic_target
from pipeline.nd30 import vi

DPI = 300
WIDTH_MM = 160.0
FONT_FILES = ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf")
FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation"),
             Path("/usr/share/fonts"))


@dataclass(frozen=True)
class Bar:
    """One bar: its label ("1a. Nguồn tin qua lực lượng") and the share of units meeting
    the target, in percent (0–100)."""

    label: str
    share: Decimal


def _font(name: str) -> Path:
    for folder in FONT_DIRS:
        found = next(iter(sorted(folder.rglob(name))), None) if folder.is_dir() else None
        if found:
            return found
    raise RenderError(f"không tìm thấy phông {name} để vẽ biểu đồ: cài gói fonts-liberation2 "
                      "(make setup), hoặc chạy với --no-chart")


DIGEST_KEY = "vanban-chart"
"""The PNG text chunk (tEXt) holding the digest of what a chart was drawn from."""


def _digest(bars: Sequence[Bar], title: str, fonts: Sequence[Path]) -> str:
    """Return the digest of what a chart is drawn from: its bars and title, the font files
    (path, size, mtime), matplotlib's version and this module's code."""
    from importlib import metadata

    data = [[[b.label, str(b.share)] for b in bars], title,
            [[str(f), f.stat().st_size, f.stat().st_mtime_ns] for f in fonts],
            metadata.version("matplotlib"), hashlib.sha256(Path(__file__).read_bytes()).hexdigest()]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def _drawn_digest(png: Path) -> str | None:
    """Return the ``DIGEST_KEY`` text of the PNG at ``png``, or None when the file is absent,
    not a whole PNG (cut short) or has no such chunk (read with Pillow)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(png) as image:
            image.load()  # the whole file: a chart cut short is drawn again
            return getattr(image, "text", {}).get(DIGEST_KEY)
    except (OSError, SyntaxError, UnidentifiedImageError, ValueError):
        return None


def _matplotlib() -> tuple[Any, Any, Any]:
    """Return matplotlib's Figure, FigureCanvasAgg (the Agg renderer, without pyplot's
    window machinery: faster to import) and FontProperties."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    return Figure, FigureCanvasAgg, FontProperties


def attainment_chart(bars: Sequence[Bar], target: Path, *, title: str) -> Path:
    """Return ``target`` after drawing a horizontal bar chart there (PNG, 300 dpi, written
    atomically): one bar per target, top to bottom in plan order, its share written at its
    end ("78,6%", one decimal half up, decimal comma), Liberation Serif (Times New Roman's
    metrics) for Vietnamese labels, axis 0–100%. Raises RenderError when the font is missing.

    A chart already at ``target`` drawn from the same bars, title, fonts and drawing code (its
    ``DIGEST_KEY`` text chunk says so) is kept as it is, so a rebuild does not draw it again.
    """
    fonts = [_font(f) for f in FONT_FILES]
    digest = _digest(bars, title, fonts)
    if _drawn_digest(target) == digest:
        return target
    Figure, FigureCanvasAgg, FontProperties = _matplotlib()
    regular, bold = (FontProperties(fname=str(f)) for f in fonts)
    height_in = 1.0 + 0.38 * len(bars)
    fig = Figure(figsize=(WIDTH_MM / 25.4, height_in), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    try:
        labels = [b.label for b in bars][::-1]
        shares = [float(b.share) for b in bars][::-1]
        ax.barh(range(len(bars)), shares, color="#2f5f8a", height=0.62)
        ax.set_xlim(0, 112)
        ax.set_yticks(range(len(bars)))
        ax.set_yticklabels(labels, fontproperties=regular, fontsize=9)
        ticks = [0, 20, 40, 60, 80, 100]
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{t}%" for t in ticks], fontproperties=regular, fontsize=9)
        for n, bar in enumerate(bars[::-1]):
            ax.text(float(bar.share) + 1, n, vi.format_percent(bar.share), va="center",
                    fontproperties=regular, fontsize=9)
        ax.set_title(title, fontproperties=bold, fontsize=11)
        ax.grid(axis="x", color="#cccccc", linewidth=0.5)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        tmp = atomic_target(target)
        try:
            fig.savefig(tmp, dpi=DPI, format="png", metadata={"Software": None, DIGEST_KEY: digest})
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    finally:
        fig.clear()
    return target
