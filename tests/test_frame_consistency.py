"""The ND30 frame stays one thing (issue 13, point 5): every administrative template of the kinds
registry has the same header table, title block, signature table with Nơi nhận, page set-up,
page-number header and "VB …" styles — compared across the templates (whatever kinds the
registry holds) and against the ND30 facts; a clerk's template whose frame breaks ND30 gets a
TPL-FRAME warning naming what and where."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from pipeline.check.template import check_template
from pipeline.check.templateframe import check_frame
from pipeline.nd30 import kinds as K
from pipeline.nd30 import layout as L
from pipeline.nd30.facts import ELEMENTS, FACTS

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
ADMINISTRATIVE = sorted({spec.template for spec in K.KINDS if spec.kind is not None})
EVERY = sorted({spec.template for spec in K.KINDS})


def _xml(el: etree._Element | None) -> str:
    assert el is not None
    return etree.tostring(el, method="c14n").decode()


def _open(name: str) -> DocxDocument:
    return Document(str(TEMPLATES / name))


def _frame_styles(doc: DocxDocument) -> dict[str, str]:
    """Return the XML of each "VB …" style (paragraph and table), by name."""
    out = {}
    for style in doc.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name")).get(qn("w:val"))
        if name.startswith("VB "):
            out[name] = _xml(style)
    return out


def _page(doc: DocxDocument) -> list[str]:
    """Return the XML of what sets up each section's page: size, margins, first page apart, numbering."""
    out = []
    for section in doc.sections:
        sect = section._sectPr
        out.append("".join(_xml(sect.find(qn(tag))) for tag in ("w:pgSz", "w:pgMar", "w:titlePg", "w:pgNumType")))
    return out


def _styled(el: etree._Element, doc: DocxDocument) -> list[tuple[str, str]]:
    """Return (style name, text) of the paragraphs directly in ``el``."""
    names = {s.style_id: s.name for s in doc.styles}
    out = []
    for p in el.iterchildren(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        out.append((names.get(style.get(qn("w:val"))) if style is not None else "", text))
    return out


def _signature(doc: DocxDocument) -> etree._Element:
    (table,) = [t for t in doc.element.body.iterchildren(qn("w:tbl"))
                if _styled(t.find(f"{qn('w:tr')}/{qn('w:tc')}"), doc)[:1] == [(L.RECIPIENTS_TITLE.name, "Nơi nhận:")]]
    return table


def test_the_registry_has_administrative_templates_to_compare() -> None:
    assert len(ADMINISTRATIVE) >= 2 and all((TEMPLATES / t).exists() for t in EVERY)


def test_every_template_has_the_same_frame_styles_as_the_layout_writes() -> None:
    styles = {name: _frame_styles(_open(name)) for name in EVERY}
    first = styles[EVERY[0]]
    assert set(first) == {s.name for s in L.STYLES} | {L.TABLE_STYLE}
    for name, found in styles.items():
        assert found == first, name
    doc = _open(ADMINISTRATIVE[0])
    for spec in L.STYLES:  # against the layout and the ND30 facts
        style = doc.styles[spec.name]
        assert (style.font.size, style.font.bold, style.font.italic, style.font.name) == (
            Pt(spec.size), spec.bold, spec.italic, L.FONT), spec.name
        key = L.ELEMENT_STYLES.get(spec.name)
        if key is not None:
            element = ELEMENTS[key]
            assert element.size[0] <= spec.size <= element.size[1], spec.name
            assert element.bold in (None, spec.bold) and element.italic in (None, spec.italic), spec.name


@pytest.mark.parametrize("name", ADMINISTRATIVE)
def test_each_administrative_template_has_the_frame(name: str) -> None:
    doc, reference = _open(name), _open(ADMINISTRATIVE[0])
    # page set-up, in every section (the annex's too), as ND30 sets it
    assert _page(doc)[0] == _page(reference)[0] and len(set(_page(doc))) == 1, name
    section = doc.sections[0]
    for attribute, fact in (("page_width", "page_width"), ("page_height", "page_height"), ("top_margin", "margin_top"),
                            ("bottom_margin", "margin_bottom"), ("left_margin", "margin_left"),
                            ("right_margin", "margin_right")):
        assert getattr(section, attribute).mm == pytest.approx(FACTS[fact].written, abs=0.05), (name, attribute)
        assert FACTS[fact].holds(getattr(section, attribute).mm), (name, attribute)
    # the page number: top margin from page 2, none on page 1
    assert section.different_first_page_header_footer
    assert _xml(section.header._element) == _xml(reference.sections[0].header._element)
    assert [(L.PAGE_NUMBER.name, "2")] == _styled(section.header._element, doc)
    assert " PAGE " in [t.text for t in section.header._element.iter(qn("w:instrText"))]
    assert "".join(section.first_page_header._element.itertext()).strip() == ""
    # the header table, first in the body, the same to the byte
    body = doc.element.body
    assert body[0].tag == qn("w:tbl") and _xml(body[0]) == _xml(reference.element.body[0]), name
    cells = [_styled(tc, doc) for tc in body[0].iter(qn("w:tc"))]
    assert [s for s, _ in cells[0]][-2:] == [L.ISSUER.name, L.RULE.name]
    assert cells[1] == [(L.NATIONAL.name, L.NATIONAL_TITLE), (L.MOTTO_STYLE.name, L.MOTTO), (L.RULE.name, "")]
    assert cells[2:] == [[(L.NUMBER.name, "{{ number_line }}")], [(L.DATE_LINE.name, "{{ date_line }}")]]
    # the title block: tên loại, trích yếu, its rule
    after = [s for s, _ in _styled(body, doc)]
    start = after.index(L.KIND_TITLE.name)
    assert _styled(body, doc)[start] == (L.KIND_TITLE.name, "{{ kind_title }}")
    assert after[start + 1] == L.SUBJECT.name and L.RULE.name in after[start + 2:start + 4]
    # the signature table: Nơi nhận on the left, the signer's block on the right, as the reference
    mine, theirs = _signature(doc), _signature(reference)
    assert _xml(mine.find(qn("w:tblPr"))) == _xml(theirs.find(qn("w:tblPr")))
    right, their_right = (t.findall(f"{qn('w:tr')}/{qn('w:tc')}")[1] for t in (mine, theirs))
    assert _xml(right) == _xml(their_right)
    assert _styled(right, doc)[:3] == [(L.SIGN_AUTHORITY.name, "{%p for line in authority_lines %}"),
                                       (L.SIGN_AUTHORITY.name, "{{ line }}"),
                                       (L.SIGN_AUTHORITY.name, "{%p endfor %}")]
    assert _styled(right, doc)[-1] == (L.SIGNER_NAME.name, "{{ signer_name }}")
    left = _styled(mine.find(f"{qn('w:tr')}/{qn('w:tc')}"), doc)
    assert left[0] == (L.RECIPIENTS_TITLE.name, "Nơi nhận:")
    assert {s for s, _ in left[1:]} == {L.RECIPIENT.name}
    assert [(L.RECIPIENT.name, "{%p for r in recipients %}"), (L.RECIPIENT.name, "{{ r }}")] == [
        x for x in left if x[1] in ("{%p for r in recipients %}", "{{ r }}")]
    # and the template check finds nothing wrong with the frame
    assert check_frame(TEMPLATES / name, doc) == []


def _broken(tmp_path: Path, name: str, how: str) -> Path:
    path = tmp_path / name
    shutil.copy(TEMPLATES / name, path)
    doc = Document(str(path))
    if how == "national-size":
        doc.styles[L.NATIONAL.name].font.size = Pt(10)
    elif how == "subject-not-bold":
        doc.styles[L.SUBJECT.name].font.bold = False
    elif how == "font":
        doc.styles[L.SIGNER_NAME.name].font.name = "Arial"
    elif how == "margin":
        for section in doc.sections:
            section.left_margin = Mm(25)
    elif how == "landscape":
        for section in doc.sections:
            section.page_width, section.page_height = section.page_height, section.page_width
    elif how == "no-page-number":
        for p in doc.sections[0].header.paragraphs:
            for r in list(p._p.iterchildren(qn("w:r"))):
                p._p.remove(r)
    doc.save(str(path))
    return path


@pytest.mark.parametrize(("how", "where", "expected", "found"), [
    ("national-size", f"kiểu «{L.NATIONAL.name}»", "cỡ chữ 12–13 pt", "10 pt"),
    ("subject-not-bold", f"kiểu «{L.SUBJECT.name}»", "đậm", "không đậm"),
    ("font", f"kiểu «{L.SIGNER_NAME.name}»", "phông Times New Roman", "phông Arial"),
    ("margin", "phần 1, thiết lập trang", "lề trái 30–35 mm", "25 mm"),
    ("landscape", "phần 1, thiết lập trang", "A4 đứng 210 × 297 mm", "297 × 210 mm"),
    ("no-page-number", "phần 1, đầu trang", "số trang (trường PAGE) ở đầu trang từ trang 2", "không có số trang"),
])
@pytest.mark.parametrize("name", ADMINISTRATIVE)
def test_a_clerks_template_breaking_the_frame_is_named(tmp_path: Path, name: str, how: str, where: str,
                                                       expected: str, found: str) -> None:
    findings = check_template(_broken(tmp_path, name, how))
    frame = [f for f in findings if f.rule == "TPL-FRAME"]
    assert (where, expected, found) in {(f.where, f.expected, f.found) for f in frame}
    assert {f.severity for f in frame} == {"warning"}
    assert [f for f in findings if f.severity == "error"] == []  # a warning: the template still renders


@pytest.mark.parametrize("name", sorted(set(EVERY) - set(ADMINISTRATIVE)))
def test_templates_of_no_administrative_document_have_no_frame_to_hold(name: str) -> None:
    assert check_frame(TEMPLATES / name, _open(name)) == []
