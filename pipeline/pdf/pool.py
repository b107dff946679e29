"""Converters: DOCX → PDF on resident LibreOffice workers (local pool) or on remote unoservers.

A ``LocalPool`` keeps N warm LibreOffice workers (``pipeline/pdf/uno_worker.py`` under the Python
that has ``uno``), each with its own profile directory, started once and shared by every
conversion of a command. A ``RemoteConverter`` sends the DOCX bytes to one or more
``unoserver`` endpoints (host:port) and gets the PDF back, so several build machines can share
converter hosts. Both give one ``Result`` per document, in the order asked, and never raise for
one bad document: the batch goes on and the caller reports the failures.
"""

from __future__ import annotations

import atexit
import dataclasses
import http.client
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
import xmlrpc.client
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pipeline.errors import ConvertError, OutputError
from pipeline.files import atomic_target, os_reason, process_alive

WORKER_SCRIPT = Path(__file__).with_name("uno_worker.py")
START_TIMEOUT_S = 60.0
STUCK_AFTER_S = 15.0
"""Seconds after which a document still in LibreOffice counts as stuck: while one is, and
documents wait, a local pool starts a spare worker for them (a page of ours takes < 1 s)."""
API_VERSION = "3"  # unoserver's XML-RPC API
# convert(inpath, indata, outpath, convert_to, filtername, filter_options, update_index): indexes
# are not refreshed (as with soffice --convert-to); our documents have no table of contents.


POOL_FOLDER = re.compile(r"^vanban-pool-(\d+)-")


def remove_stale_profiles(folder: Path | None = None) -> list[Path]:
    """Return the LibreOffice worker folders (profiles, ``vanban-pool-<pid>-…``) removed from
    ``folder`` (default: the system's temporary folder): those of vanban processes that are
    gone (killed with SIGKILL, power cut). A live process's folders are left alone."""
    removed = []
    base = folder or Path(tempfile.gettempdir())
    try:
        for path in base.glob("vanban-pool-*"):
            match = POOL_FOLDER.match(path.name)
            if match and not process_alive(int(match[1])) and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    except OSError:
        pass
    return removed


def pool_prefix() -> str:
    """Return the prefix of this process's worker folders (``vanban-pool-<pid>-``).

    Every LibreOffice this process starts has it in its command line, so this process (and
    its tests) can find its own workers without touching anyone else's.
    """
    return f"vanban-pool-{os.getpid()}-"


@dataclass(frozen=True)
class Result:
    """The outcome of converting one DOCX: ``pdf`` written beside ``source`` or ``error``.

    ``error`` is a Vietnamese sentence for the clerk (None when ``ok``); ``attempts`` counts
    tries (a document whose worker failed is retried once on a fresh worker); ``seconds`` is
    the wall time spent on it, all tries included.
    """

    source: Path
    pdf: Path | None
    error: str | None = None
    attempts: int = 1
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Return True when the PDF was made."""
        return self.error is None


class _Failure(Exception):
    """Raised inside a converter for one document: ``retry`` says whether a fresh worker may
    succeed (a crash) or not (a timeout, a document LibreOffice cannot read twice)."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


def check_docx(source: Path) -> str | None:
    """Return why ``source`` is not a real DOCX (in Vietnamese), or None when it looks sound.

    A DOCX is a ZIP holding ``[Content_Types].xml`` and a well-formed ``word/document.xml``
    (ECMA-376 Part 2, Open Packaging Conventions). Checked before LibreOffice sees it, so that a
    broken file costs milliseconds and a clear message, not a worker.
    """
    try:
        with zipfile.ZipFile(source) as z:
            names = set(z.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return f"{source} không phải tệp DOCX thật (thiếu word/document.xml)"
            try:
                etree.fromstring(z.read("word/document.xml"))
            except etree.XMLSyntaxError as exc:
                return f"{source} không phải tệp DOCX thật: word/document.xml hỏng (dòng {exc.lineno})"
    except FileNotFoundError:
        return f"không đọc được {source}: không có tệp này"
    except OSError as exc:
        return f"không đọc được {source}: {os_reason(exc)}"
    except zipfile.BadZipFile:
        return f"{source} không phải tệp DOCX thật (không phải tệp nén Office Open XML)"
    return None


def _is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout_s: float) -> None:
        super().__init__()
        self.timeout_s = timeout_s

    def make_connection(self, host):  # type: ignore[no-untyped-def]
        conn = super().make_connection(host)
        conn.timeout = self.timeout_s
        return conn


def _proxy(host: str, port: int, timeout_s: float) -> xmlrpc.client.ServerProxy:
    return xmlrpc.client.ServerProxy(
        f"http://{host}:{port}", allow_none=True, transport=_TimeoutTransport(timeout_s)
    )


def _rpc_reason(exc: BaseException) -> str:
    if isinstance(exc, xmlrpc.client.Fault):
        text = str(exc.faultString).strip().splitlines()
        return text[-1] if text else "lỗi không rõ"
    return f"{type(exc).__name__}: {exc}"


class _Slot:
    """One place a document can be converted: a local worker or a remote endpoint."""

    name = ""

    def convert(self, source: Path, target: Path, timeout_s: float) -> None:  # pragma: no cover
        raise NotImplementedError

    def reset(self) -> None:
        """Return after the slot's worker is stopped; the next ``convert`` starts a fresh one."""

    def close(self) -> None:
        """Return after the slot's processes are gone."""


class _LocalWorker(_Slot):
    """A resident LibreOffice worker process group, restarted on demand."""

    def __init__(self, pool: LocalPool, index: int) -> None:
        self.pool = pool
        self.index = index
        self.generation = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.soffice_pid = 0
        self.done = 0  # documents since the last (re)start
        self.name = f"worker {index + 1}"

    def start(self) -> None:
        """Start the worker and wait for LibreOffice to answer; raise ConvertError otherwise."""
        self.generation += 1
        # The profile is kept across restarts: a warm profile starts ~1 s sooner.
        folder = self.pool.base / f"w{self.index + 1}"
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / "tmp"  # LibreOffice's IPC pipe and scratch files go here, removed with the pool
        tmp.mkdir(exist_ok=True)
        proc = self.proc = subprocess.Popen(
            [self.pool.uno_python, str(self.pool.worker_script), str(folder / "profile")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True, env={**os.environ, "TMPDIR": str(tmp)},
        )
        self.done = 0
        line = b""
        deadline = time.monotonic() + START_TIMEOUT_S
        assert proc.stdout is not None
        try:
            while time.monotonic() < deadline and not self.pool.closing:
                ready, _, _ = select.select([proc.stdout], [], [], 0.2)
                if ready:
                    line = proc.stdout.readline()
                    break
                if proc.poll() is not None:
                    break
        except (OSError, ValueError):  # closed under us by close()
            pass
        parts = line.decode("ascii", "replace").split()
        if len(parts) != 3 or parts[0] != "READY":
            self.kill()
            raise ConvertError(
                "không khởi động được LibreOffice (tiến trình chuyển đổi): "
                + (line.decode("utf-8", "replace").strip() or "không có trả lời")
                + f"; Python có uno: {self.pool.uno_python} — hãy chạy «make setup»"
            )
        self.port, self.soffice_pid = int(parts[1]), int(parts[2])

    def kill(self) -> None:
        """Return after SIGKILL went to the whole worker group (worker and soffice)."""
        # Taken first, so that close() (main thread, on Ctrl-C) and a dispatch thread that
        # both kill the worker do not trip over each other.
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
        proc.wait()

    def reset(self) -> None:
        self.kill()

    def close(self) -> None:
        self.kill()

    def convert(self, source: Path, target: Path, timeout_s: float) -> None:
        if self.proc is not None and self.done >= self.pool.recycle_after:
            self.kill()
        if self.proc is None:
            self.start()
        proc = self.proc
        if proc is None or proc.poll() is not None:
            raise _Failure("tiến trình LibreOffice đã dừng", retry=True)
        try:
            _proxy("127.0.0.1", self.port, timeout_s).convert(
                str(Path(source).resolve()), None, str(target.resolve()), "pdf", None, [], False
            )
        except TimeoutError:
            raise _Failure(
                f"LibreOffice quá thời gian {timeout_s:g} giây, đã dừng và khởi động lại", retry=False
            ) from None
        except xmlrpc.client.Fault as exc:
            raise _Failure(f"LibreOffice báo lỗi: {_rpc_reason(exc)}", retry=True) from None
        except (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError) as exc:
            raise _Failure(f"tiến trình LibreOffice bị ngắt ({_rpc_reason(exc)})", retry=True) from None
        finally:
            self.done += 1


class _RemoteEndpoint(_Slot):
    """A unoserver on another host: the DOCX goes as bytes, the PDF comes back as bytes."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.name = f"{host}:{port}"

    def check(self, timeout_s: float) -> None:
        """Return when the endpoint answers with unoserver's API 3; raise ConvertError otherwise."""
        try:
            info = _proxy(self.host, self.port, timeout_s).info()
        except Exception as exc:  # any network or protocol failure means "not reachable"
            raise ConvertError(
                f"không kết nối được máy chuyển đổi {self.name}: {_rpc_reason(exc)}"
            ) from None
        api = info.get("api") if isinstance(info, dict) else None
        if str(api) != API_VERSION:
            raise ConvertError(
                f"máy chuyển đổi {self.name} dùng unoserver API {api}, cần {API_VERSION}"
            )

    def convert(self, source: Path, target: Path, timeout_s: float) -> None:
        data = xmlrpc.client.Binary(Path(source).read_bytes())
        try:
            proxy = _proxy(self.host, self.port, timeout_s)
            result = proxy.convert(None, data, None, "pdf", None, [], False)
        except TimeoutError:
            raise _Failure(
                f"máy chuyển đổi {self.name} quá thời gian {timeout_s:g} giây", retry=False
            ) from None
        except xmlrpc.client.Fault as exc:
            raise _Failure(
                f"máy chuyển đổi {self.name} báo lỗi: {_rpc_reason(exc)}", retry=True
            ) from None
        except (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError) as exc:
            raise _Failure(
                f"mất kết nối với máy chuyển đổi {self.name} ({_rpc_reason(exc)})", retry=True
            ) from None
        # anything but a Binary is no PDF: written empty, it is reported as such
        target.write_bytes(result.data if isinstance(result, xmlrpc.client.Binary) else b"")


_LIVE: weakref.WeakSet[Converter] = weakref.WeakSet()


class Converter:
    """The common shape of every converter (a context manager).

    ``convert_many(paths)`` returns one ``Result`` per path, in order; ``close()`` stops every
    process the converter started. Closed on exit, on exception, at interpreter exit and on
    SIGTERM (turned into SystemExit while a converter is open).
    """

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.stuck_after_s = STUCK_AFTER_S
        self.closing = False
        self.stopping = False  # closed because vanban stops (Ctrl-C, SIGTERM): as fast as it can
        self.slots: list[_Slot] = []
        self._lock = threading.Lock()
        self._prestart: threading.Thread | None = None
        _LIVE.add(self)
        _install_sigterm()

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.stopping = self.stopping or (kind is not None and issubclass(kind, (KeyboardInterrupt, SystemExit)))
        self.close()

    def _ensure_started(self, wanted: int) -> None:
        """Start the slots if needed (at most ``wanted`` of them)."""

    def prestart(self) -> None:
        """Return at once; every slot starts in the background (LibreOffice takes ~2 s to
        start), so that the first conversion finds the workers warm. A worker that cannot
        start is reported by the first ``convert_many``, as without prestart."""
        if self.slots or self.closing or self._prestart is not None:
            return

        def start() -> None:
            with self._lock:
                try:
                    self._ensure_started(self.max_slots())
                except BaseException:  # noqa: S110 — convert_many starts it again and reports why
                    pass

        self._prestart = threading.Thread(target=start, daemon=True)
        self._prestart.start()

    def close(self) -> None:
        """Return after every process this converter started is gone (idempotent)."""
        self.closing = True
        if self._prestart is not None and self._prestart is not threading.current_thread():
            self._prestart.join(START_TIMEOUT_S)  # a worker being started sees ``closing`` and stops
        for slot in self.slots:
            slot.close()
        _LIVE.discard(self)

    def convert_many(self, sources: Iterable[Path], *,
                     on_result: Callable[[int, Result], None] | None = None) -> list[Result]:
        """Return one Result per DOCX in ``sources`` (same order); PDFs go beside the sources.

        ``sources`` may be a generator (e.g. documents still being rendered): each worker
        takes the next one as soon as it is free. ``on_result(k, result)`` is called, in the
        worker's thread, as soon as document k (0-based, in ``sources`` order) is done; what
        it raises stops the batch and is raised here. Documents are spread over the workers; a
        document whose worker crashed is retried once on a fresh worker, after the other
        documents; a timeout kills the worker (not retried: a document that hangs LibreOffice
        costs the timeout once), and while a document is stuck (``stuck_after_s``) and others
        wait, a spare worker takes them (``max_spares``): a stuck document delays only itself. A PDF
        is kept only when it exists and starts with ``%PDF-``, and is moved into place
        atomically. Raises ConvertError when no worker can start or the converter was closed.
        """
        run = _Run(self, sources, on_result)
        first = run.take()
        if first is None:
            if run.failures:
                raise run.failures[0]
            return []
        run.pending.append(first)
        with self._lock:
            self._ensure_started(self.max_slots())
            run.supervise([threading.Thread(target=run.work, args=(slot,), daemon=True) for slot in self.slots])
        if run.failures:
            raise run.failures[0]
        if self.closing:
            raise ConvertError("đã dừng chuyển đổi PDF")
        return [run.results[n] for n in sorted(run.results)]

    def max_slots(self) -> int:
        """Return how many slots this converter runs."""
        return 1

    def max_spares(self) -> int:
        """Return how many spare slots ``convert_many`` may add while documents are stuck."""
        return 0

    def _spare_slot(self) -> _Slot:
        """Return a new slot, started on first use (``max_spares`` > 0 only)."""
        raise NotImplementedError

    def _one(self, slot: _Slot, source: Path, *, retried: bool = False) -> Result | None:
        """Return the result of converting ``source`` on ``slot`` once; None when the worker
        failed in a way a fresh worker may not (a crash) and this was the first try."""
        start = time.monotonic()
        target = source.with_suffix(".pdf")
        attempts = 2 if retried else 1
        try:
            tmp = atomic_target(target)
        except OutputError as exc:  # the output folder cannot take the PDF
            return Result(source, None, exc.message, attempts, time.monotonic() - start)
        try:
            if self.closing:
                return Result(source, None, "đã dừng", attempts, time.monotonic() - start)
            slot.convert(source, tmp, self.timeout_s)
            if not _is_pdf(tmp):
                raise _Failure("LibreOffice báo xong nhưng không tạo ra PDF", retry=True)
            os.replace(tmp, target)
            return Result(source, target, None, attempts, time.monotonic() - start)
        except _Failure as failure:
            # The worker is stopped now; a fresh one starts when this slot is used again, so a
            # hang costs the timeout, not a restart too.
            slot.reset()
            if failure.retry and not retried:
                return None
            return Result(source, None, str(failure), attempts, time.monotonic() - start)
        except ConvertError as exc:  # a fresh worker could not start
            return Result(source, None, str(exc), attempts, time.monotonic() - start)
        finally:
            tmp.unlink(missing_ok=True)


class LocalPool(Converter):
    """N resident LibreOffice workers on this machine, each with its own profile directory.

    ``workers`` defaults to the CPU count; ``timeout_s`` is the limit per document (the worker
    is killed and restarted past it); a worker is recycled after ``recycle_after`` documents
    (LibreOffice grows with use). ``uno_python`` is the Python that has LibreOffice's ``uno``
    module and unoserver (``.venv-uno/bin/python``). Workers start on the first conversion and
    live until ``close()``; the worker folders of vanban processes that died without removing
    theirs are removed when a pool is made. Raises ConvertError when a worker cannot start.
    """

    def __init__(self, *, workers: int | None = None, timeout_s: float = 120.0,
                 recycle_after: int = 200, uno_python: str | Path,
                 worker_script: Path = WORKER_SCRIPT) -> None:
        super().__init__(timeout_s)
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.recycle_after = max(1, recycle_after)
        self.uno_python = str(uno_python)
        self.worker_script = worker_script
        remove_stale_profiles()
        self.base = Path(tempfile.mkdtemp(prefix=pool_prefix()))

    def max_slots(self) -> int:
        return self.workers

    def max_spares(self) -> int:
        return self.workers

    def _spare_slot(self) -> _Slot:
        slot = _LocalWorker(self, len(self.slots))
        self.slots.append(slot)
        return slot

    def _ensure_started(self, wanted: int) -> None:
        if self.slots or self.closing:
            return
        if not Path(self.uno_python).exists():
            raise ConvertError(
                f"không tìm thấy Python có uno ({self.uno_python}); hãy chạy «make setup»"
            )
        if not shutil.which(os.environ.get("VANBAN_SOFFICE", "soffice")):
            raise ConvertError("không tìm thấy LibreOffice (soffice); hãy chạy «make setup»")
        slots = [_LocalWorker(self, i) for i in range(min(self.workers, wanted))]
        self.slots = list(slots)
        errors: list[BaseException] = []

        def start(worker: _LocalWorker) -> None:
            try:
                worker.start()
            except BaseException as exc:  # re-raised below in the calling thread
                errors.append(exc)

        threads = [threading.Thread(target=start, args=(w,), daemon=True) for w in slots]
        for t in threads:
            t.start()
        for t in threads:
            while t.is_alive():
                t.join(0.2)
        if errors:
            raise errors[0]

    def close(self) -> None:
        super().close()
        if self.stopping:  # not waited for: what is left is removed by the next run (remove_stale_profiles)
            threading.Thread(target=shutil.rmtree, args=(self.base, True), daemon=True).start()
        else:
            shutil.rmtree(self.base, ignore_errors=True)

    def worker_pids(self) -> list[tuple[int, int]]:
        """Return (worker pid, soffice pid) of each running worker."""
        return [(w.proc.pid, w.soffice_pid) for w in self.slots
                if isinstance(w, _LocalWorker) and w.proc is not None]


class _Run:
    """One ``Converter.convert_many`` batch: the documents fed, taken by the workers' threads,
    their results, the failures to re-raise and the retries (lượt chuyển PDF)."""

    def __init__(self, pool: Converter, sources: Iterable[Path],
                 on_result: Callable[[int, Result], None] | None) -> None:
        self.pool, self.on_result = pool, on_result
        self.feed = enumerate(Path(s) for s in sources)
        self.lock = threading.Lock()
        self.results: dict[int, Result] = {}
        self.failures: list[BaseException] = []
        self.pending: list[tuple[int, Path]] = []
        self.retries: list[tuple[int, Path]] = []  # failed once on a worker that crashed: tried after the rest
        self.spent: dict[int, float] = {}  # seconds of a retried document's first try
        self.busy: dict[int, float] = {}  # slot (by id) → when it took its current document
        self.fed_all = threading.Event()

    def take(self) -> tuple[int, Path] | None:
        """Return the next document to convert (a pending one, the next fed, then a retry), or None."""
        with self.lock:
            if self.failures:
                return None
            if self.pending:
                return self.pending.pop()
            if not self.fed_all.is_set():
                try:
                    return next(self.feed)
                except StopIteration:
                    self.fed_all.set()
                except BaseException as exc:  # the producer failed: stop, re-raise below
                    self.failures.append(exc)
                    return None
            return self.retries.pop(0) if self.retries else None

    def _convert(self, slot: _Slot, n: int, source: Path) -> Result | None:
        began = self.busy[id(slot)] = time.monotonic()
        try:
            problem = check_docx(source)
            if problem:
                return Result(source, None, problem, attempts=0)
            result = self.pool._one(slot, source, retried=n in self.spent)
        finally:
            self.busy.pop(id(slot), None)
        if result is None:  # the worker crashed: a fresh one tries again after the others
            with self.lock:
                self.spent[n] = time.monotonic() - began
                self.retries.append((n, source))
        return result

    def work(self, slot: _Slot) -> None:
        """Convert documents on ``slot`` until none is left (a worker's thread)."""
        while not self.pool.closing:
            item = self.take()
            if item is None:
                return
            n, source = item
            result = self._convert(slot, n, source)
            if result is None:
                continue
            self.results[n] = dataclasses.replace(result, seconds=result.seconds + self.spent.get(n, 0.0))
            if self.on_result is not None:
                try:
                    self.on_result(n, self.results[n])
                except BaseException as exc:  # re-raised in the calling thread
                    self.failures.append(exc)
                    return

    def supervise(self, threads: list[threading.Thread]) -> None:
        """Run ``threads`` to the end; while a document is stuck and others wait, start a spare
        worker for them (at most ``max_spares``): a stuck document delays only itself."""
        for thread in threads:
            thread.start()
        spares = 0
        while alive := [t for t in threads if t.is_alive()]:
            alive[0].join(0.2)
            now = time.monotonic()
            stuck = sum(now - since > self.pool.stuck_after_s for since in list(self.busy.values()))
            more = not self.fed_all.is_set() or self.pending or self.retries
            if (stuck and more and len(self.busy) >= sum(t.is_alive() for t in threads)
                    and spares < self.pool.max_spares() and not self.pool.closing and not self.failures):
                spares += 1
                thread = threading.Thread(target=self.work, args=(self.pool._spare_slot(),), daemon=True)
                threads.append(thread)
                thread.start()


class RemoteConverter(Converter):
    """Converter hosts elsewhere: unoservers at ``endpoints`` ("host:port", comma-separated).

    Each endpoint converts one document at a time; documents are spread over them. The
    DOCX is sent as bytes, so the hosts need no shared disk. ``timeout_s`` is per document
    (a remote host that hangs is reported, not killed: give its unoserver
    ``--conversion-timeout``). Raises ConvertError for a malformed or unreachable endpoint.
    """

    def __init__(self, endpoints: str, *, timeout_s: float = 120.0) -> None:
        super().__init__(timeout_s)
        self.endpoints = parse_endpoints(endpoints)

    def max_slots(self) -> int:
        return len(self.endpoints)

    def _ensure_started(self, wanted: int) -> None:
        if self.slots:
            return
        slots = [_RemoteEndpoint(h, p) for h, p in self.endpoints]
        for slot in slots:
            slot.check(min(self.timeout_s, 10.0))
        self.slots = list(slots)


def parse_endpoints(text: str) -> list[tuple[str, int]]:
    """Return [(host, port)] from "host:port[,host:port…]"; raise ConvertError when malformed."""
    found = []
    for part in (p.strip() for p in text.split(",")):
        host, sep, port = part.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ConvertError(
                f"địa chỉ máy chuyển đổi «{part}» không hợp lệ; cần dạng máy:cổng, "
                "ví dụ 10.0.0.5:2003"
            )
        found.append((host.strip("[]"), int(port)))
    return found


def _close_all() -> None:
    for conv in list(_LIVE):
        conv.close()


_sigterm_installed = False


def _install_sigterm() -> None:
    """Make SIGTERM raise SystemExit in the main thread, so that open converters close."""
    global _sigterm_installed
    if _sigterm_installed or threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        def _on_term(signum: int, frame: object) -> None:
            for conv in list(_LIVE):
                conv.stopping = True
            _close_all()
            raise SystemExit(128 + signum)

        signal.signal(signal.SIGTERM, _on_term)
    _sigterm_installed = True


atexit.register(_close_all)
