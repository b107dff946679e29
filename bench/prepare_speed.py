"""Benchmark: the Python time of a big phase close (issue 6) outside LibreOffice.

Not a test (CI does not run it). Run: ``.venv/bin/python bench/prepare_speed.py [--runs 3]``.

Grows the sample campaign to the synthetic phase of ``bench/phase_close.py`` (200 units,
500 nominees → 326 documents; its bundle has 400 pages), builds it once with PDFs into a cached
folder (``$BENCH_CACHE``, default ``/tmp/vanban-prepare-speed``; about 45 s the first time),
then, each in a fresh Python process (so imports and first-use costs count, as in one
``vanban build``), times: ``load_campaign``, ``prepare_review``, ``prepare_decide``,
``prepare_phase`` (pdf=False, everything above together), ``prepare_phase_rebuild`` (again,
into an output folder it already prepared, as a second ``vanban build`` does),
``write_bundle`` (the bundle step of ``vanban build`` on the phase's PDFs: ``find_page`` on
the listed documents, ``write_bundle``, ``page_count`` of the bundle) and ``join_pdfs`` (the
certificates' print file giay-khen.pdf). Prints the median seconds of ``--runs`` runs
per figure, one line each: ``name: seconds (runs: a, b, c)``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CACHE = Path(os.environ.get("BENCH_CACHE", "/tmp/vanban-prepare-speed"))
FIGURES = ("load_campaign", "prepare_review", "prepare_decide", "prepare_phase", "prepare_phase_rebuild",
           "write_bundle", "join_pdfs")


def ensure_phase() -> Path:
    """Return the cache folder holding ``campaign/`` (the synthetic phase) and ``output/``
    (its full build with PDFs), building it when absent."""
    done = CACHE / "done"
    if done.exists():
        return CACHE
    from bench.phase_close import synthetic_campaign, synthetic_phase
    from pipeline.build.engine import build_phase
    from pipeline.pdf.convert import converter_session
    from pipeline.settings import Settings

    shutil.rmtree(CACHE, ignore_errors=True)
    CACHE.mkdir(parents=True)
    folder = synthetic_campaign(synthetic_phase(), CACHE / "campaign", 30)
    settings = Settings(converter_workers=2, convert_timeout_s=300)
    print("building the synthetic phase once with PDFs (about 45 s) …", file=sys.stderr)
    with converter_session(settings):
        result = build_phase(folder, CACHE / "output", phase=1, settings=settings, check=False).result
    if result.failed:
        raise SystemExit("build failed: " + "; ".join(f"{a}: {b}" for a, b in result.failures[:5]))
    done.write_text("ok")
    return CACHE


def measure(figure: str, cache: Path) -> float:
    """Return the seconds of one ``figure`` in this process (imports included)."""
    campaign = cache / "campaign"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if figure == "load_campaign":
            start = time.perf_counter()
            from pipeline.campaign.load import load_campaign

            load_campaign(campaign)
            return time.perf_counter() - start
        if figure == "prepare_review":
            start = time.perf_counter()
            from pipeline.build.prepare import prepare_review

            prepare_review(campaign, out, phase=1)
            return time.perf_counter() - start
        if figure == "prepare_decide":
            start = time.perf_counter()
            from pipeline.build.prepare import prepare_decide

            prepare_decide(campaign, phase=1)
            return time.perf_counter() - start
        if figure == "prepare_phase":
            start = time.perf_counter()
            from pipeline.build.phase import prepare_phase

            prepare_phase(campaign, out, phase=1, pdf=False)
            return time.perf_counter() - start
        if figure == "prepare_phase_rebuild":
            start = time.perf_counter()
            from pipeline.build.phase import prepare_phase

            prepare_phase(campaign, cache / "rebuild", phase=1, pdf=False)
            return time.perf_counter() - start
        if figure == "join_pdfs":
            from pipeline.pdf.printbatch import join_pdfs

            certificates = sorted((cache / "output").rglob("giay-khen/*.pdf"))
            start = time.perf_counter()
            join_pdfs(certificates, out / "giay-khen.pdf", title="Giấy khen (bản in)")
            return time.perf_counter() - start
        if figure == "write_bundle":
            return _bundle(cache, out)
    raise ValueError(figure)


def _bundle(cache: Path, out: Path) -> float:
    """Return the seconds of the bundle step of ``vanban build`` on the cached phase: the
    same parts, in the same order, as ``phasebuild._bundle`` makes."""
    from pipeline.build.phase import prepare_phase

    prepared = prepare_phase(cache / "campaign", cache / "output", phase=1, pdf=True)
    from pipeline.build import phase as phasebuild
    from pipeline.pdf.bundle import Metadata, Part, page_count, write_bundle

    start = time.perf_counter()
    parts = []
    for job in prepared.jobs:
        pdf = prepared.folder / f"{job.key}.pdf"
        children, sections = phasebuild.annex_parts(pdf, job.annex)
        parts.append(Part(job.bookmark or job.title, pdf, job.label, children, job.group,
                          numbered=job.group != phasebuild.CERTIFICATES_GROUP, sections=sections))
    target = write_bundle(parts, out / "ho-so.pdf", Metadata("Hồ sơ", "Đợt 1", "Ban"))
    pages = page_count(target)
    seconds = time.perf_counter() - start
    print(json.dumps({"pages": pages}), file=sys.stderr)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", choices=FIGURES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(measure(args.one, CACHE))
        return
    cache = ensure_phase()
    for figure in FIGURES:
        if figure == "prepare_phase_rebuild":  # the first build of that folder, not timed
            subprocess.run([sys.executable, __file__, "--one", figure], check=True, capture_output=True,
                           cwd=REPO, env={**os.environ, "BENCH_CACHE": str(cache)})
        runs = []
        for _ in range(args.runs):
            done = subprocess.run([sys.executable, __file__, "--one", figure], check=True,
                                  capture_output=True, text=True, cwd=REPO,
                                  env={**os.environ, "BENCH_CACHE": str(cache)})
            runs.append(float(done.stdout.strip().splitlines()[-1]))
        print(f"{figure}: {statistics.median(runs):.2f} (runs: {', '.join(f'{r:.2f}' for r in runs)})",
              flush=True)


if __name__ == "__main__":
    main()
