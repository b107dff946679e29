"""Broken copies of vanban's templates, one problem each, edited as a clerk would in Word
(python-docx: a paragraph's text changed, a paragraph added or deleted): for the template check.
``BROKEN`` breaks the plan's template (ke-hoach.docx), ``BROKEN_DECISION`` the decision's."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from pipeline.settings import Settings


def _set(paragraph: Paragraph, text: str) -> None:
    """Give ``paragraph`` the text ``text`` in its first run (the others emptied), as Word keeps
    a paragraph's formatting when a clerk retypes it."""
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def _all(document: Document) -> list[Paragraph]:
    """Return every paragraph of the body, those in table cells too, in document order."""
    return [Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]


def _paragraph(document: Document, text: str) -> Paragraph:
    found = [p for p in _all(document) if p.text == text]
    assert len(found) == 1, text
    return found[0]


def _retype(old: str, new: str) -> Callable[[Document], None]:
    def edit(document: Document) -> None:
        _set(_paragraph(document, old), new)
    return edit


def _split(document: Document) -> None:
    """The date line's tag broken over two paragraphs (Enter pressed inside it): the frame's
    date line is the same in every template."""
    first = _paragraph(document, "{{ date_line }}")
    second = copy.deepcopy(first._p)
    first._p.addnext(second)
    _set(first, "{{ date_")
    _set(Paragraph(second, first._parent), "line }}")


def _loop_as_rows(opening_text: str) -> Callable[[Document], None]:
    """The paragraph loop opened by ``opening_text`` retyped with table-row tags ({%tr), outside
    any table: its opening and the first "{%p endfor %}" after it."""
    def edit(document: Document) -> None:
        opening = _paragraph(document, opening_text)
        _set(opening, opening_text.replace("{%p", "{%tr"))
        texts = _all(document)
        after = texts[[p._p for p in texts].index(opening._p):]
        _set(next(p for p in after if p.text == "{%p endfor %}"), "{%tr endfor %}")
    return edit


BROKEN: dict[str, Callable[[Document], None]] = {
    "unknown-variable": _retype("1. Đối tượng: {{ participants }}.", "1. Đối tượng: {{ participant_list }}."),
    "split": _split,
    "unclosed": _retype("{{ signer_name }}", "{{ signer_name }"),
    "p-with-text": _retype("{%p if implements %}", "Thực hiện: {%p if implements %}"),
    "tr-outside-row": _loop_as_rows("{%p for p in phases %}"),
    "spaced-braces": _retype("{{ kind_title }}", "{ { kind_title }}"),
}
"""Each broken template's name and the clerk's edit that breaks it."""


ARTICLES = ("Điều 1.", "Điều 2.")
"""The decision's articles that award (Điều 1) and pay (Điều 2), by the words they begin with."""


def delete_articles(document: Document) -> None:
    """Điều 1 and Điều 2 of the decision deleted (second fresh-user trial: the build went on,
    exit 0, and wrote a decision awarding nobody)."""
    for paragraph in _all(document):
        if paragraph.text.startswith(ARTICLES):
            paragraph._p.getparent().remove(paragraph._p)


BROKEN_DECISION: dict[str, Callable[[Document], None]] = {
    "unknown-variable": _retype("Theo đề nghị của {{ proposer }}.", "Theo đề nghị của {{ proposer_name }}."),
    "split": _split,
    "unclosed": _retype("{{ signer_name }}", "{{ signer_name }"),
    "p-with-text": _retype("{%p for law in laws %}", "Căn cứ pháp lý: {%p for law in laws %}"),
    "tr-outside-row": _loop_as_rows("{%p for law in laws %}"),
    "missing-field": delete_articles,
}
"""Each broken copy of the decision's template and the clerk's edit that breaks it."""

PLAN = "ke-hoach.docx"
TEMPLATES = {PLAN: BROKEN, "quyet-dinh-khen-thuong.docx": BROKEN_DECISION}


def write_broken(folder: Path, name: str, template: str = PLAN) -> Path:
    """Return a copy of vanban's ``template`` broken by its edit ``name``, at
    ``folder/<name>/<template>`` (a kind's template is checked by its file name); a template
    without edits of its own takes the plan's (they touch the ND30 frame every template has)."""
    document = Document(str(Settings().templates_dir / template))
    TEMPLATES.get(template, BROKEN)[name](document)
    (folder / name).mkdir(exist_ok=True)
    target = folder / name / template
    document.save(str(target))
    return target
