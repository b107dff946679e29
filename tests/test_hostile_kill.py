"""Nothing left behind (issue 17): ``vanban build`` killed with SIGKILL at several moments,
then run again — no temporary file beside the outputs, no LibreOffice profile of the killed
runs in the temporary folder, and the phase whole."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from pipeline.build.engine import build_phase
from pipeline.files import remove_stale_temporaries
from pipeline.pdf.pool import remove_stale_profiles

from .conftest import REPO, SAMPLE
from .test_pool import _ours

FOLDER = "haiphong-2024-antt/dot-1"


def _profiles(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"vanban-pool-{pid}-*"))


def _kill_build(campaign: Path, out: Path, moment: str) -> int:
    """Start ``vanban build`` and SIGKILL it at ``moment``: "start" (loading the data),
    "workers" (LibreOffice just up, rendering), "converting" (two seconds later). Return its
    process id."""
    args = [sys.executable, "-c", "from cli import main; main()", "build", str(campaign), "--phase", "1",
            "--out", str(out)]
    with subprocess.Popen(args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as child:
        if moment == "start":
            time.sleep(0.4)
        else:
            marker = f"vanban-pool-{child.pid}-"
            deadline = time.monotonic() + 60
            while len(_ours(marker)) < 2 and time.monotonic() < deadline and child.poll() is None:
                time.sleep(0.05)
            time.sleep(0.2 if moment == "workers" else 2.0)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    deadline = time.monotonic() + 10  # the workers notice their parent is gone and stop
    while _ours(f"vanban-pool-{child.pid}-") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _ours(f"vanban-pool-{child.pid}-") == []
    return child.pid


def test_killed_builds_leave_nothing_after_a_rerun(tmp_path: Path) -> None:
    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "haiphong-2024-antt"))
    out = tmp_path / "out"
    killed = [_kill_build(campaign, out, moment) for moment in ("start", "workers", "converting")]
    folder = out / FOLDER
    assert any(_profiles(pid) for pid in killed)  # a killed run leaves its LibreOffice profile
    # What a killed writer leaves (as the kills above may have) and what a live one is writing.
    folder.mkdir(parents=True, exist_ok=True)
    dead = folder / f".bao-cao-so-ket.~vb{killed[-1]}-abcdefgh.pdf"
    live = folder / f".to-trinh.~vb{os.getpid()}-abcdefgh.docx"
    dead.write_bytes(b"")
    live.write_bytes(b"%PDF-")
    again = build_phase(campaign, out, phase=1).result
    assert not again.failed, again.failures
    assert len(PdfReader(str(folder / "giay-khen.pdf")).pages) == 36
    left = [p.name for p in folder.rglob(".*") if p.name != ".vanban-build.json"]
    assert left == [live.name]  # a live process's file is not ours to remove
    assert [p for pid in killed for p in _profiles(pid)] == []
    live.unlink()


def test_only_the_files_of_dead_processes_are_removed(tmp_path: Path) -> None:
    with subprocess.Popen(["true"]) as gone:
        gone.wait()
    names = [f".ke-hoach.~vb{gone.pid}-abcdefgh.docx", f".ke-hoach.~vb{os.getpid()}-abcdefgh.docx",
             ".ke-hoach-abcdefgh.docx", "ke-hoach.docx"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in remove_stale_temporaries(tmp_path)] == [names[0]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])
    (tmp_path / f"vanban-pool-{gone.pid}-abcd").mkdir()
    (tmp_path / f"vanban-pool-{os.getpid()}-abcd").mkdir()
    assert [p.name for p in remove_stale_profiles(tmp_path)] == [f"vanban-pool-{gone.pid}-abcd"]
