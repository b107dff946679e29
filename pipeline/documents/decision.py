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
from pipeline.documents.fields import FRAME, Field
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi

from .awardlist import NOUN, Round, forms_of, reference, round_context, who
from .common import cite, header_context, signature_context, signed_plan

KIND = vi.DocumentKind.DECISION
FILENAME = "quyet-dinh-khen-thuong"

FIELDS: dict[str, Field] = {
    **FRAME,
    "head": Field("người tặng: chức danh thủ trưởng và tên cơ quan («Trưởng ban Ban Quản lý …»)", required=True),
    "issuer_name": Field("tên cơ quan ban hành"),
    "campaign_name": Field("tên phong trào thi đua"),
    "phase": Field("đợt: number (số đợt), start, end (ngày bắt đầu, kết thúc)"),
    "awardees": Field("người được khen: who («04 tập thể và 32 cá nhân»), collectives, individuals (số), "
                      "subjects («tập thể, cá nhân»), subjects_and («tập thể và cá nhân»)", required=True),
    "collectives": Field("các dòng tập thể của danh sách: number, name, note"),
    "individuals": Field("các dòng cá nhân của danh sách: number, name (có Ông/Bà), position, note"),
    "laws": Field("các căn cứ luật, nghị định theo ngày quyết định (từ quy định khen thưởng)"),
    "own_bases": Field("các căn cứ của cơ quan: quy chế, quy định thi đua («Quyết định số … ngày … của …»)"),
    "plan": Field("Kế hoạch đã ký: reference («189/KH-BQL»), date (ngày), subject (trích yếu)"),
    "proposer": Field("người đề nghị («Chánh Văn phòng»)"),
    "grants": Field("các hình thức tặng: form (tên hình thức), who (số tập thể, cá nhân)", required=True),
    "money": Field("tiền thưởng: rates (subject, form, amount: đồng), total (đồng; 0: không có tiền thưởng)"),
    "fund": Field("nguồn tiền thưởng"),
    "executors": Field("người thi hành ở điều cuối"),
    "reference": Field("số và ngày của chính quyết định: number («số 05/QĐ-BQL»), date («ngày … tháng … năm …»)"),
}
"""The fields of templates/quyet-dinh-khen-thuong.docx (what ``context`` gives)."""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def own_bases(rnd: Round) -> list[str]:
    """Return the issuer's own căn cứ documents as cited (ND30 Phụ lục I, căn cứ ban hành): its
    charter and commendation rules when given, "Quyết định số 52/QĐ-BQL ngày 15 tháng 3 năm
    2024 của <issuer> <subject>"."""
    aw = rnd.awards
    return [cite(ref.kind, ref.reference, ref.date, ref.issuer, ref.subject)
            for ref in (aw.charter, aw.commendation_rules) if ref is not None]


def signed_plan_values(rnd: Round) -> dict[str, Any]:
    """Return the signed plan as a căn cứ cites it: reference ("189/KH-BQL"), date, subject.
    Raises DataError when the plan's number and date are unknown."""
    campaign = rnd.campaign
    plan_number, plan_date = signed_plan(campaign)
    if plan_number is None or plan_date is None:
        raise DataError([Problem(
            None, "awards.plan_number, awards.plan_date",
            "Quyết định khen thưởng phải căn cứ Kế hoạch đã ký, nhưng chưa có số hoặc ngày của Kế hoạch",
            "thêm «plan_number: …» và «plan_date: …» vào mục awards của campaign.yaml",
        )])
    symbol = vi.symbol(vi.DocumentKind.PLAN, campaign.issuer.abbreviation)
    return {"reference": f"{plan_number:02d}/{symbol}", "date": plan_date, "subject": campaign.plan.subject}


def grants(nominees: Sequence[Nominee], rnd: Round) -> list[dict[str, str]]:
    """Return each form awarded, in first-appearance order: its name ("Giấy khen") and who
    gets it ("04 tập thể và 32 cá nhân")."""
    return [{"form": rnd.rules.forms[f].name, "who": who([n for n in nominees if n.form == f])}
            for f in forms_of(nominees)]


def money(nominees: Sequence[Nominee], rnd: Round) -> dict[str, Any]:
    """Return the money of Điều 2: ``rates`` (per form and subject: subject "tập thể"/"cá
    nhân", form name, amount in VND) and ``total`` (VND; 0 when no form carries money).
    Amounts: coefficient × base salary on the decision date, rounded up to 10.000 đồng
    (pipeline.campaign.awards.award_amount)."""
    rates, total = [], 0
    for form in forms_of(nominees):
        for subject in (Subject.COLLECTIVE, Subject.INDIVIDUAL):
            members = [n for n in nominees if n.form == form and n.subject is subject]
            if not members:
                continue
            amount = rnd.amount(form, subject).paid
            total += amount * len(members)
            rates.append({"subject": NOUN[subject], "form": rnd.rules.forms[form].name, "amount": amount})
    return {"rates": rates if total else [], "total": total}


def context(nominees: Sequence[Nominee], rnd: Round) -> dict[str, Any]:
    """Return the template context of the decision (templates/quyet-dinh-khen-thuong.docx; the
    field dictionary: ``vanban template truong quyet-dinh-khen-thuong``); ``nominees`` are the
    issuer's own awardees in list order."""
    campaign = rnd.campaign
    symbol = vi.symbol(KIND, campaign.issuer.abbreviation)
    number_text, date_text = reference(symbol, rnd.number, rnd.date, campaign.issuer.place)
    return {
        **header_context(campaign, KIND, rnd.issue_date(rnd.date, rnd.number), rnd.number),
        **round_context(nominees, rnd),
        "laws": list(rnd.regime.legal_bases),
        "own_bases": own_bases(rnd),
        "plan": signed_plan_values(rnd),
        "proposer": rnd.awards.proposer or "",  # required by pipeline.campaign.requirements
        "grants": grants(nominees, rnd),
        "money": money(nominees, rnd),
        "fund": rnd.awards.fund or "",
        "executors": rnd.awards.executors or "",
        "reference": {"number": number_text, "date": date_text},
        "recipients": distribution.entries(rnd.registry, FILENAME),
        "archive": distribution.archive(rnd.registry, FILENAME),
        **signature_context(campaign.signer),
    }
