"""An agency's clerk edits vanban's templates in Word, and only the templates (issue 13, "Must show").

One copy of the sample campaign; into its mau/ the clerk puts each default template that
holds wording of its own, edited as in Word (python-docx, tests/clerk.py): a fixed sentence
changed and a paragraph added (point 1 of the issue), and the three changes the issue could
not make before (Điều 3 of the decision in the Sở's words; one achievement wording on every
certificate; a sentence added to the report's introduction — see the note at ``INTRO``). Then
ONE `vanban build --phase 1` (and `vanban plan` / `vanban report --final` only when a kind they
make has such a template) makes every document, and each change is found in the DOCX and the
PDF of its kind. No Python change: what vanban writes is what the templates say.

Generic over the registry (pipeline.nd30.kinds): every kind whose default template holds
wording (text outside tags that is not the ND30 frame's) must have its clerk's edit below.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.document import Document as DocxDocument

from cli import main
from pipeline.nd30 import kinds as K
from pipeline.nd30.layout import MOTTO, NATIONAL_TITLE, RECIPIENTS_HEADING
from pipeline.settings import Settings

from .clerk import add_after, edit, every_paragraph, paragraph, retype, retype_paragraph
from .conftest import SAMPLE
from .docxread import norm
from .pdfread import page_texts

CAMPAIGN = "haiphong-2024-antt"
FRAME_TEXTS = {NATIONAL_TITLE, MOTTO, RECIPIENTS_HEADING}
"""Words every template shares that a clerk must not change (ND30 ô 1–9): not the kind's own."""
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")

ARTICLE_3 = ("Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở và các tập thể, cá nhân có tên tại Điều 1 chịu "
             "trách nhiệm thi hành Quyết định này./.")
"""The Sở's Điều 3 (issue 13: «the field executors only fills part of a fixed sentence»)."""
ACHIEVEMENT = ("Đã có thành tích xuất sắc trong phong trào thi đua bảo vệ an ninh, trật tự ở cơ sở của Ban Quản lý "
               "Khu kinh tế Hải Phòng năm 2024 - 2025")
"""One achievement wording for every certificate of the campaign (instead of one per Excel row)."""
ACHIEVEMENT_TAG = "{% if achievement %}"
"""How the certificate's achievement paragraph starts: the workbook's text, else the template's."""


def own_wording(template: Path) -> list[str]:
    """Return the paragraphs of ``template`` that hold words of the kind's own: text left
    after removing the jinja tags, other than the ND30 frame's fixed words."""
    doc = Document(str(template))
    texts = [_TAG.sub("", p.text).strip() for p in every_paragraph(doc)]
    return [t for t in texts if re.search(r"\w", t) and t not in FRAME_TEXTS]


@dataclass(frozen=True)
class ClerkEdit:
    """What the clerk does to one template: ``old`` words retyped as ``new`` (a fixed sentence
    of the template), a paragraph ``added`` after the one starting ``after``; ``more``: the
    issue's own change for that kind. ``says`` and ``said_before`` are the changed sentence
    as the document prints it, after and before."""

    old: str
    new: str
    says: str
    said_before: str
    after: str
    added: str
    more: Callable[[DocxDocument], object] | None = None


INTRO = "Đợt thi đua diễn ra trong dịp cả nước kỷ niệm nhiều ngày lễ lớn của dân tộc."
"""A sentence the agency adds to the report's introduction (issue 13: «report.intro is an unknown field»)."""
_REPORT = ClerkEdit("1. Ưu điểm", "1. Những mặt làm được", "1. Những mặt làm được", "1. Ưu điểm", "Ngay sau khi",
                    "Ban Chỉ đạo đã kiểm tra việc triển khai phong trào tại các đơn vị.")

EDITS: dict[str, ClerkEdit] = {
    "quyet-dinh-khen-thuong.docx": ClerkEdit(
        "Danh sách này có", "Danh sách gồm", "Danh sách gồm 04 tập thể và 32 cá nhân./.",
        "Danh sách này có 04 tập thể và 32 cá nhân./.", "Điều 1.",
        "Các tập thể, cá nhân được khen thưởng tiếp tục phát huy thành tích, là điển hình để các đơn vị học tập.",
        lambda doc: retype(doc, "{{ executors }}, các {{ awardees.subjects_and }} có tên tại Điều 1 chịu trách nhiệm "
                           "thi hành Quyết định này./.", ARTICLE_3)),
    "giay-khen.docx": ClerkEdit(
        "TẶNG", "KHEN TẶNG", "KHEN TẶNG", "TẶNG", ACHIEVEMENT_TAG,
        "Ban Quản lý Khu kinh tế Hải Phòng trân trọng ghi nhận.",
        lambda doc: retype_paragraph(paragraph(doc, ACHIEVEMENT_TAG, start=True), ACHIEVEMENT)),
    "danh-sach-gui.docx": ClerkEdit(
        "DANH SÁCH GỬI VĂN BẢN", "DANH SÁCH NƠI NHẬN VĂN BẢN", "DANH SÁCH NƠI NHẬN VĂN BẢN",
        "DANH SÁCH GỬI VĂN BẢN", "Tổng cộng:", "Văn thư ký nhận sau khi gửi đủ các nơi trên."),
    "ke-hoach.docx": ClerkEdit(
        "II. CHỦ ĐỀ THI ĐUA", "II. KHẨU HIỆU THI ĐUA", "II. KHẨU HIỆU THI ĐUA", "II. CHỦ ĐỀ THI ĐUA", "1. Đối tượng:",
        "Mỗi đơn vị phân công một lãnh đạo theo dõi phong trào."),
    "to-trinh.docx": ClerkEdit(
        "II. ĐỀ NGHỊ KHEN THƯỞNG", "II. NỘI DUNG ĐỀ NGHỊ", "II. NỘI DUNG ĐỀ NGHỊ", "II. ĐỀ NGHỊ KHEN THƯỞNG",
        "{{ issuer_name }} kính đề nghị", "Hồ sơ của từng tập thể, cá nhân được lưu tại Văn phòng."),
    "bao-cao-so-ket.docx": ClerkEdit(
        _REPORT.old, _REPORT.new, _REPORT.says, _REPORT.said_before, _REPORT.after, _REPORT.added,
        lambda doc: retype(doc, "Thực hiện Kế hoạch số", f"{INTRO} Thực hiện Kế hoạch số")),
    "bao-cao-tong-ket.docx": _REPORT,
}
"""The clerk's edit of each default template with wording of its own, by template file name
(an entry whose template is not in the registry yet waits for it: EDITS below)."""
EDITS = {name: change for name, change in EDITS.items() if name in {spec.template for spec in K.KINDS}}

COMMANDS: dict[str, list[str]] = {K.PLAN.name: ["plan"], K.FINAL_REPORT.name: ["report", "--final"]}
"""How a kind outside a phase is made (the others: `vanban build --phase 1`)."""


def edited_kinds() -> list[K.KindSpec]:
    """Return the kinds rendered from a template the clerk edits."""
    return [spec for spec in K.KINDS if spec.template in EDITS]


def _apply(change: ClerkEdit) -> Callable[[DocxDocument], None]:
    def apply(doc: DocxDocument) -> None:
        retype(doc, change.old, change.new)
        add_after(paragraph(doc, change.after, start=True), change.added)
        if change.more:
            change.more(doc)
    return apply


@dataclass(frozen=True)
class Document_:
    """What a kind made: its DOCX paragraphs (folded) and its PDF's lines and text (folded)."""

    texts: list[str]
    pdf_lines: list[str]
    pdf: str


@dataclass(frozen=True)
class Built:
    outputs: dict[str, Document_]  # by kind name
    build: str  # the build's summary
    print_file: str  # the certificates' print file, folded


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), prog_name="vanban")
    assert result.exit_code == 0, result.output
    return result.output


def _first_output(spec: K.KindSpec, folder: Path) -> Path:
    """Return the DOCX ``spec`` makes in the campaign's output ``folder`` (its first, for one
    file per awardee)."""
    where = folder / "dot-1" if spec.phase_folder else folder
    if spec.per_awardee:
        return sorted((where / spec.stem).glob("*.docx"))[0]
    return where / f"{spec.stem}.docx"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("clerk")
    campaign = Path(shutil.copytree(SAMPLE, root / CAMPAIGN))
    for name, change in EDITS.items():
        edit(Settings().template(name), campaign / "mau" / name, _apply(change))
    out = root / "out"
    summary = _run("build", str(campaign), "--phase", "1", "--out", str(out))
    for command in {tuple(COMMANDS[s.name]) for s in edited_kinds() if s.name in COMMANDS}:
        _run(*command, str(campaign), "--out", str(out))
    outputs = {}
    for spec in edited_kinds():
        docx = _first_output(spec, out / CAMPAIGN)
        pages = page_texts(docx.with_suffix(".pdf"))
        outputs[spec.name] = Document_([norm(p.text) for p in every_paragraph(Document(str(docx)))],
                                       [norm(line) for page in pages for line in page.splitlines()],
                                       norm(" ".join(pages)))
    print_file = norm(" ".join(page_texts(out / CAMPAIGN / "dot-1" / "giay-khen.pdf")))
    return Built(outputs, summary, print_file)


def test_every_template_with_wording_of_its_own_has_the_clerks_edit() -> None:
    own = {spec.template for spec in K.KINDS if own_wording(Settings().template(spec.template))}
    assert own == set(EDITS), "thêm vào EDITS phần sửa của văn thư cho mẫu mới có lời văn riêng"


def test_the_readme_lists_the_template_of_every_kind() -> None:
    """README, «Mẫu riêng của cơ quan»: one row per kind of the registry, with its template."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Mẫu riêng của cơ quan"):]
    section = section[:section.index("\n## ", 1)]
    rows = dict(re.findall(r"^`([a-z-]+)` [^|]+\| `([a-z-]+\.docx)` \|", section, flags=re.MULTILINE))
    assert rows == {spec.name: spec.template for spec in K.KINDS}
    for spec in K.KINDS:  # every kind's template holds its wording: none is still written by vanban
        row = next(line for line in section.splitlines() if line.startswith(f"`{spec.name}`"))
        assert "còn do vanban viết" not in row, row


@pytest.mark.parametrize("spec", edited_kinds(), ids=lambda s: s.name)
def test_the_changed_sentence_is_in_the_docx_and_the_pdf(built: Built, spec: K.KindSpec) -> None:
    change, made = EDITS[spec.template], built.outputs[spec.name]
    assert change.says in made.texts and change.said_before not in made.texts
    assert change.says in made.pdf_lines and change.said_before not in made.pdf_lines


@pytest.mark.parametrize("spec", edited_kinds(), ids=lambda s: s.name)
def test_the_added_paragraph_is_in_the_docx_and_the_pdf(built: Built, spec: K.KindSpec) -> None:
    change, made = EDITS[spec.template], built.outputs[spec.name]
    assert made.texts.count(change.added) == 1
    assert made.pdf.count(change.added) == 1


def test_article_3_in_the_agencys_words(built: Built) -> None:
    """Issue 13: «change Điều 3 of the decision to "Chánh Văn phòng Sở, …"» — by the template."""
    made = built.outputs[K.DECISION.name]
    assert f"Điều 3. Quyết định này có hiệu lực kể từ ngày ký. {ARTICLE_3}" in made.texts
    assert f"Điều 3. Quyết định này có hiệu lực kể từ ngày ký. {ARTICLE_3}" in made.pdf
    assert "Thủ trưởng các đơn vị có liên quan" not in made.pdf  # the sample's executors are not used


def test_one_achievement_wording_on_every_certificate(built: Built) -> None:
    """Issue 13: «set one achievement wording for all certificates» — by the template, not per
    Excel row: the 36 certificates of the print file all say it, the rows' own texts are gone."""
    assert ACHIEVEMENT in built.outputs[K.CERTIFICATE.name].texts
    assert built.print_file.count(ACHIEVEMENT) == 36
    assert "nguồn tin có giá trị" not in built.print_file  # two rows of the workbook had their own
    # ... and the build says so (fresh-user trial: the rows' own texts were dropped without a word)
    assert re.search(r"không in cột «Thành tích» của sổ đề nghị khen thưởng \(mẫu ghi một câu chung\), nên thành "
                     r"tích riêng của 2 người, tập thể không có trên Giấy khen \(ví dụ: .+\)\. Cách sửa: ",
                     " ".join(built.build.split())), built.build


def test_the_build_says_nothing_is_wrong(built: Built) -> None:
    """The edited templates pass the checks: no ND30 finding, no template error."""
    total = next(line for line in built.build.splitlines() if line.startswith("Tổng")).split()
    assert total[-1] == "0", built.build


def test_a_sentence_added_to_the_report_introduction(built: Built) -> None:
    """Issue 13: «add a sentence to the report's introduction» — by the template (report.intro
    was an unknown field): the sentence, then the template's own introduction."""
    made = built.outputs[K.REPORT.name]
    intro = next(t for t in made.texts if t.startswith(INTRO))
    assert intro.startswith(f"{INTRO} Thực hiện Kế hoạch số 189/KH-BQL")
    assert intro.endswith("báo cáo sơ kết Đợt 1 (từ ngày 01/11/2024 đến ngày 03/02/2025) như sau:")
    assert intro in made.pdf
