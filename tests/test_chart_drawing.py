"""The attainment chart is drawn without pyplot and with matplotlib's docstrings skipped at
import (issue 6: a big phase's build time); the picture is the one pyplot drew, pixel for pixel."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from pipeline.documents import chart
from pipeline.documents.chart import Bar, attainment_chart
from pipeline.nd30 import vi

BARS = [Bar("1a. Nguồn tin qua lực lượng", Decimal("78.55")), Bar("1b. Có mặt khi có vụ việc", Decimal(100)),
        Bar("2. Mô hình tự quản", Decimal(0)), Bar("3. Phòng cháy, chữa cháy", Decimal("33.3"))]
TITLE = "Tỷ lệ đơn vị đạt chỉ tiêu - Đợt 1"


def _pyplot_chart(target: Path) -> None:
    """Draw the chart as vanban drew it before, with pyplot (the reference picture)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    regular, bold = (font_manager.FontProperties(fname=str(chart._font(f))) for f in chart.FONT_FILES)
    fig, ax = plt.subplots(figsize=(chart.WIDTH_MM / 25.4, 1.0 + 0.38 * len(BARS)), dpi=chart.DPI)
    ax.barh(range(len(BARS)), [float(b.share) for b in BARS][::-1], color="#2f5f8a", height=0.62)
    ax.set_xlim(0, 112)
    ax.set_yticks(range(len(BARS)))
    ax.set_yticklabels([b.label for b in BARS][::-1], fontproperties=regular, fontsize=9)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xticklabels([f"{t}%" for t in (0, 20, 40, 60, 80, 100)], fontproperties=regular, fontsize=9)
    for n, bar in enumerate(BARS[::-1]):
        ax.text(float(bar.share) + 1, n, vi.format_percent(bar.share), va="center", fontproperties=regular, fontsize=9)
    ax.set_title(TITLE, fontproperties=bold, fontsize=11)
    ax.grid(axis="x", color="#cccccc", linewidth=0.5)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    fig.savefig(target, dpi=chart.DPI, format="png", metadata={"Software": None})
    plt.close(fig)


def test_the_chart_is_the_picture_pyplot_drew(tmp_path: Path) -> None:
    attainment_chart(BARS, tmp_path / "chart.png", title=TITLE)
    _pyplot_chart(tmp_path / "pyplot.png")
    with Image.open(tmp_path / "chart.png") as ours, Image.open(tmp_path / "pyplot.png") as reference:
        assert ((ours.size, ours.mode, ours.info.get("dpi"))
                == (reference.size, reference.mode, reference.info.get("dpi")))
        assert ImageChops.difference(ours, reference).getbbox() is None  # not one pixel differs


def _no_matplotlib() -> None:
    raise AssertionError("the chart was drawn again")


def test_an_unchanged_chart_is_not_drawn_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "chart.png"
    attainment_chart(BARS, target, title=TITLE)
    before = (target.read_bytes(), target.stat().st_mtime_ns)
    monkeypatch.setattr(chart, "_matplotlib", _no_matplotlib)
    assert attainment_chart(BARS, target, title=TITLE) == target
    assert (target.read_bytes(), target.stat().st_mtime_ns) == before


def test_a_chart_is_drawn_again_when_a_share_title_or_file_changed(tmp_path: Path) -> None:
    target = tmp_path / "chart.png"
    attainment_chart(BARS, target, title=TITLE)
    first = target.read_bytes()
    changed = [BARS[0], Bar(BARS[1].label, Decimal("99.9")), *BARS[2:]]
    attainment_chart(changed, target, title=TITLE)
    second = target.read_bytes()
    assert second != first  # another share: another picture
    attainment_chart(changed, target, title=TITLE + " - sửa")
    third = target.read_bytes()
    assert third not in (first, second)  # another title: another picture
    target.write_bytes(third[:200])  # a broken file (e.g. half copied) is drawn again
    attainment_chart(changed, target, title=TITLE + " - sửa")
    assert target.read_bytes() == third


def test_a_png_without_vanban_s_note_is_drawn_over(tmp_path: Path) -> None:
    target = tmp_path / "chart.png"
    Image.new("RGB", (10, 10), "white").save(target)  # e.g. a picture a clerk put there
    attainment_chart(BARS, target, title=TITLE)
    with Image.open(target) as image:
        assert image.size[0] == 1889 and image.info["vanban-chart"]
