"""Templates are checked before use (issue 13, point 4): `vanban check --template` names each problem
with its place (part, paragraph, text around it); every build checks the templates it uses first
and a broken one stops its kind (exit 3); templates render in jinja's sandbox, bounded in time."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from cli import main
from pipeline.build.templates import template_names
from pipeline.campaign.distribution import load_registry
from pipeline.campaign.load import load_campaign
from pipeline.check.template import check_template
from pipeline.documents import plan
from pipeline.docx import render
from pipeline.errors import RenderError
from pipeline.nd30.kinds import PLAN
from pipeline.settings import Settings

from .brokentemplates import BROKEN, BROKEN_DECISION, write_broken
from .conftest import SAMPLE

EXPECTED = {
    "unknown-variable": [("TPL-UNKNOWN-VARIABLE", "1. Đối tượng: {{ participant_list }}.",
                          "1. Đối tượng: {{ participant_list }}.", "biến participant_list không có trong dữ liệu")],
    "split": [("TPL-SPLIT", "{{ date_", "{{ date_ ¶ line }}", "thẻ {{ … }} bị tách qua hai đoạn")],
    "unclosed": [("TPL-UNCLOSED", "{{ signer_name }", "{{ signer_name }", "«{{ signer_name }» thiếu }}")],
    "p-with-text": [("TPL-PLACEMENT", "Thực hiện: {%p if implements %}", "Thực hiện: {%p if implements %}",
                     "có chữ khác cùng đoạn")],
    "tr-outside-row": [("TPL-PLACEMENT", "{%tr for p in phases %}", "{%tr for p in phases %}", "ngoài bảng"),
                       ("TPL-PLACEMENT", "{%tr endfor %}", "{%tr endfor %}", "ngoài bảng")],
    "spaced-braces": [("TPL-BRACES", "{ { kind_title }}", "{ { kind_title }}", "{ {")],
}
"""Each broken template's error findings: rule, the text of the paragraph it must point at,
the text it shows, what was found."""


def _place(template: Path, text: str) -> str:
    """Return where the paragraph reading ``text`` is, as a clerk counts it in Word: the n-th
    paragraph of the body, those in table cells included (a split tag: it and the next)."""
    body = Document(str(template)).element.body
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
    n = texts.index(text) + 1
    return f"thân văn bản, đoạn {n}–{n + 1}" if text == "{{ date_" else f"thân văn bản, đoạn {n}"


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_template_gets_the_right_finding_at_its_place(name: str, tmp_path: Path) -> None:
    template = write_broken(tmp_path, name)
    findings = check_template(template)
    errors = [(f.rule, f.where, f.text, f.found) for f in findings if f.severity == "error"]
    assert errors == [(rule, _place(template, at), text, found) for rule, at, text, found in EXPECTED[name]]


DECISION = "quyet-dinh-khen-thuong.docx"


def _article_one() -> tuple[str, str]:
    """Return where vanban's decision template has Điều 1 and its text (its paragraph number,
    counted as the check counts)."""
    template = Settings().templates_dir / DECISION
    text = next(p.text for p in Document(str(template)).paragraphs if p.text.startswith("Điều 1."))
    return _place(template, text), text


def _missing_who() -> str:
    where, text = _article_one()
    return ("không thẻ nào dùng grants.who: văn bản sẽ thiếu phần đó. Cách sửa: đặt lại {{ g.who }} trong "
            f"{{% for g in grants %}} vào mẫu, như {where} của mẫu vanban «{text[:89]}…»; hoặc lấy lại mẫu của "
            "vanban: vanban template quyet-dinh-khen-thuong THƯ_MỤC_PHONG_TRÀO")


EXPECTED_DECISION = {
    "unknown-variable": [("TPL-UNKNOWN-VARIABLE", "Theo đề nghị của {{ proposer_name }}.",
                          "Theo đề nghị của {{ proposer_name }}.", "biến proposer_name không có trong dữ liệu")],
    "split": EXPECTED["split"],
    "unclosed": EXPECTED["unclosed"],
    "p-with-text": [("TPL-PLACEMENT", "Căn cứ pháp lý: {%p for law in laws %}",
                     "Căn cứ pháp lý: {%p for law in laws %}", "có chữ khác cùng đoạn")],
    "tr-outside-row": [("TPL-PLACEMENT", "{%tr for law in laws %}", "{%tr for law in laws %}", "ngoài bảng"),
                       ("TPL-PLACEMENT", "{%tr endfor %}", "{%tr endfor %}", "ngoài bảng")],
}
"""The decision's own template broken as the plan's is (issue 13, point 4, on the per-kind
templates): the same findings at the decision's own paragraphs."""


@pytest.mark.parametrize("name", sorted(EXPECTED_DECISION))
def test_each_broken_decision_template_gets_the_right_finding_at_its_place(name: str, tmp_path: Path) -> None:
    template = write_broken(tmp_path, name, DECISION)
    errors = [(f.rule, f.where, f.text, f.found) for f in check_template(template) if f.severity == "error"]
    assert errors == [(rule, _place(template, at), text, found) for rule, at, text, found in EXPECTED_DECISION[name]]


def test_a_decision_template_without_its_articles_misses_a_required_field(tmp_path: Path) -> None:
    """Second fresh-user trial: Điều 1 and Điều 2 deleted from the decision's template, and the
    build went on (exit 0). The check names the field lost, what it holds and how to put it back."""
    assert set(BROKEN_DECISION) == {*EXPECTED_DECISION, "missing-field"}
    template = write_broken(tmp_path, "missing-field", DECISION)
    findings = [f for f in check_template(template) if f.severity != "info"]
    assert [(f.rule, f.severity, f.where, f.text, f.found) for f in findings] == [
        ("TPL-MISSING-FIELD", "error", "cả mẫu", "grants.who", _missing_who())]
    assert findings[0].expected == ("trường bắt buộc grants.who — các hình thức tặng: form (tên hình thức), who (số "
                                    "tập thể, cá nhân)")
    code = CliRunner().invoke(main, ["check", "--template", str(template)], prog_name="vanban").exit_code
    assert code == 1


def _campaign_with(tmp_path: Path, template: Path, name: str | None = None) -> Path:
    """Return a copy of the sample whose ``mau/`` holds ``template`` (as ``name``, default its own)."""
    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "haiphong-2024-antt"))
    (campaign / "mau").mkdir()
    shutil.copyfile(template, campaign / "mau" / (name or template.name))
    return campaign


def test_a_build_with_a_decision_template_missing_its_articles_stops_the_decision_only(tmp_path: Path) -> None:
    campaign = _campaign_with(tmp_path, write_broken(tmp_path, "missing-field", DECISION))
    template = campaign / "mau" / DECISION
    out = tmp_path / "out"
    told = [f"mẫu {template} có 1 lỗi, chưa soạn văn bản nào theo mẫu này:",
            "  - cả mẫu: lỗi TPL-MISSING-FIELD (Mẫu thiếu trường bắt buộc của loại văn bản): cần trường bắt buộc "
            "grants.who — các hình thức tặng: form (tên hình thức), who (số tập thể, cá nhân); thấy "
            f"{_missing_who()}. «grants.who»",
            f"Cách sửa: mở mẫu trong Word, sửa các chỗ đã nêu (kiểm tra lại bằng vanban check --template {template}), "
            "rồi soạn lại"]
    decide = CliRunner().invoke(main, ["decide", str(campaign), "--phase", "1", "--out", str(out), "--no-pdf"],
                                prog_name="vanban")
    assert (decide.exit_code, decide.output.splitlines()) == (3, [f"Lỗi: {told[0]}", *told[1:]])
    build = CliRunner().invoke(main, ["build", str(campaign), "--phase", "1", "--out", str(out), "--no-pdf"],
                               prog_name="vanban")
    assert build.exit_code == 7, build.output  # vanban build: the other documents are made (README, Mã thoát)
    assert "\n".join(told) in build.output
    folder = out / "haiphong-2024-antt" / "dot-1"
    assert not list(folder.glob("quyet-dinh-khen-thuong.*"))  # neither DOCX nor PDF
    assert (folder / "bao-cao-so-ket.docx").exists() and (folder / "to-trinh.docx").exists()
    assert list((folder / "giay-khen").glob("*.docx"))


@pytest.mark.parametrize("template", template_names())
def test_vanbans_own_templates_have_no_finding(template: str) -> None:
    findings = check_template(Settings().templates_dir / template)
    assert [f for f in findings if f.severity != "info"] == []
    assert {f.rule for f in findings} == {"TPL-VARIABLE"}


UNCLOSED = "{{ signer_name }"
FOUND = ('lỗi TPL-UNCLOSED (Thẻ mở mà chưa đóng ("{{ … }" thiếu "}}")): cần thẻ đóng đủ: {{ … }}; thấy '
         "«{{ signer_name }» thiếu }}. «{{ signer_name }»")


def test_check_template_cli_names_the_unclosed_tag(tmp_path: Path) -> None:
    path = write_broken(tmp_path, "unclosed")
    result = CliRunner().invoke(main, ["check", "--template", str(path)], prog_name="vanban")
    assert result.exit_code == 1
    assert (f"{path}: {_place(path, UNCLOSED)}: " + FOUND) in result.output


def _agency(tmp_path: Path, template: Path) -> Path:
    return _campaign_with(tmp_path, template, PLAN.template)


def test_a_build_checks_its_templates_first_and_a_broken_one_stops_its_kind(tmp_path: Path) -> None:
    campaign = _agency(tmp_path, write_broken(tmp_path, "unclosed", PLAN.template))
    template = campaign / "mau" / PLAN.template
    result = CliRunner().invoke(main, ["plan", str(campaign), "--out", str(tmp_path / "out"), "--no-pdf"],
                                prog_name="vanban")
    assert result.exit_code == 3
    assert result.output.splitlines() == [
        f"Lỗi: mẫu {template} có 1 lỗi, chưa soạn văn bản nào theo mẫu này:",
        f"  - {_place(template, UNCLOSED)}: " + FOUND,
        f"Cách sửa: mở mẫu trong Word, sửa các chỗ đã nêu (kiểm tra lại bằng vanban check --template {template}), "
        "rồi soạn lại",
    ]
    assert not (tmp_path / "out" / "haiphong-2024-antt" / "ke-hoach.docx").exists()


def _with_paragraph(tmp_path: Path, text: str) -> Path:
    """Return a copy of vanban's plan template with a paragraph ``text`` added at the end of the body."""
    document = Document(str(Settings().templates_dir / PLAN.template))
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
        f"Lỗi: mẫu {campaign / 'mau' / PLAN.template} dừng khi điền: vòng lặp range() quá 100.000 lần — có thể "
        "một vòng lặp {% for %} trong mẫu sai. Cách sửa: mở mẫu trong Word, sửa thẻ đó, rồi soạn lại\n")


def test_rendering_is_bounded_in_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    template = _with_paragraph(
        tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    monkeypatch.setattr(render, "RENDER_SECONDS", 0.5)
    campaign = load_campaign(SAMPLE)
    context = plan.context(campaign, load_registry(SAMPLE, campaign))
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
    assert result.output.startswith(f"Lỗi: mẫu {campaign / 'mau' / PLAN.template} dùng điều không được phép "
                                    "trong mẫu (")


def test_a_broken_template_says_which_old_documents_it_removed(tmp_path: Path) -> None:
    """Found by the fresh-user trial: a build whose decision template broke removed the last
    good Quyết định (it no longer matches the data and the template) without a word. The
    summary now names what it removed."""
    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "haiphong-2024-antt"))
    out = tmp_path / "out"
    args = ["build", str(campaign), "--phase", "1", "--out", str(out), "--no-pdf"]
    assert CliRunner().invoke(main, args, prog_name="vanban").exit_code == 0
    folder = out / "haiphong-2024-antt" / "dot-1"
    assert (folder / "quyet-dinh-khen-thuong.docx").exists()
    (campaign / "mau").mkdir()
    shutil.copyfile(write_broken(tmp_path, "missing-field", DECISION), campaign / "mau" / DECISION)
    result = CliRunner().invoke(main, args, prog_name="vanban")
    assert result.exit_code == 7
    assert not (folder / "quyet-dinh-khen-thuong.docx").exists()
    assert ("Đã xóa bản cũ (lần này không soạn được, bản cũ không còn đúng với dữ liệu, mẫu hiện tại): "
            "danh-sach-gui/quyet-dinh-khen-thuong.docx, danh-sach-gui/quyet-dinh-khen-thuong.xlsx, "
            "quyet-dinh-khen-thuong.docx\n") in result.output


def _decision_with(tmp_path: Path, edit: Callable[[Any], None]) -> Path:
    """Return a copy of vanban's decision template edited by ``edit`` (a python-docx Document)."""
    from docx import Document

    doc = Document(str(Settings().templates_dir / DECISION))
    edit(doc)
    path = tmp_path / DECISION
    doc.save(str(path))
    return path


def test_a_block_left_open_is_said_in_vietnamese(tmp_path: Path) -> None:
    """Found by the fresh-user trial: a deleted {%p endif %} gave jinja's English message."""
    def drop_endif(doc: Any) -> None:
        from tests.clerk import every_paragraph

        endif = [p for p in every_paragraph(doc) if p.text == "{%p endif %}"][-1]
        endif._p.getparent().remove(endif._p)

    findings = [f for f in check_template(_decision_with(tmp_path, drop_endif)) if f.rule == "TPL-SYNTAX"]
    assert [f.found for f in findings] == [
        "mẫu hết mà khối {% if %} chưa đóng: thiếu thẻ {%p endif %} (chờ một trong: {%p elif %} / {%p else %} / "
        "{%p endif %})"]


def test_an_unknown_variable_stops_the_kind_with_its_place_before_rendering(tmp_path: Path) -> None:
    """Found by the fresh-user trial: {{ ten_so }} stopped the decision with only the variable's
    name; the build's check now names the paragraph, the text around and the fields there are."""
    def invent(doc: Any) -> None:
        from tests.clerk import retype

        retype(doc, "{{ proposer }}", "{{ ten_so }}")

    campaign = _campaign_with(tmp_path, _decision_with(tmp_path, invent))
    result = CliRunner().invoke(main, ["decide", str(campaign), "--phase", "1", "--out", str(tmp_path / "out"),
                                       "--no-pdf"], prog_name="vanban")
    assert result.exit_code == 3
    assert "đoạn 22: lỗi TPL-UNKNOWN-VARIABLE (Biến không có trong dữ liệu): cần một trong: " in result.output
    assert "thấy biến ten_so không có trong dữ liệu. «Theo đề nghị của {{ ten_so }}.»" in result.output


def test_a_template_that_is_no_docx_is_said_in_vietnamese_with_its_fix(tmp_path: Path) -> None:
    empty = tmp_path / DECISION
    empty.write_bytes(b"")
    campaign = _campaign_with(tmp_path, empty)
    result = CliRunner().invoke(main, ["decide", str(campaign), "--phase", "1", "--out", str(tmp_path / "out"),
                                       "--no-pdf"], prog_name="vanban")
    assert result.exit_code == 3, result.output
    assert ("tệp: lỗi TPL-FILE (Không đọc được mẫu DOCX): cần tệp DOCX đọc được (mở bằng Word, Lưu thành… «Word "
            "Document (.docx)»; hoặc lấy lại mẫu của vanban: vanban template quyet-dinh-khen-thuong); thấy không "
            "phải tệp DOCX (Word) thật: không phải tệp nén Office Open XML.") in result.output
    assert "Traceback" not in result.output and "PackageNotFoundError" not in result.output
