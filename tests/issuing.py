"""Helpers for register tests: many drafts with their own identity, made without re-rendering."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipeline.docx.stamp import IDENTITY, KIND
from pipeline.nd30 import vi

CUSTOM = "docProps/custom.xml"


def clone(source: Path, target: Path, *, identity: str, kind: vi.DocumentKind | None = None,
          replace: dict[str, str] | None = None) -> Path:
    """Return ``target``: a copy of the draft ``source`` with another vanban.identity (and
    kind), and ``replace`` applied to the text of word/document.xml (e.g. another symbol)."""
    with zipfile.ZipFile(source) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info.filename == CUSTOM:
                text = data.decode("utf-8")
                start = text.index(f'name="{IDENTITY}"')
                value_start = text.index("<vt:lpwstr>", start) + len("<vt:lpwstr>")
                value_end = text.index("</vt:lpwstr>", value_start)
                text = text[:value_start] + identity + text[value_end:]
                if kind is not None:
                    start = text.index(f'name="{KIND}"')
                    value_start = text.index("<vt:lpwstr>", start) + len("<vt:lpwstr>")
                    value_end = text.index("</vt:lpwstr>", value_start)
                    text = text[:value_start] + kind.name + text[value_end:]
                data = text.encode("utf-8")
            elif info.filename == "word/document.xml" and replace:
                text = data.decode("utf-8")
                for old, new in replace.items():
                    assert old in text, old
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            zout.writestr(info, data)
    return target


def drafts(source: Path, folder: Path, count: int, *, prefix: str = "vb") -> list[Path]:
    """Return ``count`` clones of ``source`` in ``folder``, identities "<prefix>/<n>"."""
    return [clone(source, folder / f"{prefix}-{n:04d}.docx", identity=f"{prefix}/{n:04d}")
            for n in range(1, count + 1)]
