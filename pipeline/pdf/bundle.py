"""pypdf adapter: several PDFs into one print file, or into a phase's bundle with bookmarks,
page labels and metadata (atomically)."""

from __future__ import annotations

import gc
import itertools
import os
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import NameObject, TextStringObject

from pipeline.files import atomic_target


@contextmanager
def paused_gc() -> Iterator[None]:
    """Return (as a context) a pause of Python's cyclic garbage collector, restored after.

    pypdf copies a bundle as hundreds of thousands of small objects that all live until the
    file is written; each automatic collection walks them all again, which took about half
    the time of a 400-page bundle. Memory is still freed by reference counting; cycles are
    collected once the pause ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class Part:
    """One document of a bundle (hồ sơ): its bookmark ``title``, its ``pdf``, the page-label
    ``label`` its pages get ("QĐ" → QĐ-1, QĐ-2 …), nested bookmarks ``children`` as (title,
    0-based page within the document) — e.g. the attached list — and the ``group`` bookmark
    it sits under (e.g. "Giấy khen"), if any. A part not ``numbered`` (a one-page
    certificate) is labelled by ``label`` alone ("GK-001"). ``sections`` are the annexes
    numbered on their own, as (label, 0-based first page): ("DS", 2) labels the pages from
    the third on "QĐ-DS-1", "QĐ-DS-2" … (ND30 Phụ lục I, mục I.5; ND30.md §1.6)."""

    title: str
    pdf: Path
    label: str
    children: tuple[tuple[str, int], ...] = ()
    group: str | None = None
    numbered: bool = True
    sections: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Metadata:
    """A bundle's document properties: /Title, /Subject, /Author (the issuing body) and the
    language (/Lang, BCP 47, "vi")."""

    title: str
    subject: str
    author: str
    language: str = "vi"


def page_count(pdf: Path) -> int:
    """Return the number of pages of ``pdf``."""
    with paused_gc():
        return len(PdfReader(str(pdf)).pages)


def find_page(pdf: Path, heading: str, *, after: int = 1) -> int | None:
    """Return the 0-based index of the first page from ``after`` on whose first lines (the
    page number aside) include ``heading`` (e.g. "DANH SÁCH", where an attached list
    begins), or None. Text is compared in Unicode NFC."""
    with paused_gc():
        reader = PdfReader(str(pdf))
        for index in range(after, len(reader.pages)):
            text = unicodedata.normalize("NFC", reader.pages[index].extract_text() or "")
            head = [line.strip() for line in text.splitlines()[:3]]
            if heading in head:
                return index
    return None


def annex_pages(pdf: Path, headings: Sequence[str]) -> list[int | None]:
    """Return the 0-based first page of each annex of ``pdf``, in order, found by its
    heading ("DANH SÁCH", "Phụ lục") at the top of a page after the previous annex's (None
    for a heading not found)."""
    pages: list[int | None] = []
    after = 1
    for heading in headings:
        page = find_page(pdf, heading, after=after)
        pages.append(page)
        after = page + 1 if page is not None else after
    return pages


def write_bundle(parts: Sequence[Part], target: Path, meta: Metadata) -> Path:
    """Return ``target`` after writing ``parts`` into one PDF, in order (a phase's hồ sơ).

    One bookmark per part (its children nested under it; parts of one ``group`` nested
    under one group bookmark, which lands on the group's first page); each bookmark lands on
    its document's first page; page labels restart at 1 for each part with the part's
    label as prefix ("QĐ-1"), and again for each of its ``sections`` ("QĐ-DS-1"); /Title,
    /Subject, /Author, /Lang set; the bookmarks panel
    opens with the file. Written atomically; nothing is left on failure.
    """
    with paused_gc():
        return _write_bundle(parts, target, meta)


def _write_bundle(parts: Sequence[Part], target: Path, meta: Metadata) -> Path:
    writer = PdfWriter()
    groups: dict[str, Any] = {}
    start = 0
    for part in parts:
        reader = PdfReader(str(part.pdf))  # read once: counted and appended from the same reader
        count = len(reader.pages)
        writer.append(reader, import_outline=False)
        parent = None
        if part.group is not None:
            if part.group not in groups:
                groups[part.group] = writer.add_outline_item(title=part.group, page_number=start, is_open=False)
            parent = groups[part.group]
        item = writer.add_outline_item(title=part.title, page_number=start, parent=parent)
        for title, offset in part.children:
            writer.add_outline_item(title=title, page_number=start + offset, parent=item)
        if part.numbered:
            bounds = [("", 0), *sorted(part.sections, key=lambda s: s[1]), ("", count)]
            for (label, first), (_, following) in itertools.pairwise(bounds):
                if first < following:
                    prefix = f"{part.label}-{label}-" if label else f"{part.label}-"
                    writer.set_page_label(start + first, start + following - 1, style=PageLabelStyle.DECIMAL,
                                          prefix=prefix, start=1)
        else:
            writer.set_page_label(start, start + count - 1, prefix=part.label)
        start += count
    writer.add_metadata({"/Title": meta.title, "/Subject": meta.subject, "/Author": meta.author,
                         "/Creator": "vanban"})
    writer.root_object[NameObject("/Lang")] = TextStringObject(meta.language)
    writer.page_mode = "/UseOutlines"
    return write_pdf(writer, target)


def write_pdf(writer: PdfWriter, target: Path) -> Path:
    """Return ``target`` after writing ``writer`` to it atomically (nothing left on failure)."""
    tmp = atomic_target(target)
    try:
        with tmp.open("wb") as out:
            writer.write(out)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        writer.close()
    return target
