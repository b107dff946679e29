"""The render and convert stages at their borders: strict templates, atomic files, LibreOffice
failures turned into clear errors."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from pipeline.docx.render import render_docx
from pipeline.errors import ConvertError, RenderError
from pipeline.pdf.convert import convert_to_pdf
from pipeline.pdf.pool import pool_prefix
from tests.conftest import Built


def _template(tmp_path: Path, *lines: str) -> Path:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    path = tmp_path / "t.docx"
    doc.save(str(path))
    return path


def test_missing_value_is_an_error_not_a_blank(tmp_path: Path) -> None:
    template = _template(tmp_path, "Kính gửi: {{ greeting }}", "{{ signer_name }}")
    with pytest.raises(RenderError, match=r"dùng biến không có trong dữ liệu: greeting"):
        render_docx(template, {"signer_name": "A"}, tmp_path / "out" / "x.docx")
    assert not (tmp_path / "out" / "x.docx").exists()


def test_missing_attribute_is_an_error(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ signer.nickname }}")
    with pytest.raises(RenderError, match="nickname"):
        render_docx(template, {"signer": {"name": "A"}}, tmp_path / "x.docx")


def test_a_title_longer_than_a_document_property_is_cut_not_a_crash(tmp_path: Path) -> None:
    subject = "Về việc khen thưởng " + "tập thể và cá nhân có thành tích xuất sắc " * 10
    out = render_docx(_template(tmp_path, "{{ a }}"), {"a": subject}, tmp_path / "x.docx",
                      title=subject, author="Ban Quản lý Khu kinh tế Hải Phòng")
    doc = Document(str(out))
    assert doc.core_properties.title == subject[:254] + "…" and len(doc.core_properties.title) == 255
    assert doc.paragraphs[0].text == subject.replace(" - ", "\u00a0- ")  # the text itself is whole


def test_values_are_data_never_template_code(tmp_path: Path) -> None:
    template = _template(tmp_path, "{{ a }}", "{{ b }}")
    out = render_docx(template, {"a": "{{ 7*7 }} & <x>", "b": '{% for i in "ab" %}{{ i }}{% endfor %}'},
                      tmp_path / "x.docx")
    assert [p.text for p in Document(str(out)).paragraphs] == ["{{ 7*7 }} & <x>",
                                                               '{% for i in "ab" %}{{ i }}{% endfor %}']


def test_markup_filter_emphasis_becomes_runs(tmp_path: Path) -> None:
    # the marks of a YAML field documented to take them (README "Chữ đậm **…**"): {{ text|markup }}
    template = _template(tmp_path, "{{ b|markup }}")
    out = render_docx(template, {"b": "- **Đợt 1:** Từ *ngày* & <hết>"}, tmp_path / "x.docx")
    (para,) = Document(str(out)).paragraphs
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in para.runs if r.text] == [
        ("- ", False, False), ("Đợt 1:", True, False), (" Từ ", False, False), ("ngày", False, True),
        (" & <hết>", False, False),
    ]


def test_broken_template_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(RenderError, match=f"không đọc được mẫu {bad}"):
        render_docx(bad, {}, tmp_path / "x.docx")
    unbalanced = _template(tmp_path, "{% if a %}", "x")
    with pytest.raises(RenderError):
        render_docx(unbalanced, {"a": 1}, tmp_path / "y.docx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hong.docx", "t.docx"]


def test_no_temporary_files_are_left_beside_outputs(built: Built) -> None:
    made = sorted(p.name for p in built.docx.parent.iterdir())
    assert made == [".vanban-build.json", "ke-hoach.docx", "ke-hoach.pdf"]


def test_same_named_documents_in_one_batch_keep_their_own_pdf(built: Built) -> None:
    # regression: two ke-hoach.docx converted together overwrote each other's PDF
    assert built.docx.name == built.hostile_docx.name
    own = PdfReader(str(built.pdf)).pages[-1].extract_text()
    other = PdfReader(str(built.hostile_pdf)).pages[-1].extract_text()
    assert "Nguyễn Quang Minh" in own and "Nguyễn Quang Minh" not in other


def test_timeout_kills_libreoffice_and_says_so(built: Built, tmp_path: Path) -> None:
    copy = tmp_path / "a.docx"
    copy.write_bytes(built.docx.read_bytes())
    with pytest.raises(ConvertError, match=r"quá thời gian"):
        convert_to_pdf([copy], timeout_s=0.05)
    assert not copy.with_suffix(".pdf").exists()
    left = subprocess.run(["pgrep", "-f", pool_prefix()], capture_output=True, text=True).stdout
    assert left == ""


def test_a_document_libreoffice_cannot_open_is_a_failure(tmp_path: Path) -> None:
    broken = tmp_path / "hong.docx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("word/document.xml", "<not-xml")
    with pytest.raises(ConvertError, match=f"LibreOffice không tạo được PDF cho: {broken}"):
        convert_to_pdf([broken], timeout_s=60)
    assert not broken.with_suffix(".pdf").exists()


def test_missing_source_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConvertError, match="không đọc được"):
        convert_to_pdf([tmp_path / "khong-co.docx"])


def test_missing_libreoffice_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ConvertError, match="không tìm thấy LibreOffice"):
        convert_to_pdf([tmp_path / "x.docx"])
