"""The campaign plan (Kế hoạch), ND30 Mẫu 1.4: the seed document.

Structure (ND30.md §2.5 E), written by templates/ke-hoach.docx: "Thực hiện …" when the plan
implements a higher document; I. MỤC ĐÍCH, YÊU CẦU; II. CHỦ ĐỀ THI ĐUA; III. ĐỐI TƯỢNG,
THỜI GIAN THI ĐUA (a line per phase); IV. NỘI DUNG THI ĐUA; V. TỔ CHỨC THỰC HIỆN; the
closing sentence and "./."; Nơi nhận without "- Như trên;" (no "Kính gửi:").
"""

from __future__ import annotations

from typing import Any

from pipeline.campaign import distribution
from pipeline.campaign.distribution import Registry
from pipeline.campaign.model import Campaign
from pipeline.documents.fields import FRAME, Field
from pipeline.nd30 import vi

from .common import header_context, signature_context

KIND = vi.DocumentKind.PLAN
FILENAME = "ke-hoach"

FIELDS: dict[str, Field] = {
    **FRAME,
    "subject": Field("trích yếu của Kế hoạch (plan.subject)", required=True),
    "issuer_name": Field("tên cơ quan ban hành"),
    "implements": Field("văn bản cấp trên Kế hoạch thực hiện (plan.implements; trống khi không có): kind (tên "
                        "loại), reference (số, ký hiệu), date (ngày), issuer (cơ quan ban hành), subject (trích yếu)"),
    "purposes": Field("các mục đích (plan.purposes; chữ có **đậm**, *nghiêng*: |markup)"),
    "requirements": Field("các yêu cầu (plan.requirements; |markup)"),
    "theme": Field("chủ đề thi đua"),
    "participants": Field("đối tượng thi đua"),
    "start": Field("ngày bắt đầu phong trào"),
    "end": Field("ngày kết thúc phong trào"),
    "phases": Field("các đợt: start, end (ngày), dedication (nội dung chào mừng; |markup; trống khi không có)"),
    "content_areas": Field("các nội dung thi đua: title (tên), text (đoạn giải thích; |markup; trống khi không có)"),
    "implementation": Field("tổ chức thực hiện: intro (câu dẫn), duties (các nhiệm vụ); |markup"),
    "closing": Field("câu kết trước «./.» (plan.closing; |markup)"),
}
"""The fields of templates/ke-hoach.docx (what ``context`` gives)."""


def context(campaign: Campaign, registry: Registry) -> dict[str, Any]:
    """Return the template context of the plan (templates/ke-hoach.docx; the field dictionary:
    ``FIELDS``): the campaign's values as written in campaign.yaml, dates as dates; Nơi nhận
    is the registry's view for "ke-hoach"."""
    plan, implements = campaign.plan, campaign.plan.implements
    return {
        **header_context(campaign, KIND, plan.issue_date, plan.number),
        "subject": plan.subject,
        "issuer_name": campaign.issuer.name,
        "implements": implements.model_dump() if implements is not None else None,
        "purposes": list(plan.purposes),
        "requirements": list(plan.requirements),
        "theme": campaign.theme,
        "participants": campaign.participants,
        "start": campaign.start,
        "end": campaign.end,
        "phases": [{"start": p.start, "end": p.end, "dedication": p.dedication} for p in campaign.phases],
        "content_areas": [{"title": a.title, "text": a.text} for a in campaign.content_areas],
        "implementation": {"intro": plan.implementation.intro, "duties": list(plan.implementation.duties)},
        "closing": plan.closing,
        "recipients": distribution.entries(registry, FILENAME),
        "archive": distribution.archive(registry, FILENAME),
        **signature_context(plan.signer or campaign.signer),
    }
