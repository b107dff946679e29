"""The DOCX side of issuing: custom document properties, a draft read back, number and date stamped.

vanban records in each DOCX it renders the custom document properties ``vanban.*`` that
``vanban issue`` needs (campaign, kind, phase, a stable identity, the register file). When a
document is issued, the registry clerk's number and date are written into the number line
("Số:      /KH-BQL" → "Số: 05/KH-BQL"), the date line ("Hải Phòng, ngày      tháng 11 năm
2024" → "Hải Phòng, ngày 10 tháng 02 năm 2025") and the "(Kèm theo Quyết định số …/QĐ-BQL
ngày … tháng … năm …)" lines of attached lists, each paragraph keeping its first run's
formatting. Sources: ND30 Điều 15, Phụ lục I mục II.3–II.4; ND30.md §1.4, §1.6.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docxcompose.properties import CustomProperties
from lxml import etree

from pipeline.errors import RegisterError
from pipeline.nd30 import grammar, layout, vi

DEFAULT_REGISTER = "so-van-ban.sqlite"
"""The register's file name in a campaign folder when ``issuer.register_file`` is not set."""

PREFIX = "vanban."
CAMPAIGN, KIND, PHASE, IDENTITY, REGISTER = (
    f"{PREFIX}{name}" for name in ("campaign", "kind", "phase", "identity", "register")
)
NO_PHASE = "-"
KIND_CERTIFICATE, KIND_DISPATCH_SHEET = "CERTIFICATE", "DISPATCH_SHEET"
"""``vanban.kind`` of the documents that are not văn bản hành chính (Giấy khen/Bằng khen, danh
sách gửi): the checker reads it to judge them by their own rules (``pipeline.check.kinds``)."""

_BLANK = r"(?:\d+|[.…]+)?"
_ARCHIVE = re.compile(r"^-?\s*Lưu\s*:\s*(.*?)\.?\s*$")


def identity(campaign: str, kind: vi.DocumentKind, phase: int | None, filename: str) -> str:
    """Return a document's stable identity, "<campaign>/<KIND>/<phase or ->/<file name>".

    The same document rendered again keeps its identity, so issuing it again finds its number.
    """
    return f"{campaign}/{kind.name}/{phase if phase is not None else NO_PHASE}/{filename}"


def document_properties(
    campaign_dir: Path, register: str | None, kind: vi.DocumentKind, phase: int | None,
    filename: str, *, docx_folder: Path | None = None,
) -> dict[str, str]:
    """Return the custom document properties vanban writes into a rendered DOCX.

    ``register`` is ``issuer.register_file`` (relative to ``campaign_dir``) or None for
    ``<campaign_dir>/so-van-ban.sqlite``; it is stored relative to ``docx_folder`` (the
    folder the DOCX is written to: ``vanban issue`` follows a relative path, never an
    absolute one, see ``register_written``), or absolute when no folder is given. Keys:
    vanban.campaign, vanban.kind (DocumentKind name), vanban.phase ("-" when none),
    vanban.identity, vanban.register.
    """
    folder = campaign_dir.resolve()
    book = (folder / (register or DEFAULT_REGISTER)).resolve()
    return {
        CAMPAIGN: folder.name,
        KIND: kind.name,
        PHASE: str(phase) if phase is not None else NO_PHASE,
        IDENTITY: identity(folder.name, kind, phase, filename),
        REGISTER: os.path.relpath(book, docx_folder.resolve()) if docx_folder is not None else str(book),
    }


def written_register(written: str, docx: Path) -> Path | None:
    """Return the register a DOCX names (``vanban.register`` as ``written``): a relative path
    is taken from the DOCX's folder; None when nothing (or a path with a NUL) is written."""
    if not written or "\0" in written:
        return None
    path = Path(written)
    return path if path.is_absolute() else (docx.resolve().parent / path).resolve()


def unreadable_docx(exc: BaseException) -> str:
    """Return why a DOCX could not be opened, in Vietnamese, from what python-docx, its zip
    reader or lxml raised (their English messages, e.g. "Package not found at …", stop here)."""
    if isinstance(exc, FileNotFoundError):
        return "không có tệp này"
    if isinstance(exc, IsADirectoryError):
        return "đây là thư mục, không phải tệp DOCX"
    if isinstance(exc, PermissionError):
        return "không có quyền đọc tệp"
    if isinstance(exc, (PackageNotFoundError, zipfile.BadZipFile)):
        return "không phải tệp DOCX (Word) thật: không phải tệp nén Office Open XML"
    if isinstance(exc, ValueError) and "is not a Word file" in str(exc):
        kind = "tệp Excel" if "spreadsheetml" in str(exc) else "tệp Office khác"
        return f"đây là {kind} mang đuôi .docx, không phải văn bản Word"
    if isinstance(exc, etree.XMLSyntaxError):
        return f"nội dung XML trong tệp DOCX bị hỏng (dòng {exc.lineno}) — mở bằng Word rồi lưu lại"
    if isinstance(exc, KeyError):
        part = re.search(r"named '([^']+)'", str(exc))
        return f"tệp DOCX thiếu phần {part[1] if part else 'bắt buộc'} — mở bằng Word rồi lưu lại"
    return "tệp DOCX hỏng, không đọc được — mở bằng Word rồi lưu lại"


def sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def all_paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    """Return every paragraph of the body in document order, inside tables (nested) too."""
    body = document._body
    for p in document.element.body.iter(qn("w:p")):
        yield Paragraph(p, body)


class _Styled(list[tuple[Paragraph, str]]):
    """The paragraphs of a document with their style names, looked up once (python-docx
    looks a style up by id with an XPath query each time, which dominates issuing)."""

    def __init__(self, document: DocxDocument) -> None:
        names = {}
        for style in document.styles.element.iter(qn("w:style")):
            name = style.find(qn("w:name"))
            if name is not None:
                names[style.get(qn("w:styleId"))] = name.get(qn("w:val")) or ""
        super().__init__((p, names.get(p._p.style or "", "")) for p in all_paragraphs(document))

    def with_style(self, style: str) -> list[Paragraph]:
        """Return the paragraphs in ``style``."""
        return [p for p, name in self if name == style]


def set_text(paragraph: Paragraph, text: str) -> None:
    """Replace a paragraph's text, keeping its first run's formatting; later runs go."""
    runs = paragraph.runs
    if not runs:
        paragraph.add_run(text)
        return
    runs[0].text = text
    for run in runs[1:]:
        holder = run._r.getparent()
        if holder is not None:
            holder.remove(run._r)


def _number_line(text: str) -> grammar.NumberLine | None:
    """Return the number line ``text`` read by ``nd30.grammar`` when a number can be written in."""
    line = grammar.parse_number_line(text)
    return line if line is not None and line.fillable else None


def _date_line(text: str) -> grammar.DateLine | None:
    """Return the date line ``text`` read by ``nd30.grammar`` when a date can be written in."""
    line = grammar.parse_date_line(text)
    return line if line is not None and line.fillable else None


def _find(paragraphs: _Styled, style: str, parse: Callable[[str], object | None]) -> Paragraph | None:
    for p in paragraphs.with_style(style):
        if parse(p.text) is not None:
            return p
    return next((p for p, _ in paragraphs if parse(p.text) is not None), None)


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text if not text or first.isupper() else text[0].lower() + text[1:]


@dataclass
class Draft:
    """A document to issue, read back from its DOCX: properties, header lines, register facts.

    ``symbol`` ("KH-BQL"), ``issuer`` (the abbreviation whose number series it takes: "BQL",
    or "HĐTĐKT" for a council issuing in its own name), ``place`` from the date line;
    ``number`` and ``issue_date`` when the document already carries them; ``summary`` is
    the register's "Tên loại và trích yếu nội dung" ("Kế hoạch triển khai …"), ``signer``
    the signer's name, ``recipients`` the Nơi nhận lines without "- " and ";", ``archive``
    the units of "Lưu:". ``register`` is the register the DOCX names (``written_register``),
    ``register_written`` the path as written in it. ``document`` is the parsed DOCX, stamped
    in place by ``stamp``.
    """

    path: Path
    sha256: str
    identity: str
    campaign: str
    kind: vi.DocumentKind
    phase: str
    register: Path | None
    register_written: str
    symbol: str
    issuer: str
    place: str
    number: int | None
    issue_date: dt.date | None
    summary: str
    signer: str
    recipients: tuple[str, ...]
    archive: str
    document: DocxDocument = field(repr=False, compare=False)
    paragraphs: _Styled = field(repr=False, compare=False)
    drafted: tuple[int | None, int] | None = None  # (month or None, year) printed in a draft


def _issuer_of(symbol: str, kind: vi.DocumentKind) -> str:
    abbreviation = kind.abbreviation
    if abbreviation and symbol.startswith(f"{abbreviation}-"):
        return symbol[len(abbreviation) + 1:]
    return symbol.split("-", 1)[0]  # công văn: <issuer>-<unit>


def read_draft(path: Path) -> Draft:
    """Return the draft (or issued document) at ``path`` read back for the register.

    Raises RegisterError, in Vietnamese and naming the file, when it is not a DOCX, lacks
    the vanban properties (it was not made by vanban) or has no number or date line.
    """
    try:
        data = path.read_bytes()
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx, its zip reader and lxml raise many kinds for a broken DOCX
        raise RegisterError(f"{path}: {unreadable_docx(exc)}") from exc
    try:
        custom = CustomProperties(document)
        props = {name: str(custom.get(name, "")) for name in (CAMPAIGN, KIND, PHASE, IDENTITY, REGISTER)}
    except Exception as exc:  # docxcompose parses docProps/custom.xml with lxml
        raise RegisterError(
            f"{path}: phần thuộc tính tùy chỉnh (docProps/custom.xml) của tệp DOCX bị hỏng — hãy soạn lại văn "
            "bản bằng vanban rồi cấp số") from exc
    if props[KIND] in (KIND_CERTIFICATE, KIND_DISPATCH_SHEET):
        what = "Giấy khen" if props[KIND] == KIND_CERTIFICATE else "danh sách gửi"
        raise RegisterError(
            f"{path}: đây là {what}, không có số riêng: nó mang số, ngày của Quyết định — hãy cấp số cho "
            "Quyết định (vanban issue quyet-dinh-khen-thuong.docx hoặc vanban build --issue)")
    if not props[IDENTITY] or props[KIND] not in vi.DocumentKind.__members__:
        raise RegisterError(
            f"{path}: văn bản không có thuộc tính {IDENTITY}/{KIND} do vanban ghi khi soạn — "
            "hãy soạn lại văn bản bằng vanban rồi cấp số"
        )
    kind = vi.DocumentKind[props[KIND]]
    paragraphs = _Styled(document)
    number_para = _find(paragraphs, layout.NUMBER.name, _number_line)
    date_para = _find(paragraphs, layout.DATE_LINE.name, _date_line)
    missing = [what for what, p in (("dòng «Số: …/…»", number_para),
                                    ("dòng «<địa danh>, ngày … tháng … năm …»", date_para)) if p is None]
    if number_para is None or date_para is None:
        raise RegisterError(f"{path}: không tìm thấy {' và '.join(missing)} để ghi số, ngày ban hành")
    number_line, date_line = _number_line(number_para.text), _date_line(date_para.text)
    assert number_line is not None and date_line is not None
    symbol = number_line.code
    number = number_line.value
    day, month, year = date_line.day if date_line.day.isdigit() else "", \
        date_line.month if date_line.month.isdigit() else "", int(date_line.year)
    issue_date = None
    if day and month:
        try:
            issue_date = dt.date(year, int(month), int(day))
        except ValueError:
            issue_date = None

    def texts(style: str) -> list[str]:
        return [vi.nfc(p.text).strip() for p in paragraphs.with_style(style) if p.text.strip()]

    subject = " ".join(" ".join(text.split()) for text in texts(layout.SUBJECT.name))  # no-break spaces as spaces
    signers = texts(layout.SIGNER_NAME.name)
    recipients, archive = [], ""
    for line in texts(layout.RECIPIENT.name):
        if m := _ARCHIVE.match(line):
            archive = m[1]
        else:
            recipients.append(line.lstrip("-").strip().rstrip(";.").strip())
    register = props[REGISTER]
    return Draft(
        path=path, sha256=hashlib.sha256(data).hexdigest(), identity=props[IDENTITY],
        campaign=props[CAMPAIGN], kind=kind, phase=props[PHASE] or NO_PHASE,
        register=written_register(register, path), register_written=register, symbol=symbol,
        issuer=_issuer_of(symbol, kind), place=date_line.place, number=number,
        issue_date=issue_date,
        summary=f"{kind.value} {_lower_first(subject)}".strip(),
        signer=signers[-1] if signers else "", recipients=tuple(recipients), archive=archive,
        document=document, paragraphs=paragraphs,
        drafted=(int(month) if month else None, year),
    )


def stamp(draft: Draft, number: int, issue_date: dt.date) -> DocxDocument:
    """Return the draft's DOCX with ``number`` and ``issue_date`` written in (in memory).

    The number line becomes ``vi.number_line`` ("Số: 05/KH-BQL"), the date line
    ``vi.date_line`` ("Hải Phòng, ngày 10 tháng 02 năm 2025"), and every "(Kèm theo … số
    …/<symbol> ngày … tháng … năm …)" line naming this document's symbol gets the same
    number and date. Each paragraph keeps its first run's formatting. Source: ND30 Phụ lục I,
    mục II.3, II.4; ND30.md §1.6.
    """
    paragraphs = draft.paragraphs
    number_para = _find(paragraphs, layout.NUMBER.name, _number_line)
    date_para = _find(paragraphs, layout.DATE_LINE.name, _date_line)
    assert number_para is not None and date_para is not None  # read_draft found them
    set_text(number_para, vi.number_line(draft.symbol, number))
    set_text(date_para, vi.date_line(
        draft.place, year=issue_date.year, month=issue_date.month, day=issue_date.day))
    attached = re.compile(
        rf"số\s*{_BLANK}\s*/\s*{re.escape(draft.symbol)}"
        rf"(\s+ngày\s*{_BLANK}\s*tháng\s*{_BLANK}\s*năm\s*(?:\d{{4}}|[.…]+))?"
    )

    def reference(match: re.Match[str]) -> str:
        dated = f" {vi.full_date(issue_date)}" if match[1] else ""
        return f"số {number:02d}/{draft.symbol}{dated}"

    for p, style in paragraphs:
        # Reading w:t nodes directly: Paragraph.text runs an XPath query per run.
        if style != layout.ANNEX_REFERENCE.name and not "".join(
                t.text or "" for t in p._p.iter(qn("w:t"))).lstrip().startswith("(Kèm theo"):
            continue
        text = vi.nfc(p.text)
        if attached.search(text):
            set_text(p, attached.sub(reference, text))
    return draft.document
