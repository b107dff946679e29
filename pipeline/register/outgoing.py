"""The outgoing-document register (sổ đăng ký văn bản đi): numbers allocated in order, never twice.

ND30 Điều 15: numbers run from 01 on 1 January to 31 December; the (number, symbol) pair is
unique per issuer per year; the head of the agency decides whether one series serves every
kind or each kind (or some kinds) has its own; an advisory body (Hội đồng, Ban Chỉ đạo) that
issues in its own name keeps its own series. A series here is (issuer abbreviation, series
name, year), the issuer abbreviation taken from the document's symbol ("QĐ-HĐTĐKT" → HĐTĐKT).

The register is one SQLite file (default ``<campaign>/so-van-ban.sqlite``; one file may serve
several campaigns). The series rules are data: ``<register>.yaml`` beside it (e.g.
``so-van-ban.yaml``), see ``SeriesRules``.

Order of operations, so that a crash (SIGKILL) at any point leaves either no record and the
document unchanged, or a record and the stamped document:

1. The draft is read and hashed (H0). Nothing is written.
2. ONE transaction (BEGIN IMMEDIATE — it holds the write lock, so concurrent processes queue)
   allocates the next number of the series and inserts the record with ``pending = 1`` and
   ``source_sha256 = H0``; COMMIT. A crash before COMMIT rolls both back: no number is used.
3. The stamped DOCX is written to a temporary file beside the document (no lock held).
4. A second transaction (BEGIN IMMEDIATE) moves the temporary file into place (os.replace,
   atomic) and sets ``docx_sha256`` and ``pending = 0``; COMMIT.

A record still pending is an issue that was interrupted between 2 and 4. Opening the
register to list, export or check it completes every such record under the write lock, and
issuing completes those of the documents it is given (not others', which may belong to a
live concurrent issuer) — like SQLite replaying its journal: when the document still hashes to
H0 it is stamped again from the record (number and date are in it), when it already carries
the record's number and date (the crash fell between os.replace and COMMIT) its hash is
adopted. Both steps are idempotent, so a crash during recovery is recovered the next time,
and a live process that finds its record completed by someone else just drops its temporary
file. The PDF is converted after step 4 and its hash recorded in a third transaction; a
crash before that leaves ``pdf_sha256`` empty and issuing the document again reconverts it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from pipeline.docx.stamp import (
    DEFAULT_REGISTER,
    IDENTITY,
    REGISTER,
    Draft,
    read_draft,
    sha256,
    stamp,
    written_register,
)
from pipeline.errors import DataError, Problem, RegisterError
from pipeline.files import atomic_target, os_reason, remove_stale_temporaries
from pipeline.nd30 import vi
from pipeline.pdf.convert import convert_to_pdf
from pipeline.settings import Settings

SHARED = "shared"
PER_KIND = "per_kind"
BUSY_TIMEOUT_S = 120.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    identity TEXT NOT NULL UNIQUE,      -- stable document identity (vanban.identity)
    issuer TEXT NOT NULL,               -- abbreviation whose series the number comes from
    series TEXT NOT NULL,               -- '' the issuer's shared series, else a kind abbreviation
    year INTEGER NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    symbol TEXT NOT NULL,               -- KH-BQL
    reference TEXT NOT NULL,            -- 05/KH-BQL
    issue_date TEXT NOT NULL,           -- ISO date
    kind TEXT NOT NULL,                 -- DocumentKind name
    campaign TEXT NOT NULL,
    phase TEXT NOT NULL,
    summary TEXT NOT NULL,              -- tên loại và trích yếu nội dung
    signer TEXT NOT NULL,
    recipients TEXT NOT NULL,           -- one per line
    archive TEXT NOT NULL,              -- đơn vị nhận bản lưu (Lưu: …)
    path TEXT NOT NULL,                 -- absolute path of the DOCX
    source_sha256 TEXT NOT NULL,        -- the draft before stamping
    docx_sha256 TEXT,                   -- the stamped DOCX (NULL while pending)
    pdf_sha256 TEXT,                    -- the reconverted PDF, when made
    pending INTEGER NOT NULL DEFAULT 1,
    note TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    UNIQUE (issuer, series, year, number),
    UNIQUE (year, reference)
);
"""


@dataclass(frozen=True)
class SeriesRules:
    """How an agency splits its numbers into series (ND30 Điều 15, khoản 1–2).

    ``issuers`` maps an issuer abbreviation to (mode, own): mode ``shared`` (one series for
    every kind, except the kind abbreviations in ``own``, each with its own series) or
    ``per_kind`` (every kind its own series). An issuer not listed has one shared series;
    an advisory body issuing in its own name is its own issuer (e.g. HĐTĐKT), hence its own
    series. Read from YAML::

        issuers:
          BQL: {series: shared, own_series: [QĐ]}
          HĐTĐKT: {series: shared}
    """

    issuers: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    def series(self, issuer: str, kind: vi.DocumentKind) -> str:
        """Return the series name of ``kind`` for ``issuer``: "" shared, else the kind's key."""
        mode, own = self.issuers.get(issuer, (SHARED, ()))
        key = kind.abbreviation or kind.value
        return key if mode == PER_KIND or key in own else ""

    @classmethod
    def load(cls, path: Path) -> SeriesRules:
        """Return the rules in ``path`` (YAML), or the default when the file does not exist.

        Raises DataError listing every problem, located by YAML path.
        """
        if not path.exists():
            return cls()
        from pipeline.campaign.load import read_yaml  # bounded, explained in Vietnamese

        data = read_yaml(path, empty_ok=True)[0] or {}
        problems: list[Problem] = []
        issuers: dict[str, tuple[str, tuple[str, ...]]] = {}
        known = {k.abbreviation or k.value for k in vi.DocumentKind}
        entries = data.get("issuers") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            raise DataError([Problem(path, "issuers", "thiếu mục issuers (mỗi cơ quan ban hành một mục)",
                                     "ghi ví dụ «issuers: {BQL: {series: shared}}»")])
        for name, entry in entries.items():
            where = f"issuers.{name}"
            entry = entry or {}
            if not isinstance(entry, dict):
                problems.append(Problem(path, where, "phải là một mục có series, own_series"))
                continue
            unknown = set(entry) - {"series", "own_series"}
            if unknown:
                problems.append(Problem(path, where, f"trường lạ: {', '.join(sorted(unknown))}",
                                        "chỉ dùng series và own_series"))
            mode = entry.get("series", SHARED)
            if mode not in (SHARED, PER_KIND):
                problems.append(Problem(path, f"{where}.series", f"«{mode}» không hợp lệ",
                                        f"ghi {SHARED} (một dãy số chung) hoặc {PER_KIND} (mỗi loại một dãy)"))
            own = entry.get("own_series") or []
            if not isinstance(own, list):
                own = [own]
            for n, key in enumerate(own, start=1):
                if key not in known:
                    problems.append(Problem(path, f"{where}.own_series[{n}]",
                                            f"«{key}» không phải chữ viết tắt tên loại văn bản",
                                            "ghi như KH, QĐ, TTr, BC (Phụ lục III Nghị định 30)"))
            issuers[vi.nfc(str(name))] = (str(mode), tuple(vi.nfc(str(k)) for k in own))
        if problems:
            raise DataError(problems)
        return cls(issuers)


@dataclass(frozen=True)
class Record:
    """One line of the register (sổ đăng ký văn bản đi), as stored."""

    identity: str
    issuer: str
    series: str
    year: int
    number: int
    symbol: str
    reference: str
    issue_date: dt.date
    kind: str
    campaign: str
    phase: str
    summary: str
    signer: str
    recipients: tuple[str, ...]
    archive: str
    path: Path
    source_sha256: str
    docx_sha256: str | None
    pdf_sha256: str | None
    pending: bool
    note: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Record:
        """Return the record of a ``documents`` row."""
        return cls(
            identity=row["identity"], issuer=row["issuer"], series=row["series"],
            year=row["year"], number=row["number"], symbol=row["symbol"],
            reference=row["reference"], issue_date=dt.date.fromisoformat(row["issue_date"]),
            kind=row["kind"], campaign=row["campaign"], phase=row["phase"],
            summary=row["summary"], signer=row["signer"],
            recipients=tuple(r for r in row["recipients"].split("\n") if r),
            archive=row["archive"], path=Path(row["path"]), source_sha256=row["source_sha256"],
            docx_sha256=row["docx_sha256"], pdf_sha256=row["pdf_sha256"],
            pending=bool(row["pending"]), note=row["note"],
        )

    @property
    def series_label(self) -> str:
        """Return the series as shown to clerks: "BQL" or "BQL (QĐ)"."""
        return f"{self.issuer} ({self.series})" if self.series else self.issuer


@dataclass(frozen=True)
class Issued:
    """The outcome of issuing one document: its record, whether it was issued just now, and
    the register (sổ) it is recorded in."""

    record: Record
    new: bool
    register: Path | None = None

    @property
    def reference(self) -> str:
        """Return the number and symbol given, "05/KH-BQL"."""
        return self.record.reference


def _db_reason(exc: BaseException) -> str:
    """Return why SQLite (or the system) refused the register file, in Vietnamese."""
    text = str(exc)
    if isinstance(exc, OSError):
        return os_reason(exc)
    if isinstance(exc, ValueError):  # a NUL in the path
        return "đường dẫn có ký tự lạ"
    for needle, reason in (("not a database", "tệp không phải sổ đăng ký (SQLite) hoặc đã hỏng"),
                           ("malformed", "tệp sổ đã hỏng"),
                           ("locked", "đang có lệnh khác ghi vào sổ quá lâu; thử lại sau"),
                           ("unable to open", "không mở được tệp (thư mục không có, hoặc không có quyền)"),
                           ("readonly", "tệp sổ chỉ cho đọc")):
        if needle in text:
            return reason
    return "lỗi SQLite không rõ"


def register_config(path: Path) -> Path:
    """Return the series rules file of the register at ``path``: same name, ``.yaml``."""
    return path.with_suffix(".yaml")


class Register:
    """The outgoing-document register in one SQLite file (sổ đăng ký văn bản đi).

    Use ``Register.open(path)`` as a context manager. Concurrent processes may share one
    file: writes are serialised by SQLite's write lock (BEGIN IMMEDIATE).
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, rules: SeriesRules) -> None:
        self.path = path
        self.rules = rules
        self._db = connection
        self.recovered: list[Record] = []

    @classmethod
    def open(cls, path: Path, *, create: bool = True, rules: SeriesRules | None = None,
             recover: bool = True) -> Register:
        """Return the register at ``path`` with interrupted issues completed (see module doc).

        ``create=False`` refuses a register that does not exist yet; ``recover=False`` leaves
        interrupted issues for the caller (``issue_documents`` completes only its own
        documents', so that concurrent issuers do not redo each other's work). Raises RegisterError
        when the file cannot be opened or is not a vanban register; DataError for bad rules.
        """
        path = Path(path)
        if not create and not path.exists():
            raise RegisterError(f"chưa có sổ đăng ký văn bản đi {path} — hãy cấp số một văn bản "
                                "trước, hoặc chỉ đúng tệp bằng --register")
        rules = rules if rules is not None else SeriesRules.load(register_config(path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA synchronous = FULL")
            db.executescript(_SCHEMA)
        except (sqlite3.Error, OSError, ValueError) as exc:
            raise RegisterError(f"không mở được sổ đăng ký văn bản đi {path}: {_db_reason(exc)}") from None
        register = cls(path, db, rules)
        if recover:
            register.recovered = register.recover()
        return register

    def close(self) -> None:
        """Close the SQLite connection."""
        self._db.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Yield the connection inside BEGIN IMMEDIATE … COMMIT (ROLLBACK on any exception).

        BEGIN IMMEDIATE takes the write lock at once, waiting up to BUSY_TIMEOUT_S while
        another process holds it; RegisterError when it stays locked.
        """
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise RegisterError(f"sổ {self.path} đang bận hoặc hỏng: {_db_reason(exc)}") from exc
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # ------------------------------------------------------------------ reading

    def records(self) -> list[Record]:
        """Return every record, by year, issuer, series and number."""
        rows = self._db.execute("SELECT * FROM documents ORDER BY year, issuer, series, number")
        return [Record.from_row(r) for r in rows]

    def find(self, identity: str) -> Record | None:
        """Return the record of the document ``identity``, or None when it was never issued."""
        row = self._db.execute("SELECT * FROM documents WHERE identity = ?", (identity,)).fetchone()
        return Record.from_row(row) if row else None

    # ------------------------------------------------------------------ issuing

    def _allocate(self, db: sqlite3.Connection, draft: Draft, issue_date: dt.date,
                  number: int | None, note: str) -> Record:
        series = self.rules.series(draft.issuer, draft.kind)
        year = issue_date.year
        last = db.execute(
            "SELECT max(number) AS n, max(issue_date) AS d FROM documents "
            "WHERE issuer = ? AND series = ? AND year = ?", (draft.issuer, series, year),
        ).fetchone()
        if number is None:
            if last["d"] and last["d"] > issue_date.isoformat():
                raise RegisterError(
                    f"{draft.path}: ngày {vi.short_date(issue_date)} sớm hơn văn bản đã cấp số "
                    f"gần nhất của dãy số {draft.issuer} (ngày "
                    f"{vi.short_date(dt.date.fromisoformat(last['d']))}); số văn bản đi theo thứ "
                    "tự ban hành — hãy ghi đúng ngày hoặc chỉ định số bằng --number"
                )
            number = (last["n"] or 0) + 1
        reference = f"{number:02d}/{draft.symbol}"
        taken = db.execute(
            "SELECT identity, reference FROM documents WHERE (issuer = ? AND series = ? AND year = ?"
            " AND number = ?) OR (year = ? AND reference = ?)",
            (draft.issuer, series, year, number, year, reference),
        ).fetchone()
        if taken:
            raise RegisterError(
                f"{draft.path}: số {number:02d} năm {year} của dãy số {draft.issuer} đã cấp cho "
                f"{taken['reference']} ({taken['identity']}) — hãy bỏ --number để lấy số kế tiếp"
            )
        db.execute(
            "INSERT INTO documents (identity, issuer, series, year, number, symbol, reference, "
            "issue_date, kind, campaign, phase, summary, signer, recipients, archive, path, "
            "source_sha256, pending, note, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            (draft.identity, draft.issuer, series, year, number, draft.symbol, reference,
             issue_date.isoformat(), draft.kind.name, draft.campaign, draft.phase, draft.summary,
             draft.signer, "\n".join(draft.recipients), draft.archive, str(draft.path.resolve()),
             draft.sha256, note, dt.datetime.now().isoformat(timespec="seconds")),
        )
        found = self.find(draft.identity)
        assert found is not None
        return found

    def _reissue(self, db: sqlite3.Connection, draft: Draft, record: Record) -> Record:
        note = (record.note + "; " if record.note else "") + (
            f"cấp lại ngày {vi.short_date(dt.date.today())} (văn bản sửa sau khi cấp số)")
        db.execute(
            "UPDATE documents SET pending = 1, source_sha256 = ?, docx_sha256 = NULL, "
            "pdf_sha256 = NULL, path = ?, summary = ?, signer = ?, recipients = ?, archive = ?, "
            "note = ? WHERE identity = ?",
            (draft.sha256, str(draft.path.resolve()), draft.summary, draft.signer,
             "\n".join(draft.recipients), draft.archive, note, draft.identity),
        )
        found = self.find(draft.identity)
        assert found is not None
        return found

    def _write_stamped(self, draft: Draft, record: Record) -> Path:
        tmp = atomic_target(draft.path)
        try:
            stamp(draft, record.number, record.issue_date).save(str(tmp))
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp

    def _finish(self, record: Record, tmp: Path) -> Record:
        """Move the stamped temporary file into place and mark the record done, atomically."""
        try:
            with self.transaction() as db:
                current = self.find(record.identity)
                if current is None or not current.pending \
                        or current.source_sha256 != record.source_sha256:
                    return current or record  # completed (or redone) by a recovery meanwhile
                digest = sha256(tmp)
                os.replace(tmp, record.path)
                db.execute("UPDATE documents SET docx_sha256 = ?, pending = 0 WHERE identity = ?",
                           (digest, record.identity))
        finally:
            tmp.unlink(missing_ok=True)
        done = self.find(record.identity)
        assert done is not None
        return done

    def recover(self, identities: Collection[str] | None = None) -> list[Record]:
        """Return the interrupted issues completed now (see the module docstring): all of
        them, or those of the documents ``identities``.

        A pending record whose document is still the draft it was allocated for is stamped;
        one whose document already carries its number and date gets the document's hash. A
        pending record whose document is neither stays pending (``check`` reports it).
        """
        if not self._db.execute("SELECT 1 FROM documents WHERE pending = 1 LIMIT 1").fetchone():
            return []
        done = []
        with self.transaction() as db:
            for row in db.execute("SELECT * FROM documents WHERE pending = 1").fetchall():
                record = Record.from_row(row)
                if identities is not None and record.identity not in identities:
                    continue
                if not record.path.exists():
                    continue
                digest = sha256(record.path)
                try:
                    draft = read_draft(record.path)
                except RegisterError:
                    continue
                if draft.identity != record.identity:
                    continue
                if digest == record.source_sha256:
                    tmp = self._write_stamped(draft, record)
                    try:
                        digest = sha256(tmp)
                        os.replace(tmp, record.path)
                    finally:
                        tmp.unlink(missing_ok=True)
                elif (draft.number, draft.issue_date) != (record.number, record.issue_date):
                    continue
                db.execute("UPDATE documents SET docx_sha256 = ?, pending = 0 WHERE identity = ?",
                           (digest, record.identity))
                done.append(record)
        return done

    def issue(self, drafts: Sequence[Draft], issue_date: dt.date, *, number: int | None = None,
              reissue: bool = False) -> list[Issued]:
        """Return the records of ``drafts`` issued on ``issue_date``, in the given order.

        Numbers of new documents are allocated in one transaction (consecutive within each
        series); a document already issued keeps its number (idempotent by identity); one
        changed since its issue is refused unless ``reissue`` (then it keeps its number and
        date and is stamped again). ``number`` (one draft only) asks for that number,
        refused when taken. Every draft is checked before any number is given; RegisterError
        lists every refusal. Stamped DOCX are written as described in the module docstring.
        """
        if number is not None and len(drafts) != 1:
            raise RegisterError("chỉ định số (--number) chỉ dùng khi cấp số một văn bản")
        refusals: list[str] = []
        seen: set[str] = set()
        for draft in drafts:
            if draft.identity in seen:
                refusals.append(f"{draft.path}: văn bản {draft.identity} có hai lần trong danh sách")
            seen.add(draft.identity)
            record = self.find(draft.identity)
            if record is None:
                if draft.number is not None:
                    refusals.append(
                        f"{draft.path}: văn bản đã ghi số {draft.number:02d}/{draft.symbol} nhưng "
                        f"không có trong sổ {self.path} — hãy dùng đúng sổ (--register) hoặc soạn lại")
            elif draft.sha256 != record.docx_sha256 and not reissue and not record.pending:
                refusals.append(
                    f"{draft.path}: văn bản đã cấp số {record.reference} ngày "
                    f"{vi.short_date(record.issue_date)} nhưng đã bị sửa sau đó — nếu bản sửa là "
                    "bản chính thức, chạy lại với --reissue (giữ số và ngày cũ)")
            elif record is not None and number is not None and number != record.number:
                refusals.append(f"{draft.path}: văn bản đã cấp số {record.reference}, không đổi "
                                f"sang số {number:02d} được")
        if refusals:
            raise RegisterError("\n".join(refusals))
        to_stamp: list[tuple[Draft, Record]] = []
        results: list[Issued] = []
        with self.transaction() as db:
            for draft in drafts:
                record = self.find(draft.identity)
                if record is None:
                    record = self._allocate(db, draft, issue_date, number, "")
                    to_stamp.append((draft, record))
                    results.append(Issued(record, True))
                elif draft.sha256 != record.docx_sha256 and reissue:
                    record = self._reissue(db, draft, record)
                    to_stamp.append((draft, record))
                    results.append(Issued(record, True))
                else:
                    results.append(Issued(record, False))
        finished = {}
        for draft, record in to_stamp:
            finished[record.identity] = self._finish(record, self._write_stamped(draft, record))
        return [Issued(finished.get(i.record.identity, i.record), i.new) for i in results]

    def record_pdfs(self, records: Sequence[Record]) -> None:
        """Record the hash of each record's PDF (the DOCX path with ``.pdf``)."""
        with self.transaction() as db:
            for record in records:
                db.execute("UPDATE documents SET pdf_sha256 = ? WHERE identity = ?",
                           (sha256(record.path.with_suffix(".pdf")), record.identity))

    # ------------------------------------------------------------------ checking

    def check(self) -> list[Problem]:
        """Return every problem of the register: gaps and duplicates in a series' numbers,
        pending issues, documents missing or not matching their recorded hash, stale PDFs.

        Problems are errors except a PDF left from the draft (a warning). Source: ND30
        Điều 15 (numbers from 01, consecutive, (number, symbol) unique per issuer and year).
        """
        records = self.records()
        series: dict[tuple[str, str, int], list[Record]] = {}
        for record in records:
            series.setdefault((record.issuer, record.series, record.year), []).append(record)
        problems: list[Problem] = []
        for (issuer, name, year), items in series.items():
            label = f"dãy số {issuer}{f' ({name})' if name else ''} năm {year}"
            problems += _series_problems(self.path, label, items)
        problems += _reference_problems(self.path, records)
        for record in records:
            problems += _file_problems(self.path, record)
        return problems


def _series_problems(where: Path, label: str, items: Sequence[Record]) -> list[Problem]:
    """Return the problems of one numbering series (dãy số) ``label``: numbers missing or
    given twice, a number dated before the number below it (ND30 Điều 15)."""
    problems: list[Problem] = []
    numbers = [r.number for r in items]
    missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
    if missing:
        problems.append(Problem(where, label, "thiếu số " + ", ".join(f"{n:02d}" for n in missing),
                                "ghi vào sổ văn bản mang số còn thiếu, hoặc ghi chú lý do"))
    for n in sorted({n for n in numbers if numbers.count(n) > 1}):
        problems.append(Problem(where, label, f"số {n:02d} cấp hai lần"))
    ordered = sorted(items, key=lambda r: r.number)
    for a, b in pairwise(ordered):
        if b.issue_date < a.issue_date:
            problems.append(Problem(where, label, f"số {b.number:02d} ngày "
                                    f"{vi.short_date(b.issue_date)} sớm hơn số {a.number:02d} "
                                    f"ngày {vi.short_date(a.issue_date)}"))
    return problems


def _reference_problems(where: Path, records: Sequence[Record]) -> list[Problem]:
    """Return a problem for each "số, ký hiệu" recorded more than once in a year."""
    references: dict[tuple[int, str], int] = {}
    for record in records:
        references[(record.year, record.reference)] = references.get(
            (record.year, record.reference), 0) + 1
    return [Problem(where, f"năm {year}", f"số, ký hiệu {reference} ghi {count} lần")
            for (year, reference), count in references.items() if count > 1]


def _file_problems(where: Path, record: Record) -> list[Problem]:
    """Return the problems of one issued document's files: issue not finished, DOCX missing
    or edited since, PDF missing, different from the one recorded, or left from the draft."""
    label = f"{record.reference} ({record.identity})"
    if record.pending:
        return [Problem(where, label, f"cấp số chưa xong: {record.path} không còn là "
                        "bản dự thảo đã cấp số cũng chưa mang số này",
                        "cấp số lại bằng vanban issue --reissue")]
    if not record.path.exists():
        return [Problem(where, label, f"không có tệp {record.path}", "trả tệp đã ban hành về đúng chỗ")]
    problems: list[Problem] = []
    if sha256(record.path) != record.docx_sha256:
        problems.append(Problem(where, label, f"{record.path} đã bị sửa sau khi cấp số",
                                "trả lại bản đã ban hành, hoặc cấp lại bằng vanban issue --reissue"))
    pdf = record.path.with_suffix(".pdf")
    if record.pdf_sha256 is not None:
        if not pdf.exists():
            problems.append(Problem(where, label, f"không có tệp {pdf}"))
        elif sha256(pdf) != record.pdf_sha256:
            problems.append(Problem(where, label, f"{pdf} khác bản PDF đã ghi khi cấp số",
                                    "chạy lại vanban issue để chuyển lại PDF"))
    elif pdf.exists():
        problems.append(Problem(where, label, f"{pdf} là bản PDF trước khi cấp số",
                                "chạy lại vanban issue để chuyển lại PDF", severity="warning"))
    return problems


def issue_documents(
    paths: Sequence[Path], issue_date: dt.date, register: Path | None = None, *,
    number: int | None = None, reissue: bool = False, pdf: bool = True,
    settings: Settings | None = None,
) -> list[Issued]:
    """Return the documents at ``paths`` issued on ``issue_date``, numbered in the given order.

    ``register`` defaults to the one recorded in the first document (vanban.register). Each
    DOCX is stamped in place (number line, date line, "Kèm theo" lines) and, with ``pdf``,
    every stamped (or stale) PDF is reconverted in ONE LibreOffice run. Already issued,
    unchanged documents keep their number. Raises RegisterError (every refusal listed,
    nothing issued), DataError for bad series rules, ConvertError when the PDF fails (the
    numbers stay given, see ``issued_before``; issuing again reconverts).
    """
    drafts, problems = [], []
    for folder in {Path(path).parent for path in paths}:  # what an issue killed midway left beside them
        remove_stale_temporaries(folder)
    for path in paths:
        try:
            drafts.append(read_draft(Path(path)))
        except RegisterError as exc:
            problems.append(exc.format_message())
    if problems:
        raise RegisterError("\n".join(problems))
    if register is None:
        register = register_of(drafts[0]) if drafts else None
        if register is None:
            raise RegisterError("không biết sổ đăng ký văn bản đi nào — chỉ ra bằng --register")
    settings = settings or Settings()
    with Register.open(register, recover=False) as book:
        # A document completed by recovery just now has changed on disk: read it again.
        book.recovered = book.recover({d.identity for d in drafts})
        if book.recovered:
            drafts = [read_draft(d.path) for d in drafts]
        issued = [Issued(i.record, i.new, book.path)
                  for i in book.issue(drafts, issue_date, number=number, reissue=reissue)]
        try:
            if pdf:
                stale = [i.record for i in issued if _pdf_stale(i.record)]
                if stale:
                    convert_to_pdf([r.path for r in stale], timeout_s=settings.convert_timeout_s)
                    book.record_pdfs(stale)
                    issued = [Issued(book.find(i.record.identity) or i.record, i.new, book.path)
                              for i in issued]
        except BaseException as exc:  # the numbers are given: whoever reports the failure says them too
            setattr(exc, _ISSUED, issued)
            raise
    return issued


_ISSUED = "vanban_issued"


def issued_before(exc: BaseException) -> list[Issued]:
    """Return the documents ``issue_documents`` had numbered, stamped and registered when
    ``exc`` stopped it (converting the PDF failed, timed out, Ctrl-C, SIGTERM…): their
    numbers are given and must be said. Empty when it stopped before."""
    return list(getattr(exc, _ISSUED, []))


def register_of(draft: Draft) -> Path | None:
    """Return the register ``draft`` names, to use when the user names none (--register).

    Only a path written relative to the DOCX's folder (as vanban writes it) is followed, and
    only to a register that exists or to a campaign folder (holding campaign.yaml): a DOCX
    received from elsewhere never makes vanban open or create a register anywhere on disk.
    Raises RegisterError for an absolute path (say it with --register if it is the right
    register) and for a register not found (the DOCX was moved). None when none is written.
    """
    written = draft.register_written
    if not written:
        return None
    if draft.register is None:
        raise RegisterError(f"{draft.path}: đường dẫn sổ đăng ký ghi trong văn bản không hợp lệ — "
                            "chỉ ra sổ bằng --register TỆP_SỔ")
    if Path(written).is_absolute():
        raise RegisterError(
            f"{draft.path}: văn bản ghi sổ đăng ký bằng đường dẫn tuyệt đối {written}; vanban không tự theo "
            f"đường dẫn tuyệt đối ghi trong văn bản — nếu đúng sổ này, chạy lại với --register {written}")
    if not draft.register.exists() and not (draft.register.parent / "campaign.yaml").is_file():
        raise RegisterError(
            f"{draft.path}: không thấy sổ đăng ký {draft.register} (đường dẫn ghi trong văn bản, tính từ thư mục "
            "của văn bản; văn bản đã bị chuyển chỗ?) — chỉ ra sổ bằng --register TỆP_SỔ")
    return draft.register


def _pdf_stale(record: Record) -> bool:
    pdf = record.path.with_suffix(".pdf")
    return record.pdf_sha256 is None or not pdf.exists() or sha256(pdf) != record.pdf_sha256


def issue_document(path: Path, issue_date: dt.date, register: Path | None = None,
                   **options: Any) -> Issued:
    """Return one document issued on ``issue_date`` (see ``issue_documents`` for options)."""
    return issue_documents([path], issue_date, register, **options)[0]


def outside_draft(draft: Draft, issue_date: dt.date) -> str | None:
    """Return a warning (Vietnamese) when ``issue_date`` falls outside the month or year the
    draft already prints ("ngày      tháng 02 năm 2025"): the legal bases, base salary and
    award money were chosen for the drafted date, so the document should be made again."""
    if draft.drafted is None or draft.number is not None:
        return None
    month, year = draft.drafted
    if issue_date.year == year and (month is None or issue_date.month == month):
        return None
    printed = vi.full_date(dt.date(year, month, 10)).split("ngày 10 ")[1] if month else f"năm {year}"
    return (f"{draft.path}: ngày cấp số {vi.short_date(issue_date)} không thuộc {printed} đã in trong "
            "bản dự thảo; căn cứ pháp lý, mức lương cơ sở và tiền thưởng được chọn theo ngày soạn — nên "
            "soạn lại văn bản với ngày mới (--date) rồi cấp số")


def refuse_if_issued(target: Path, properties: Mapping[str, str] | None) -> None:
    """Raise RegisterError when ``target`` is a document already issued (its identity, from
    the ``properties`` about to be written, is recorded in its register for this very file):
    an issued document is what the leader signed, and is never re-rendered as a draft."""
    if not properties or not target.exists():
        return
    path = written_register(properties.get(REGISTER, ""), target)
    if path is None or not path.is_file():
        return
    with Register.open(path, create=False, recover=False) as register:
        record = register.find(properties.get(IDENTITY, ""))
    if record is not None and record.path.resolve() == target.resolve():
        raise RegisterError(
            f"{target} đã được cấp số {record.reference} ngày {vi.short_date(record.issue_date)} (bản đã ký): "
            "không soạn lại để khỏi mất bản này. Nếu dữ liệu đổi sau khi ký, hãy soạn văn bản mới vào thư mục "
            "khác (--out), hoặc chuyển bản đã ký đi chỗ khác rồi chạy lại"
        )


def campaign_register(campaign_dir: Path) -> Path:
    """Return the register file of the campaign in ``campaign_dir``: ``issuer.register_file``
    (relative to the folder) or ``so-van-ban.sqlite`` there. Raises DataError for bad data."""
    from pipeline.campaign.load import load_campaign  # the loader is only needed here

    campaign = load_campaign(campaign_dir)
    return (campaign_dir / (campaign.issuer.register_file or DEFAULT_REGISTER)).resolve()


EXPORT_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Số, ký hiệu văn bản", 16),
    ("Ngày tháng văn bản", 12),
    ("Tên loại và trích yếu nội dung văn bản", 45),
    ("Người ký", 18),
    ("Nơi nhận văn bản", 35),
    ("Đơn vị, người nhận bản lưu", 16),
    ("Số lượng bản", 8),
    ("Ngày chuyển", 11),
    ("Ký nhận", 10),
    ("Ghi chú", 20),
)
"""The columns of the outgoing register and their widths in characters (ND30 Phụ lục IV,
mục I.2: "Nội dung đăng ký văn bản đi — tối thiểu gồm 10 nội dung", numbered (1)–(10))."""


def _text_cell(cell: Any, value: str) -> None:
    # A cell beginning with = + - @ would be a formula to Excel: write it as text.
    cell.value = value
    cell.data_type = "s"
    if value[:1] in "=+-@":
        cell.quotePrefix = True


def export_xlsx(records: Sequence[Record], target: Path) -> Path:
    """Return ``target`` after writing the register as XLSX, one sheet per series and year.

    Each sheet: title "SỔ ĐĂNG KÝ VĂN BẢN ĐI", the series and year, the ten columns of ND30
    Phụ lục IV (mục I.2) with their numbers (1)–(10), then one row per record in number
    order. Every value is text (no formula is ever evaluated); "Ngày chuyển" and "Ký nhận"
    are left for the clerk. Written atomically.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    groups: dict[tuple[int, str, str], list[Record]] = {}
    for record in records:
        groups.setdefault((record.year, record.issuer, record.series), []).append(record)
    if not groups:
        groups[(dt.date.today().year, "", "")] = []
    bold = Font(name="Times New Roman", bold=True)
    for (year, issuer, series), items in sorted(groups.items()):
        name = " ".join(p for p in (issuer, series, str(year)) if p)
        sheet = book.create_sheet(re.sub(r"[\[\]:*?/\\]", "-", name)[:31])
        sheet.append(["SỔ ĐĂNG KÝ VĂN BẢN ĐI"])
        sheet.append([f"Năm {year}" + (f" — dãy số {issuer}" if issuer else "")
                      + (f" ({series})" if series else "")])
        sheet.append([title for title, _ in EXPORT_COLUMNS])
        sheet.append([f"({n})" for n in range(1, len(EXPORT_COLUMNS) + 1)])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(EXPORT_COLUMNS))
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(EXPORT_COLUMNS))
        for row in sheet.iter_rows(min_row=1, max_row=4):
            for cell in row:
                cell.font = bold
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for record in sorted(items, key=lambda r: r.number):
            values = [record.reference, vi.short_date(record.issue_date), record.summary,
                      record.signer, "\n".join(record.recipients), record.archive, "", "", "",
                      record.note]
            sheet.append([None] * len(values))
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=sheet.max_row, column=column)
                _text_cell(cell, value)
                cell.alignment = Alignment(vertical="top", wrap_text=True)
        for column, (_, width) in enumerate(EXPORT_COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.print_title_rows = "3:4"
    tmp = atomic_target(target)
    try:
        book.save(str(tmp))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
