"""vanban's default templates are written from their text sources (templates/nguon/*.txt,
pipeline.docx.source) by ``make templates``: the committed DOCX says exactly what its source
says, and a source that names an unknown style or directive is refused with its line."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from pipeline.docx.frame import TEMPLATES, build_kind
from pipeline.docx.source import SourceError, parse, runs

SOURCES = sorted((TEMPLATES / "nguon").glob("[!_]*.txt"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_the_committed_template_is_its_source(source: Path, tmp_path: Path) -> None:
    made = tmp_path / f"{source.stem}.docx"
    build_kind(source, made)
    committed = TEMPLATES / f"{source.stem}.docx"
    with zipfile.ZipFile(made) as new, zipfile.ZipFile(committed) as old:
        parts = {"word/document.xml", "word/styles.xml", *(n for n in new.namelist() if n.startswith("word/header"))}
        assert parts <= set(old.namelist()), f"{committed.name} — chạy make templates"
        for part in sorted(parts):
            assert new.read(part) == old.read(part), f"{committed.name}: {part} — chạy make templates"


def test_emphasis_is_read_outside_tags_only() -> None:
    assert [(r.text, r.bold) for r in runs("**Điều {{ 3 if money.total else 2 }}.** Quyết định {{ a * b }}")] == [
        ("Điều {{ 3 if money.total else 2 }}.", True), (" Quyết định {{ a * b }}", False)]


@pytest.mark.parametrize(("line", "says"), [
    ("[Không có kiểu] chữ", "không có kiểu «Không có kiểu»"),
    ("chữ không có kiểu", "dòng phải bắt đầu bằng [Tên kiểu]"),
    ("@lạ", "không hiểu lệnh '@lạ'"),
    ("@bảng 15 giữa | 20 lệch", "cột bảng viết «rộng căn»"),
])
def test_a_bad_source_line_is_named(tmp_path: Path, line: str, says: str) -> None:
    source = tmp_path / "x.txt"
    source.write_text(f"# chú thích\n{line}\n", encoding="utf-8")
    with pytest.raises(SourceError, match=re.escape(f"x.txt:2: {says}")):
        parse(source)
