"""matplotlib adapter: the attainment chart of a review (biểu đồ tỷ lệ đơn vị đạt chỉ tiêu)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline import vi
from pipeline.errors import RenderError
from pipeline.files import atomic_target

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


def _matplotlib() -> tuple[Any, Any, Any]:
    """Return matplotlib's Figure, FigureCanvasAgg (the Agg renderer, without pyplot's
    window machinery) and FontProperties, imported in about half the time: on first import
    matplotlib writes a "Supported properties" docstring for every kind of artist
    (``matplotlib.artist.kwdoc``), which nothing here reads and which took a third of the
    import; it is left empty during the import (drawing is unchanged) and restored after."""
    import matplotlib.artist

    kwdoc = matplotlib.artist.kwdoc
    matplotlib.artist.kwdoc = lambda artist: ""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.font_manager import FontProperties
    finally:
        matplotlib.artist.kwdoc = kwdoc
    return Figure, FigureCanvasAgg, FontProperties


def attainment_chart(bars: Sequence[Bar], target: Path, *, title: str) -> Path:
    """Return ``target`` after drawing a horizontal bar chart there (PNG, 300 dpi, written
    atomically): one bar per target, top to bottom in plan order, its share written at its
    end ("78,6%", one decimal half up, decimal comma), Liberation Serif (Times New Roman's
    metrics) for Vietnamese labels, axis 0–100%. Raises RenderError when the font is missing.
    """
    Figure, FigureCanvasAgg, FontProperties = _matplotlib()
    regular, bold = (FontProperties(fname=str(_font(f))) for f in FONT_FILES)
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
            fig.savefig(tmp, dpi=DPI, format="png", metadata={"Software": None})
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    finally:
        fig.clear()
    return target
