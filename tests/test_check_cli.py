"""`vanban check` as a clerk meets it: whole output, --json schema, exit codes; template check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.shared import Mm

from cli import main
from pipeline.build.templates import template_names
from pipeline.check.checker import ELEMENTS, RULES
from pipeline.check.template import KIND_FIELDS, check_template
from pipeline.nd30 import kinds
from tests.conftest import Built
from tests.handmade import handmade

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "templates" / kinds.PLAN.template
JSON_KEYS = ["file", "rule", "severity", "where", "text", "expected", "found", "title", "count"]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="vanban")
    return result.exit_code, result.output


@pytest.fixture()
def wrong(built: Built, tmp_path: Path) -> Path:
    doc = Document(str(built.docx))
    doc.sections[0].left_margin = Mm(25)
    path = tmp_path / "sai.docx"
    doc.save(str(path))
    return path


def test_check_passes_our_plan_with_a_draft_note(built: Built) -> None:
    code, output = invoke("check", str(built.docx))
    assert code == 0
    assert output == (
        f"{built.docx}: bảng 1, hàng 2, cột 1, đoạn 1: lưu ý ND30-DRAFT (Dự thảo: để trống số hoặc "
        "ngày): cần số và ngày điền khi ký ban hành; thấy để trống số, ngày. «Số: /KH-BQL»\n"
        f"{built.docx}: bảng 2, hàng 1, cột 1, đoạn 9: cảnh báo ND30-RECIPIENTS-ARCHIVE-VT (Dòng lưu có văn "
        'thư: "- Lưu: VT, <đơn vị soạn thảo>." (ND30 Phụ lục I, mục II.9.b)): cần "- Lưu: VT, <đơn vị soạn '
        'thảo>." (bản lưu ở văn thư trước); thấy "- Lưu: VP, VPĐD/BQL." (không có VT). «- Lưu: VP, VPĐD/BQL.»\n'
        "0 lỗi, 1 cảnh báo, 1 lưu ý trong 1 tệp.\n"
    )  # the seed's own archive line is kept as data, and the clerk told (issue 16)


def test_check_exit_1_on_error_and_reports_every_file(built: Built, wrong: Path, tmp_path: Path) -> None:
    good = handmade(tmp_path / "dung.docx")
    code, output = invoke("check", str(good), str(wrong), str(built.docx))
    assert code == 1
    lines = output.splitlines()
    assert lines[0] == (
        f"{wrong}: thiết lập trang (mục 1): lỗi ND30-MARGIN-LEFT (Lề trái 30–35 mm): cần 30–35 mm; thấy 25 mm."
    )
    assert lines[-1] == "1 lỗi, 2 cảnh báo, 2 lưu ý trong 3 tệp."


def test_check_json_schema(wrong: Path) -> None:
    code, output = invoke("check", "--json", str(wrong))
    assert code == 1
    data = json.loads(output)
    assert [list(item) for item in data] == [JSON_KEYS] * len(data)
    assert data[0] == {
        "file": str(wrong), "rule": "ND30-MARGIN-LEFT", "severity": "error",
        "where": "thiết lập trang (mục 1)", "text": "", "expected": "30–35 mm", "found": "25 mm",
        "title": "Lề trái 30–35 mm", "count": 1,
    }
    assert {item["severity"] for item in data} <= {"error", "warning", "info"}


def test_check_json_is_an_empty_list_for_a_clean_document(tmp_path: Path) -> None:
    code, output = invoke("check", "--json", str(handmade(tmp_path / "dung.docx")))
    assert (code, json.loads(output)) == (0, [])


def test_check_kind_option(built: Built) -> None:
    assert invoke("check", "--kind", "KH", str(built.docx))[0] == 0
    code, output = invoke("check", "--kind", "BC", "--json", str(built.docx))
    assert code == 1
    errors = [d["rule"] for d in json.loads(output) if d["severity"] == "error"]
    assert errors == ["ND30-KIND-TITLE-TEXT", "ND30-NUMBER-TYPE"]


def test_check_unreadable_file_is_reported_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "hong.docx"
    bad.write_text("không phải DOCX", encoding="utf-8")
    code, output = invoke("check", str(bad))
    assert code == 1
    assert output.startswith(f"{bad}: tệp: lỗi ND30-FILE (Không đọc được tệp DOCX): cần tệp DOCX đọc được; thấy ")


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["check"], "Lỗi cách dùng: thiếu tham số TỆP.docx..."),
        (["check", "khong-co.docx"], "Lỗi cách dùng: không có tệp khong-co.docx\n"),
        (["check", "--kind", "XYZ", str(PLAN)],
         'Lỗi cách dùng: giá trị không hợp lệ cho --kind: không biết loại văn bản "XYZ"'),
    ],
)
def test_check_usage_errors_exit_64(args: list[str], start: str) -> None:
    code, output = invoke(*args)
    assert code == 64
    assert output.startswith(start), output


def test_check_help_is_vietnamese() -> None:
    code, output = invoke("check", "--help")
    assert code == 0
    assert output.startswith("Cách dùng: vanban check [TÙY_CHỌN] TỆP.docx...")
    assert "--json" in output and "--kind LOẠI" in output and "--template" in output


def test_readme_documents_the_json_schema_and_rules() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## vanban check", 1)[1]
    for key in JSON_KEYS:
        assert f'"{key}"' in section, key
    element_rules = {f"ND30-{key}-{attr}" for key in ELEMENTS for attr in ("SIZE", "BOLD", "ITALIC", "CASE", "ALIGN")}
    for rule in set(RULES) - element_rules:
        assert f"`{rule}`" in section, rule
    for key in ELEMENTS:
        assert f"`{key}`" in section, key


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize("kind", sorted(KIND_FIELDS))
def test_each_template_is_checked_against_its_own_kind(kind: str) -> None:
    # giay-khen.docx gave 7 false TPL-UNKNOWN-VARIABLE errors against the frame's variables.
    findings = check_template(REPO / "templates" / kinds.by_name(kind).template)
    assert [str(f) for f in findings if f.severity != "info"] == []
    assert {f.text for f in findings} == set(KIND_FIELDS[kind])


def test_every_template_of_vanban_passes_the_cli() -> None:
    templates = sorted((REPO / "templates").glob("*.docx"))
    # one per kind in the registry, no stray file (van-ban.docx, the block frame, is gone since issue 13)
    assert {t.name for t in templates} == set(template_names())
    code, output = invoke("check", "--template", *map(str, templates))
    assert code == 0
    assert re.fullmatch(rf"Không có lỗi, \d+ lưu ý trong {len(templates)} tệp\.", output.splitlines()[-1])


def _template(tmp_path: Path, *paragraphs: str, header: str = "", table_cell: str = "") -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if table_cell:
        doc.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].text = table_cell
    if header:
        doc.sections[0].header.paragraphs[0].text = header
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    return path


@pytest.mark.parametrize(
    ("paragraphs", "rule"),
    [
        (["{{ signer_title }}"], "TPL-UNKNOWN-VARIABLE"),
        (["{{ subject", "}}"], "TPL-SPLIT"),
        (["{ { subject } }"], "TPL-BRACES"),
        (["{{ subject|default(“x”) }}"], "TPL-QUOTES"),
        (["{%p if subject %} thêm chữ", "{{ subject }}", "{%p endif %}"], "TPL-PLACEMENT"),
        (["{%tr for r in recipients %}", "{{ r }}", "{%tr endfor %}"], "TPL-PLACEMENT"),
        (["{% if subject %}", "{{ subject }}"], "TPL-SYNTAX"),
    ],
)
def test_broken_templates_are_caught(tmp_path: Path, paragraphs: list[str], rule: str) -> None:
    findings = check_template(_template(tmp_path, *paragraphs))
    assert rule in {f.rule for f in findings if f.severity == "error"}, [str(f) for f in findings]


def test_tag_split_across_runs_is_fine_for_docxtpl(tmp_path: Path) -> None:
    doc = Document()
    para = doc.add_paragraph()
    para.add_run("{{ sub").bold = True
    para.add_run("ject }}")
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    findings = check_template(path)
    assert [f.rule for f in findings if f.severity == "error"] == []
    assert [(f.rule, f.text) for f in findings if f.severity == "info"] == [("TPL-VARIABLE", "subject")]


def test_variables_in_headers_and_table_cells_are_listed_by_part(tmp_path: Path) -> None:
    path = _template(tmp_path, "{{ subject }}", header="{{ signer_name }}",
                     table_cell="{{ greeting }}")
    found = {f.text: f.where for f in check_template(path) if f.rule == "TPL-VARIABLE"}
    assert found == {"subject": "thân văn bản", "signer_name": "đầu trang 1", "greeting": "thân văn bản"}


def test_template_check_cli_exit_codes(tmp_path: Path) -> None:
    code, output = invoke("check", "--template", str(PLAN))
    assert code == 0
    assert f"{PLAN}: biến subject — trích yếu của Kế hoạch (plan.subject) — dùng ở thân văn bản" in output.splitlines()
    assert output.endswith(f"Không có lỗi, {len(KIND_FIELDS[kinds.PLAN.name])} lưu ý trong 1 tệp.\n")
    code, output = invoke("check", "--template", "--json", str(_template(tmp_path, "{{ subject", "}}")))
    assert code == 1
    assert "TPL-SPLIT" in {d["rule"] for d in json.loads(output)}


def _table_template(tmp_path: Path, *cells: list[str]) -> Path:
    doc = Document()
    table = doc.add_table(rows=1, cols=len(cells))
    for n, lines in enumerate(cells):
        cell = table.cell(0, n)
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    path = tmp_path / "bang.docx"
    doc.save(str(path))
    return path


@pytest.mark.parametrize(
    ("cells", "bad"),
    [
        ([["{%p if subject %}", "{{ subject }}", "{%p endif %}"]], True),  # the cell may end empty
        ([["{%p if subject %}", "{{ subject }}", "{%p endif %}", "{{ signer_name }}"]], False),
        ([["{%tr for r in recipients %}"], ["chữ sẽ mất"]], True),  # the whole row is replaced
        ([["{%tc for r in recipients %}", "chữ sẽ mất"]], True),  # the whole cell is replaced
        ([["{{ subject }}"], ["{{ signer_name }}"]], False),
    ],
)
def test_tags_that_would_corrupt_a_table(tmp_path: Path, cells: list[list[str]], bad: bool) -> None:
    findings = check_template(_table_template(tmp_path, *cells))
    assert ("TPL-PLACEMENT" in {f.rule for f in findings}) is bad, [str(f) for f in findings]


def test_check_exit_0_with_warnings_only(built: Built, tmp_path: Path) -> None:
    doc = Document(str(built.docx))
    header = doc.sections[0].header.paragraphs[0]._p
    header.getparent().remove(header)
    path = tmp_path / "canh-bao.docx"
    doc.save(str(path))
    code, output = invoke("check", str(path))
    assert code == 0
    assert output.splitlines()[-1] == "0 lỗi, 2 cảnh báo, 1 lưu ý trong 1 tệp."
