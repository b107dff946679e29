"""Print the figures of the phase review: time per stage on the sample (14 units), then on a
synthetic campaign of many units (to show reading and rendering stay linear), the chart's
resolution and the report's page count.

Run: .venv/bin/python bench/review_bench.py [UNITS ...]   (the sample, then 50 and 200 units)
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.build.engine import build_review
from pipeline.campaign.load import load_campaign
from pipeline.campaign.results import read_phase, summarise, targets_of
from pipeline.campaign.workbooks import write_results_workbook

SAMPLE = ROOT / "data" / "haiphong-2024-antt"


def synthetic(folder: Path, units: int) -> Path:
    """Return a copy of the sample campaign with ``units`` units and random Đợt 1 figures."""
    campaign_dir = Path(shutil.copytree(SAMPLE, folder / f"c{units}"))
    text = (campaign_dir / "campaign.yaml").read_text(encoding="utf-8")
    head, _, tail = text.partition("\nunits:")
    _, _, rest = tail.partition("\nreport:")
    lines = "\n".join(f"  - {{name: Công ty TNHH Mẫu số {n:03d}, short_name: M{n:03d}}}" for n in range(1, units + 1))
    (campaign_dir / "campaign.yaml").write_text(f"{head}\nunits:\n{lines}\n\nreport:{rest}", encoding="utf-8")
    campaign = load_campaign(campaign_dir)
    rng = random.Random(units)
    rows = []
    for unit in campaign.units:
        row: dict[str, object] = {"unit": unit.name, "teams": rng.randint(1, 6), "documents": rng.randint(0, 8),
                                  "meetings": rng.randint(0, 5), "participants": rng.randint(10, 900)}
        for t in targets_of(campaign):
            row[t.key] = round(rng.uniform(70, 100), 1) if t.unit.value == "%" else rng.choice([0, 0, 0, 1, 2])
        rows.append(row)
    write_results_workbook(campaign, campaign_dir / "dot-1" / "ket-qua.xlsx", rows)
    return campaign_dir


def measure(campaign_dir: Path, out: Path) -> None:
    """Print the stage times and document figures for one campaign folder."""
    campaign = load_campaign(campaign_dir)
    t0 = time.perf_counter()
    period = read_phase(campaign, campaign_dir, 1)
    t1 = time.perf_counter()
    sentences = [summarise(t, period).sentence() for t in targets_of(campaign)]
    t2 = time.perf_counter()
    docx_only = build_review(campaign_dir, out, phase=1, pdf=False, chart=False)
    t3 = time.perf_counter()
    full = build_review(campaign_dir, out, phase=1)
    t4 = time.perf_counter()
    assert full.pdf is not None and full.chart is not None and docx_only.docx.exists()
    pages = len(PdfReader(str(full.pdf)).pages)
    with Image.open(full.chart) as chart:
        dpi = [round(d) for d in chart.info["dpi"]]
        size = chart.size
    print(f"{len(campaign.units):>5} đơn vị | đọc sổ {t1 - t0:6.2f} s | tính {len(sentences)} chỉ tiêu {t2 - t1:6.3f} s"
          f" | DOCX (không biểu đồ) {t3 - t2:6.2f} s | DOCX+biểu đồ+PDF {t4 - t3:6.2f} s | {pages} trang"
          f" | biểu đồ {size[0]}×{size[1]} px, {dpi[0]} dpi")


def main() -> None:
    """Measure the sample, then synthetic campaigns of the given sizes."""
    sizes = [int(a) for a in sys.argv[1:]] or [50, 200]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        measure(SAMPLE, root / "out")
        for n in sizes:
            measure(synthetic(root, n), root / "out")


if __name__ == "__main__":
    main()
