"""The register under concurrent processes and SIGKILL: every number once, no gap, no orphan."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from pipeline.build.engine import build_plan
from pipeline.docx.stamp import sha256
from pipeline.register.outgoing import Register, issue_document
from tests.conftest import SAMPLE
from tests.issuing import drafts

DATE = dt.date(2025, 2, 10)


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the sample plan rendered once as a draft."""
    return build_plan(SAMPLE, tmp_path_factory.mktemp("draft") / "out", pdf=False).docx


@pytest.fixture()
def scratch(tmp_path: Path) -> Iterator[Path]:
    """Return a scratch folder in memory (/dev/shm) when there is one, else tmp_path.

    These tests are about locking and crash points, not the disk: a SIGKILL loses nothing
    the kernel has accepted, and fsync on a busy shared disk only makes them slow.
    """
    shm = Path("/dev/shm")
    if not shm.is_dir() or not os.access(shm, os.W_OK):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="vanban-register-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fork(work: Callable[[], None]) -> int:
    """Return the pid of a forked child running ``work`` (exit 0 when it returns, 1 if it raises)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover — runs in the child
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    return pid


def issue_all(paths: Sequence[Path], register: Path) -> Callable[[], None]:
    def work() -> None:
        for path in paths:
            issue_document(path, DATE, register, pdf=False)
    return work


def test_four_processes_issue_a_thousand_distinct_numbers_without_gap(
    draft: Path, scratch: Path
) -> None:
    docs = drafts(draft, scratch / "docs", 1000)
    register = scratch / "so.sqlite"
    Register.open(register).close()  # created before the race, as in use
    pids = [fork(issue_all(docs[n::4], register)) for n in range(4)]
    statuses = [os.waitpid(pid, 0)[1] for pid in pids]
    assert statuses == [0, 0, 0, 0]
    with Register.open(register) as book:
        records = book.records()
        assert book.check() == []
    assert sorted(r.number for r in records) == list(range(1, 1001))
    assert len({r.identity for r in records}) == 1000
    by_identity = {r.identity: r for r in records}
    for n, path in enumerate(docs, start=1):
        record = by_identity[f"vb/{n:04d}"]
        assert record.docx_sha256 == sha256(path) and record.path == path.resolve()


def test_sigkill_at_random_points_leaves_a_clean_register(draft: Path, scratch: Path) -> None:
    docs = drafts(draft, scratch / "docs", 800)  # enough for 50 kill windows on a fast, quiet machine
    originals = {p: sha256(p) for p in docs}
    register = scratch / "so.sqlite"
    Register.open(register).close()
    rng = random.Random(8)
    started = time.monotonic()
    recovered = 0
    for _ in range(50):
        with Register.open(register) as book:
            done = {r.identity for r in book.records()}
        todo = [p for p in docs if f"vb/{p.stem[3:]}" not in done]
        assert todo, "the pool of drafts ran out"
        pid = fork(issue_all(todo, register))
        time.sleep(rng.uniform(0.0, 0.12))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with Register.open(register) as book:
            recovered += len(book.recovered)
            assert book.check() == []
            records = {r.identity: r for r in book.records()}
        # Every document is either the untouched draft without a record, or stamped and
        # recorded with its hash: no issued document without a record, no record without it.
        for path in docs:
            record = records.get(f"vb/{path.stem[3:]}")
            digest = sha256(path)
            if record is None:
                assert digest == originals[path], path
            else:
                assert digest == record.docx_sha256 != originals[path], path
        numbers = sorted(r.number for r in records.values())
        assert numbers == list(range(1, len(numbers) + 1))
    # The kills fell between allocation and stamping often enough to exercise recovery.
    assert recovered >= 1
    assert time.monotonic() - started < 60
