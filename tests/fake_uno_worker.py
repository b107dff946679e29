"""A LibreOffice worker that misbehaves on purpose, for the pool's fault tests.

Run like ``pipeline/pdf/uno_worker.py`` (under the Python with uno). A document whose name starts
with ``treo`` makes it hang (as an input that never finishes would); one starting with ``rong``
makes it answer "done" without writing a PDF. Every other document is converted for real.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import unoserver.converter

_real = unoserver.converter.UnoConverter.convert


def _convert(self, inpath=None, *args, **kwargs):  # type: ignore[no-untyped-def]
    name = Path(inpath or "").name
    if name.startswith("treo"):
        time.sleep(3600)
    if name.startswith("rong"):
        return None
    return _real(self, inpath, *args, **kwargs)


unoserver.converter.UnoConverter.convert = _convert
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "pipeline" / "pdf"))
import uno_worker

uno_worker.main(Path(sys.argv[1]))
