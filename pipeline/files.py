"""Atomic file writing: every output is written to a temporary file beside it, then renamed.

A temporary file's name carries the id of the process writing it (``.ke-hoach.~vb4242-x1y2z3w4.pdf``),
so that one left behind by a process that was killed (SIGKILL, power cut) is recognised and
removed by the next run writing to the same folder (``remove_stale_temporaries``), while those
of a live concurrent process are left alone.
"""

from __future__ import annotations

import atexit
import errno
import os
import re
import tempfile
import threading
from pathlib import Path

from pipeline.errors import OutputError

_REASONS = {
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EEXIST: "đã có một tệp trùng tên",
    errno.EISDIR: "đã có một thư mục trùng tên",
}


def os_reason(exc: OSError) -> str:
    """Return why the system refused a file operation, in Vietnamese (the English
    ``strerror`` when the cause is not one a clerk meets)."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


_TEMPORARY = re.compile(r"^\..*\.~vb(\d+)-[a-z0-9_]{8}(\.[^.]*)?$")
_swept: set[Path] = set()


def process_alive(pid: int) -> bool:
    """Return True when process ``pid`` runs (this one, or another, even another user's; not
    a zombie)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:  # not a process id at all
        return False
    try:  # a zombie (killed, not yet reaped by its parent) is gone too
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def remove_stale_temporaries(folder: Path, *, recursive: bool = False) -> list[Path]:
    """Return the temporary files (made by ``atomic_target``) removed from ``folder`` (and its
    subfolders when ``recursive``): those whose writing process is gone."""
    removed = []
    try:
        paths = folder.rglob(".*.~vb*") if recursive else folder.glob(".*.~vb*")
        for path in paths:
            match = _TEMPORARY.match(path.name)
            if match and not process_alive(int(match[1])) and path.is_file():
                path.unlink(missing_ok=True)
                removed.append(path)
    except OSError:  # a folder that cannot be read: what is written there reports it
        pass
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_target(target: Path) -> Path:
    """Return a fresh temporary path beside ``target`` (same folder, so rename is atomic),
    readable as any new file would be (mode 0666 less the umask, not mkstemp's 0600). The
    first time a folder is written to, what killed processes left there is removed.

    Raises OutputError, in Vietnamese, when the folder cannot be made or written to, or
    when ``target`` is a folder, or when the process is ending (``abandon_writes``).
    """
    if _CLOSING.is_set():  # a thread still rendering while vanban stops writes nothing more
        raise OutputError(f"không ghi {target}: vanban đang dừng")
    try:
        if target.is_dir():
            raise OutputError(f"không ghi được {target}: đã có một thư mục trùng tên; hãy đổi tên hoặc xóa nó")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.parent not in _swept:
            _swept.add(target.parent)
            remove_stale_temporaries(target.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.~vb{os.getpid()}-", suffix=target.suffix,
                                   dir=target.parent)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(
            f"không ghi được {target}: một phần của đường dẫn là tệp, không phải thư mục; hãy chọn --out khác"
        ) from None
    except PermissionError:
        raise OutputError(
            f"không có quyền ghi vào {target.parent}; hãy chọn --out khác hoặc cấp quyền ghi"
        ) from None
    except OSError as exc:
        raise OutputError(f"không ghi được {target}: {os_reason(exc)}") from None
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())
    _LIVE.add(Path(tmp))
    return Path(tmp)


_LIVE: set[Path] = set()
"""Every temporary path this process made (renamed or removed ones are gone from the disk)."""
_CLOSING = threading.Event()


@atexit.register
def abandon_writes() -> None:
    """At exit (Ctrl-C, SIGTERM, an error): remove the temporary files this process still has
    (a render thread stopped in the middle of a document) and refuse new ones, so that nothing
    half-written is left beside the outputs."""
    _CLOSING.set()
    for path in list(_LIVE):
        path.unlink(missing_ok=True)
