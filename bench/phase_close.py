"""Benchmark: a synthetic phase close (200 units, 500 nominees) built at speed, compared with
one LibreOffice process per document and with a bare warm 2-worker pool.

Not a test (CI does not run it). Run: ``.venv/bin/python bench/phase_close.py [--workers N]``.
Prints documents/s, pages/s, wall seconds per stage and peak memory (RSS of this process and
every process it started, LibreOffice included); its last two lines are exactly
``speedup_vs_one_process_per_document: X`` and ``overhead_vs_warm_pool_floor: Y%``.

``full_build`` grows the sample campaign to the synthetic phase (units, results workbook,
nominee workbook) and runs the real ``vanban build`` on it (pipeline.build.phase): review
report, Tờ trình and Quyết định with their lists, a Giấy khen per nominee the agency awards
itself (~320 of the 500; the Bằng khen are the city's), dispatch sheets, bundle.
The comparisons (a) and (b) convert exactly the DOCX files that build made, one conversion
per DOCX. The build converts fewer: it joins the certificates into one print batch
(pipeline.pdf.printbatch), so (b) is also measured on what the build converts, which shows the
pipeline's own overhead (rendering, bundling) over pure conversion.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pypdf import PdfReader

from pipeline.build.parallel import Job, render_many
from pipeline.campaign.load import load_campaign
from pipeline.pdf.convert import soffice_binary
from pipeline.pdf.pool import LocalPool
from pipeline.pdf.printbatch import combine_docx
from pipeline.settings import Settings

SAMPLE = REPO / "data" / "haiphong-2024-antt"
UNITS = int(os.environ.get("BENCH_UNITS", 200))
NOMINEES = int(os.environ.get("BENCH_NOMINEES", 500))
SAMPLE_ONE_PROCESS = int(os.environ.get("BENCH_SAMPLE", 40))


# ---------------------------------------------------------------- synthetic phase data
@dataclass(frozen=True)
class Phase:
    """A synthetic phase close: units with scores and nominees with their unit and award."""

    units: list[tuple[str, float]]
    nominees: list[tuple[str, str, str]]  # name, unit, award


def synthetic_phase(seed: int = 30) -> Phase:
    """Return a reproducible phase: UNITS units and NOMINEES nominees."""
    rng = random.Random(seed)
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
    middle = ["Văn", "Thị", "Quang", "Minh", "Hữu", "Thu", "Đức", "Ngọc"]
    given = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Lan", "Long", "Mai", "Nam", "Phúc",
             "Quân", "Sơn", "Thảo", "Trung", "Tuấn", "Việt", "Yến"]
    kinds = ["Công an xã", "Công an phường", "Tổ bảo vệ an ninh, trật tự", "Công an thị trấn"]
    units = [(f"{rng.choice(kinds)} {n:03d}", round(rng.uniform(70, 100), 1))
             for n in range(1, UNITS + 1)]
    awards = ["Giấy khen", "Bằng khen", "Giấy khen"]
    nominees = [(f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)}",
                 rng.choice(units)[0], rng.choice(awards)) for _ in range(NOMINEES)]
    return Phase(units, nominees)


# ---------------------------------------------------------------- measuring
class PeakMemory:
    """Return (as a context) the peak RSS in bytes of this process and all its descendants,
    sampled every 50 ms from /proc."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()

    @staticmethod
    def _tree_rss() -> int:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                pid, ppid = int(entry), int(stat[1])
                rss[pid] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(pid)
        total, todo = 0, [os.getpid()]
        while todo:
            pid = todo.pop()
            total += rss.get(pid, 0)
            todo.extend(children.get(pid, []))
        return total

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self._tree_rss())

    def __enter__(self) -> PeakMemory:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Stages:
    """Wall seconds per stage, in order."""

    seconds: dict[str, float] = field(default_factory=dict)

    def time(self, name: str, step: Callable[[], object]) -> object:
        start = time.perf_counter()
        value = step()
        self.seconds[name] = time.perf_counter() - start
        return value


def synthetic_campaign(phase: Phase, folder: Path, seed: int) -> Path:
    """Return ``folder`` holding the sample campaign grown to the synthetic phase: its units
    (campaign and award order), a results workbook with one row per unit and a nominee
    workbook with every nominee (individuals, Giấy khen or Bằng khen of the city chairman)."""
    import yaml

    from pipeline.campaign.workbooks import write_results_workbook
    from tests.nominees_sample import BK, GK, write_workbook

    rng = random.Random(seed)
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("dot-*", "*.sqlite"))
    data = yaml.safe_load((folder / "campaign.yaml").read_text(encoding="utf-8"))
    names = [u for u, _ in phase.units]
    groups = sorted({u["group"] for u in data["units"]})  # the sample's groups: its Nơi nhận lines expand to them
    data["units"] = [{"name": u, "group": groups[n % len(groups)]} for n, u in enumerate(names)]
    (folder / "campaign.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    campaign = load_campaign(folder)
    rows = [{"unit": u, "teams": rng.randint(1, 4), "documents": rng.randint(1, 8),
             "meetings": rng.randint(1, 5), "participants": rng.randint(20, 150),
             "nguon_tin": round(rng.uniform(70, 100), 1), "co_mat_vu_viec": rng.choice((95, 100, 100)),
             "mo_hinh": rng.randint(0, 3), "pccc": rng.choice((95, 100, 100)),
             "co_so_vi_pham": rng.choice((0, 0, 0, 1)), "nhan_khau": round(rng.uniform(85, 100), 1),
             "vu_khi": 0, "tai_pham": rng.choice((0, 0, 0, 1)), "tuan_tra": rng.choice((90, 100, 100)),
             "tngt": 0, "viec_tot": rng.randint(3, 15)} for u in names]
    write_results_workbook(campaign, folder / "dot-1" / "ket-qua.xlsx", rows)
    individuals = [(name, rng.choice(("Nam", "Nữ")), "Tổ viên", unit, GK if award == "Giấy khen" else BK, "", "")
                   for name, unit, award in phase.nominees]
    write_workbook(folder / "dot-1" / "de-nghi-khen-thuong.xlsx", [], individuals)
    return folder


def full_build(phase: Phase, out: Path, workers: int, stages: Stages) -> list[Path]:
    """Return the PDFs of the phase close built into ``out`` with the real ``vanban build``
    (pipeline.build.phase): review report, Tờ trình, Quyết định with its list, every Giấy khen,
    the dispatch sheets and the bundle; per-step seconds come from the build's own summary."""
    from pipeline.build.engine import build_phase
    from pipeline.pdf.convert import converter_session

    folder = stages.time("data", lambda: synthetic_campaign(phase, out / "campaign", 30))
    settings = Settings(converter_workers=workers, convert_timeout_s=300)
    with converter_session(settings):
        result = build_phase(folder, out / "output", phase=1, settings=settings).result
    if result.failed:
        raise SystemExit("build failed: " + "; ".join(f"{a}: {b}" for a, b in result.failures[:5]))
    for step in result.steps:
        stages.seconds[step.name] = step.seconds
    return [p for p in sorted((out / "output").rglob("*.pdf")) if p.name != "giay-khen.pdf"]


def certificate_jobs(campaign: Path, out: Path) -> list[Job]:
    """Return the certificates (Giấy khen) of ``campaign``'s phase 1 as render jobs into ``out``:
    the build's own templates and contexts."""
    from pipeline.build.phase import CERTIFICATES_GROUP, prepare_phase

    prepared = prepare_phase(campaign, out, phase=1, pdf=False)
    return [Job(j.template, j.context, out / f"{j.key}.docx") for j in prepared.jobs
            if j.group == CERTIFICATES_GROUP]


def bare_floor(sources: list[Path], work: Path) -> float:
    """Return the wall seconds a warm 2-worker pool (started before the clock) takes to
    convert copies of ``sources``."""
    work.mkdir(parents=True)
    copies = [Path(shutil.copy(p, work / f"{n:04d}-{p.name}")) for n, p in enumerate(sources)]
    with LocalPool(workers=2, timeout_s=300, uno_python=Settings().uno_python) as bare:
        bare._ensure_started(2)
        start = time.perf_counter()
        results = bare.convert_many(copies)
        seconds = time.perf_counter() - start
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    return seconds


def one_process_per_document(sample: list[Path], work: Path) -> float:
    """Return mean wall seconds of ``soffice --convert-to pdf`` run once per document."""
    soffice = soffice_binary()
    times = []
    profile = work / "profile"
    for source in sample:
        start = time.perf_counter()
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)],
            check=True, capture_output=True, env={**os.environ, "HOME": str(work)},
        )
        times.append(time.perf_counter() - start)
    return statistics.mean(times)


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=30)
    args = parser.parse_args()
    phase = synthetic_phase(args.seed)
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        root = Path(tmp)
        stages = Stages()
        with PeakMemory() as memory:
            start = time.perf_counter()
            outputs = full_build(phase, root / "build", args.workers, stages)
            build_s = time.perf_counter() - start
        docx = sorted((root / "build" / "output").rglob("*.docx"))
        pages = sum(len(PdfReader(str(p)).pages) for p in outputs)  # the documents' and the bundle's
        bundled = sum(len(PdfReader(str(p)).pages) for p in outputs if p.name.startswith("ho-so-"))
        print(f"documents: {len(docx)} DOCX + PDF, pages written: {pages} "
              f"({pages - bundled} in the documents, {bundled} in the bundle)")
        for name, seconds in stages.seconds.items():
            print(f"stage {name}: {seconds:.2f} s")
        print(f"full build: {build_s:.2f} s, {len(docx) / build_s:.1f} documents/s, "
              f"{pages / build_s:.1f} pages/s, peak memory {memory.peak / 2**20:.0f} MiB")

        # Rendering alone: the build's one-page certificates (Giấy khen), in a process pool.
        certs = certificate_jobs(root / "build" / "campaign", root / "render")
        start = time.perf_counter()
        rendered = render_many(certs, workers=args.workers)
        render_s = time.perf_counter() - start
        assert all(m.ok for m in rendered)
        print(f"render only: {len(certs)} one-page documents (Giấy khen) in {render_s:.2f} s "
              f"on {args.workers} processes, {len(certs) / render_s:.1f} documents/s")

        # (b) the floor: a bare warm 2-worker pool converting the same DOCX, one conversion
        # each, no pipeline; and, for the pipeline's own overhead, the same pool converting
        # what the build converts (the frame documents, the dispatch sheets and ONE joined
        # DOCX of the certificates: pipeline.pdf.printbatch).
        floor_s = bare_floor(docx, root / "floor")
        print(f"warm 2-worker pool floor, one conversion per DOCX: {floor_s:.2f} s, "
              f"{len(docx) / floor_s:.1f} documents/s")
        cert_docx = sorted((root / "build" / "output").rglob("giay-khen/*.docx"))
        joined = combine_docx(cert_docx, root / "joined" / "giay-khen-in.docx", title="Giấy khen")
        converted = [p for p in docx if p not in cert_docx] + [joined]
        batch_s = bare_floor(converted, root / "floor-batch")
        print(f"warm 2-worker pool floor, what the build converts ({len(converted)} DOCX, the "
              f"certificates joined): {batch_s:.2f} s; the build is {(build_s / batch_s - 1) * 100:.1f}% over it")

        # (a) one soffice process per document, on a random sample, scaled to all documents.
        sample = random.Random(args.seed).sample(docx, SAMPLE_ONE_PROCESS)
        (root / "one" / "out").mkdir(parents=True)
        mean = one_process_per_document(sample, root / "one")
        naive_s = mean * len(docx)
        print(f"one process per document: {mean:.2f} s each on {len(sample)} sampled, "
              f"{naive_s:.1f} s scaled to {len(docx)}")
        print(f"speedup_vs_one_process_per_document: {naive_s / build_s:.1f}")
        print(f"overhead_vs_warm_pool_floor: {(build_s / floor_s - 1) * 100:.1f}%")


if __name__ == "__main__":
    main()
