"""The commendation decision (Quyết định khen thưởng), ND30 Mẫu 1.2, with its attached list.

Structure: ND30.md §2.5 A — thẩm quyền line; căn cứ (law and decree chosen by the decision
date, the issuer's charter, its commendation rules, the campaign plan; "Theo đề nghị …");
"QUYẾT ĐỊNH:"; Điều 1 (who is awarded), Điều 2 (money), Điều 3 (effect, executors);
Nơi nhận from "- Như Điều 3;"; the list on its own page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.campaign import distribution
from pipeline.campaign.awards import Subject
from pipeline.campaign.nominees import Nominee
from pipeline.documents.blocks import Block
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi
from pipeline.nd30.layout import CONTENT_END

from .awardlist import Round, annex, form_text, forms_of, reference, who, who_plural
from .common import cite, header_context, signature_context, signed_plan

KIND = vi.DocumentKind.DECISION
FILENAME = "quyet-dinh-khen-thuong"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def legal_bases(rnd: Round, *, own: bool = True) -> list[str]:
    """Return the căn cứ lines, each ending ";" and the last "." (ND30 Phụ lục I, căn cứ ban
    hành): the regime's law and decree (by decision date), the issuer's charter and
    commendation rules (``own``; a Tờ trình to the higher level leaves them out), the signed
    campaign plan, then "Theo đề nghị của <proposer>."
    Raises DataError when the plan's number and date are unknown."""
    aw, campaign = rnd.awards, rnd.campaign
    plan_number, plan_date = signed_plan(campaign)
    if plan_number is None or plan_date is None:
        raise DataError([Problem(
            None, "awards.plan_number, awards.plan_date",
            "Quyết định khen thưởng phải căn cứ Kế hoạch đã ký, nhưng chưa có số hoặc ngày của Kế hoạch",
            "thêm «plan_number: …» và «plan_date: …» vào mục awards của campaign.yaml",
        )])
    plan_ref = f"{plan_number:02d}/{vi.symbol(vi.DocumentKind.PLAN, campaign.issuer.abbreviation)}"
    lines = [f"Căn cứ {text};" for text in rnd.regime.legal_bases]
    for ref in (aw.charter, aw.commendation_rules) if own else ():
        if ref is None:  # optional: the Luật and Nghị định above already ground the authority
            continue
        lines.append(f"Căn cứ {cite(ref.kind, ref.reference, ref.date, ref.issuer, ref.subject)};")
    about = "về " + _lower_first(campaign.plan.subject)
    lines.append(f"Căn cứ {cite('Kế hoạch', plan_ref, plan_date, campaign.issuer.name, about)};")
    lines.append(f"Theo đề nghị của {aw.proposer or ''}.")  # required by pipeline.campaign.requirements
    return lines


def article_1(nominees: Sequence[Nominee], rnd: Round) -> str:
    """Return Điều 1: "Tặng Giấy khen của <head> cho 04 tập thể và 32 cá nhân (có danh sách
    kèm theo) đã có thành tích xuất sắc trong <campaign>, Đợt 1 (từ ngày … đến ngày …)."."""
    gifts = "; ".join(
        f"Tặng {form_text(rnd, f, rnd.head)} cho {who([n for n in nominees if n.form == f])}"
        for f in forms_of(nominees)
    )
    return (f"**Điều 1.** {gifts} (có danh sách kèm theo) đã có thành tích xuất sắc trong "
            f"{rnd.phase_text}.")


def money_lines(nominees: Sequence[Nominee], rnd: Round) -> list[str]:
    """Return Điều 2: the money for each collective and each individual, written
    "1.410.000 đồng (Một triệu bốn trăm mười nghìn đồng)", then the total and its fund.
    Amounts: coefficient × base salary on the decision date, rounded up to 10.000 đồng
    (pipeline.campaign.awards.award_amount)."""
    parts, total = [], 0
    for form in forms_of(nominees):
        for subject, noun in ((Subject.COLLECTIVE, "tập thể"), (Subject.INDIVIDUAL, "cá nhân")):
            members = [n for n in nominees if n.form == form and n.subject is subject]
            if not members:
                continue
            amount = rnd.amount(form, subject).paid
            total += amount * len(members)
            parts.append(f"mỗi {noun} được tặng {rnd.rules.forms[form].name} kèm theo tiền thưởng "
                         f"{vi.money_phrase(amount)}")
    first = "; ".join(parts)
    return [
        f"**Điều 2.** {first[:1].upper()}{first[1:]}.",
        f"Tổng số tiền thưởng: {vi.money_phrase(total)}, trích từ {rnd.awards.fund or ''}.",
    ]


def article_3(rnd: Round) -> str:
    """Return Điều 3: effect from signing and who carries it out, ending "./."."""
    return (f"**Điều 3.** Quyết định này có hiệu lực kể từ ngày ký. {rnd.awards.executors or ''}, các "
            f"tập thể và cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này{CONTENT_END}")


def subject_line(nominees: Sequence[Nominee], rnd: Round) -> str:
    """Return the trích yếu: "Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành
    tích xuất sắc trong <campaign>, Đợt 1"."""
    forms = forms_of(nominees)
    what = f"tặng {rnd.rules.forms[forms[0]].name}" if len(forms) == 1 else "khen thưởng"
    return (f"Về việc {what} cho {who_plural(nominees)} đã có thành tích xuất sắc trong "
            f"{rnd.campaign.name}, Đợt {rnd.phase_number}")


def context(nominees: Sequence[Nominee], rnd: Round) -> dict[str, Any]:
    """Return the template context of the decision (keys of templates/van-ban.docx);
    ``nominees`` are the issuer's own awardees in list order."""
    campaign = rnd.campaign
    symbol = vi.symbol(KIND, campaign.issuer.abbreviation)
    number_text, date_text = reference(symbol, rnd.number, rnd.date, campaign.issuer.place)
    forms = forms_of(nominees)
    title = (f"{who_plural(nominees)[4:].capitalize()} được tặng {form_text(rnd, forms[0], rnd.head)}"
             if len(forms) == 1 else f"{who_plural(nominees)[4:].capitalize()} được khen thưởng")
    body = [Block("basis", line) for line in legal_bases(rnd)]
    body += [Block("center", "QUYẾT ĐỊNH:"), Block("para", article_1(nominees, rnd))]
    body += [Block("para", line) for line in money_lines(nominees, rnd)]
    body.append(Block("closing", article_3(rnd)))
    return {
        **header_context(campaign, KIND, rnd.issue_date(rnd.date, rnd.number), rnd.number),
        "subject": subject_line(nominees, rnd),
        "authority_line": vi.upper(rnd.head),
        "greeting": [],
        "body": body,
        "annexes": [annex(
            title, f"(Kèm theo Quyết định {number_text} {date_text} của {rnd.head})", nominees, rnd,
        )],
        "recipients": distribution.lines(rnd.registry, FILENAME),
        **signature_context(campaign.signer),
    }
