"""What a commendation decision, its proposal and certificates share: the round of awards
(phase, date, money) and the attached list (Danh sách kèm theo), ND30.md §1.6 and §2.5 A–B."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.campaign.awards import (
    Amount,
    Regime,
    Rules,
    SalaryRow,
    Subject,
    award_amount,
    head_title,
)
from pipeline.campaign.distribution import Registry
from pipeline.campaign.model import Awards, Campaign, IssueDate, Phase
from pipeline.campaign.nominees import Nominee
from pipeline.documents.blocks import Block, TableBlock
from pipeline.nd30 import vi
from pipeline.nd30.kinds import ATTACHED_LIST
from pipeline.nd30.layout import CONTENT_END

COLLECTIVE_TABLE = (("STT", "Tên tập thể", "Ghi chú"), (15.0, 115.0, 35.0), ("center", "left", "left"))
INDIVIDUAL_TABLE = (
    ("STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Ghi chú"),
    (12.0, 57.0, 75.0, 21.0),
    ("center", "left", "left", "left"),
)


@dataclass(frozen=True)
class Round:
    """One round of awards at a phase close (đợt khen thưởng): the campaign, its awards
    settings, the rules, phase number and phase, the decision date (which picks the legal
    regime and base salary), the recipients registry (Nơi nhận of the decision and the
    proposal; required: both documents list it), the decision's number (None: draft), the
    proposal's number and date."""

    campaign: Campaign
    awards: Awards
    rules: Rules
    phase_number: int
    phase: Phase
    date: dt.date
    regime: Regime
    salary: SalaryRow
    registry: Registry
    number: int | None = None
    submission_number: int | None = None
    submission_date: dt.date | None = None

    @property
    def phase_text(self) -> str:
        """Return "<campaign name>, Đợt 1 (từ ngày 01/11/2024 đến ngày 03/02/2025)"."""
        p = self.phase
        return (f"{self.campaign.name}, Đợt {self.phase_number} (từ ngày {vi.short_date(p.start)} "
                f"đến ngày {vi.short_date(p.end)})")

    @property
    def head(self) -> str:
        """Return the issuer's head as the awarding person: "Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng"."""
        return f"{head_title(self.awards, self.rules)} {self.campaign.issuer.name}"

    def issue_date(self, date: dt.date, number: int | None) -> IssueDate:
        """Return the date line's date: the day is blank in a draft (no number yet)."""
        return IssueDate(year=date.year, month=date.month, day=date.day if number else None)

    def amount(self, form: str, subject: Subject) -> Amount:
        """Return the money for ``form`` to ``subject`` on the decision date, at the rate of
        the issuer's authority (awards.authority)."""
        return award_amount(self.rules, form, subject, self.date, authority=self.awards.authority)


NOUN = {Subject.COLLECTIVE: "tập thể", Subject.INDIVIDUAL: "cá nhân"}
"""The awardee's noun (đối tượng khen thưởng), GLOSSARY: tập thể = collective, cá nhân = individual."""


def counts(nominees: Sequence[Nominee]) -> tuple[int, int]:
    """Return (collectives, individuals) among ``nominees``."""
    collectives = sum(n.subject is Subject.COLLECTIVE for n in nominees)
    return collectives, len(nominees) - collectives


def who(nominees: Sequence[Nominee]) -> str:
    """Return "04 tập thể và 32 cá nhân" (or only the part that is not zero)."""
    c, i = counts(nominees)
    parts = [vi.padded_count(c, "tập thể") if c else "", vi.padded_count(i, "cá nhân") if i else ""]
    return " và ".join(p for p in parts if p)


def who_plural(nominees: Sequence[Nominee]) -> str:
    """Return "các tập thể, cá nhân", "các tập thể" or "các cá nhân" for a subject line."""
    c, i = counts(nominees)
    return "các tập thể, cá nhân" if c and i else ("các tập thể" if c else "các cá nhân")


def form_text(rnd: Round, form: str, grantor: str) -> str:
    """Return the form with its grantor: "Giấy khen của Trưởng ban Ban Quản lý …"."""
    return f"{rnd.rules.forms[form].name} của {grantor}"


def forms_of(nominees: Sequence[Nominee]) -> list[str]:
    """Return the form keys present, in first-appearance order."""
    return list(dict.fromkeys(n.form for n in nominees))


def reference(symbol: str, number: int | None, date: dt.date, place: str) -> tuple[str, str]:
    """Return ("số 05/QĐ-BQL", "ngày 14 tháng 02 năm 2025") — in a draft ("số      /QĐ-BQL",
    "ngày      tháng 02 năm 2025"): the blanks the registry fills (ND30 §1.4)."""
    number_text = "số" + vi.number_line(symbol, number).removeprefix("Số:")
    line = vi.date_line(place, year=date.year, month=date.month, day=date.day if number else None)
    return number_text, line.split(", ", 1)[1]


def _rows(nominees: Sequence[Nominee], rnd: Round, *, show_form: bool) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []  # 3 cells for a collective, 4 for an individual (the two tables)
    for n, nominee in enumerate(nominees, start=1):
        notes = [rnd.rules.forms[nominee.form].name] if show_form else []
        notes += [nominee.note] if nominee.note else []
        note = "; ".join(notes)
        if nominee.subject is Subject.COLLECTIVE:
            name = f"{nominee.name}, {nominee.position}" if nominee.position else nominee.name
            rows.append((str(n), name, note))
        else:
            rows.append((str(n), nominee.display_name, nominee.position, note))
    return rows


def list_body(nominees: Sequence[Nominee], rnd: Round) -> list[Block | TableBlock]:
    """Return the attached list's body: "I. TẬP THỂ (04 tập thể)" and its table, "II. CÁ NHÂN
    (32 cá nhân)" and its table (STT, name, title and unit, ghi chú; header repeated, rows
    unsplit), and "Danh sách này có … ./.". ``nominees`` are already in list order; the
    ghi chú names the form when the list holds more than one. ND30.md §1.6."""
    show_form = len(forms_of(nominees)) > 1
    collectives = [n for n in nominees if n.subject is Subject.COLLECTIVE]
    individuals = [n for n in nominees if n.subject is Subject.INDIVIDUAL]
    body: list[Block | TableBlock] = []
    sections = [(collectives, "TẬP THỂ", "tập thể", COLLECTIVE_TABLE),
                (individuals, "CÁ NHÂN", "cá nhân", INDIVIDUAL_TABLE)]
    numerals = iter(("I", "II"))
    for members, title, noun, (header, widths, align) in sections:
        if not members:
            continue
        body.append(Block("heading", f"{next(numerals)}. {title} ({vi.padded_count(len(members), noun)})"))
        body.append(TableBlock(header, tuple(_rows(members, rnd, show_form=show_form)), widths, align))
    body.append(Block("para", f"Danh sách này có {who(nominees)}{CONTENT_END}"))
    return body


def annex(title_line: str, reference_line: str, nominees: Sequence[Nominee], rnd: Round) -> dict[str, Any]:
    """Return one annex of the frame (``annexes``): "DANH SÁCH", the subtitle, "(Kèm theo …)"
    and the list body, in a section of its own (bookmark and page labels "QĐ-DS-1" …:
    ``kinds.ATTACHED_LIST``). ND30.md §1.6."""
    return {"title": ATTACHED_LIST.heading, "subtitle": title_line, "reference": reference_line,
            "body": list_body(nominees, rnd)}


def subjects(nominees: Sequence[Nominee], joiner: str) -> str:
    """Return the kinds of awardee present, joined by ``joiner``: "tập thể, cá nhân" (", "),
    "tập thể và cá nhân" (" và "), or "tập thể" / "cá nhân" alone."""
    c, i = counts(nominees)
    return joiner.join(NOUN[s] for s, n in ((Subject.COLLECTIVE, c), (Subject.INDIVIDUAL, i)) if n)


def list_rows(nominees: Sequence[Nominee], rnd: Round) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Return the attached list's rows (ND30.md §1.6): collectives (number, name — with its
    position when given —, note) and individuals (number, name with Ông/Bà, position and unit,
    note), each numbered from 1 in list order; the note names the form when the list holds
    more than one."""
    show_form = len(forms_of(nominees)) > 1
    out: tuple[list[dict[str, str]], list[dict[str, str]]] = ([], [])
    for subject, rows in zip((Subject.COLLECTIVE, Subject.INDIVIDUAL), out, strict=True):
        for n, nominee in enumerate((x for x in nominees if x.subject is subject), start=1):
            notes = [rnd.rules.forms[nominee.form].name] if show_form else []
            notes += [nominee.note] if nominee.note else []
            if subject is Subject.COLLECTIVE:
                name = f"{nominee.name}, {nominee.position}" if nominee.position else nominee.name
                rows.append({"number": str(n), "name": name, "note": "; ".join(notes)})
            else:
                rows.append({"number": str(n), "name": nominee.display_name, "position": nominee.position,
                             "note": "; ".join(notes)})
    return out


def round_context(nominees: Sequence[Nominee], rnd: Round) -> dict[str, Any]:
    """Return the values a decision, its proposal and its list share: ``head`` (the awarding
    person, "Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng"), ``issuer_name``, ``campaign_name``,
    ``phase`` (number, start, end: dates), ``awardees`` (who: "04 tập thể và 32 cá nhân",
    collectives and individuals: counts, subjects: "tập thể, cá nhân", subjects_and: "tập thể
    và cá nhân"), and the list's ``collectives`` and ``individuals`` rows (``list_rows``)."""
    c, i = counts(nominees)
    collectives, individuals = list_rows(nominees, rnd)
    return {
        "head": rnd.head,
        "issuer_name": rnd.campaign.issuer.name,
        "campaign_name": rnd.campaign.name,
        "phase": {"number": rnd.phase_number, "start": rnd.phase.start, "end": rnd.phase.end},
        "awardees": {"who": who(nominees), "collectives": c, "individuals": i,
                     "subjects": subjects(nominees, ", "), "subjects_and": subjects(nominees, " và ")},
        "collectives": collectives,
        "individuals": individuals,
    }
