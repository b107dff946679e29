"""Many documents at once: render DOCX in a process pool; results come back in the order asked,
failures listed in order.

For rendering alone (the benchmark's render-only figure, ``bench/phase_close.py``). The phase
build renders in one thread that feeds LibreOffice instead (pipeline.build.phase): with a page
rendered in ~4 ms, a process pool does not pay on cores LibreOffice needs."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.docx.render import render_docx
from pipeline.errors import VanbanError


@dataclass(frozen=True)
class Job:
    """One document to make: the DOCX ``template``, its ``context`` and the ``target`` DOCX
    path (the PDF goes beside it)."""

    template: Path
    context: Mapping[str, Any]
    target: Path


@dataclass(frozen=True)
class Made:
    """What became of one ``Job``: ``docx`` and ``pdf`` when made, else ``error`` (Vietnamese,
    naming the document) from the stage that failed."""

    job: Job
    docx: Path | None
    pdf: Path | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Return True when nothing failed."""
        return self.error is None


def _render(job: Job) -> tuple[Path | None, str | None]:
    try:
        return render_docx(job.template, job.context, job.target), None
    except VanbanError as exc:  # a bad record: reported, the batch goes on
        return None, f"{job.target.name}: {exc.format_message()}"


def _rendered(jobs: Sequence[Job], workers: int) -> Iterator[tuple[Path | None, str | None]]:
    if workers <= 1 or len(jobs) < 2 * workers:
        yield from map(_render, jobs)
        return
    chunk = max(1, min(16, len(jobs) // (workers * 8)))
    # fork: the children inherit the imported modules and the template caches for free
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(_render, jobs, chunksize=chunk)


def render_many(jobs: Sequence[Job], *, workers: int | None = None) -> list[Made]:
    """Return one ``Made`` per job (same order), rendering DOCX only, in ``workers`` processes.

    ``workers`` defaults to the CPU count; small batches are rendered in this process. A job
    whose data cannot be rendered gets its error; the others are still made.
    """
    workers = workers or os.cpu_count() or 1
    return [Made(job, docx, None, error)
            for job, (docx, error) in zip(jobs, _rendered(jobs, workers), strict=True)]
