"""Fields only some documents need (trường cần cho một số văn bản): optional in campaign.yaml,
reported — located, naming the document — only when a document that needs them is made."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from pipeline.campaign.model import Campaign
from pipeline.errors import DataError, Problem

DECISION = "Quyết định khen thưởng"
SUBMISSION = "Tờ trình đề nghị khen thưởng"

# document → (YAML path, the template field showing it, how to read it from the campaign, what it
# is, an example of the fix)
NEEDS: dict[str, list[tuple[str, str, Callable[[Campaign], Any], str, str]]] = {
    DECISION: [
        ("awards.proposer", "proposer", lambda c: c.awards and c.awards.proposer,
         "người đề nghị khen thưởng (dòng «Theo đề nghị của …»)", "proposer: Chánh Văn phòng"),
        ("awards.executors", "executors", lambda c: c.awards and c.awards.executors,
         "người thi hành Quyết định (Điều 3)",
         "executors: Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan"),
        ("awards.fund", "fund", lambda c: c.awards and c.awards.fund,
         "nguồn tiền thưởng (Điều 2)", "fund: Quỹ Thi đua, khen thưởng của <cơ quan>"),
    ],
    # the Tờ trình's summary of results is computed from the phase's results workbook; without
    # one, pipeline.documents.submission asks for it or for awards.submission.summary
    SUBMISSION: [],
}


def missing_for(document: str, campaign: Campaign, source: Path | None,
                uses: Collection[str] | None = None) -> list[Problem]:
    """Return a located problem for each field ``document`` needs that the campaign lacks; with
    ``uses`` (the fields the template in force uses), only for what that template shows: an
    agency whose Điều 3 names its executors in its own words needs no ``executors``."""
    return [
        Problem(source, where, f"chưa có {what} — trường này cần khi soạn {document}",
                f"thêm vào campaign.yaml «{example}»")
        for where, field, read, what, example in NEEDS[document]
        if (uses is None or field in uses) and not read(campaign)
    ]


def require_all(documents: list[str], campaign: Campaign, source: Path | None,
                uses: Mapping[str, Collection[str] | None] | None = None) -> None:
    """Raise DataError listing every field one of ``documents`` needs that the campaign lacks
    (``uses``: document → the fields its template in force uses, see ``missing_for``)."""
    uses = uses or {}
    if problems := [p for d in documents for p in missing_for(d, campaign, source, uses.get(d))]:
        raise DataError(problems)
