"""The checker knows each kind (issue 16): a decision's structure, annexes, the archive line's
VT; certificates and dispatch sheets by their own short rules; a letter typed in Word; a công
văn from its number line; a repeated finding once with a count; a malformed DOCX one finding;
output bounded whatever the size of the document (issue 17)."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt
from docxcompose.properties import CustomProperties

from cli import main
from pipeline.check.checker import RULES, Finding, check_document
from pipeline.docx import stamp
from pipeline.docx.formatting import qn
from tests.conftest import SAMPLE, Built
from tests.docxread import norm, paragraphs
from tests.handmade import handmade
from tests.test_check import Mutation, _delete, _find, _runs, _text


@pytest.fixture(scope="module")
def phase(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder of the sample's phase 1 as `vanban build --no-pdf` writes it."""
    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "--phase", "1", "--no-pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / SAMPLE.name / "dot-1"


def _annex_in_own_section(doc: DocxDocument) -> None:
    """Give the attached list a section of its own numbered from 1 (the form vanban writes,
    ND30 Phụ lục I, mục I.5), when the document does not have it yet."""
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    if any(p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None for p in body.iterchildren(qn("w:p"))):
        return
    title = _find(doc, "DANH SÁCH")
    brk = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    p_pr.append(copy.deepcopy(final))
    brk.append(p_pr)
    title._p.addprevious(brk)
    if final.find(qn("w:pgNumType")) is None:
        number = OxmlElement("w:pgNumType")
        number.set(qn("w:start"), "1")
        final.find(qn("w:pgMar")).addnext(number)


@pytest.fixture(scope="module")
def decision(phase: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the sample's decision with its attached list, as vanban writes it."""
    doc = Document(str(phase / "quyet-dinh-khen-thuong.docx"))
    _annex_in_own_section(doc)
    path = tmp_path_factory.mktemp("decision") / "quyet-dinh.docx"
    doc.save(str(path))
    return path


def _not_info(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity != "info"]


def _mutated(source: Path, mutate: Mutation, target: Path) -> Path:
    doc = Document(str(source))
    mutate(doc)
    doc.save(str(target))
    return target


# --------------------------------------------------------------------------- the kinds vanban makes


def test_the_sample_decision_passes(decision: Path) -> None:
    assert [str(f) for f in _not_info(check_document(decision))] == []


def test_every_certificate_and_dispatch_sheet_of_the_sample_has_no_finding(phase: Path) -> None:
    # Before: 759 errors across these 39 files ("TẶNG" read as the subject, no "Số:" …).
    files = sorted((phase / "giay-khen").glob("*.docx")) + sorted((phase / "danh-sach-gui").glob("*.docx"))
    assert len(files) == 39
    for path in files:
        assert check_document(path) == [], (path.name, [str(f) for f in check_document(path)])


def test_a_certificate_is_known_by_its_document_property(phase: Path, tmp_path: Path) -> None:
    doc = Document(str(next((phase / "giay-khen").glob("*.docx"))))
    assert CustomProperties(doc).get(stamp.KIND) == stamp.KIND_CERTIFICATE  # as vanban records it
    _delete("TẶNG")(doc)  # its shape no longer says "certificate"
    path = tmp_path / "gk.docx"
    doc.save(str(path))
    assert check_document(path) == []  # the property still does
    doc = Document(str(path))
    del CustomProperties(doc)[stamp.KIND]
    doc.save(str(path))
    assert "ND30-NUMBER-MISSING" in {f.rule for f in check_document(path)}


@pytest.mark.parametrize("kind", ["decision", "letter", "typed-letter"])
def test_hand_made_correct_documents_have_no_finding(tmp_path: Path, kind: str) -> None:
    assert check_document(handmade(tmp_path / f"{kind}.docx", kind)) == []


# --------------------------------------------------------------------------- wrong documents


def _article_not_bold(doc: DocxDocument) -> None:
    for run in _find(doc, "Điều 1.").runs:
        if run.text.strip():
            run.bold = False


def _replace(start: str, old: str, new: str) -> Mutation:
    def mutate(doc: DocxDocument) -> None:
        for run in _find(doc, start).runs:
            run.text = run.text.replace(old, new)
    return mutate


def _no_bases(doc: DocxDocument) -> None:
    for para in list(paragraphs(doc)):
        if norm(para.text).startswith(("Căn cứ", "Theo đề nghị")):
            para._p.getparent().remove(para._p)


def _no_articles(doc: DocxDocument) -> None:
    for para in paragraphs(doc):
        for run in para.runs:
            if run.text.startswith("Điều "):
                run.text = "Khoản " + run.text[len("Điều "):]


def _annex_on_the_same_page(doc: DocxDocument) -> None:
    for p in doc.element.body.iterchildren(qn("w:p")):
        sect = p.find(qn("w:pPr") + "/" + qn("w:sectPr"))
        if sect is not None:
            kind = OxmlElement("w:type")
            kind.set(qn("w:val"), "continuous")
            sect.insert(0, kind)
    _find(doc, "DANH SÁCH").paragraph_format.page_break_before = False


def _annex_numbered_on(doc: DocxDocument) -> None:
    number = doc.element.body.find(qn("w:sectPr")).find(qn("w:pgNumType"))
    number.getparent().remove(number)


DECISION_MUTATIONS: list[tuple[str, Mutation]] = [
    ("ND30-AUTHORITY-LINE-MISSING", _delete("TRƯỞNG BAN BAN QUẢN LÝ")),
    ("ND30-AUTHORITY-LINE-BOLD", _runs("TRƯỞNG BAN BAN QUẢN LÝ", bold=False)),
    ("ND30-AUTHORITY-LINE-SIZE", _runs("TRƯỞNG BAN BAN QUẢN LÝ", size=Pt(12))),
    ("ND30-AUTHORITY-LINE-CASE", _text("TRƯỞNG BAN BAN QUẢN LÝ", "Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng")),
    ("ND30-BASIS-MISSING", _no_bases),
    ("ND30-BASIS-PUNCT", _replace("Theo đề nghị", "Văn phòng.", "Văn phòng;")),  # the last căn cứ
    ("ND30-DECISION-WORD-MISSING", _delete("QUYẾT ĐỊNH:")),
    ("ND30-DECISION-WORD-TEXT", _replace("QUYẾT ĐỊNH:", ":", "")),
    ("ND30-DECISION-WORD-BOLD", _runs("QUYẾT ĐỊNH:", bold=False)),
    ("ND30-ARTICLE-NUMBER", _replace("Điều 3.", "Điều 3.", "Điều 4.")),
    ("ND30-ARTICLE-NUMBER", _replace("Điều 2.", "Điều 2.", "Điều 2:")),
    ("ND30-ARTICLE-BOLD", _article_not_bold),
    ("ND30-ARTICLE-MISSING", _no_articles),
    ("ND30-ANNEX-PAGE", _annex_on_the_same_page),
    ("ND30-ANNEX-PAGE-NUMBER", _annex_numbered_on),
    ("ND30-ANNEX-TITLE-BOLD", _runs("DANH SÁCH", bold=False)),
    ("ND30-ANNEX-REFERENCE-MISSING", _delete("(Kèm theo")),
    ("ND30-ANNEX-REFERENCE-ITALIC", _runs("(Kèm theo", italic=False)),
    ("ND30-RECIPIENTS-ARCHIVE-VT", _text("- Lưu:", "- Lưu: VP.")),
]


@pytest.mark.parametrize(("rule", "mutate"), DECISION_MUTATIONS,
                         ids=[f"{n:02d}-{r}" for n, (r, _) in enumerate(DECISION_MUTATIONS)])
def test_each_wrong_decision_is_caught_by_its_rule(decision: Path, tmp_path: Path, rule: str, mutate: Mutation) -> None:
    found = _not_info(check_document(_mutated(decision, mutate, tmp_path / "sai.docx")))
    assert [f.rule for f in found] == [rule], [str(f) for f in found]
    assert all(f.expected and f.found and f.where for f in found)


def test_the_archive_line_without_vt_is_a_warning_naming_nd30(decision: Path, tmp_path: Path) -> None:
    (finding,) = _not_info(check_document(_mutated(decision, _text("- Lưu:", "- Lưu: VP."), tmp_path / "sai.docx")))
    assert (finding.severity, finding.found) == ("warning", '"- Lưu: VP." (không có VT)')
    assert "ND30 Phụ lục I, mục II.9.b" in str(finding)


def _remove_table(doc: DocxDocument) -> None:
    table = doc.tables[-1]._tbl
    table.getparent().remove(table)


def _no_signer_name(doc: DocxDocument) -> None:
    name = doc.tables[-1].cell(0, 1).paragraphs[-1]
    name._p.getparent().remove(name._p)


def _letter_size(doc: DocxDocument) -> None:
    doc.sections[0].page_width, doc.sections[0].page_height = Mm(279.4), Mm(215.9)


SHAPE_MUTATIONS: list[tuple[str, str, Mutation]] = [
    ("CERT-DECISION", "giay-khen", _text("Quyết định số", "Quyết định khen thưởng")),
    ("CERT-SIGNATURE", "giay-khen", _no_signer_name),
    ("ND30-PAGE-SIZE", "giay-khen", _letter_size),
    ("ND30-MOTTO-TEXT", "giay-khen", _text("Độc lập", "Độc lập - Tự do - Hạnh Phúc")),
    ("ND30-DATE-MONTH", "giay-khen", _replace("Hải Phòng,", "tháng 02", "tháng 2")),
    ("DSG-TABLE", "danh-sach-gui", _remove_table),
    ("ND30-FONT-FAMILY", "danh-sach-gui", _runs("DANH SÁCH GỬI", name="Arial")),
]


@pytest.mark.parametrize(("rule", "folder", "mutate"), SHAPE_MUTATIONS,
                         ids=[f"{n:02d}-{r}" for n, (r, _, _) in enumerate(SHAPE_MUTATIONS)])
def test_each_wrong_certificate_or_dispatch_sheet_is_caught(phase: Path, tmp_path: Path, rule: str, folder: str,
                                                            mutate: Mutation) -> None:
    source = min((phase / folder).glob("*.docx"))
    found = check_document(_mutated(source, mutate, tmp_path / "sai.docx"))
    assert [f.rule for f in found] == [rule], [str(f) for f in found]


def test_a_cong_van_is_known_from_its_number_line(tmp_path: Path) -> None:
    # No "V/v", no --kind: "Số: 05/SNV-VP" has no type abbreviation, so it is a công văn's.
    path = _mutated(handmade(tmp_path / "cv.docx", "letter"), _delete("V/v"), tmp_path / "sai.docx")
    assert [f.rule for f in check_document(path)] == ["ND30-VV-MISSING"]


@pytest.mark.parametrize(("rule", "mutate"), [
    ("ND30-SIGNER-NAME-BOLD", _runs("Nguyễn Văn An", bold=False)),
    ("ND30-RECIPIENTS-PUNCT", _text("- Giám đốc Sở", "- Giám đốc Sở (để báo cáo)")),
    ("ND30-AUTHORITY-PREFIX", _text("KT. GIÁM ĐỐC", "KT GIÁM ĐỐC")),
])
def test_a_letter_typed_without_a_signature_table_is_read(tmp_path: Path, rule: str, mutate: Mutation) -> None:
    # Before: its signer lines were read as Nơi nhận (15 false errors on the correct letter).
    path = _mutated(handmade(tmp_path / "cv.docx", "typed-letter"), mutate, tmp_path / "sai.docx")
    assert [f.rule for f in check_document(path)] == [rule]


def test_there_are_at_least_fifteen_new_wrong_documents() -> None:
    rules = {r for r, _ in DECISION_MUTATIONS} | {r for r, _, _ in SHAPE_MUTATIONS}
    assert len(rules) >= 15 and rules <= set(RULES)


# --------------------------------------------------------------------------- repeats, size, malformed


def test_a_repeated_finding_is_reported_once_with_a_count(built: Built, tmp_path: Path) -> None:
    doc = Document(str(built.docx))
    doc.styles["VB Nơi nhận"].font.size = Pt(12)  # every Nơi nhận line: one wrong size
    items = len([p for p in doc.tables[-1].cell(0, 0).paragraphs if p.text.strip()]) - 1
    path = tmp_path / "sai.docx"
    doc.save(str(path))
    (finding,) = [f for f in check_document(path) if f.severity == "error"]
    assert (finding.rule, finding.count, finding.found) == (
        "ND30-RECIPIENTS-ITEM-SIZE", items, f"cỡ 12 pt (ở {items} đoạn)")
    assert finding.where == (
        "bảng 2, hàng 1, cột 1, đoạn 2; bảng 2, hàng 1, cột 1, đoạn 3; bảng 2, hàng 1, cột 1, đoạn 4; …")


def test_a_huge_table_gives_few_findings(tmp_path: Path) -> None:
    # Before: a 40 × 3,000 table gave 351,013 findings (63 MB of output).
    doc = Document(str(handmade(tmp_path / "qd.docx")))
    table = doc.add_table(rows=300, cols=40)
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].add_run("x").font.name = "Arial"
    doc.element.body.insert(0, table._tbl)  # first: read as the header too
    path = tmp_path / "bang.docx"
    doc.save(str(path))
    findings = check_document(path)
    rules = [f.rule for f in findings]
    assert len(rules) == len(set(rules)) and len(rules) < 25, rules
    font = next(f for f in findings if f.rule == "ND30-FONT-FAMILY")
    assert font.count == 12_000 and font.found == "phông Arial (ở 12000 đoạn)"


def _broken_xml(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"][:-40]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _section_in_a_cell(path: Path) -> None:
    doc = Document(str(path))
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    cell_p = doc.tables[0].cell(0, 0).paragraphs[0]._p
    cell_p.get_or_add_pPr().append(sect)
    doc.save(str(path))


def _workbook(path: Path) -> None:
    """A workbook renamed to .docx (found by a fresh-user trial: the message was in English)."""
    import openpyxl

    openpyxl.Workbook().save(str(path))


@pytest.mark.parametrize(("name", "spoil", "found"), [
    ("not-a-zip", lambda p: p.write_bytes(b"PK not really"),
     "không phải tệp DOCX (Word) thật: không phải tệp nén Office Open XML"),
    ("broken-xml", _broken_xml, "nội dung XML trong tệp DOCX bị hỏng (dòng 2) — mở bằng Word rồi lưu lại"),
    ("a-workbook", _workbook, "đây là tệp Excel mang đuôi .docx, không phải văn bản Word"),
    ("section-in-a-cell", _section_in_a_cell, "thân văn bản không có thiết lập trang (w:sectPr)"),
])
def test_a_malformed_docx_is_one_finding_and_exit_1(tmp_path: Path, name: str, spoil, found: str) -> None:  # type: ignore[no-untyped-def]
    path = handmade(tmp_path / f"{name}.docx")
    spoil(path)
    (finding,) = check_document(path)
    assert (finding.rule, finding.severity, finding.where) == ("ND30-FILE", "error", "tệp")
    assert found in finding.found
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
    assert result.exit_code == 1
    assert result.output.splitlines() == [str(finding), "1 lỗi, 0 cảnh báo trong 1 tệp."]
