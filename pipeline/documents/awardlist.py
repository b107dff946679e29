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
from pipeline.nd30 import vi


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


def forms_of(nominees: Sequence[Nominee]) -> list[str]:
    """Return the form keys present, in first-appearance order."""
    return list(dict.fromkeys(n.form for n in nominees))


def reference(symbol: str, number: int | None, date: dt.date, place: str) -> tuple[str, str]:
    """Return ("số 05/QĐ-BQL", "ngày 14 tháng 02 năm 2025") — in a draft ("số      /QĐ-BQL",
    "ngày      tháng 02 năm 2025"): the blanks the registry fills (ND30 §1.4)."""
    number_text = "số" + vi.number_line(symbol, number).removeprefix("Số:")
    line = vi.date_line(place, year=date.year, month=date.month, day=date.day if number else None)
    return number_text, line.split(", ", 1)[1]


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
