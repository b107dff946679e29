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
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docxcompose.properties import CustomProperties

from pipeline.errors import RegisterError
from pipeline.nd30 import layout, vi

DEFAULT_REGISTER = "so-van-ban.sqlite"
"""The register's file name in a campaign folder when ``issuer.register_file`` is not set."""

PREFIX = "vanban."
CAMPAIGN, KIND, PHASE, IDENTITY, REGISTER, SOURCE = (
    f"{PREFIX}{name}" for name in ("campaign", "kind", "phase", "identity", "register", "source")
)
NO_PHASE = "-"

_NUMBER = re.compile(r"^\s*Số\s*:\s*(\d*)\s*/\s*(\S.*?)\s*$")
_DATE = re.compile(r"^\s*(.+?)\s*,\s*ngày\s*(\d*)\s*tháng\s*(\d*)\s*năm\s*(\d{4})\s*$")
_BLANK = r"(?:\d+|[.…]+)?"
_ARCHIVE = re.compile(r"^-?\s*Lưu\s*:\s*(.*?)\.?\s*$")


def identity(campaign: str, kind: vi.DocumentKind, phase: int | None, filename: str) -> str:
    """Return a document's stable identity, "<campaign>/<KIND>/<phase or ->/<file name>".

    The same document rendered again keeps its identity, so issuing it again finds its number.
    """
    return f"{campaign}/{kind.name}/{phase if phase is not None else NO_PHASE}/{filename}"


def document_properties(
    campaign_dir: Path, register: str | None, kind: vi.DocumentKind, phase: int | None,
    filename: str,
) -> dict[str, str]:
    """Return the custom document properties vanban writes into a rendered DOCX.

    ``register`` is ``issuer.register_file`` (relative to ``campaign_dir``) or None for
    ``<campaign_dir>/so-van-ban.sqlite``; it is stored as an absolute path. Keys:
    vanban.campaign, vanban.kind (DocumentKind name), vanban.phase ("-" when none),
    vanban.identity, vanban.register, vanban.source (the campaign folder, absolute: issuing a
    decision remakes its certificates from there).
    """
    folder = campaign_dir.resolve()
    return {
        CAMPAIGN: folder.name,
        KIND: kind.name,
        PHASE: str(phase) if phase is not None else NO_PHASE,
        IDENTITY: identity(folder.name, kind, phase, filename),
        REGISTER: str((folder / (register or DEFAULT_REGISTER)).resolve()),
        SOURCE: str(folder),
    }


def read_properties(path: Path) -> dict[str, str]:
    """Return the vanban properties of the DOCX at ``path`` ("" for each one it lacks; all
    "" when it cannot be read)."""
    names = (CAMPAIGN, KIND, PHASE, IDENTITY, REGISTER, SOURCE)
    try:
        custom = CustomProperties(docx.Document(str(path)))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, OpcError):  # not a DOCX
        return dict.fromkeys(names, "")
    return {name: str(custom.get(name, "")) for name in names}


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


def _find(paragraphs: _Styled, style: str, fallback: re.Pattern[str]) -> Paragraph | None:
    for p in paragraphs.with_style(style):
        if fallback.match(p.text):
            return p
    return next((p for p, _ in paragraphs if fallback.match(p.text)), None)


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
    the units of "Lưu:". ``document`` is the parsed DOCX, stamped in place by ``stamp``.
    """

    path: Path
    sha256: str
    identity: str
    campaign: str
    kind: vi.DocumentKind
    phase: str
    register: Path | None
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
    except FileNotFoundError:
        raise RegisterError(f"{path}: không có tệp này") from None
    except Exception as exc:  # python-docx raises many kinds for a file that is not a DOCX
        raise RegisterError(f"{path}: không đọc được tệp DOCX ({exc})") from exc
    custom = CustomProperties(document)
    props = {name: str(custom.get(name, "")) for name in (CAMPAIGN, KIND, PHASE, IDENTITY, REGISTER)}
    if not props[IDENTITY] or props[KIND] not in vi.DocumentKind.__members__:
        raise RegisterError(
            f"{path}: văn bản không có thuộc tính {IDENTITY}/{KIND} do vanban ghi khi soạn — "
            "hãy soạn lại văn bản bằng vanban rồi cấp số"
        )
    kind = vi.DocumentKind[props[KIND]]
    paragraphs = _Styled(document)
    number_para = _find(paragraphs, layout.NUMBER.name, _NUMBER)
    date_para = _find(paragraphs, layout.DATE_LINE.name, _DATE)
    missing = [what for what, p in (("dòng «Số: …/…»", number_para),
                                    ("dòng «<địa danh>, ngày … tháng … năm …»", date_para)) if p is None]
    if number_para is None or date_para is None:
        raise RegisterError(f"{path}: không tìm thấy {' và '.join(missing)} để ghi số, ngày ban hành")
    number_match = _NUMBER.match(number_para.text)
    date_match = _DATE.match(date_para.text)
    assert number_match is not None and date_match is not None
    symbol = vi.nfc(number_match[2])
    number = int(number_match[1]) if number_match[1] else None
    day, month, year = date_match[2], date_match[3], int(date_match[4])
    issue_date = None
    if day and month:
        try:
            issue_date = dt.date(year, int(month), int(day))
        except ValueError:
            issue_date = None

    def texts(style: str) -> list[str]:
        return [vi.nfc(p.text).strip() for p in paragraphs.with_style(style) if p.text.strip()]

    subject = " ".join(texts(layout.SUBJECT.name))
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
        register=Path(register) if register else None, symbol=symbol,
        issuer=_issuer_of(symbol, kind), place=vi.nfc(date_match[1]), number=number,
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
    number_para = _find(paragraphs, layout.NUMBER.name, _NUMBER)
    date_para = _find(paragraphs, layout.DATE_LINE.name, _DATE)
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
