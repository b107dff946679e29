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
    ``convert_timeout_s`` is the LibreOffice time limit per batch, in seconds.
    """

    templates_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("VANBAN_TEMPLATES", ROOT / "templates"))
    )
    convert_timeout_s: float = 120.0

    def template(self, name: str) -> Path:
        """Return the path of template ``name`` (e.g. "van-ban.docx")."""
        return self.templates_dir / name
