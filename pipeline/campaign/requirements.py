"""Fields only some documents need (trường cần cho một số văn bản): optional in campaign.yaml,
reported — located, naming the document — only when a document that needs them is made."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.campaign.model import Campaign
from pipeline.errors import DataError, Problem

DECISION = "Quyết định khen thưởng"
SUBMISSION = "Tờ trình đề nghị khen thưởng"

# document → (YAML path, how to read it from the campaign, what it is, an example of the fix)
NEEDS: dict[str, list[tuple[str, Callable[[Campaign], Any], str, str]]] = {
    DECISION: [
        ("awards.proposer", lambda c: c.awards and c.awards.proposer,
         "người đề nghị khen thưởng (dòng «Theo đề nghị của …»)", "proposer: Chánh Văn phòng"),
        ("awards.executors", lambda c: c.awards and c.awards.executors,
         "người thi hành Quyết định (Điều 3)",
         "executors: Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan"),
        ("awards.fund", lambda c: c.awards and c.awards.fund,
         "nguồn tiền thưởng (Điều 2)", "fund: Quỹ Thi đua, khen thưởng của <cơ quan>"),
    ],
    SUBMISSION: [
        ("awards.submission.summary", lambda c: c.awards and c.awards.submission,
         "tóm tắt kết quả phong trào trong Tờ trình",
         "submission: {summary: [\"Sau 03 tháng triển khai …\"]}"),
    ],
}


def missing_for(document: str, campaign: Campaign, source: Path | None) -> list[Problem]:
    """Return a located problem for each field ``document`` needs that the campaign lacks."""
    return [
        Problem(source, where, f"chưa có {what} — trường này cần khi soạn {document}",
                f"thêm vào campaign.yaml «{example}»")
        for where, read, what, example in NEEDS[document]
        if not read(campaign)
    ]


def require_all(documents: list[str], campaign: Campaign, source: Path | None) -> None:
    """Raise DataError listing every field one of ``documents`` needs that the campaign lacks."""
    if problems := [p for d in documents for p in missing_for(d, campaign, source)]:
        raise DataError(problems)
