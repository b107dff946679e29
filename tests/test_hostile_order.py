"""Conversion order (issue 17): a document stuck in LibreOffice delays only itself. The stuck
document comes from the fault worker (tests/fake_uno_worker.py: a name starting with "treo"
never finishes); every other document is converted by the real LibreOffice."""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.pdf.pool import LocalPool, Result
from pipeline.settings import Settings

from .test_pool import FAKE_WORKER, _docx


def test_a_stuck_document_delays_only_itself(tmp_path: Path) -> None:
    sources = [_docx(tmp_path, "treo", "Văn bản treo"), _docx(tmp_path, "quyet-dinh", "Quyết định"),
               _docx(tmp_path, "giay-khen", "Giấy khen")]
    done: dict[str, float] = {}
    start = time.monotonic()

    def record(n: int, result: Result) -> None:
        done[result.source.stem] = time.monotonic() - start

    with LocalPool(workers=1, timeout_s=30, uno_python=Settings().uno_python,
                   worker_script=FAKE_WORKER) as converter:
        converter.stuck_after_s = 2.0
        results = converter.convert_many(sources, on_result=record)
    assert [r.ok for r in results] == [False, True, True]
    assert results[0].error == "LibreOffice quá thời gian 30 giây, đã dừng và khởi động lại"
    # the two others were made by a spare worker while the first was stuck, not after its 30 s
    assert done["quyet-dinh"] < 25 and done["giay-khen"] < 25 < done["treo"]
    assert [r.pdf.read_bytes()[:5] for r in results[1:] if r.pdf] == [b"%PDF-", b"%PDF-"]
