"""The converter pool: warm workers, faults (a worker killed mid-batch, a hanging document),
recycling, the remote unoserver seam, and no LibreOffice left behind — even on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from pipeline.errors import ConvertError
from pipeline.pdf import pool as poolmod
from pipeline.pdf.convert import convert_many, convert_to_pdf, converter_session
from pipeline.pdf.pool import LocalPool, RemoteConverter, check_docx, parse_endpoints
from pipeline.settings import Settings

REPO = Path(__file__).resolve().parent.parent
UNO_PYTHON = Settings().uno_python
FAKE_WORKER = Path(__file__).with_name("fake_uno_worker.py")


def _docx(folder: Path, name: str, text: str) -> Path:
    doc = Document()
    doc.add_paragraph(text)
    path = folder / f"{name}.docx"
    doc.save(str(path))
    return path


def _text(pdf: Path) -> str:
    return PdfReader(str(pdf)).pages[0].extract_text()


def _ours(marker: str) -> list[str]:
    """Return the command lines of live processes whose command line contains ``marker``."""
    out = subprocess.run(["pgrep", "-af", marker], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if "pgrep" not in line]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead too
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module", autouse=True)
def no_libreoffice_left() -> object:
    """After this module, no worker or soffice started by this test process is running."""
    yield
    assert _ours(poolmod.pool_prefix()) == []


def test_a_warm_pool_converts_a_batch_in_order(tmp_path: Path) -> None:
    sources = [_docx(tmp_path, f"giay-khen-{n:02d}", f"Giấy khen số {n}") for n in range(6)]
    with LocalPool(workers=2, timeout_s=30, uno_python=UNO_PYTHON) as converter:
        results = converter.convert_many(sources)
        pids = converter.worker_pids()
        again = converter.convert_many(sources[:2])
        assert converter.worker_pids() == pids  # started once, reused by the second batch
        base = converter.base
    assert [r.source for r in results] == sources
    assert all(r.ok and r.attempts == 1 for r in results + again)
    assert [_text(r.pdf) for r in results] == [f"Giấy khen số {n}" for n in range(6)]
    assert len(pids) == 2 and all(not _alive(p) for pair in pids for p in pair)
    assert _ours(str(base)) == [] and not base.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [s.name for s in sources] + [s.with_suffix(".pdf").name for s in sources]
    )


def test_not_a_real_docx_is_a_clear_failure_and_the_others_are_made(tmp_path: Path) -> None:
    good = _docx(tmp_path, "tot", "Văn bản tốt")
    fake = tmp_path / "gia.docx"
    fake.write_text("không phải DOCX", encoding="utf-8")
    results = convert_many([fake, good, tmp_path / "khong-co.docx"],
                           settings=Settings(converter_workers=1))
    assert [r.ok for r in results] == [False, True, False]
    assert results[0].error == f"{fake} không phải tệp DOCX thật (không phải tệp nén Office Open XML)"
    assert results[2].error == f"không đọc được {tmp_path / 'khong-co.docx'}: không có tệp này"
    assert _text(results[1].pdf) == "Văn bản tốt"
    with pytest.raises(ConvertError) as caught:
        convert_to_pdf([good, fake])
    assert str(caught.value.message) == (
        f"LibreOffice không tạo được PDF cho: {fake} ({fake} không phải tệp DOCX thật "
        "(không phải tệp nén Office Open XML))"
    )


def test_check_docx_names_what_is_broken(tmp_path: Path) -> None:
    import zipfile

    no_body = tmp_path / "a.docx"
    with zipfile.ZipFile(no_body, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    bad_xml = tmp_path / "b.docx"
    with zipfile.ZipFile(bad_xml, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document")
    assert check_docx(no_body) == f"{no_body} không phải tệp DOCX thật (thiếu word/document.xml)"
    assert check_docx(bad_xml).startswith(f"{bad_xml} không phải tệp DOCX thật: word/document.xml hỏng (")
    assert check_docx(_docx(tmp_path, "c", "x")) is None


def test_a_worker_killed_mid_batch_costs_one_retry_and_every_document_is_made(tmp_path: Path) -> None:
    sources = [_docx(tmp_path, f"v{n:02d}", f"Văn bản {n}") for n in range(12)]
    with LocalPool(workers=2, timeout_s=30, uno_python=UNO_PYTHON) as converter:
        converter.convert_many(sources[:2])  # both workers warm
        (_, first_soffice), _ = converter.worker_pids()
        worker = converter.slots[0]

        def kill_when_busy() -> None:
            while worker.done < 2:
                time.sleep(0.005)
            os.kill(first_soffice, signal.SIGKILL)

        killer = threading.Thread(target=kill_when_busy)
        worker.done = 0
        killer.start()
        results = converter.convert_many(sources)
        killer.join()
        assert not _alive(first_soffice)
        assert converter.slots[0].generation == 2  # a fresh worker took over
    assert all(r.ok for r in results), [r.error for r in results]
    assert [_text(r.pdf) for r in results] == [f"Văn bản {n}" for n in range(12)]
    assert max(r.attempts for r in results) == 2


def test_a_hanging_document_costs_the_timeout_once_and_the_rest_is_made(tmp_path: Path) -> None:
    timeout = 3.0
    sources = [_docx(tmp_path, f"v{n}", f"Văn bản {n}") for n in range(6)]
    with LocalPool(workers=2, timeout_s=timeout, uno_python=UNO_PYTHON,
                   worker_script=FAKE_WORKER) as converter:
        start = time.monotonic()
        converter.convert_many(sources)
        baseline = time.monotonic() - start
        sources.insert(2, _docx(tmp_path, "treo", "Văn bản làm LibreOffice treo"))
        start = time.monotonic()
        results = converter.convert_many(sources)
        elapsed = time.monotonic() - start
        # the hung worker was killed; a fresh one starts when next needed
        assert sorted(w.proc is None for w in converter.slots) == [False, True]
        again = converter.convert_many(sources[:2])
        assert sorted(w.generation for w in converter.slots) == [1, 2]
    hung = results[2]
    assert not hung.ok and hung.attempts == 1
    assert hung.error == f"LibreOffice quá thời gian {timeout:g} giây, đã dừng và khởi động lại"
    assert timeout <= hung.seconds < timeout + 1.0  # no restart in it: ~2 s more if there were
    # the other worker kept converting meanwhile: the batch costs the timeout, no more
    assert elapsed < baseline + timeout + 1.5
    assert [r.ok for r in results] == [True, True, False, True, True, True, True]
    assert [_text(r.pdf) for r in results if r.ok] == [f"Văn bản {n}" for n in range(6)]
    assert all(r.ok for r in again)


def test_exit_zero_without_a_pdf_is_a_failure(tmp_path: Path) -> None:
    empty = _docx(tmp_path, "rong", "x")
    with LocalPool(workers=1, timeout_s=30, uno_python=UNO_PYTHON,
                   worker_script=FAKE_WORKER) as converter:
        (result,) = converter.convert_many([empty])
    assert result.error == "LibreOffice báo xong nhưng không tạo ra PDF"
    assert result.attempts == 2  # retried once, on a fresh worker
    assert not empty.with_suffix(".pdf").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rong.docx"]


def test_workers_are_recycled_after_the_configured_count(tmp_path: Path) -> None:
    sources = [_docx(tmp_path, f"v{n}", f"Văn bản {n}") for n in range(3)]
    with LocalPool(workers=1, timeout_s=30, recycle_after=2, uno_python=UNO_PYTHON) as converter:
        results = converter.convert_many(sources)
        assert converter.slots[0].generation == 2
    assert all(r.ok and r.attempts == 1 for r in results)


def test_a_missing_uno_python_is_explained(tmp_path: Path) -> None:
    with LocalPool(workers=1, uno_python=tmp_path / "python") as converter:
        with pytest.raises(ConvertError, match=r"không tìm thấy Python có uno .*make setup"):
            converter.convert_many([_docx(tmp_path, "a", "x")])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def unoserver(tmp_path_factory: pytest.TempPathFactory) -> object:
    """A real unoserver on a second loopback port, as a converter host elsewhere would run."""
    folder = tmp_path_factory.mktemp(poolmod.pool_prefix() + "unoserver")
    port, uno_port = _free_port(), _free_port()
    proc = subprocess.Popen(
        [str(UNO_PYTHON.parent / "unoserver"), "--interface", "127.0.0.1", "--port", str(port),
         "--uno-port", str(uno_port), "--user-installation", str(folder / "profile"), "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            RemoteConverter(f"127.0.0.1:{port}")._ensure_started(1)
            break
        except ConvertError:
            time.sleep(0.3)
    yield f"127.0.0.1:{port}"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def test_remote_converter_sends_documents_to_a_unoserver(unoserver: str, tmp_path: Path) -> None:
    sources = [_docx(tmp_path, f"v{n}", f"Văn bản từ xa {n}") for n in range(3)]
    with converter_session(Settings(converter_remote=unoserver)) as converter:
        assert isinstance(converter, RemoteConverter)
        pdfs = convert_to_pdf(sources)
    assert [_text(p) for p in pdfs] == [f"Văn bản từ xa {n}" for n in range(3)]
    assert _ours(poolmod.pool_prefix() + "unoserver") != []  # the remote host is not ours to stop


def test_an_unreachable_or_malformed_converter_host_is_explained(tmp_path: Path) -> None:
    source = _docx(tmp_path, "a", "x")
    port = _free_port()
    with converter_session(Settings(converter_remote=f"127.0.0.1:{port}")):
        with pytest.raises(ConvertError, match=f"không kết nối được máy chuyển đổi 127.0.0.1:{port}"):
            convert_to_pdf([source])
    with pytest.raises(ConvertError, match="địa chỉ máy chuyển đổi «may-chu» không hợp lệ"):
        parse_endpoints("a:1, may-chu")
    assert parse_endpoints("10.0.0.5:2003,[::1]:2004") == [("10.0.0.5", 2003), ("::1", 2004)]


_CHILD = """
import sys, time
from pathlib import Path
from pipeline.pdf.convert import converter_session, convert_to_pdf
from pipeline.pdf.pool import LocalPool
import pipeline.pdf.convert as c
src = [Path(p) for p in sys.argv[1:]]
with converter_session() as conv:
    conv.worker_script = Path({fake!r})
    convert_to_pdf(src[:1])
    print("READY", flush=True)
    convert_to_pdf(src[1:])  # hangs on treo.docx
"""


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_no_libreoffice_is_left_after_ctrl_c_sigterm_or_sigkill(how: int, tmp_path: Path) -> None:
    sources = [_docx(tmp_path, "a", "x"), _docx(tmp_path, "treo", "y")]
    with subprocess.Popen(
        [sys.executable, "-c", _CHILD.format(fake=str(FAKE_WORKER)), *map(str, sources)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "VANBAN_WORKERS": "1", "PYTHONPATH": str(REPO)},
    ) as child:
        assert child.stdout.readline() == "READY\n", child.stderr.read()
        marker = f"vanban-pool-{child.pid}-"
        assert len(_ours(marker)) >= 2  # the worker and its soffice
        time.sleep(0.3)  # inside the hanging conversion
        child.send_signal(how)
        _, err = child.communicate(timeout=20)
    deadline = time.monotonic() + 5
    while _ours(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _ours(marker) == []
    if how == signal.SIGINT:
        assert "KeyboardInterrupt" in err
    if how == signal.SIGTERM:
        assert child.returncode == 128 + signal.SIGTERM


def test_prestart_warms_the_workers_in_the_background(tmp_path: Path) -> None:
    source = _docx(tmp_path, "som", "Khởi động sẵn")
    with LocalPool(workers=2, timeout_s=30, uno_python=UNO_PYTHON) as converter:
        began = time.monotonic()
        converter.prestart()
        assert time.monotonic() - began < 0.5  # returns at once
        converter._prestart.join(60)
        pids = converter.worker_pids()
        assert len(pids) == 2 and all(_alive(w) and _alive(s) for w, s in pids)
        converter.prestart()  # started already: nothing more
        (result,) = converter.convert_many([source])
        assert converter.worker_pids() == pids  # the warm workers did the work
    assert result.ok and _text(result.pdf) == "Khởi động sẵn"
    assert all(not _alive(p) for pair in pids for p in pair)


def test_closing_while_workers_are_starting_leaves_no_libreoffice(tmp_path: Path) -> None:
    converter = LocalPool(workers=2, timeout_s=30, uno_python=UNO_PYTHON)
    converter.prestart()
    time.sleep(0.3)  # the workers are being started
    converter.close()
    assert not converter._prestart.is_alive()
    assert _ours(str(converter.base)) == [] and not converter.base.exists()
    with pytest.raises(ConvertError, match="đã dừng chuyển đổi PDF"):
        converter.convert_many([_docx(tmp_path, "muon", "x")])


def test_on_result_hears_each_document_as_it_is_done_and_its_error_stops_the_batch(tmp_path: Path) -> None:
    sources = [_docx(tmp_path, f"v{n}", f"Văn bản {n}") for n in range(4)]
    heard: list[tuple[int, str]] = []
    with LocalPool(workers=2, timeout_s=30, uno_python=UNO_PYTHON) as converter:
        results = converter.convert_many(sources, on_result=lambda n, r: heard.append((n, _text(r.pdf))))
        assert sorted(heard) == [(n, f"Văn bản {n}") for n in range(4)] and all(r.ok for r in results)

        def refuse(n: int, result: object) -> None:
            raise OSError(28, "No space left on device")

        with pytest.raises(OSError, match="No space left"):
            converter.convert_many(sources, on_result=refuse)
