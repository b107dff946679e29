"""Print how fast the register issues numbers: one process, then N processes at once.

Usage: .venv/bin/python -m bench.issue_concurrency [--docs 1000] [--procs 4] [--dir DIR]
Each process issues its share of clones of the sample plan (no PDF); the figures are
numbers per second, the lock waits, and whether the numbers are 1..N without gap.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from pipeline.build.engine import build_plan
from pipeline.register.outgoing import Register, issue_document
from tests.conftest import SAMPLE
from tests.issuing import drafts

DATE = dt.date(2025, 2, 10)


def run(folder: Path, docs: int, procs: int) -> None:
    draft = build_plan(SAMPLE, folder / "out", pdf=False).docx
    paths = drafts(draft, folder / f"docs-{procs}", docs)
    register = folder / f"so-{procs}.sqlite"
    Register.open(register).close()
    started = time.monotonic()
    pids = []
    for n in range(procs):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                t0, c0 = time.monotonic(), time.process_time()
                for path in paths[n::procs]:
                    issue_document(path, DATE, register, pdf=False)
                print(f"  process {n}: {len(paths[n::procs])} documents, wall "
                      f"{time.monotonic() - t0:.1f} s, CPU {time.process_time() - c0:.1f} s")
                code = 0
            finally:
                os._exit(code)
        pids.append(pid)
    codes = [os.waitpid(pid, 0)[1] for pid in pids]
    wall = time.monotonic() - started
    with Register.open(register) as book:
        numbers = sorted(r.number for r in book.records())
        problems = book.check()
    print(f"{procs} process(es), {docs} documents: {wall:.1f} s, {docs / wall:.0f} numbers/s; "
          f"exit codes {codes}; numbers 1..{docs} without gap: {numbers == list(range(1, docs + 1))}; "
          f"check problems: {len(problems)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--procs", type=int, default=4)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vanban-bench-", dir=args.dir) as work:
        print(f"folder {work}, {os.cpu_count()} CPUs")
        run(Path(work), args.docs // args.procs, 1)
        run(Path(work), args.docs, args.procs)


if __name__ == "__main__":
    main()
