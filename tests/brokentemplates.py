"""Broken copies of vanban's frame template, one problem each, edited as a clerk would in Word
(python-docx: a paragraph's text changed, or a paragraph added): for the template check."""

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
    """The date line's tag broken over two paragraphs (Enter pressed inside it)."""
    first = _paragraph(document, "{{ date_line }}")
    second = copy.deepcopy(first._p)
    first._p.addnext(second)
    _set(first, "{{ date_")
    _set(Paragraph(second, first._parent), "line }}")


def _rows(document: Document) -> None:
    _set(_paragraph(document, "{%p for line in greeting %}"), "{%tr for line in greeting %}")
    _set(next(p for p in _all(document) if p.text == "{%p endfor %}"), "{%tr endfor %}")


BROKEN: dict[str, Callable[[Document], None]] = {
    "unknown-variable": _retype("{{ signer_name }}", "{{ signer_fullname }}"),
    "split": _split,
    "unclosed": _retype("{{ signer_name }}", "{{ signer_name }"),
    "p-with-text": _retype("{%p if authority_line %}", "Thẩm quyền: {%p if authority_line %}"),
    "tr-outside-row": _rows,
    "spaced-braces": _retype("{{ kind_title }}", "{ { kind_title }}"),
}
"""Each broken template's name and the clerk's edit that breaks it."""


def write_broken(folder: Path, name: str, template: str = "van-ban.docx") -> Path:
    """Return a copy of vanban's ``template`` in ``folder`` broken by ``BROKEN[name]``."""
    document = Document(str(Settings().templates_dir / template))
    BROKEN[name](document)
    target = folder / f"{name}.docx"
    document.save(str(target))
    return target
