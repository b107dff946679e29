"""Context for the blocks every document kind shares: header, signature (Nơi nhận: pipeline.campaign.distribution)."""

from __future__ import annotations

import datetime
from typing import Any

from pipeline.campaign.model import Campaign, IssueDate, Signer
from pipeline.nd30 import vi


def header_context(
    campaign: Campaign, kind: vi.DocumentKind, issue_date: IssueDate, number: int | None
) -> dict[str, Any]:
    """Return the header block's values (ND30 Phụ lục I, mục II.1–II.4; ô 1–4).

    Keys: parent_body and issuer_header (upper case), number_line ("Số: 05/KH-BQL", or
    "Số:      /KH-BQL" for a draft), date_line ("Hải Phòng, ngày      tháng 11 năm 2024").
    """
    issuer = campaign.issuer
    symbol = vi.symbol(kind, issuer.abbreviation)
    return {
        "parent_body": vi.upper(issuer.parent_body) if issuer.parent_body else "",
        "issuer_header": vi.upper(issuer.header_name or issuer.name),
        "number_line": vi.number_line(symbol, number),
        "date_line": vi.date_line(
            issuer.place, year=issue_date.year, month=issue_date.month, day=issue_date.day
        ),
        "kind_title": kind.title,
    }


def authority_lines(signer: Signer) -> list[str]:
    """Return the signing block's upper-case lines above the signature (ND30 mục II.7.a).

    The signer's own ``authority_lines`` (1–3, validated by the model) in capitals; else
    KT./TL./TUQ./TM. → ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]; Q. → ["Q. GIÁM ĐỐC"];
    no authority (the head signs) → ["TRƯỞNG BAN"].
    """
    if signer.authority_lines is not None:
        return [vi.upper(line) for line in signer.authority_lines]
    title = vi.upper(signer.title or "")
    if signer.authority is None:
        return [title]
    if signer.on_behalf_of is None:  # Q.: the acting head signs under their own title
        return [f"{signer.authority.value} {title}"]
    return [f"{signer.authority.value} {vi.upper(signer.on_behalf_of)}", title]


def signature_context(signer: Signer) -> dict[str, Any]:
    """Return the signature block's values: authority_lines and signer_name (ô 7a–7b)."""
    return {"authority_lines": authority_lines(signer), "signer_name": signer.name}


def cite(kind: str, reference: str, date: datetime.date, issuer: str, subject: str) -> str:
    """Return a cited document as in a căn cứ line: "Quyết định số 52/QĐ-BQL ngày 15 tháng 3
    năm 2024 của <issuer> <subject>" (ND30 Phụ lục I, căn cứ ban hành: full kind, number,
    issuer, date, subject)."""
    return f"{kind} số {reference} {vi.full_date(date)} của {issuer} {subject}"


def signed_plan(campaign: Campaign) -> tuple[int | None, datetime.date | None]:
    """Return the campaign plan's number and issue date once signed, for citing it: the
    register's figures recorded in ``awards.plan_number``/``plan_date`` or, when absent, the
    plan's own ``number`` and full ``issue_date`` (None for what a draft leaves blank)."""
    awards = campaign.awards
    number = (awards.plan_number if awards else None) or campaign.plan.number
    date = (awards.plan_date if awards else None) or campaign.plan.issue_date.date
    return number, date
