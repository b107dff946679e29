"""Print what SIGKILL at random points while issuing leaves behind, over N kills.

Usage: .venv/bin/python -m bench.issue_kill [--kills 50] [--dir DIR]
Each round forks a process that issues drafts (no PDF) and kills it after 0–250 ms; then
the register is opened (interrupted issues completed) and checked, and every document is
compared with its record. Prints the kills, the interrupted issues completed, the documents
issued, and every inconsistency found (there should be none).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import signal
import tempfile
import time
from pathlib import Path

from pipeline.build.engine import build_plan
from pipeline.docx.stamp import sha256
from pipeline.register.outgoing import Register, issue_document
from tests.conftest import SAMPLE
from tests.issuing import drafts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(8)
    with tempfile.TemporaryDirectory(prefix="vanban-kill-", dir=args.dir) as work:
        folder = Path(work)
        draft = build_plan(SAMPLE, folder / "out", pdf=False).docx
        docs = drafts(draft, folder / "docs", args.kills * 10)
        originals = {p: sha256(p) for p in docs}
        register = folder / "so.sqlite"
        Register.open(register).close()
        recovered = bad = 0
        started = time.monotonic()
        for _ in range(args.kills):
            with Register.open(register) as book:
                done = {r.identity for r in book.records()}
            todo = [p for p in docs if f"vb/{p.stem[3:]}" not in done]
            pid = os.fork()
            if pid == 0:
                try:
                    for path in todo:
                        issue_document(path, dt.date(2025, 2, 10), register, pdf=False)
                finally:
                    os._exit(0)
            time.sleep(rng.uniform(0.0, 0.25))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            with Register.open(register) as book:
                recovered += len(book.recovered)
                problems = [p for p in book.check() if p.severity == "error"]
                records = {r.identity: r for r in book.records()}
            for problem in problems:
                print("check:", problem)
            bad += len(problems)
            for path in docs:
                record = records.get(f"vb/{path.stem[3:]}")
                digest = sha256(path)
                if (record is None and digest != originals[path]) or (
                        record is not None and digest != record.docx_sha256):
                    print("inconsistent:", path)
                    bad += 1
        print(f"{args.kills} kills in {time.monotonic() - started:.1f} s; {len(records)} documents "
              f"issued; {recovered} interrupted issues completed on opening; {bad} inconsistencies")


if __name__ == "__main__":
    main()
