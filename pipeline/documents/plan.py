"""The campaign plan (Kế hoạch), ND30 Mẫu 1.4: the seed document."""

from __future__ import annotations

from typing import Any

from pipeline.campaign.distribution import Registry, lines
from pipeline.campaign.model import Campaign, DocumentRef
from pipeline.documents.blocks import Block
from pipeline.nd30 import vi
from pipeline.nd30.layout import CONTENT_END

from .common import header_context, signature_context

KIND = vi.DocumentKind.PLAN
FILENAME = "ke-hoach"


def _cite(ref: DocumentRef) -> str:
    return f"{ref.kind} số {ref.reference} ngày {vi.short_date(ref.date)} của {ref.issuer} {ref.subject}"


def _roman(n: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")[n - 1]


def body(campaign: Campaign) -> list[Block]:
    """Return the plan's body blocks, in reading order, ending with "./.".

    Structure of a Kế hoạch (ND30.md §2.5 E): preamble; I. MỤC ĐÍCH, YÊU CẦU; II. CHỦ ĐỀ
    THI ĐUA; III. ĐỐI TƯỢNG, THỜI GIAN THI ĐUA (phase lines derived from the phase dates);
    IV. NỘI DUNG THI ĐUA; V. TỔ CHỨC THỰC HIỆN; the closing sentence.
    """
    plan, issuer = campaign.plan, campaign.issuer
    blocks = [
        Block(
            "para",
            f"Thực hiện {_cite(plan.implements)}, {issuer.name} ban hành Kế hoạch triển khai "
            "thực hiện với những nội dung như sau:",
        )
    ] if plan.implements else []
    sections: list[tuple[str, list[Block]]] = [
        (
            "MỤC ĐÍCH, YÊU CẦU",
            [Block("item", "1. Mục đích"), *[Block("para", f"- {p}") for p in plan.purposes],
             Block("item", "2. Yêu cầu"), *[Block("para", f"- {r}") for r in plan.requirements]],
        ),
        ("CHỦ ĐỀ THI ĐUA", [Block("para", f'"{campaign.theme}".')]),
        (
            "ĐỐI TƯỢNG, THỜI GIAN THI ĐUA",
            [
                Block("para", f"1. Đối tượng: {campaign.participants}."),
                Block(
                    "para",
                    f"2. Thời gian: phong trào thi đua bắt đầu từ ngày {vi.short_date(campaign.start)}"
                    f" đến hết ngày {vi.short_date(campaign.end)}, được chia thành "
                    f"{vi.padded_count(len(campaign.phases), 'đợt')}:",
                ),
                *[
                    Block(
                        "para",
                        f"- **Đợt {n}:** Từ ngày {vi.short_date(p.start)} đến ngày "
                        f'{vi.short_date(p.end)}' + (f', "*{p.dedication}*".' if p.dedication else "."),
                    )
                    for n, p in enumerate(campaign.phases, start=1)
                ],
            ],
        ),
        (
            "NỘI DUNG THI ĐUA",
            [
                block
                for n, area in enumerate(campaign.content_areas, start=1)
                for block in (Block("item", f"{n}. {area.title}"), *([Block("para", area.text)] if area.text else []))
            ],
        ),
        (
            "TỔ CHỨC THỰC HIỆN",
            [Block("para", plan.implementation.intro),
             *[Block("para", f"- {d}") for d in plan.implementation.duties]],
        ),
    ]
    for n, (title, content) in enumerate(sections, start=1):
        blocks.append(Block("heading", f"{_roman(n)}. {title}"))
        blocks.extend(content)
    blocks.append(Block("closing", f"{plan.closing}{CONTENT_END}"))
    return blocks


def context(campaign: Campaign, registry: Registry) -> dict[str, Any]:
    """Return the template context of the plan (keys of templates/van-ban.docx); Nơi nhận
    is the registry's view for "ke-hoach"."""
    plan = campaign.plan
    return {
        **header_context(campaign, KIND, plan.issue_date, plan.number),
        "subject": plan.subject,
        "authority_line": "",
        "greeting": [],
        "body": body(campaign),
        "annexes": [],
        "recipients": lines(registry, FILENAME),
        **signature_context(plan.signer or campaign.signer),
    }
