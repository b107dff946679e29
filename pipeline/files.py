"""Atomic file writing: every output is written to a temporary file beside it, then renamed."""

from __future__ import annotations

import errno
import os
import tempfile
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_target(target: Path) -> Path:
    """Return a fresh temporary path beside ``target`` (same folder, so rename is atomic),
    readable as any new file would be (mode 0666 less the umask, not mkstemp's 0600).

    Raises OutputError, in Vietnamese, when the folder cannot be made or written to, or
    when ``target`` is a folder.
    """
    try:
        if target.is_dir():
            raise OutputError(f"không ghi được {target}: đã có một thư mục trùng tên; hãy đổi tên hoặc xóa nó")
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
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
    return Path(tmp)
