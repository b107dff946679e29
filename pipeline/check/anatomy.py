"""Finding the parts of a document by position and content, not by style names: the header
(Quốc hiệu, issuer, number and date lines), the tên loại and the kind, the signature block
and Nơi nhận (in a table or as paragraphs), and the annexes after the signature."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.check.document import Doc, Para, compact
from pipeline.check.text import UNDERSCORES
from pipeline.docx.formatting import paragraph_text
from pipeline.nd30 import grammar, vi
from pipeline.nd30.layout import NATIONAL_TITLE

NATIONAL_FORMS = {compact(NATIONAL_TITLE), compact(NATIONAL_TITLE.replace("HÒA", "HOÀ"))}
HEADER_ROWS = 4
"""A header table has at most this many rows (ND30 Phụ lục I, mục IV): a longer first table
is read as data, its first rows only as a header."""
_TITLES = {compact(kind.title): kind for kind in vi.DocumentKind}
_ABBREVIATIONS = {k.abbreviation: k for k in vi.DocumentKind if k.abbreviation}
_RECIPIENTS = re.compile(r"^Nơi nhận")
_ARCHIVE = re.compile(r"^[-+]?\s*Lưu\b")
_ANNEX = re.compile(r"^(PHỤLỤC|DANHSÁCH$)")
REFERENCE = re.compile(r"^\(\s*Kèm theo\b")


@dataclass
class Anatomy:
    """The parts found in one document; None or empty where a part is missing."""

    kind_given: vi.DocumentKind | None
    header_table: int | None = None
    header: list[Para] = field(default_factory=list)
    header_ns: set[int] = field(default_factory=set)
    national: Para | None = None
    number: Para | None = None
    number_line: grammar.NumberLine | None = None
    date: Para | None = None
    after_header: list[Para] = field(default_factory=list)
    title: Para | None = None
    title_kind: vi.DocumentKind | None = None
    kind: vi.DocumentKind | None = None
    vv: Para | None = None
    subject: list[Para] = field(default_factory=list)
    body_start: int = 0
    signature_table: int | None = None
    signature_top: int = 0
    recipients_heading: Para | None = None
    recipients: list[Para] = field(default_factory=list)
    signer: list[Para] = field(default_factory=list)
    annexes: list[Para] = field(default_factory=list)
    draft: list[str] = field(default_factory=list)

    @property
    def letter(self) -> bool:
        """Return True for a công văn or thư công (no tên loại; "V/v" instead)."""
        return self.kind in (vi.DocumentKind.OFFICIAL_LETTER, vi.DocumentKind.PUBLIC_LETTER)


# --------------------------------------------------------------------------- header


def find_header(doc: Doc, a: Anatomy) -> None:
    """Find the header (first table, or the first paragraphs), the Quốc hiệu, the number
    line and the date line. The header is the first table when nothing but empty paragraphs
    comes before it, or when it holds the Quốc hiệu (a "DỰ THẢO" line may stand above it)."""
    first = next((el for el in doc.children
                  if el.tag.endswith("}tbl") or (el.tag.endswith("}p") and paragraph_text(el).strip())), None)
    in_table = [p for p in doc.paras if p.table == 0 and p.row <= HEADER_ROWS]
    if (first is not None and first.tag.endswith("}tbl")) or any(compact(p.text) in NATIONAL_FORMS for p in in_table):
        a.header_table = 0 if doc.tables else None
        a.header = in_table
    else:
        level = doc.body_level()[:12]
        tops = {p.top for p in level}
        a.header = [p for p in doc.paras[: (level[-1].n + 1 if level else 0)]
                    if p.table is None and (p.box is None or p.top in tops)]
    a.header_ns = {p.n for p in a.header}
    a.national = next((p for p in a.header if compact(p.text) in NATIONAL_FORMS), None)
    if a.national is None:
        a.national = next((p for p in doc.paras[:30] if compact(p.text) in NATIONAL_FORMS), None)
    a.number = next((p for p in a.header if grammar.parse_number_line(p.text) is not None), None)
    a.number_line = grammar.parse_number_line(a.number.raw) if a.number is not None else None
    a.date = next((p for p in a.header if grammar.is_date_line(p.text)), None)


def left_header(a: Anatomy) -> list[Para]:
    """Return the header's left side (issuer, number, "V/v"): the column or box without the
    Quốc hiệu, or the paragraphs above it."""
    if a.header_table is not None:
        col = a.national.col if a.national and a.national.table == 0 else 2
        return [p for p in a.header if p.col != col]
    if a.national is not None and a.national.box is not None:  # header in text boxes
        return [p for p in a.header if p.box is not None and p.box != a.national.box]
    stop = a.header.index(a.national) if a.national in a.header else len(a.header)
    return a.header[:stop]


# --------------------------------------------------------------------------- title and kind


def find_title(doc: Doc, a: Anatomy) -> None:
    """Find the tên loại after the header and settle the kind: given; from the tên loại;
    "V/v" (công văn); the type abbreviation of the ký hiệu; else a ký hiệu with no type
    abbreviation ("05/SNV-VP") is a công văn's (ND30 Phụ lục III)."""
    after = [p for p in doc.body_level() if a.header_table is None or p.n not in a.header_ns]
    if a.header_table is None and a.date is not None and a.date in after:
        after = after[after.index(a.date) + 1:]
    a.after_header = after
    a.title = next((p for p in after[:6] if compact(p.shown) in _TITLES and not p.text.endswith(":")), None)
    if a.title is None:
        a.title = next((p for p in after[:4]
                        if p.text and p.look.align == "center" and p.text == vi.upper(p.text)), None)
    a.title_kind = _TITLES.get(compact(a.title.shown)) if a.title is not None else None
    a.vv = _find_vv(a)
    a.kind = a.kind_given or a.title_kind
    if a.kind is None and a.vv is not None:
        a.kind = vi.DocumentKind.OFFICIAL_LETTER
    groups = a.number_line.groups if a.number_line is not None and a.number_line.slash else []
    if a.kind is None and groups:
        a.kind = _ABBREVIATIONS.get(groups[0])
        if a.kind is None and a.title_kind is None and len(groups) >= 2:
            a.kind = vi.DocumentKind.OFFICIAL_LETTER


def _find_vv(a: Anatomy) -> Para | None:
    for p in left_header(a) + a.after_header[:3]:
        if re.match(r"^(v\s*/\s*v|về việc)\b", p.text, flags=re.IGNORECASE) and (
                p.n in a.header_ns or p.look.align != "justify"):
            return p
    return None


def find_subject(a: Anatomy) -> None:
    """Find the trích yếu under the tên loại: the centred bold lines down to its rule; set
    ``body_start`` (index in ``after_header``) to the paragraph after it."""
    if a.title is None or a.letter:
        return
    i = a.after_header.index(a.title)
    subject: list[Para] = []
    for p in a.after_header[i + 1:]:
        if not p.text:
            if subject:
                break
            continue
        if subject and (p.look.align != "center" or not p.all_bold() or UNDERSCORES.search(p.raw)):
            break
        subject.append(p)
        if "bottom" in p.look.borders or p.el.find(".//{*}line") is not None:
            break
    if not subject or subject[0].look.align == "justify":
        a.body_start = i + 1
        return
    a.subject = subject
    a.body_start = a.after_header.index(subject[-1]) + 1


# --------------------------------------------------------------------------- signature


def find_signature(doc: Doc, a: Anatomy) -> None:
    """Find the signature block and Nơi nhận: the table holding "Nơi nhận:", else the last
    table after the body (not the header), else paragraphs after the content end (a letter
    typed in Word). ``signature_top`` is where the body ends (index in ``Doc.children``)."""
    heading = next((p for p in doc.paras if p.n not in a.header_ns and _RECIPIENTS.match(p.text)), None)
    a.recipients_heading = heading
    if heading is not None and heading.table is not None:
        a.signature_table = heading.table
    elif heading is None and len(doc.tables) > (1 if a.header_table is not None else 0):
        a.signature_table = len(doc.tables) - 1
    if a.signature_table is not None:
        a.signature_top = doc.table_top[a.signature_table]
        _table_signature(doc, a)
    else:
        _paragraph_signature(doc, a)


def _table_signature(doc: Doc, a: Anatomy) -> None:
    t = a.signature_table
    cells: dict[tuple[int, int], list[Para]] = {}
    for p in doc.paras:
        if p.table == t:
            cells.setdefault((p.row, p.col), []).append(p)
    heading = a.recipients_heading
    if heading is not None and heading.table == t:
        items = cells[(heading.row, heading.col)]
        a.recipients = [p for p in items[items.index(heading) + 1:] if p.text]
        right = [rc for rc in cells if rc != (heading.row, heading.col)]
        rc = next((c for c in right if c[0] == heading.row and c[1] > heading.col), right[-1] if right else None)
    else:
        rc = list(cells)[-1] if cells else None
    a.signer = [p for p in cells.get(rc, []) if p.text and not p.text.startswith("(")] if rc else []


def _paragraph_signature(doc: Doc, a: Anatomy) -> None:
    """Read a signature typed as paragraphs: after the content end ("./."), the Nơi nhận
    heading and its lines (down to "- Lưu: …") and the signer's lines, in either order."""
    region = a.after_header[a.body_start:]
    end = next((i for i in range(len(region) - 1, -1, -1) if region[i].text.endswith("./.")), None)
    heading = a.recipients_heading
    if end is None:
        end = region.index(heading) - 1 if heading in region else len(region) - 1
    tail = [p for p in region[end + 1:] if p.text]
    if not tail:
        a.signature_top = len(doc.children)
        return
    a.signature_top = tail[0].top
    if heading in tail:
        start = tail.index(heading) + 1
        stop = next((i for i in range(start, len(tail)) if _ARCHIVE.match(tail[i].text)), None)
        if stop is None:
            stop = next((i for i in range(start, len(tail)) if _signer_like(tail[i])), len(tail)) - 1
        a.recipients = tail[start: stop + 1]
        a.signer = tail[: start - 1] + tail[stop + 1:]
    else:
        a.signer = tail
    a.signer = [p for p in a.signer if not p.text.startswith("(")]


def _signer_like(p: Para) -> bool:
    return not re.match(r"^[-+]", p.text) and p.all_bold()


# --------------------------------------------------------------------------- annexes


def find_annexes(doc: Doc, a: Anatomy) -> None:
    """Find the annexes after the signature block: a body-level "Phụ lục …" or "DANH SÁCH"
    line, or the line above a "(Kèm theo …)" line (ND30.md §1.6)."""
    level = [p for p in doc.body_level() if p.top >= a.signature_top and p.text and p not in a.signer
             and p not in a.recipients and p is not a.recipients_heading]
    for i, p in enumerate(level):
        centred = p.look.align == "center" or p.all_bold()
        named = centred and _ANNEX.match(compact(p.text)) is not None
        titled = centred and i + 1 < len(level) and REFERENCE.match(level[i + 1].text) is not None
        if (named or titled) and not (a.annexes and i and a.annexes[-1] is level[i - 1]):
            a.annexes.append(p)
