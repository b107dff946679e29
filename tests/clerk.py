"""What a clerk does to a Word template, done with python-docx (issue 13: templates own the wording).

A clerk opens the template in Word, retypes a sentence, types a new paragraph under another,
deletes paragraphs: each helper does one of those to every paragraph of the body (table cells
included: the signature block and the header are tables) and nothing else, so a test can
say "the clerk changed this" and find the change in what vanban makes.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def every_paragraph(doc: DocxDocument) -> Iterator[Paragraph]:
    """Yield every paragraph of the body, table cells included, in document order."""
    for p in doc.element.body.iter(qn("w:p")):
        yield Paragraph(p, doc._body)


def paragraph(doc: DocxDocument, text: str, *, start: bool = False) -> Paragraph:
    """Return the one paragraph whose text is ``text`` (``start``: begins with it)."""
    found = [p for p in every_paragraph(doc) if (p.text.startswith(text) if start else p.text == text)]
    assert len(found) == 1, f"{len(found)} đoạn «{text}»"
    return found[0]


def retype(doc: DocxDocument, old: str, new: str) -> Paragraph:
    """Change the words ``old`` to ``new`` inside the one run holding them, as typing over a
    selection in Word does (the run keeps its bold or italic); returns the paragraph."""
    hits = [(p, r) for p in every_paragraph(doc) for r in p.runs if old in r.text]
    assert len(hits) == 1, f"{len(hits)} chỗ «{old}»"
    para, run = hits[0]
    run.text = run.text.replace(old, new)
    return para


def retype_paragraph(para: Paragraph, text: str) -> Paragraph:
    """Select the whole paragraph ``para`` and type ``text`` over it (it keeps the first run's
    look); returns it."""
    para.runs[0].text = text
    for run in para.runs[1:]:
        run.text = ""
    return para


def add_after(para: Paragraph, text: str) -> Paragraph:
    """Type a new paragraph ``text`` after ``para``, in its style and look (Enter at its end
    in Word, then type); returns the new paragraph."""
    new = copy.deepcopy(para._p)
    for child in list(new):
        if child.tag != qn("w:pPr"):
            new.remove(child)
    para._p.addnext(new)
    made = Paragraph(new, para._parent)
    run = made.add_run(text)
    if para.runs and para.runs[-1]._r.rPr is not None:
        run._r.insert(0, copy.deepcopy(para.runs[-1]._r.rPr))
    return made


def previous(para: Paragraph) -> Paragraph:
    """Return the paragraph just before ``para`` (e.g. the empty page break before an annex)."""
    before = para._p.getprevious()
    assert before is not None and before.tag == qn("w:p"), "không có đoạn nào ngay trước"
    return Paragraph(before, para._parent)  # type: ignore[arg-type]  # a w:p, checked above


def delete_from(doc: DocxDocument, para: Paragraph) -> None:
    """Delete ``para`` and everything after it in the body (paragraphs and tables), keeping
    the document's own section settings: what selecting to the end and pressing Delete does."""
    body = doc.element.body
    children = list(body.iterchildren())
    start = children.index(para._p)
    for child in children[start:]:
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def edit(template: Path, target: Path, *changes: object) -> Path:
    """Return ``target`` after saving ``template`` there with ``changes`` applied: each a
    callable taking the open document (the test's own edits)."""
    doc = Document(str(template))
    for change in changes:
        assert callable(change)
        change(doc)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target
