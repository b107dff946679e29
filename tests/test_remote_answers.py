"""A converter host that does not answer as unoserver's API 3 does (a wrong service on the
port, a broken server): the clerk gets a clear error, never a traceback nor a missing result."""

from __future__ import annotations

import threading
import xmlrpc.server
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from docx import Document

from pipeline.errors import ConvertError
from pipeline.pdf.convert import convert_many, converter_session
from pipeline.pdf.pool import RemoteConverter
from pipeline.settings import Settings


@contextmanager
def _host(info: Callable[[], object], convert: Callable[..., object]) -> Iterator[str]:
    """Yield the address of an XML-RPC server on loopback answering ``info`` and ``convert``."""
    server = xmlrpc.server.SimpleXMLRPCServer(("127.0.0.1", 0), allow_none=True, logRequests=False)
    server.register_function(info, "info")
    server.register_function(convert, "convert")
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def test_info_that_is_not_a_dict_is_a_wrong_api() -> None:
    """Bug found by mypy: ``info`` answered with a list stopped vanban with an AttributeError."""
    with _host(lambda: ["3"], lambda *args: None) as address:
        with pytest.raises(ConvertError) as error:
            RemoteConverter(address)._ensure_started(1)
    assert error.value.message == f"máy chuyển đổi {address} dùng unoserver API None, cần 3"


def test_a_conversion_that_is_not_a_pdf_is_reported_for_its_document(tmp_path: Path) -> None:
    """Bug found by mypy: a ``convert`` answer that is not binary data raised an AttributeError
    in the worker thread and the batch came back with no result at all; now the document has
    its error, as when LibreOffice makes no PDF."""
    doc = Document()
    doc.add_paragraph("x")
    doc.save(str(tmp_path / "a.docx"))
    with _host(lambda: {"api": "3"}, lambda *args: "không phải PDF") as address:
        with converter_session(Settings(converter_remote=address)):
            results = convert_many([tmp_path / "a.docx"])
    assert [(r.source, r.pdf, r.error) for r in results] == [
        (tmp_path / "a.docx", None, "LibreOffice báo xong nhưng không tạo ra PDF")]
