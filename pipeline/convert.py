"""LibreOffice adapter: DOCX → PDF in a headless soffice with its own profile and a timeout."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import ConvertError

DEFAULT_TIMEOUT_S = 120.0


def soffice_binary() -> str:
    """Return the path of LibreOffice's ``soffice``; raise ConvertError when it is missing."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ConvertError("không tìm thấy LibreOffice (soffice); hãy chạy «make setup»")
    return found


def convert_to_pdf(
    sources: Sequence[Path], *, timeout_s: float = DEFAULT_TIMEOUT_S
) -> list[Path]:
    """Return the PDFs made from the DOCX ``sources``, each written beside its source.

    One soffice process converts the whole batch (start-up costs ~1 s, paid once), with a
    throw-away profile directory so that it never collides with a running LibreOffice.
    The process group is killed after ``timeout_s`` seconds. soffice exits 0 even when it
    fails, so each PDF is checked to exist and to be non-empty. PDFs are moved into place
    atomically. Raises ConvertError naming every document that failed.
    """
    if not sources:
        return []
    soffice = soffice_binary()
    with tempfile.TemporaryDirectory(prefix="vanban-lo-") as work:
        profile = Path(work) / "profile"
        outdir = Path(work) / "out"
        indir = Path(work) / "in"
        outdir.mkdir()
        indir.mkdir()
        # Sources are staged under unique names: two "ke-hoach.docx" from different campaigns
        # would otherwise overwrite each other's PDF in the shared --outdir.
        staged = [indir / f"{n:05d}.docx" for n in range(len(sources))]
        for source, stage in zip(sources, staged):
            try:
                shutil.copyfile(source, stage)
            except OSError as exc:
                raise ConvertError(f"không đọc được {source}: {exc.strerror}") from None
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "pdf:writer_pdf_Export",
            "--outdir", str(outdir),
            *[str(s) for s in staged],
        ]
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "HOME": work},
        )
        try:
            log, _ = proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ConvertError(
                f"LibreOffice quá thời gian {timeout_s:.0f} giây khi chuyển "
                f"{', '.join(str(s) for s in sources)} sang PDF"
            ) from None
        results, failed = [], []
        for source, stage in zip(sources, staged):
            made = outdir / (stage.stem + ".pdf")
            target = Path(source).with_suffix(".pdf")
            if not made.exists() or made.stat().st_size == 0:
                failed.append(str(source))
                continue
            tmp = target.with_name(f".{target.name}.tmp")
            shutil.move(made, tmp)
            os.replace(tmp, target)
            results.append(target)
        if failed:
            text = log.decode("utf-8", "replace").strip()[-500:]
            raise ConvertError(
                f"LibreOffice không tạo được PDF cho: {', '.join(failed)}"
                f" (mã thoát {proc.returncode}; {text or 'không có thông báo'})"
            )
        return results
