"""Templates are checked before use (issue 13, point 4): `vanban check --template` names each problem
with its place (part, paragraph, text around it); every build checks the templates it uses first
and a broken one stops its kind (exit 3); templates render in jinja's sandbox, bounded in time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from cli import main
from pipeline.build.templates import BLOCKING
from pipeline.check.template import check_template
from pipeline.docx import render
from pipeline.errors import RenderError
from pipeline.settings import Settings

from .brokentemplates import BROKEN, write_broken
from .conftest import SAMPLE

EXPECTED = {
    "unknown-variable": [("TPL-UNKNOWN-VARIABLE", "thân văn bản, đoạn 50", "{{ signer_fullname }}",
                          "biến signer_fullname không có trong dữ liệu")],
    "split": [("TPL-SPLIT", "thân văn bản, đoạn 10–11", "{{ date_ ¶ line }}", "thẻ {{ … }} bị tách qua hai đoạn")],
    "unclosed": [("TPL-UNCLOSED", "thân văn bản, đoạn 50", "{{ signer_name }", "«{{ signer_name }» thiếu }}")],
    "p-with-text": [("TPL-PLACEMENT", "thân văn bản, đoạn 14", "Thẩm quyền: {%p if authority_line %}",
                     "có chữ khác cùng đoạn")],
    "tr-outside-row": [("TPL-PLACEMENT", "thân văn bản, đoạn 17", "{%tr for line in greeting %}", "ngoài bảng"),
                       ("TPL-PLACEMENT", "thân văn bản, đoạn 19", "{%tr endfor %}", "ngoài bảng")],
    "spaced-braces": [("TPL-BRACES", "thân văn bản, đoạn 11", "{ { kind_title }}", "{ {")],
}
"""Each broken template's error findings: rule, place, the paragraph's text, what was found."""


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_template_gets_the_right_finding_at_its_place(name: str, tmp_path: Path) -> None:
    findings = check_template(write_broken(tmp_path, name))
    errors = [(f.rule, f.where, f.text, f.found) for f in findings if f.severity == "error"]
    assert errors == EXPECTED[name]


@pytest.mark.parametrize("template", ["van-ban.docx", "giay-khen.docx", "danh-sach-gui.docx"])
def test_vanbans_own_templates_have_no_tag_finding(template: str) -> None:
    findings = check_template(Settings().templates_dir / template)
    assert [f for f in findings if f.rule in BLOCKING or f.rule == "TPL-UNCLOSED"] == []
    if template == "van-ban.docx":
        assert [f for f in findings if f.severity != "info"] == []


def test_check_template_cli_names_the_unclosed_tag(tmp_path: Path) -> None:
    path = write_broken(tmp_path, "unclosed")
    result = CliRunner().invoke(main, ["check", "--template", str(path)], prog_name="vanban")
    assert result.exit_code == 1
    assert (f"{path}: thân văn bản, đoạn 50: lỗi TPL-UNCLOSED (Thẻ mở mà chưa đóng (\"{{{{ … }}\" thiếu \"}}}}\")): "
            "cần thẻ đóng đủ: {{ … }}; thấy «{{ signer_name }» thiếu }}. «{{ signer_name }»") in result.output


def _agency(tmp_path: Path, template: Path) -> Path:
    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "haiphong-2024-antt"))
    (campaign / "mau").mkdir()
    shutil.copyfile(template, campaign / "mau" / "van-ban.docx")
    return campaign


def test_a_build_checks_its_templates_first_and_a_broken_one_stops_its_kind(tmp_path: Path) -> None:
    campaign = _agency(tmp_path, write_broken(tmp_path, "unclosed"))
    template = campaign / "mau" / "van-ban.docx"
    result = CliRunner().invoke(main, ["plan", str(campaign), "--out", str(tmp_path / "out"), "--no-pdf"],
                                prog_name="vanban")
    assert result.exit_code == 3
    assert result.output.splitlines() == [
        f"Lỗi: mẫu {template} có 1 lỗi thẻ, chưa soạn văn bản nào theo mẫu này:",
        "  - thân văn bản, đoạn 50: lỗi TPL-UNCLOSED (Thẻ mở mà chưa đóng (\"{{ … }\" thiếu \"}}\")): cần thẻ "
        "đóng đủ: {{ … }}; thấy «{{ signer_name }» thiếu }}. «{{ signer_name }»",
        f"Cách sửa: mở mẫu trong Word, sửa các thẻ đã nêu (kiểm tra lại bằng vanban check --template {template}), "
        "rồi soạn lại",
    ]
    assert not (tmp_path / "out" / "haiphong-2024-antt" / "ke-hoach.docx").exists()


def _with_paragraph(tmp_path: Path, text: str) -> Path:
    """Return a copy of vanban's van-ban.docx with a paragraph ``text`` added at the end of the body."""
    document = Document(str(Settings().templates_dir / "van-ban.docx"))
    document.add_paragraph(text)
    target = tmp_path / "loop.docx"
    document.save(str(target))
    return target


def test_a_runaway_loop_stops_with_a_clear_message(tmp_path: Path) -> None:
    campaign = _agency(tmp_path, _with_paragraph(tmp_path, "{% for i in range(10**9) %}x{% endfor %}"))
    result = CliRunner().invoke(main, ["plan", str(campaign), "--out", str(tmp_path / "out"), "--no-pdf"],
                                prog_name="vanban")
    assert result.exit_code == 3
    assert result.output == (
        f"Lỗi: mẫu {campaign / 'mau' / 'van-ban.docx'} dừng khi điền: vòng lặp range() quá 100.000 lần — có thể "
        "một vòng lặp {% for %} trong mẫu sai. Cách sửa: mở mẫu trong Word, sửa thẻ đó, rồi soạn lại\n")


def test_rendering_is_bounded_in_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = _with_paragraph(
        tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    monkeypatch.setattr(render, "RENDER_SECONDS", 0.5)
    context = {name: "" for name in ("parent_body", "issuer_header", "number_line", "date_line", "kind_title",
                                     "subject", "authority_line", "signer_name")}
    context.update(greeting=[], body=[], recipients=[], authority_lines=[], annexes=[])
    with pytest.raises(RenderError) as caught:
        render.render_docx(template, context, tmp_path / "out.docx")
    assert caught.value.format_message() == (
        f"mẫu {template} dừng khi điền: điền mẫu quá 0.5 giây — có thể một vòng lặp {{% for %}} hay phép tính "
        "trong mẫu sai. Cách sửa: mở mẫu trong Word, sửa thẻ đó (vanban check --template chỉ ra các thẻ), rồi "
        "soạn lại")
    assert not (tmp_path / "out.docx").exists()


def test_the_sandbox_keeps_python_out_of_reach(tmp_path: Path) -> None:
    campaign = _agency(tmp_path, _with_paragraph(tmp_path, "{{ ''.__class__.__mro__ }}"))
    result = CliRunner().invoke(main, ["plan", str(campaign), "--out", str(tmp_path / "out"), "--no-pdf"],
                                prog_name="vanban")
    assert result.exit_code == 3
    assert result.output.startswith(f"Lỗi: mẫu {campaign / 'mau' / 'van-ban.docx'} dùng điều không được phép "
                                    "trong mẫu (")
