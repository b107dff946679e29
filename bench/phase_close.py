"""Benchmark: a synthetic phase close (200 units, 500 nominees) built at speed, compared with
one LibreOffice process per document and with a bare warm 2-worker pool.

Not a test (CI does not run it). Run: ``.venv/bin/python bench/phase_close.py [--workers N]``.
Prints documents/s, pages/s, wall seconds per stage and peak memory (RSS of this process and
every process it started, LibreOffice included); its last two lines are exactly
``speedup_vs_one_process_per_document: X`` and ``overhead_vs_warm_pool_floor: Y%``.

The full ``vanban build`` of a phase does not exist yet: ``full_build`` below renders the
phase's documents through the shared frame (report, decision with the 500-row list, proposal,
500 certificates, dispatch sheets) and bundles them. When the real build lands, replace the
body of ``full_build`` with it (same arguments, same return value); the rest stays.
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

from pypdf import PdfReader, PdfWriter  # noqa: E402

from pipeline import vi  # noqa: E402
from pipeline.convert import make_converter, soffice_binary  # noqa: E402
from pipeline.distribution import load_registry  # noqa: E402
from pipeline.documents import plan  # noqa: E402
from pipeline.load import load_campaign  # noqa: E402
from pipeline.parallel import Job, make_documents, render_many  # noqa: E402
from pipeline.pool import LocalPool  # noqa: E402
from pipeline.render import Block, TableBlock  # noqa: E402
from pipeline.settings import Settings  # noqa: E402

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


def phase_jobs(phase: Phase, out: Path) -> list[Job]:
    """Return the phase close's documents as render jobs on the ND30 frame."""
    campaign = load_campaign(SAMPLE)
    base = plan.context(campaign, load_registry(SAMPLE, campaign))
    template = Settings().template("van-ban.docx")

    def doc(name: str, subject: str, body: list, **extra: object) -> Job:
        return Job(template, {**base, "subject": subject, "body": body, "annexes": [],
                              "greeting": [], "authority_line": "", **extra}, out / f"{name}.docx")

    ranked = sorted(phase.units, key=lambda u: -u[1])
    report = doc("bao-cao", "Tổng kết đợt thi đua", [
        Block("heading", "I. KẾT QUẢ"),
        Block("para", f"Có {vi.format_number(len(ranked))} đơn vị tham gia."),
        TableBlock(("TT", "Đơn vị", "Điểm"),
                   tuple((str(n), u, vi.format_number(s, decimals=1)) for n, (u, s) in
                         enumerate(ranked, 1)), (12, 120, 30), ("center", "left", "right")),
        Block("para", "Trên đây là kết quả./."),
    ])
    listing = TableBlock(("TT", "Họ và tên", "Đơn vị", "Hình thức"),
                         tuple((str(n), a, b, c) for n, (a, b, c) in enumerate(phase.nominees, 1)),
                         (12, 50, 70, 30), ("center", "left", "left", "left"))
    decision = doc("quyet-dinh", "Về việc khen thưởng", [
        Block("center", "QUYẾT ĐỊNH:"),
        Block("para", f"Điều 1. Khen thưởng {vi.format_number(len(phase.nominees))} cá nhân "
                      "có tên trong danh sách kèm theo."),
        listing, Block("para", "Điều 2. Quyết định có hiệu lực kể từ ngày ký./."),
    ])
    proposal = doc("to-trinh", "Đề nghị khen thưởng", [
        Block("para", "Kính trình xem xét, khen thưởng các cá nhân sau:"), listing,
        Block("para", "Kính trình./."),
    ])
    certificates = [
        doc(f"giay-khen-{n:03d}", award, [
            Block("center", vi.upper(award)),
            Block("para", f"Tặng **{name}**, {unit}"),
            Block("para", "Đã có thành tích xuất sắc trong phong trào thi đua./."),
        ], recipients=["- Như trên;", "- Lưu: VT."])
        for n, (name, unit, award) in enumerate(phase.nominees, 1)
    ]
    dispatch = [
        doc(f"phieu-chuyen-{n:03d}", f"Chuyển văn bản khen thưởng đến {unit}", [
            Block("para", f"Kính gửi: {unit}."),
            Block("para", f"Điểm đợt thi đua: {vi.format_number(score, decimals=1)}./."),
        ])
        for n, (unit, score) in enumerate(phase.units, 1)
    ]
    return [report, decision, proposal, *certificates, *dispatch]


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


def full_build(phase: Phase, out: Path, workers: int, stages: Stages) -> list[Path]:
    """Return the PDFs of the phase close built into ``out`` (documents, then the bundle).

    PLUG THE REAL BUILD IN HERE (``vanban build`` for a phase close) once it exists; keep the
    stage names in ``stages``. For now: render every document on the frame in a process pool
    while a warm LibreOffice pool converts them, then bundle the decision, proposal and report.
    """
    jobs = stages.time("data", lambda: phase_jobs(phase, out))
    settings = Settings(converter_workers=workers, convert_timeout_s=300)
    with make_converter(settings) as converter:
        stages.time("start workers", lambda: converter._ensure_started(converter.max_slots()))
        made = stages.time("render + convert", lambda: make_documents(jobs, converter,
                                                                      workers=workers))
    failed = [m for m in made if not m.ok]
    if failed:
        raise SystemExit("build failed: " + "; ".join(m.error or "" for m in failed[:5]))
    pdfs = [m.pdf for m in made if m.pdf is not None]

    def bundle() -> Path:
        writer = PdfWriter()
        for pdf in pdfs[:3]:
            writer.append(str(pdf))
        target = out / "ho-so-trinh-ky.pdf"
        with open(target, "wb") as f:
            writer.write(f)
        return target

    return [*pdfs, stages.time("bundle", bundle)]


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
        docx = sorted((root / "build").glob("*.docx"))
        pages = sum(len(PdfReader(str(p)).pages) for p in outputs)
        print(f"documents: {len(docx)} DOCX + PDF, pages: {pages}")
        for name, seconds in stages.seconds.items():
            print(f"stage {name}: {seconds:.2f} s")
        print(f"full build: {build_s:.2f} s, {len(docx) / build_s:.1f} documents/s, "
              f"{pages / build_s:.1f} pages/s, peak memory {memory.peak / 2**20:.0f} MiB")

        # Rendering alone: the one-page certificates, in a process pool.
        certs = [j for j in phase_jobs(phase, root / "render") if "giay-khen" in j.target.name]
        start = time.perf_counter()
        rendered = render_many(certs, workers=args.workers)
        render_s = time.perf_counter() - start
        assert all(m.ok for m in rendered)
        print(f"render only: {len(certs)} one-page documents in {render_s:.2f} s, "
              f"{len(certs) / render_s:.1f} documents/s")

        # (b) the floor: a bare warm 2-worker pool converting the same DOCX, no pipeline.
        floor_dir = root / "floor"
        floor_dir.mkdir()
        copies = [Path(shutil.copy(p, floor_dir / p.name)) for p in docx]
        with LocalPool(workers=2, timeout_s=300, uno_python=Settings().uno_python) as bare:
            bare._ensure_started(2)
            start = time.perf_counter()
            results = bare.convert_many(copies)
            floor_s = time.perf_counter() - start
        assert all(r.ok for r in results)
        print(f"warm 2-worker pool floor: {floor_s:.2f} s, {len(copies) / floor_s:.1f} documents/s")

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
