"""Time `vanban build` of the sample's phase 1: a full build, a rerun with nothing changed
(converts nothing), and a rebuild after one nominee's data changed.

Run: .venv/bin/python bench/build.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl

from pipeline.build.engine import build_phase

SAMPLE = ROOT / "data" / "haiphong-2024-antt"


def _timed(label: str, campaign: Path, out: Path) -> None:
    started = time.perf_counter()
    result = build_phase(campaign, out, phase=1).result
    seconds = time.perf_counter() - started
    made = sum(o.made for o in result.outcomes)
    print(f"{label:<32} {seconds:6.2f} s   văn bản làm mới {made:3d}/{len(result.outcomes)}   "
          f"chuyển PDF {len(result.converted):3d}   lỗi {len(result.failures)}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as work:
        campaign = Path(shutil.copytree(SAMPLE, Path(work) / SAMPLE.name))
        out = Path(work) / "out"
        _timed("Lần đầu (trọn bộ Đợt 1)", campaign, out)
        _timed("Chạy lại, không đổi gì", campaign, out)
        book = openpyxl.load_workbook(campaign / "dot-1" / "de-nghi-khen-thuong.xlsx")
        for row in book["Cá nhân"].iter_rows(min_row=4):
            if row[1].value == "Phạm Thùy Dương":
                row[2].value = "Nam"
        book.save(campaign / "dot-1" / "de-nghi-khen-thuong.xlsx")
        _timed("Đổi giới tính một người", campaign, out)


if __name__ == "__main__":
    main()
