"""LibreOffice adapter: DOCX → PDF on the converter chosen by configuration.

The converter (``pipeline.pdf.pool``: a local pool of warm LibreOffice workers, or remote
unoservers) is started once per command by ``converter_session`` and shared by every
``convert_to_pdf`` call inside it; a call outside a session starts one just for itself.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import ConvertError
from pipeline.pdf.pool import Converter, LocalPool, RemoteConverter, Result
from pipeline.settings import Settings

DEFAULT_TIMEOUT_S = 120.0


def soffice_binary() -> str:
    """Return the path of LibreOffice's ``soffice``; raise ConvertError when it is missing."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ConvertError("không tìm thấy LibreOffice (soffice); hãy chạy «make setup»")
    return found


def make_converter(settings: Settings | None = None, *, documents: int | None = None,
                   timeout_s: float | None = None) -> Converter:
    """Return the converter ``settings`` ask for (not started yet: workers start on first use).

    A ``RemoteConverter`` when ``settings.converter_remote`` names endpoints, else a
    ``LocalPool`` of ``settings.converter_workers`` workers (one per CPU core when 0), never
    more than ``documents`` when given. ``timeout_s`` overrides the per-document limit.
    Raises ConvertError when LibreOffice or a remote address is unusable.
    """
    settings = settings or Settings()
    timeout = settings.convert_timeout_s if timeout_s is None else timeout_s
    if settings.converter_remote:
        return RemoteConverter(settings.converter_remote, timeout_s=timeout)
    soffice_binary()
    workers = settings.converter_workers or os.cpu_count() or 1
    if documents is not None:
        workers = max(1, min(workers, documents))
    return LocalPool(workers=workers, timeout_s=timeout,
                     recycle_after=settings.converter_recycle_after,
                     uno_python=settings.uno_python)


_session: Converter | None = None


@contextmanager
def converter_session(settings: Settings | None = None) -> Iterator[Converter]:
    """Return (as a context) the converter every ``convert_to_pdf`` inside will share.

    Workers start on the first conversion, once per command, and are always stopped on
    leaving — on success, on an exception, on Ctrl-C and on SIGTERM.
    """
    global _session
    outer = _session
    converter = make_converter(settings)
    _session = converter
    try:
        with converter:
            yield converter
    finally:
        _session = outer


def current_converter() -> Converter | None:
    """Return the session's converter (``converter_session``), None outside a session."""
    return _session


@contextmanager
def converter_in_use(settings: Settings | None = None) -> Iterator[Converter]:
    """Return (as a context) the session's converter (``converter_session``) or, outside a
    session, a session opened from ``settings`` for this block (stopped on leaving it). For
    a caller that converts in several calls or wants the workers started early
    (``Converter.prestart``)."""
    if _session is not None:
        yield _session
        return
    with converter_session(settings) as converter:
        yield converter


def convert_many(sources: Sequence[Path], *, settings: Settings | None = None) -> list[Result]:
    """Return one ``pool.Result`` per DOCX (same order), each PDF written beside its source.

    Uses the session's converter (``converter_session``) or a temporary one; never raises
    for one bad document: every other one is still made.
    """
    if not sources:
        return []
    if _session is not None:
        return _session.convert_many(sources)
    with make_converter(settings, documents=len(sources)) as converter:
        return converter.convert_many(sources)


def convert_to_pdf(
    sources: Sequence[Path], *, timeout_s: float = DEFAULT_TIMEOUT_S
) -> list[Path]:
    """Return the PDFs made from the DOCX ``sources``, each written beside its source.

    Converted on the session's converter (``converter_session``, whose settings then decide
    the time limit) or, outside a session, on a pool started for this call with ``timeout_s``
    seconds per document. soffice can finish without writing anything, so each PDF is
    checked to exist and to be a PDF; PDFs are moved into place atomically. Every document is
    tried; then ConvertError names every one that failed and why.
    """
    if not sources:
        return []
    if _session is not None:
        results = _session.convert_many(sources)
    else:
        with make_converter(documents=len(sources), timeout_s=timeout_s) as converter:
            results = converter.convert_many(sources)
    failed = [r for r in results if not r.ok]
    if failed:
        raise ConvertError(
            "LibreOffice không tạo được PDF cho: "
            + "; ".join(f"{r.source} ({r.error})" for r in failed)
        )
    return [r.pdf for r in results if r.pdf is not None]
