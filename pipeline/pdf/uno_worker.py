"""One resident LibreOffice worker: a headless soffice and a small XML-RPC server in front of it.

Run by ``pipeline.pdf.pool`` under the Python that has LibreOffice's ``uno`` module (Debian's
python3-uno, in ``.venv-uno``), never imported by the main program. The conversion itself is
unoserver's ``UnoConverter``; the server speaks unoserver's XML-RPC API 3 (``info``,
``convert``), so the pool's client talks to a local worker and to a remote ``unoserver`` alike.

Usage: ``python uno_worker.py PROFILE_DIR``. The worker prints ``READY <rpc port> <soffice pid>``
on standard output once LibreOffice answers, and kills its whole process group (itself and
soffice) when standard input closes (the parent exited, even by SIGKILL) or soffice dies.
Only the standard library and unoserver are imported here.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import xmlrpc.client
import xmlrpc.server
from collections.abc import Sequence
from pathlib import Path

API_VERSION = "3"  # unoserver's XML-RPC API version
START_TIMEOUT_S = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _die(*_: object) -> None:
    os.killpg(os.getpgid(0), signal.SIGKILL)


def _watch_stdin() -> None:
    while sys.stdin.buffer.read(4096):
        pass
    _die()


def _watch(proc: subprocess.Popen[bytes]) -> None:
    proc.wait()
    _die()


def main(profile: Path) -> None:
    """Start soffice with ``profile`` as its user installation and serve conversions forever."""
    from unoserver.converter import UnoConverter

    signal.signal(signal.SIGTERM, _die)
    uno_port = _free_port()
    office = subprocess.Popen(
        [
            os.environ.get("VANBAN_SOFFICE", "soffice"),
            "--headless", "--invisible", "--nocrashreport", "--nodefault", "--nologo",
            "--nofirststartwizard", "--norestore", "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=socket,host=127.0.0.1,port={uno_port},tcpNoDelay=1;urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "HOME": str(profile.parent)},
    )
    threading.Thread(target=_watch_stdin, daemon=True).start()
    threading.Thread(target=_watch, args=(office,), daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            conv = UnoConverter(interface="127.0.0.1", port=str(uno_port))
            break
        except Exception:  # uno raises NoConnectException until soffice listens
            if time.monotonic() > deadline:
                print("FAILED LibreOffice did not answer", flush=True)
                _die()
            time.sleep(0.05)

    server = xmlrpc.server.SimpleXMLRPCServer(
        ("127.0.0.1", 0), allow_none=True, logRequests=False
    )

    def info() -> dict[str, object]:
        return {"unoserver": "vanban-worker", "api": API_VERSION,
                "import_filters": {}, "export_filters": {}}

    def convert(inpath: str | None = None, indata: xmlrpc.client.Binary | None = None,
                outpath: str | None = None, convert_to: str | None = None, filtername: str | None = None,
                filter_options: Sequence[str] = (), update_index: bool = True, infiltername: str | None = None,
                password: str | None = None) -> bytes | None:
        """Return the converted document's bytes (None when written to ``outpath``): unoserver's
        ``convert`` of API 3, the document sent as ``indata`` or named by ``inpath``."""
        result: bytes | None = conv.convert(inpath, indata.data if indata is not None else None, outpath,
                                            convert_to, filtername, list(filter_options), update_index,
                                            infiltername, password)
        return result

    server.register_function(info)
    server.register_function(convert)
    print(f"READY {server.server_address[1]} {office.pid}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
