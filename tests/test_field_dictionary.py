"""The field dictionary (issue 13, points 3 and 5): every variable and filter a kind's template
may use, printed by `vanban template truong LOẠI` with examples computed from a campaign and kept
in docs/truong-du-lieu.md; the required fields are checked, so a clerk editing a template cannot
silently drop a part of the document."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from cli import main
from pipeline.build import dictionary as D
from pipeline.check.template import KIND_FIELDS, check_template, required_paths
from pipeline.documents.fields import FILTERS
from pipeline.nd30 import kinds as K
from pipeline.nd30 import vi
from pipeline.settings import Settings

from .conftest import SAMPLE

README = Path(__file__).resolve().parent.parent / "README.md"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="vanban")
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def sample() -> D.Dictionary:
    """The dictionary of every kind with the sample campaign's examples (one load)."""
    return D.dictionary(SAMPLE)


def test_the_command_prints_each_field_of_the_decision_with_its_example() -> None:
    code, output = _run("template", "truong", "quyet-dinh-khen-thuong")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[:3] == [
        "Quyết định khen thưởng (quyet-dinh-khen-thuong) — Mẫu quyet-dinh-khen-thuong.docx (vanban template "
        "quyet-dinh-khen-thuong)",
        "Ví dụ lấy từ data/haiphong-2024-antt, Đợt 1.",
        D.REQUIRED_NOTE,
    ]
    for shown in [
        "* grants — các hình thức tặng: form (tên hình thức), who (số tập thể, cá nhân) (bắt buộc cả: grants.form, "
        "grants.who)",
        "    grants = danh sách 1 mục, mục đầu:",
        '    grants[0].form = "Giấy khen"',
        '    awardees.who = "04 tập thể và 32 cá nhân"',
        "    awardees.individuals = 32",
        '    phase.start | short_date = "01/11/2024"',
        '    phase.start | full_date = "ngày 01 tháng 11 năm 2024"',
        '    number_line = "Số:      /QĐ-BQL"',  # a draft: the number left blank, as the document shows it
        "  fund — nguồn tiền thưởng",
        "    {{ money.total | money_phrase }} → \"28.360.000 đồng (Hai mươi tám triệu ba trăm sáu mươi nghìn đồng)\"",
    ]:
        assert shown in lines, shown
    from pipeline.documents.decision import FIELDS

    for name, field in FIELDS.items():  # every field, marked required or not, with its meaning
        mark = "*" if field.required else " "
        assert any(line.startswith(f"{mark} {name} — {field.meaning}") for line in lines), name
    for name, f in FILTERS.items():
        assert f"  {name} — {f.meaning}" in lines, name


def test_the_examples_come_from_the_campaign_folder_given(tmp_path: Path) -> None:
    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "so-noi-vu"))
    yaml = campaign / "campaign.yaml"
    signer = re.search(r"^\s+name: (.+)$", yaml.read_text(encoding="utf-8").split("signer:", 1)[1], re.MULTILINE)
    assert signer is not None
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(signer[1], "Trần Thị Bình"), encoding="utf-8")
    code, output = _run("template", "truong", "giay-khen", str(campaign))
    assert code == 0, output
    lines = output.splitlines()
    assert lines[1] == f"Ví dụ lấy từ {campaign}, giay-khen/001-van-phong, Đợt 1."
    assert '    signer_name = "Trần Thị Bình"' in lines


@pytest.mark.parametrize("kind", [s.name for s in K.KINDS])
def test_the_command_has_examples_for_each_kind_asked_alone(kind: str) -> None:
    code, output = _run("template", "truong", kind)
    assert code == 0, output
    lines = output.splitlines()
    assert lines[1].startswith("Ví dụ lấy từ data/haiphong-2024-antt"), output
    named = [n for n, line in enumerate(lines) if re.match(r"[* ] \w+ — ", line)]  # a field or a filter
    assert len(named) == len(D.kind_fields(kind)) + len(FILTERS)
    assert [lines[n] for n in named if not lines[n + 1].startswith("    ")] == []  # each with its example
    assert [line for line in lines if line.startswith("    {{") and " → " not in line] == []  # filters' too


def test_an_unknown_kind_is_a_usage_error() -> None:
    code, output = _run("template", "truong", "cong-van")
    assert code == 64
    assert output.startswith("Lỗi cách dùng: giá trị không hợp lệ cho LOẠI: «cong-van» không phải là một trong: "
                             "«ke-hoach», «bao-cao-so-ket»,")


def test_every_kind_of_the_registry_has_its_dictionary_with_examples(sample: D.Dictionary) -> None:
    assert set(KIND_FIELDS) == {s.name for s in K.KINDS}
    assert [k.spec for k in sample.kinds] == list(K.KINDS)
    for k in sample.kinds:
        assert k.missing == "", k.spec.name
        for entry in k.entries:
            assert entry.examples, (k.spec.name, entry.name)


def test_each_kind_gives_exactly_its_field_dictionary() -> None:
    """A field added to a kind's context and not to its FIELDS (or the reverse) fails here: the
    dictionary cannot drift from the code."""
    contexts, why = D.prepared_contexts(SAMPLE, sorted(KIND_FIELDS))
    assert why == {}
    for name, fields in KIND_FIELDS.items():
        assert set(contexts[name][0]) == set(fields), name


def test_every_filter_is_explained_with_an_example(sample: D.Dictionary) -> None:
    assert set(FILTERS) == set(D.template_filters()), (
        "một bộ lọc của mẫu chưa có nghĩa và ví dụ: thêm vào FILTERS của pipeline/documents/fields.py")
    assert set(vi.FILTERS) <= set(FILTERS)
    for f in sample.filters:
        assert f.result not in ('', '""'), f.name


def test_the_docs_hold_what_the_code_makes() -> None:
    assert D.DOCS.read_text(encoding="utf-8") == D.docs(), (
        "docs/truong-du-lieu.md khác với mã: chạy .venv/bin/python -m pipeline.build.dictionary rồi xem git diff")


def test_the_readme_links_the_dictionary_and_shows_what_the_command_prints() -> None:
    section = README.read_text(encoding="utf-8").split("## Mẫu riêng của cơ quan", 1)[1].split("\n## ", 1)[0]
    assert "(docs/truong-du-lieu.md)" in section
    shown = section.split("### Trường dữ liệu của mẫu (`vanban template truong`)", 1)[1].split("```")[1]
    code, output = _run("template", "truong", "quyet-dinh-khen-thuong")
    assert code == 0
    assert [line for line in shown.splitlines() if line and line not in output.splitlines()] == []


# --- required fields: a clerk cannot silently drop a part of the document ---------------------------

def _paragraphs(document: Document) -> list[Paragraph]:
    return [Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]


def _without(path: str, template: str, target: Path) -> Path:
    """Return a copy of vanban's ``template`` where no tag uses ``path`` any more: the field (or
    the key after its last dot) renamed in every run, as a clerk retyping the tags would."""
    name = path.rsplit(".", 1)[-1]
    pattern = re.compile((r"(?<![\w.])" if "." not in path else r"(?<=\.)") + re.escape(name) + r"\b")
    document = Document(str(Settings().templates_dir / template))
    for paragraph in _paragraphs(document):
        for run in paragraph.runs:  # vanban's templates keep each tag whole in one run
            run.text = TAG.sub(lambda tag: pattern.sub(f"{name}_cu", tag[0]), run.text)
    target.mkdir()
    document.save(str(target / template))
    return target / template


TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")

REQUIRED = [(name, path) for name, fields in KIND_FIELDS.items() for path in required_paths(fields)]


@pytest.mark.parametrize(("kind", "path"), REQUIRED, ids=[f"{k}:{p}" for k, p in REQUIRED])
def test_each_required_field_left_out_is_an_error(kind: str, path: str, tmp_path: Path) -> None:
    template = K.by_name(kind).template
    findings = check_template(_without(path, template, tmp_path / "mau"))
    missing = [f for f in findings if f.rule == "TPL-MISSING-FIELD"]
    assert [(f.severity, f.text) for f in missing] == [("error", path)]
    assert f"vanban template {template.removesuffix('.docx')} THƯ_MỤC_PHONG_TRÀO" in missing[0].found
