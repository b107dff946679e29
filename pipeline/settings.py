"""Settings and outside paths, in one object that tests can swap."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where vanban finds its templates and how it runs LibreOffice.

    ``templates_dir`` defaults to the repository's ``templates/`` (or $VANBAN_TEMPLATES);
    ``convert_timeout_s`` is the LibreOffice time limit per document, in seconds (the worker
    is killed and restarted past it).

    The converter (``pipeline.pdf.pool``) is a local pool of ``converter_workers`` resident
    LibreOffice workers (0: one per CPU core; $VANBAN_WORKERS), each recycled after
    ``converter_recycle_after`` documents, run by ``uno_python`` (the Python with LibreOffice's
    ``uno``: ``.venv-uno/bin/python`` or $VANBAN_UNO_PYTHON) — unless ``converter_remote`` names
    unoserver endpoints "host:port[,host:port…]" ($VANBAN_CONVERTER), which are used instead.
    """

    templates_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("VANBAN_TEMPLATES", ROOT / "templates"))
    )
    convert_timeout_s: float = 120.0
    converter_workers: int = field(
        default_factory=lambda: int(os.environ.get("VANBAN_WORKERS", "").strip() or 0)
        if os.environ.get("VANBAN_WORKERS", "").strip().isdigit() else 0  # the CLI explains a bad value
    )
    converter_recycle_after: int = 200
    converter_remote: str = field(default_factory=lambda: os.environ.get("VANBAN_CONVERTER", ""))
    uno_python: Path = field(
        default_factory=lambda: Path(
            os.environ.get("VANBAN_UNO_PYTHON", ROOT / ".venv-uno" / "bin" / "python")
        )
    )

    def template(self, name: str) -> Path:
        """Return the path of template ``name`` (e.g. "ke-hoach.docx")."""
        return self.templates_dir / name
