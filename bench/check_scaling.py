"""Print how `vanban check` scales with the document: seconds and seconds per paragraph for
documents of 1,000 / 10,000 / 100,000 body paragraphs, and for a 40 × 3,000 table; each check
runs in a fresh process, whose peak memory is printed too.

Each document is the hand-made decision (tests/handmade.py) with its body repeated, every
tenth paragraph left-aligned (a finding the checker must count, not list). The ratio per
paragraph should stay about constant (linear time); the findings stay few (one per rule).

Run: .venv/bin/python bench/check_scaling.py [SIZES…]   (default 1000 10000 100000)
"""

from __future__ import annotations

import copy
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from pipeline.check.checker import check_document
from tests.handmade import handmade


def long_decision(source: Path, target: Path, paragraphs: int) -> Path:
    """Write to ``target`` the decision at ``source`` with about ``paragraphs`` body paragraphs
    (its "Điều 2." repeated before "Điều 3."); every tenth is left-aligned. Returns ``target``."""
    doc = Document(str(source))
    body = next(p for p in doc.paragraphs if p.text.startswith("Điều 2."))
    anchor = body._p
    for n in range(paragraphs):
        new = copy.deepcopy(body._p)
        anchor.addnext(new)
        anchor = new
        if n % 10 == 0:
            jc = new.find(qn("w:pPr")).find(qn("w:jc"))
            if jc is not None:
                jc.set(qn("w:val"), "left")
    doc.save(str(target))
    return target


def big_table(source: Path, target: Path, rows: int, cols: int) -> Path:
    """Write to ``target`` the decision at ``source`` with a ``rows`` × ``cols`` table in its
    body (each cell "x", 12 pt). Returns ``target``."""
    doc = Document(str(source))
    table = doc.add_table(rows=rows, cols=cols)
    for row in table.rows:
        for cell in row.cells:
            run = cell.paragraphs[0].add_run("x")
            run.font.size = 152400  # 12 pt in EMU
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    article = next(p for p in doc.paragraphs if p.text.startswith("Điều 2."))
    article._p.addnext(table._tbl)
    doc.save(str(target))
    return target


def measure(path: Path) -> tuple[float, int, float]:
    """Return (seconds, findings, peak resident MB) of one check of ``path``, run in a fresh
    process so that the memory is the checker's own (imports and font metrics warmed first)."""
    out = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True, check=True)
    seconds, findings, peak = out.stdout.split()
    return float(seconds), int(findings), float(peak)


def _one(path: Path) -> None:
    check_document(handmade(path.with_name("am.docx")))  # warm up (imports, font metrics)
    start = time.perf_counter()
    findings = check_document(path)
    seconds = time.perf_counter() - start
    print(seconds, len(findings), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = handmade(Path(tmp) / "quyet-dinh.docx")
        print(f"{'đoạn':>8}  {'giây':>7}  {'µs/đoạn':>8}  {'phát hiện':>9}  {'MB đỉnh':>8}")
        for size in sizes:
            path = long_decision(source, Path(tmp) / f"dai-{size}.docx", size)
            seconds, findings, peak = measure(path)
            print(f"{size:>8,}  {seconds:>7.2f}  {seconds / size * 1e6:>8.1f}  {findings:>9}  {peak:>8.0f}")
        path = big_table(source, Path(tmp) / "bang.docx", 3000, 40)
        seconds, findings, peak = measure(path)
        print(f"bảng 40 × 3.000 ô: {seconds:.2f} giây, {seconds / 120_000 * 1e6:.1f} µs/ô, "
              f"{findings} phát hiện, {peak:.0f} MB đỉnh")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        _one(Path(sys.argv[2]))
    else:
        main([int(a) for a in sys.argv[1:]] or [1000, 10_000, 100_000])
