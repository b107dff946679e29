"""Print how long `check_document` takes per document (the sample plan and a hand-made decision).

Run: .venv/bin/python bench/check_speed.py [ROUNDS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.build.engine import build_plan
from pipeline.check.checker import check_document
from tests.handmade import handmade

ROOT = Path(__file__).resolve().parent.parent


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plan = build_plan(ROOT / "data" / "haiphong-2024-antt", Path(tmp), pdf=False).docx
        decision = handmade(Path(tmp) / "quyet-dinh.docx")
        for name, path in (("kế hoạch mẫu", plan), ("quyết định gõ tay", decision)):
            check_document(path)  # warm up (font metrics, imports)
            start = time.perf_counter()
            for _ in range(rounds):
                findings = check_document(path)
            per = (time.perf_counter() - start) / rounds * 1000
            print(f"{name}: {per:.1f} ms/văn bản ({rounds} lần), {len(findings)} phát hiện")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
