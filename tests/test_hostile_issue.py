"""Hostile documents and registers given to ``vanban issue`` (issue 17): a broken DOCX is a
Vietnamese message, a register path is never followed blindly, and a number given is always
said on the last line of stdout — even when the PDF then fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.build.engine import build_plan
from pipeline.campaign.load import load_campaign
from pipeline.docx.stamp import REGISTER, read_draft
from pipeline.errors import DataError
from pipeline.register.outgoing import Register
from tests.conftest import REPO

VANBAN = REPO / ".venv" / "bin" / "vanban"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="vanban")
    return result.exit_code, result.output


@pytest.fixture()
def plan_docx(campaign_copy: Path, tmp_path: Path) -> Path:
    """Return a fresh draft plan of the sample campaign (no PDF)."""
    return build_plan(campaign_copy, tmp_path / "out", pdf=False).docx


def _rewrite(docx: Path, part: str, edit) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(docx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[part] = edit(parts[part])
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_broken_custom_properties_part_is_a_located_error(plan_docx: Path) -> None:
    """It was an lxml XMLSyntaxError traceback (in stamp.py)."""
    _rewrite(plan_docx, "docProps/custom.xml", lambda xml: xml[: len(xml) // 2])
    code, output = invoke("issue", str(plan_docx), "--date", "2024-11-15", "--no-pdf")
    assert (code, output) == (6, (
        f"Lỗi: {plan_docx}: phần thuộc tính tùy chỉnh (docProps/custom.xml) của tệp DOCX bị hỏng — hãy soạn lại "
        "văn bản bằng vanban rồi cấp số\n"))


@pytest.mark.parametrize(("content", "why"), [
    (b"Day khong phai Word", "không phải tệp DOCX (Word) thật: không phải tệp nén Office Open XML"),
    (None, "tệp DOCX hỏng, không đọc được — mở bằng Word rồi lưu lại"),
], ids=["text", "zip-without-document"])
def test_a_file_that_is_not_a_docx_is_said_in_vietnamese(tmp_path: Path, content: bytes | None, why: str) -> None:
    """python-docx says "Package not found at …" or a KeyError: neither reaches the clerk."""
    path = tmp_path / "van-ban.docx"
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
    else:
        path.write_bytes(content)
    code, output = invoke("issue", str(path), "--date", "2024-11-15", "--no-pdf")
    assert (code, output) == (6, f"Lỗi: {path}: {why}\n")
    assert "Package" not in output and "Traceback" not in output


def _register_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith("  register_file:"))


def test_a_nul_in_register_file_is_a_located_error(campaign_copy: Path) -> None:
    """It was "ValueError: embedded null byte"."""
    path = campaign_copy / "campaign.yaml"
    text = path.read_text(encoding="utf-8").replace("  place: Hải Phòng ", '  register_file: "so\\0.sqlite"\n'
                                                    "  place: Hải Phòng ", 1)
    path.write_text(text, encoding="utf-8")
    code, output = invoke("plan", str(campaign_copy), "--no-pdf")
    assert (code, output) == (2, (
        "Lỗi: dữ liệu có 1 lỗi, chưa tạo văn bản nào:\n"
        f"  - {path}:{_register_line(path)}: issuer.register_file: đường dẫn có ký tự điều khiển (mã 0x00) — "
        "Cách sửa: gõ lại đường dẫn, chỉ gồm chữ, số, «/», «-», «.»\n"))


@pytest.mark.parametrize("where", ["../so-chung.sqlite", "/tmp/so-chung.sqlite", "a/../../so-chung.sqlite"])
def test_a_register_outside_the_campaign_must_be_written_as_such(campaign_copy: Path, where: str) -> None:
    path = campaign_copy / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  place: Hải Phòng ", f"  register_file: {where}\n  place: Hải Phòng ", 1),
                    encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_campaign(campaign_copy)
    assert [str(p) for p in caught.value.problems] == [
        (f"{path}:{_register_line(path)}: issuer.register_file: sổ đăng ký văn bản đi «{where}» ở ngoài thư mục "
         "phong trào — Cách sửa: nếu đúng là sổ dùng chung của nhiều phong trào, thêm dòng «register_outside: "
         "true» trong issuer; nếu không, ghi đường dẫn trong thư mục phong trào")]
    path.write_text(text.replace("  place: Hải Phòng ", f"  register_file: {where}\n  register_outside: true\n"
                                 "  place: Hải Phòng ", 1), encoding="utf-8")
    assert load_campaign(campaign_copy).issuer.register_file == where


def test_the_register_is_written_relative_to_the_document(plan_docx: Path, campaign_copy: Path) -> None:
    draft = read_draft(plan_docx)
    assert not Path(draft.register_written).is_absolute()
    assert draft.register == (campaign_copy / "so-van-ban.sqlite").resolve()


def test_an_absolute_register_path_inside_a_docx_is_not_followed(plan_docx: Path, tmp_path: Path) -> None:
    """A DOCX received from elsewhere may name any file on disk: vanban opens it only when
    the user names it with --register."""
    elsewhere = tmp_path / "khac" / "so.sqlite"
    written = read_draft(plan_docx).register_written
    _rewrite(plan_docx, "docProps/custom.xml", lambda xml: xml.replace(written.encode(), str(elsewhere).encode()))
    assert read_draft(plan_docx).register_written == str(elsewhere)
    code, output = invoke("issue", str(plan_docx), "--date", "2024-11-15", "--no-pdf")
    assert (code, output) == (6, (
        f"Lỗi: {plan_docx}: văn bản ghi sổ đăng ký bằng đường dẫn tuyệt đối {elsewhere}; vanban không tự theo "
        f"đường dẫn tuyệt đối ghi trong văn bản — nếu đúng sổ này, chạy lại với --register {elsewhere}\n"))
    assert not elsewhere.parent.exists()
    code, output = invoke("issue", str(plan_docx), "--date", "2024-11-15", "--no-pdf", "--register", str(elsewhere))
    assert (code, output.splitlines()[-1]) == (0, "01/KH-BQL") and elsewhere.exists()


def test_a_moved_document_does_not_open_a_new_register_somewhere(plan_docx: Path, tmp_path: Path) -> None:
    moved = tmp_path / "chuyen" / "ke-hoach.docx"
    moved.parent.mkdir(parents=True)
    shutil.move(plan_docx, moved)
    draft = read_draft(moved)
    code, output = invoke("issue", str(moved), "--date", "2024-11-15", "--no-pdf")
    assert (code, output) == (6, (
        f"Lỗi: {moved}: không thấy sổ đăng ký {draft.register} (đường dẫn ghi trong văn bản, tính từ thư mục của "
        "văn bản; văn bản đã bị chuyển chỗ?) — chỉ ra sổ bằng --register TỆP_SỔ\n"))


def test_the_register_taken_from_the_document_is_shown(plan_docx: Path, campaign_copy: Path) -> None:
    code, output = invoke("issue", str(plan_docx), "--date", "2024-11-15", "--no-pdf")
    register = (campaign_copy / "so-van-ban.sqlite").resolve()
    assert (code, output) == (0, (
        f"Đã cấp số: 01/KH-BQL ngày 15/11/2024 — {plan_docx.resolve()}\nSổ đăng ký: {register}\n01/KH-BQL\n"))


def test_the_number_is_said_when_the_pdf_then_fails(plan_docx: Path, campaign_copy: Path) -> None:
    """The number is given, stamped and registered, then LibreOffice cannot start (a worker
    configured with a program that is not the Python with uno): the last line of stdout is
    still the number, the error goes to stderr with exit code 4."""
    env = {**os.environ, "VANBAN_UNO_PYTHON": "/bin/false", "VANBAN_WORKERS": "1"}
    done = subprocess.run([str(VANBAN), "issue", str(plan_docx), "--date", "2024-11-15"], capture_output=True,
                          text=True, env=env, timeout=120, cwd=REPO, check=False)
    register = (campaign_copy / "so-van-ban.sqlite").resolve()
    assert (done.returncode, done.stdout) == (4, (
        f"Đã cấp số: 01/KH-BQL ngày 15/11/2024 — {plan_docx.resolve()}\nSổ đăng ký: {register}\n01/KH-BQL\n"))
    assert done.stderr == ("Lỗi: không khởi động được LibreOffice (tiến trình chuyển đổi): không có trả lời; "
                           "Python có uno: /bin/false — hãy chạy «make setup»\n")
    with Register.open(register, create=False) as book:
        [record] = book.records()
    assert (record.reference, record.pending, record.pdf_sha256) == ("01/KH-BQL", False, None)


def test_the_register_property_is_written_by_vanban() -> None:
    assert REGISTER == "vanban.register"


def test_a_register_that_is_not_sqlite_is_said_in_vietnamese(plan_docx: Path, tmp_path: Path) -> None:
    """SQLite says "file is not a database"; the clerk reads Vietnamese."""
    book = tmp_path / "so.sqlite"
    book.write_text("day khong phai so\n" * 100, encoding="utf-8")
    code, output = invoke("issue", str(plan_docx), "--date", "2024-11-15", "--no-pdf", "--register", str(book))
    assert (code, output) == (6, (f"Lỗi: không mở được sổ đăng ký văn bản đi {book}: tệp không phải sổ đăng ký "
                                 "(SQLite) hoặc đã hỏng\n"))


def test_a_template_that_is_not_a_docx_is_said_in_vietnamese(campaign_copy: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """python-docx says "Package not found at …"; the clerk reads Vietnamese."""
    templates = Path(shutil.copytree(REPO / "templates", tmp_path / "mau"))
    (templates / "ke-hoach.docx").write_text("khong phai Word", encoding="utf-8")
    monkeypatch.setenv("VANBAN_TEMPLATES", str(templates))
    code, output = invoke("plan", str(campaign_copy), "--no-pdf", "--out", str(tmp_path / "ra"))
    template = templates / "ke-hoach.docx"
    assert (code, output) == (3, (
        f"Lỗi: mẫu {template} có 1 lỗi, chưa soạn văn bản nào theo mẫu này:\n"
        "  - tệp: lỗi TPL-FILE (Không đọc được mẫu DOCX): cần tệp DOCX đọc được (mở bằng Word, Lưu thành… «Word "
        "Document (.docx)»; hoặc lấy lại mẫu của vanban: vanban template ke-hoach); thấy không phải tệp DOCX (Word) "
        "thật: không phải tệp nén Office Open XML.\n"
        f"Cách sửa: mở mẫu trong Word, sửa các chỗ đã nêu (kiểm tra lại bằng vanban check --template {template}), "
        "rồi soạn lại\n"))
