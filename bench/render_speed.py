"""Benchmark: DOCX rendering speed (issue 6: ≥ 200 one-page documents per second with 2
processes on a 2-core machine).

Not a test (CI does not run it). Run: ``.venv/bin/python bench/render_speed.py [--runs N]``.
Builds the synthetic phase of ``bench/phase_close.py`` (200 units, 500 nominees), prepares
its real jobs (pipeline.build.phase, no PDF) and prints, as the median of ``--runs`` runs:

- one-page certificates (Giấy khen) rendered per second in this process (and the CPU
  milliseconds each took, which other work on the machine barely changes) and with a
  2-process pool (pipeline.build.parallel.render_many);
- seconds to render the phase's review report (Báo cáo sơ kết: its tables and chart);
- seconds to render the phase's Quyết định with its list (the issuer's awards of the 500 nominees).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.phase_close import synthetic_campaign, synthetic_phase
from pipeline.build.parallel import Job, render_many
from pipeline.build.phase import prepare_phase
from pipeline.docx.render import render_docx


def _seconds(step) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--certificates", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vanban-render-") as tmp:
        work = Path(tmp)
        phase = synthetic_phase()
        folder = synthetic_campaign(phase, work / "campaign", 30)
        prepared = prepare_phase(folder, work / "out", phase=1, pdf=False)
        if prepared.failures:
            raise SystemExit(f"prepare failed: {prepared.failures}")
        certs = [j for j in prepared.jobs if j.step == "Giấy khen"]
        certs = (certs * (args.certificates // len(certs) + 1))[:args.certificates]
        report = next(j for j in prepared.jobs if j.step == "Báo cáo sơ kết")
        listing = next(j for j in prepared.jobs if j.step == "Quyết định")  # with its list
        out = work / "render"
        out.mkdir()
        jobs = [Job(j.template, j.context, out / f"gk-{n:04d}.docx") for n, j in enumerate(certs)]
        render_docx(jobs[0].template, jobs[0].context, jobs[0].target)  # warm: caches, imports
        single, pooled, reports, lists, cpu = [], [], [], [], []
        for _ in range(args.runs):
            started = time.process_time()
            seconds = _seconds(lambda: [render_docx(j.template, j.context, j.target) for j in jobs])
            cpu.append((time.process_time() - started) / len(jobs) * 1000)
            single.append(len(jobs) / seconds)
            seconds = _seconds(lambda: render_many(jobs, workers=2))
            pooled.append(len(jobs) / seconds)
            reports.append(_seconds(lambda: render_docx(report.template, report.context, out / "report.docx")))
            lists.append(_seconds(lambda: render_docx(listing.template, listing.context, out / "list.docx")))
        print(f"certificates (one page), 1 process: {statistics.median(single):.0f} documents/s")
        print(f"certificates (one page), 1 process: {statistics.median(cpu):.2f} ms CPU per document")
        print(f"certificates (one page), 2 processes: {statistics.median(pooled):.0f} documents/s")
        print(f"review report ({len(prepared.campaign.units)} units): {statistics.median(reports):.2f} s")
        print(f"decision with its list: {statistics.median(lists):.2f} s")


if __name__ == "__main__":
    main()
