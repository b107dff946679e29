"""The ND30 checker: every document vanban makes passes; each deliberately wrong document is
caught by exactly the rule it breaks; a document made by hand (not our template) passes."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from pipeline.check.checker import ELEMENTS, FACTS, RULES, Finding, check_document, parse_kind
from pipeline.nd30.vi import DocumentKind
from tests.conftest import Built, Generated
from tests.docxread import norm, paragraphs
from tests.handmade import handmade

Mutation = Callable[[DocxDocument], None]


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def test_every_generated_document_passes(generated_documents: list[Generated]) -> None:
    # The plan reproduces the seed's own archive line "- Lưu: VP, VPĐD/BQL." (issue 16): the
    # data stays, the clerk is told by one warning; every other document has none.
    assert generated_documents
    for doc in generated_documents:
        for kind in (None, doc.kind):
            findings = check_document(doc.docx, kind)
            expected = ["ND30-RECIPIENTS-ARCHIVE-VT"] if doc.name.startswith("plan") else []
            shown = [f.rule for f in findings if f.severity != "info"]
            assert shown == expected, (doc.name, [str(f) for f in findings])


def test_a_draft_is_reported_as_info_not_as_an_error(built: Built) -> None:
    findings = check_document(built.docx)
    assert [(f.rule, f.severity, f.where, f.text, f.found) for f in findings] == [
        ("ND30-DRAFT", "info", "bảng 1, hàng 2, cột 1, đoạn 1", "Số: /KH-BQL", "để trống số, ngày"),
        ("ND30-RECIPIENTS-ARCHIVE-VT", "warning", "bảng 2, hàng 1, cột 1, đoạn 9", "- Lưu: VP, VPĐD/BQL.",
         '"- Lưu: VP, VPĐD/BQL." (không có VT)'),
    ]  # the seed's own archive line, kept as data; the clerk is told (issue 16)


@pytest.mark.parametrize("kind", ["decision", "letter"])
def test_a_correct_document_made_by_hand_passes(tmp_path: Path, kind: str) -> None:
    path = handmade(tmp_path / f"{kind}.docx", kind)
    assert check_document(path) == []
    expected = DocumentKind.DECISION if kind == "decision" else DocumentKind.OFFICIAL_LETTER
    assert check_document(path, expected) == []


# --------------------------------------------------------------------------- mutations


def _find(doc: DocxDocument, start: str) -> Paragraph:
    found = [p for p in paragraphs(doc) if norm(p.text).startswith(start)]
    assert found, start
    return found[0]


def _set_text(para: Paragraph, text: str) -> None:
    runs = [r for r in para.runs if r.text]
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def _runs(start: str, **attrs: object) -> Mutation:
    def mutate(doc: DocxDocument) -> None:
        for run in _find(doc, start).runs:
            for name, value in attrs.items():
                target = run.font if name in ("size", "name", "color") else run
                if name == "color":
                    run.font.color.rgb = value  # type: ignore[assignment]
                else:
                    setattr(target, name, value)
    return mutate


def _text(start: str, text: str) -> Mutation:
    return lambda doc: _set_text(_find(doc, start), text)


def _section(**attrs: object) -> Mutation:
    def mutate(doc: DocxDocument) -> None:
        for name, value in attrs.items():
            setattr(doc.sections[0], name, value)
    return mutate


def _para_format(start: str, **attrs: object) -> Mutation:
    def mutate(doc: DocxDocument) -> None:
        para = _find(doc, start)
        for name, value in attrs.items():
            setattr(para.paragraph_format if name != "alignment" else para, name, value)
    return mutate


def _rule_under(doc: DocxDocument, start: str) -> Paragraph:
    paras = list(paragraphs(doc))
    index = next(n for n, p in enumerate(paras) if norm(p.text).startswith(start))
    return paras[index + 1]


def _remove_rule(start: str) -> Mutation:
    def mutate(doc: DocxDocument) -> None:
        p_pr = _rule_under(doc, start)._p.get_or_add_pPr()
        border = OxmlElement("w:pBdr")
        top = OxmlElement("w:top")
        top.set(qn("w:val"), "nil")
        border.append(top)
        p_pr.append(border)
    return mutate


def _rule_indent(start: str, mm: float) -> Mutation:
    def mutate(doc: DocxDocument) -> None:
        rule = _rule_under(doc, start)
        rule.paragraph_format.left_indent = Mm(mm)
        rule.paragraph_format.right_indent = Mm(mm)
    return mutate


def _typed_rule(doc: DocxDocument) -> None:
    subject = "Triển khai phát động phong trào"
    rule = _rule_under(doc, subject)
    rule.style = doc.styles["VB Trích yếu"]
    rule.add_run("____________")


def _nfd(doc: DocxDocument) -> None:
    para = _find(doc, "- Tạo khí thế thi đua")
    for run in para.runs:
        run.text = unicodedata.normalize("NFD", run.text)


def _delete(start: str) -> Mutation:
    def mutate(doc: DocxDocument) -> None:
        p = _find(doc, start)._p
        p.getparent().remove(p)
    return mutate


def _content_end(doc: DocxDocument) -> None:
    para = [p for p in doc.paragraphs if p.text.endswith("./.")][-1]
    run = [r for r in para.runs if r.text.endswith("./.")][-1]
    run.text = run.text[:-3] + "."


def _page_number_on_page_one(doc: DocxDocument) -> None:
    doc.sections[0].different_first_page_header_footer = False


def _page_number_in_footer(doc: DocxDocument) -> None:
    section = doc.sections[0]
    field = section.header.paragraphs[0]._p
    section.footer.paragraphs[0]._p.addnext(field)


def _page_number_right(doc: DocxDocument) -> None:
    doc.sections[0].header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


BODY = "- Tạo khí thế thi đua"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ISSUER = "BAN QUẢN LÝ KHU KINH TẾ"
SUBJECT = "Triển khai phát động phong trào"

MUTATIONS: list[tuple[str, Mutation]] = [
    ("ND30-MARGIN-LEFT", _section(left_margin=Mm(25))),
    ("ND30-MARGIN-RIGHT", _section(right_margin=Mm(25))),
    ("ND30-MARGIN-TOP", _section(top_margin=Mm(15))),
    ("ND30-MARGIN-BOTTOM", _section(bottom_margin=Mm(30))),
    ("ND30-PAGE-SIZE", _section(page_width=Mm(215.9), page_height=Mm(279.4))),
    ("ND30-PAGE-ORIENTATION", _section(orientation=WD_ORIENT.LANDSCAPE)),
    ("ND30-FONT-FAMILY", _runs(BODY, name="Arial")),
    ("ND30-FONT-LEGACY", _runs(BODY, name=".VnTime")),
    ("ND30-FONT-COLOR", _runs(BODY, color=RGBColor(0, 0, 0xFF))),
    ("ND30-TEXT-NFC", _nfd),
    ("ND30-TYPED-RULE", _typed_rule),
    ("ND30-NATIONAL-TITLE-MISSING", _delete("CỘNG HÒA XÃ HỘI")),
    ("ND30-NATIONAL-TITLE-CASE", _text("CỘNG HÒA XÃ HỘI", "Cộng hòa xã hội chủ nghĩa Việt Nam")),
    ("ND30-NATIONAL-TITLE-SIZE", _runs("CỘNG HÒA XÃ HỘI", size=Pt(14))),
    ("ND30-MOTTO-TEXT", _text(MOTTO, "Độc lập - Tự do - Hạnh Phúc")),
    ("ND30-MOTTO-BOLD", _runs(MOTTO, bold=False)),
    ("ND30-MOTTO-RULE", _rule_indent(MOTTO, 30)),
    ("ND30-PARENT-BODY-SIZE", _runs("UBND THÀNH PHỐ", size=Pt(14))),
    ("ND30-ISSUER-BOLD", _runs(ISSUER, bold=False)),
    ("ND30-ISSUER-RULE", _rule_indent(ISSUER, 0)),
    ("ND30-NUMBER-FORM", _text("Số", "Số 05/KH-BQL")),
    ("ND30-NUMBER-PADDING", _text("Số", "Số: 5/KH-BQL")),
    ("ND30-NUMBER-SPACES", _text("Số", "Số: 05 / KH - BQL")),
    ("ND30-NUMBER-TYPE", _text("Số", "Số: 05/BC-BQL")),
    ("ND30-NUMBER-CV", _text("Số", "Số: 05/CV-BQL")),
    ("ND30-NUMBER-SIZE", _runs("Số", size=Pt(14))),
    ("ND30-DATE-MONTH", _text("Hải Phòng", "Hải Phòng, ngày 05 tháng 03 năm 2025")),
    ("ND30-DATE-MONTH", _text("Hải Phòng", "Hải Phòng, ngày 15 tháng 09 năm 2025")),
    ("ND30-DATE-MONTH", _text("Hải Phòng", "Hải Phòng, ngày 15 tháng 1 năm 2025")),
    ("ND30-DATE-DAY", _text("Hải Phòng", "Hải Phòng, ngày 5 tháng 11 năm 2024")),
    ("ND30-DATE-PLACE", _text("Hải Phòng", "Hải Phòng ngày 05 tháng 11 năm 2024")),
    ("ND30-DATE-INVALID", _text("Hải Phòng", "Hải Phòng, ngày 30 tháng 02 năm 2025")),
    ("ND30-DATE-ITALIC", _runs("Hải Phòng", italic=False)),
    ("ND30-KIND-TITLE-BOLD", _runs("KẾ HOẠCH", bold=False)),
    ("ND30-KIND-TITLE-CASE", _text("KẾ HOẠCH", "Kế hoạch")),
    ("ND30-SUBJECT-BOLD", _runs(SUBJECT, bold=False)),
    ("ND30-SUBJECT-RULE", _remove_rule(SUBJECT)),
    ("ND30-BODY-ALIGN", _para_format(BODY, alignment=WD_ALIGN_PARAGRAPH.LEFT)),
    ("ND30-BODY-INDENT", _para_format(BODY, first_line_indent=Mm(0))),
    ("ND30-BODY-SPACING", _para_format(BODY, space_after=Pt(0))),
    ("ND30-BODY-LINE-SPACING", _para_format(BODY, line_spacing=2.0)),
    ("ND30-BODY-SIZE", _runs(BODY, size=Pt(12))),
    ("ND30-CONTENT-END", _content_end),
    ("ND30-AUTHORITY-PREFIX", _text("KT. TRƯỞNG BAN", "KT TRƯỞNG BAN")),
    ("ND30-AUTHORITY-PREFIX", _text("KT. TRƯỞNG BAN", "K.T. TRƯỞNG BAN")),
    ("ND30-AUTHORITY-BOLD", _runs("PHÓ TRƯỞNG BAN", bold=False)),
    ("ND30-AUTHORITY-CASE", _text("PHÓ TRƯỞNG BAN", "Phó Trưởng ban")),
    ("ND30-SIGNER-NAME-BOLD", _runs("Nguyễn Quang Minh", bold=False)),
    ("ND30-RECIPIENTS-HEADING-ITALIC", _runs("Nơi nhận", italic=False)),
    ("ND30-RECIPIENTS-HEADING-TEXT", _text("Nơi nhận", "Nơi nhận")),
    ("ND30-RECIPIENTS-ITEM-SIZE", _runs("- Sở Nội vụ;", size=Pt(13))),
    ("ND30-RECIPIENTS-DASH", _text("- Sở Nội vụ;", "Sở Nội vụ;")),
    ("ND30-RECIPIENTS-PUNCT", _text("- Sở Nội vụ;", "- Sở Nội vụ")),
    ("ND30-RECIPIENTS-ARCHIVE", _text("- Lưu:", "- Lưu: VP, VPĐD/BQL")),
    ("ND30-PAGE-NUMBER-FIRST", _page_number_on_page_one),
    ("ND30-PAGE-NUMBER-ALIGN", _page_number_right),
    ("ND30-PAGE-NUMBER-POSITION", _page_number_in_footer),
]


@pytest.mark.parametrize(("rule", "mutate"), MUTATIONS, ids=[f"{n:02d}-{r}" for n, (r, _) in enumerate(MUTATIONS)])
def test_each_wrong_plan_is_caught_by_its_rule(built: Built, tmp_path: Path, rule: str, mutate: Mutation) -> None:
    doc = Document(str(built.docx))
    mutate(doc)
    path = tmp_path / "sai.docx"
    doc.save(str(path))
    found = _errors(check_document(path))
    assert {f.rule for f in found} == {rule}, [str(f) for f in found]
    assert all(f.expected and f.found and f.where for f in found)


def _drop_vml_line(doc: DocxDocument) -> None:
    for para in paragraphs(doc):
        for pict in para._p.iter(qn("w:pict")):
            pict.getparent().remove(pict)
            return


HANDMADE_MUTATIONS: list[tuple[str, str, Mutation]] = [
    ("ND30-BASIS-ITALIC", "decision", _runs("Căn cứ Luật", italic=False)),
    ("ND30-BASIS-PUNCT", "decision", _text("Theo đề nghị", "Theo đề nghị của Chánh Văn phòng Sở;")),
    ("ND30-BASIS-PUNCT", "decision", _text("Căn cứ Luật", "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022")),
    ("ND30-RECIPIENTS-AS-ABOVE", "decision", _text("- Như Điều 3;", "- Các phòng thuộc Sở;")),
    ("ND30-RECIPIENTS-AS-ABOVE", "letter", _text("- Như trên;", "- Các phòng thuộc Sở;")),
    ("ND30-VV-FORM", "letter", _text("V/v", "Về việc hướng dẫn hồ sơ đề nghị khen thưởng")),
    ("ND30-VV-BOLD", "letter", _runs("V/v", bold=True)),
    ("ND30-NUMBER-TYPE", "letter", _text("Số", "Số: 05/TB-SNV")),
    ("ND30-NUMBER-CV", "letter", _text("Số", "Số: 05/CV-SNV")),
    ("ND30-ISSUER-RULE", "decision", _drop_vml_line),
]


@pytest.mark.parametrize(("rule", "kind", "mutate"), HANDMADE_MUTATIONS,
                         ids=[f"{n:02d}-{r}" for n, (r, _, _) in enumerate(HANDMADE_MUTATIONS)])
def test_each_wrong_handmade_document_is_caught_by_its_rule(tmp_path: Path, rule: str, kind: str,
                                                            mutate: Mutation) -> None:
    doc = Document(str(handmade(tmp_path / "goc.docx", kind)))
    mutate(doc)
    path = tmp_path / "sai.docx"
    doc.save(str(path))
    found = _errors(check_document(path))
    assert {f.rule for f in found} == {rule}, [str(f) for f in found]


def test_there_are_at_least_twenty_distinct_wrong_documents() -> None:
    rules = {r for r, _ in MUTATIONS} | {r for r, _, _ in HANDMADE_MUTATIONS}
    assert len(MUTATIONS) + len(HANDMADE_MUTATIONS) >= 20 and len(rules) >= 20
    assert rules <= set(RULES)


def test_findings_say_where_what_was_expected_and_found(built: Built, tmp_path: Path) -> None:
    doc = Document(str(built.docx))
    doc.sections[0].left_margin = Mm(25)
    _set_text(_find(doc, "Hải Phòng"), "Hải Phòng, ngày 05 tháng 03 năm 2025")
    path = tmp_path / "sai.docx"
    doc.save(str(path))
    findings = _errors(check_document(path))
    assert [(f.rule, f.where, f.text, f.expected, f.found) for f in findings] == [
        ("ND30-MARGIN-LEFT", "thiết lập trang (mục 1)", "", "30–35 mm", "25 mm"),
        ("ND30-DATE-MONTH", "bảng 1, hàng 2, cột 2, đoạn 1", "Hải Phòng, ngày 05 tháng 03 năm 2025", "tháng 3",
         "tháng 03"),
    ]
    assert str(findings[1]) == (
        f"{path}: bảng 1, hàng 2, cột 2, đoạn 1: lỗi ND30-DATE-MONTH (Chỉ tháng 1, 2 viết thêm số 0 "
        "(tháng 01, tháng 02, tháng 3 … tháng 12)): cần tháng 3; thấy tháng 03. «Hải Phòng, ngày 05 tháng 03 năm 2025»"
    )


def test_many_paragraphs_breaking_one_rule_give_one_finding_with_a_count(built: Built, tmp_path: Path) -> None:
    doc = Document(str(built.docx))
    doc.styles["VB Nội dung"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    path = tmp_path / "sai.docx"
    doc.save(str(path))
    (finding,) = _errors(check_document(path))
    assert finding.rule == "ND30-BODY-ALIGN"
    assert finding.expected == "canh đều hai lề"
    assert finding.found.startswith("canh trái (ở ") and finding.found.endswith(" đoạn)")
    assert int(finding.found.split("ở ")[1].split()[0]) > 20


def test_style_chain_is_resolved_not_only_direct_formatting(built: Built, tmp_path: Path) -> None:
    # The body size comes from the style "VB Nội dung" → Normal; change it in the base style only.
    doc = Document(str(built.docx))
    doc.styles["VB Nội dung"].font.size = None
    doc.styles["Normal"].font.size = Pt(12)
    path = tmp_path / "sai.docx"
    doc.save(str(path))
    rules = {f.rule for f in _errors(check_document(path))}
    assert "ND30-BODY-SIZE" in rules


def test_unreadable_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    path.write_bytes(b"not a zip")
    (finding,) = check_document(path)
    assert (finding.rule, finding.severity, finding.where) == ("ND30-FILE", "error", "tệp")


def test_facts_and_elements_carry_their_source() -> None:
    assert all(f.source.startswith("ND30 Phụ lục I") for f in FACTS.values())
    assert all(e.source.startswith("ND30 Phụ lục I") for e in ELEMENTS.values())
    assert (FACTS["margin_left"].low, FACTS["margin_left"].high) == (30, 35)
    assert (FACTS["margin_right"].low, FACTS["margin_right"].high) == (15, 20)
    assert (FACTS["margin_top"].low, FACTS["margin_top"].high) == (20, 25)
    assert (FACTS["margin_bottom"].low, FACTS["margin_bottom"].high) == (20, 25)


def test_every_fact_holds_the_value_vanban_writes_and_the_writer_reads_it() -> None:
    """One table of ND30 facts (issue 12): the value written lies in the range checked, and
    the frame writer's constants and styles are those values, not copies kept in step."""
    from pipeline.nd30 import layout as L

    assert all(f.holds(f.written, 0) for f in FACTS.values())
    assert all(e.written is None or e.size[0] <= e.written <= e.size[1] for e in ELEMENTS.values())
    assert (L.MARGIN_TOP_MM, L.MARGIN_BOTTOM_MM, L.MARGIN_LEFT_MM, L.MARGIN_RIGHT_MM) == tuple(
        FACTS[k].written for k in ("margin_top", "margin_bottom", "margin_left", "margin_right"))
    assert (L.FIRST_LINE_INDENT_MM, L.PARAGRAPH_SPACING_PT, L.LINE_SPACING, L.BODY.size) == tuple(
        FACTS[k].written for k in ("first_line_indent", "paragraph_spacing", "line_spacing", "body_size"))
    for key, spec in (("NATIONAL-TITLE", L.NATIONAL), ("DATE", L.DATE_LINE), ("RECIPIENTS-HEADING", L.RECIPIENTS_TITLE),
                      ("AUTHORITY-LINE", L.AUTHORITY_LINE), ("ANNEX-REFERENCE", L.ANNEX_REFERENCE)):
        element = ELEMENTS[key]
        assert (spec.size, spec.bold, spec.italic) == (element.written, element.bold, element.italic), key


@pytest.mark.parametrize(
    ("text", "kind"),
    [("KH", DocumentKind.PLAN), ("QĐ", DocumentKind.DECISION), ("qd", DocumentKind.DECISION),
     ("TTr", DocumentKind.SUBMISSION), ("công văn", DocumentKind.OFFICIAL_LETTER),
     ("cong van", DocumentKind.OFFICIAL_LETTER), ("Báo cáo", DocumentKind.REPORT)],
)
def test_parse_kind(text: str, kind: DocumentKind) -> None:
    assert parse_kind(text) is kind


def test_parse_kind_refuses_unknown() -> None:
    with pytest.raises(ValueError, match='không biết loại văn bản "XYZ"'):
        parse_kind("XYZ")


def test_an_empty_word_document_reports_every_missing_element(tmp_path: Path) -> None:
    path = tmp_path / "trong.docx"
    Document().save(str(path))  # python-docx's blank document: US Letter, 1 inch margins
    findings = check_document(path)
    assert [(f.rule, f.severity) for f in findings] == [
        ("ND30-PAGE-SIZE", "error"), ("ND30-MARGIN-TOP", "error"), ("ND30-MARGIN-BOTTOM", "error"),
        ("ND30-MARGIN-RIGHT", "error"), ("ND30-NATIONAL-TITLE-MISSING", "error"),
        ("ND30-ISSUER-MISSING", "error"), ("ND30-NUMBER-MISSING", "error"), ("ND30-DATE-MISSING", "error"),
        ("ND30-KIND-TITLE-MISSING", "error"), ("ND30-SIGNATURE-MISSING", "error"),
        ("ND30-RECIPIENTS-MISSING", "error"),
    ]  # one page: no page number needed


def test_theme_fonts_resolve_through_the_theme(tmp_path: Path) -> None:
    # Word's blank document takes its font from the theme (minorHAnsi), not from a font name.
    doc = Document()
    doc.add_paragraph("Nội dung")
    path = tmp_path / "theme.docx"
    doc.save(str(path))
    (finding,) = [f for f in check_document(path) if f.rule == "ND30-FONT-FAMILY"]
    assert finding.found in ("phông Calibri", "phông Cambria")


@pytest.mark.parametrize("name", ["ke-hoach.docx", "quyet-dinh-khen-thuong.docx"])
def test_a_kinds_template_itself_is_read_without_crashing(name: str) -> None:
    template = Path(__file__).resolve().parent.parent / "templates" / name
    rules = {f.rule for f in check_document(template)}
    assert "ND30-NUMBER-MISSING" in rules and "ND30-FILE" not in rules


def _drawingml_line(length_mm: float):  # type: ignore[no-untyped-def]
    from docx.oxml import parse_xml

    emu = int(length_mm * 36000)
    return parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<w:drawing><wp:inline><wp:extent cx="{emu}" cy="0"/><wp:docPr id="9" name="Line"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom></wps:spPr><wps:bodyPr/></wps:wsp>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
    )


@pytest.mark.parametrize(("length_mm", "rules"), [(10.0, set()), (45.0, {"ND30-ISSUER-RULE"})])
def test_a_drawingml_line_counts_as_the_issuer_rule(tmp_path: Path, length_mm: float, rules: set[str]) -> None:
    # "SỞ NỘI VỤ" 13 pt bold is ≈ 24 mm wide: a 10 mm line is 0,42 of it, 45 mm is too long.
    doc = Document(str(handmade(tmp_path / "goc.docx")))
    for para in paragraphs(doc):
        for pict in list(para._p.iter(qn("w:pict"))):
            run = pict.getparent()
            run.addnext(_drawingml_line(length_mm))
            run.getparent().remove(run)
    path = tmp_path / "drawingml.docx"
    doc.save(str(path))
    assert {f.rule for f in _errors(check_document(path))} == rules


def test_an_underlined_motto_counts_as_its_rule_but_not_under_the_issuer(built: Built, tmp_path: Path) -> None:
    doc = Document(str(built.docx))
    for start in (MOTTO, ISSUER):
        for run in _find(doc, start).runs:
            run.underline = True
        rule = _rule_under(doc, start)
        rule._p.getparent().remove(rule._p)
    path = tmp_path / "gach-chan.docx"
    doc.save(str(path))
    assert [f.rule for f in _errors(check_document(path))] == ["ND30-ISSUER-RULE"]


def test_no_page_number_is_a_warning(built: Built, tmp_path: Path) -> None:
    doc = Document(str(built.docx))
    header = doc.sections[0].header.paragraphs[0]._p
    header.getparent().remove(header)
    path = tmp_path / "khong-so-trang.docx"
    doc.save(str(path))
    findings = [f for f in check_document(path) if f.severity != "info"]
    assert [(f.rule, f.severity, f.where, f.found) for f in findings] == [
        ("ND30-RECIPIENTS-ARCHIVE-VT", "warning", "bảng 2, hàng 1, cột 1, đoạn 9",
         '"- Lưu: VP, VPĐD/BQL." (không có VT)'),
        ("ND30-PAGE-NUMBER-MISSING", "warning", "đầu trang (mục 1)", "không có số trang (văn bản khoảng 4 trang)"),
    ]


def test_a_one_page_document_needs_no_page_number(tmp_path: Path) -> None:
    doc = Document(str(handmade(tmp_path / "goc.docx", "letter")))
    header = doc.sections[0].header.paragraphs[0]
    for run in header.runs:
        run._r.getparent().remove(run._r)
    path = tmp_path / "mot-trang.docx"
    doc.save(str(path))
    assert check_document(path) == []


def test_header_table_after_empty_paragraphs_and_a_draft_mark(tmp_path: Path) -> None:
    doc = Document(str(handmade(tmp_path / "goc.docx")))
    header = doc.tables[0]._tbl
    for text in ("", "DỰ THẢO"):
        para = doc.add_paragraph(text)
        header.addprevious(para._p)
    path = tmp_path / "du-thao.docx"
    doc.save(str(path))
    assert check_document(path) == []


def test_list_indents_come_from_the_numbering_part() -> None:
    from pipeline.docx.formatting import Resolver

    doc = Document()
    para = doc.add_paragraph("- gạch đầu dòng", style="List Bullet 2")  # indents only in numbering.xml
    look = Resolver(doc).paragraph(para._p)
    assert (round(look.left_mm, 2), round(look.first_line_mm, 2)) == (12.7, -6.35)


def test_paragraphs_alike_but_in_different_places_keep_their_own_look() -> None:
    """The resolver remembers the look of paragraphs and runs with the same properties (a
    500-row list); what their table and style give them must still count."""
    from docx.shared import Pt

    from pipeline.docx.formatting import Resolver

    doc = Document()
    outside = doc.add_paragraph("ngoài bảng")
    table = doc.add_table(rows=1, cols=1)
    style = doc.styles.add_style("Bảng cỡ 9", 3)  # a table style giving its text 9 pt, centred
    style.font.size = Pt(9)
    style.element.get_or_add_pPr().get_or_add_jc().set(qn("w:val"), "center")
    table.style = style
    inside = table.cell(0, 0).paragraphs[0]
    inside.add_run("trong bảng")
    plain = doc.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0]
    plain.add_run("bảng không kiểu")
    resolver = Resolver(doc)
    looks = [resolver.paragraph(p._p).align for p in (outside, inside, plain, outside, inside)]
    sizes = [resolver.runs(p._p)[0].size_pt for p in (outside, inside, plain, inside, outside)]
    assert looks == ["left", "center", "left", "left", "center"]
    assert sizes == [11.0, 9.0, 11.0, 9.0, 11.0]
    assert [resolver.runs(p._p)[0].text for p in (inside, plain)] == ["trong bảng", "bảng không kiểu"]


def test_a_list_paragraph_indented_by_its_numbering_is_caught(tmp_path: Path) -> None:
    doc = Document(str(handmade(tmp_path / "goc.docx")))
    _find(doc, "Điều 2.").style = doc.styles["List Bullet 2"]  # numbering adds a 12,7 mm left indent
    path = tmp_path / "danh-sach.docx"
    doc.save(str(path))
    (finding,) = _errors(check_document(path))
    assert (finding.rule, finding.found) == ("ND30-BODY-INDENT", "thụt 22,7 mm")


def test_a_header_in_text_boxes_is_read(tmp_path: Path) -> None:
    from tests.handmade import header_in_text_boxes

    path = header_in_text_boxes(handmade(tmp_path / "goc.docx"), tmp_path / "hop-chu.docx")
    assert check_document(path) == []
    doc = Document(str(path))
    assert not [t for t in doc.tables if "CỘNG HÒA" in t._tbl.xml]  # really no header table
    for p in doc.element.body.iter(qn("w:t")):
        if p.text == "Hà Nội, ngày 05 tháng 01 năm 2025":
            p.text = "Hà Nội, ngày 05 tháng 03 năm 2025"
    wrong = tmp_path / "hop-chu-sai.docx"
    doc.save(str(wrong))
    (finding,) = _errors(check_document(wrong))
    assert (finding.rule, finding.where) == ("ND30-DATE-MONTH", "hộp chữ 2 (ở đoạn 1), đoạn 4")


@pytest.mark.parametrize(
    ("lines", "rules"),
    [
        (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], set()),
        (["TM. ỦY BAN NHÂN DÂN", "KT CHỦ TỊCH", "PHÓ CHỦ TỊCH"], {"ND30-AUTHORITY-PREFIX"}),
        (["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"], set()),
        (["TUQ CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ"], {"ND30-AUTHORITY-PREFIX"}),
        (["Q. GIÁM ĐỐC"], set()),
        (["Kt. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], {"ND30-AUTHORITY-PREFIX", "ND30-AUTHORITY-CASE"}),
    ],
)
def test_authority_lines(tmp_path: Path, lines: list[str], rules: set[str]) -> None:
    doc = Document(str(handmade(tmp_path / "goc.docx")))
    cell = doc.tables[-1].cell(0, 1)
    first = cell.paragraphs[0]
    for text in reversed(lines[1:]):
        new = first._p.__copy__()
        first._p.addnext(new)
        Paragraph(new, cell).runs[0].text = text
    first.runs[0].text = lines[0]
    path = tmp_path / "ky.docx"
    doc.save(str(path))
    assert {f.rule for f in _errors(check_document(path))} == rules


def test_the_frame_layout_lies_within_the_checker_ranges() -> None:
    from pipeline.nd30 import layout as L

    for fact, value in (("margin_top", L.MARGIN_TOP_MM), ("margin_bottom", L.MARGIN_BOTTOM_MM),
                        ("margin_left", L.MARGIN_LEFT_MM), ("margin_right", L.MARGIN_RIGHT_MM),
                        ("first_line_indent", L.FIRST_LINE_INDENT_MM),
                        ("paragraph_spacing", L.PARAGRAPH_SPACING_PT), ("line_spacing", L.LINE_SPACING),
                        ("issuer_rule", L.RULE_RATIO[L.ISSUER.name]), ("subject_rule", L.RULE_RATIO[L.SUBJECT.name]),
                        ("motto_rule", L.RULE_RATIO[L.MOTTO_STYLE.name])):
        assert FACTS[fact].holds(value), fact
    for key, spec in (("NATIONAL-TITLE", L.NATIONAL), ("MOTTO", L.MOTTO_STYLE), ("PARENT-BODY", L.PARENT_BODY),
                      ("ISSUER", L.ISSUER), ("NUMBER", L.NUMBER), ("DATE", L.DATE_LINE),
                      ("KIND-TITLE", L.KIND_TITLE), ("SUBJECT", L.SUBJECT), ("AUTHORITY", L.SIGN_AUTHORITY),
                      ("SIGNER-NAME", L.SIGNER_NAME), ("RECIPIENTS-HEADING", L.RECIPIENTS_TITLE),
                      ("RECIPIENTS-ITEM", L.RECIPIENT), ("PAGE-NUMBER", L.PAGE_NUMBER)):
        element = ELEMENTS[key]
        assert element.size[0] <= spec.size <= element.size[1], key
        assert element.bold in (None, spec.bold) and element.italic in (None, spec.italic), key


@pytest.mark.parametrize(("number", "date", "shown"), [(5, "05/03/2025", "tháng 3"), (12, "09/01/2025", "tháng 01")])
def test_an_issued_plan_passes_with_no_note_at_all(tmp_path: Path, number: int, date: str, shown: str) -> None:
    from pipeline.build.engine import build_plan
    from tests.conftest import sample_yaml, write_campaign

    text = sample_yaml().replace("  issue_date: 11/2024", f"  number: {number}\n  issue_date: {date}")
    folder = write_campaign(tmp_path / "issued", text)
    docx = build_plan(folder, tmp_path / "out", pdf=False).docx
    assert shown in "".join(p.text for p in paragraphs(Document(str(docx))))
    assert [f.rule for f in check_document(docx, DocumentKind.PLAN)] == ["ND30-RECIPIENTS-ARCHIVE-VT"]
