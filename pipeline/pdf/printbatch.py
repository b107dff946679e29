"""Many one-page documents converted as ONE print batch (bản in): Giấy khen at a phase close.

LibreOffice spends most of a small document's conversion on loading and exporting it, not on
its page: 320 certificates take ~19 s as 320 conversions on two warm workers, ~2 s as one
320-page document. So the certificates, once rendered each to its own DOCX, are joined into
one DOCX (``combine_docx``: each certificate on its own page, as in its own file), converted
once, and the PDF is cut back into one PDF per certificate (``split_pdf``). The joined PDF is
the print file. A batch whose page count is not one page per document is not cut (the caller
converts each document instead): a PDF never gets another document's page.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree
from pypdf import PdfReader, PdfWriter

from pipeline.files import atomic_target
from pipeline.pdf.bundle import write_pdf

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DC = "http://purl.org/dc/elements/1.1/"
DOCUMENT_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _body(source: Path) -> tuple[etree._Element, list[etree._Element]]:
    with zipfile.ZipFile(source) as package:
        root = etree.fromstring(package.read(DOCUMENT_PART))
    body = root.find(_q("body"))
    if body is None or not len(body) or body[-1].tag != _q("sectPr"):
        raise ValueError(f"{source}: không có phần thân và định dạng trang (w:sectPr)")
    return root, list(body)


def _page_break() -> etree._Element:
    """Return a paragraph holding only a page break: 1 pt high, no spacing, so that it fits
    under a full page (the next document's page is pixel-identical to its own PDF's)."""
    para = etree.Element(_q("p"))
    props = etree.SubElement(para, _q("pPr"))
    spacing = etree.SubElement(props, _q("spacing"))
    for name, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(_q(name), value)
    run = etree.SubElement(para, _q("r"))
    size = etree.SubElement(etree.SubElement(run, _q("rPr")), _q("sz"))
    size.set(_q("val"), "2")
    etree.SubElement(run, _q("br")).set(_q("type"), "page")
    return para


def combine_docx(sources: Sequence[Path], target: Path, *, title: str) -> Path:
    """Return ``target`` after writing the bodies of the DOCX ``sources``, in order, into one
    DOCX, each document starting on a new page.

    The sources must come from the same one-section template (page set-up, styles,
    numbering, headers and relations are taken from the first; bodies are copied as they
    are) — e.g. certificates. ``title``
    becomes the document's title (the PDF's too). Written atomically. Raises ValueError when
    a source has no body or page set-up, OSError/zipfile.BadZipFile when it cannot be read.
    """
    if not sources:
        raise ValueError("không có văn bản nào để gộp")
    root, _ = _body(sources[0])
    body = root.find(_q("body"))
    assert body is not None
    for child in list(body):
        body.remove(child)
    last = len(sources) - 1
    for n, source in enumerate(sources):
        *content, section = _body(source)[1]
        body.extend(content)
        body.append(section if n == last else _page_break())
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    tmp = atomic_target(target)
    try:
        with zipfile.ZipFile(sources[0]) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == DOCUMENT_PART:
                    data = xml
                elif info.filename == CORE_PART:
                    data = _retitled(data, title)
                out.writestr(info, data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _retitled(core: bytes, title: str) -> bytes:
    root = etree.fromstring(core)
    element = root.find(f"{{{DC}}}title")
    if element is None:
        element = etree.SubElement(root, f"{{{DC}}}title")
    element.text = title
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _metadata(writer: PdfWriter, source: dict[str, object] | None, title: str, author: str) -> None:
    info = {k: str(v) for k, v in (source or {}).items() if isinstance(v, str)}
    writer.add_metadata({**info, "/Title": title, **({"/Author": author} if author else {})})


def split_pdf(pdf: Path, targets: Sequence[tuple[Path, str]], *, author: str = "") -> bool:
    """Return True after writing page k of ``pdf`` into ``targets[k]`` = (PDF path, title),
    each atomically, with the batch's metadata and its own title; return False (writing
    nothing) when the PDF does not have exactly one page per target."""
    reader = PdfReader(str(pdf))
    if len(reader.pages) != len(targets):
        return False
    for page, (target, title) in zip(reader.pages, targets, strict=True):
        writer = PdfWriter()
        writer.add_page(page)
        _metadata(writer, reader.metadata, title, author)
        write_pdf(writer, target)
    return True


def join_pdfs(sources: Sequence[Path], target: Path, *, title: str, author: str = "") -> Path:
    """Return ``target`` after writing the pages of ``sources``, in order, into one PDF (e.g.
    the print file of every certificate), with the first source's metadata and ``title``.
    Written atomically; nothing is left on failure."""
    writer = PdfWriter()
    for source in sources:
        writer.append(str(source))
    _metadata(writer, PdfReader(str(sources[0])).metadata if sources else None, title, author)
    return write_pdf(writer, target)
