"""The commendation proposal (Tờ trình đề nghị khen thưởng), ND30 Mẫu 1.4, with its own list.

Made when some nominees need an award above the issuer's authority (e.g. Bằng khen of the
city chairman). Structure: ND30.md §2.5 B — "Kính gửi:", căn cứ, the summary of results,
the request, "Kính trình … xem xét, quyết định./.", Nơi nhận from "- Như trên;".
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from pipeline.campaign import distribution
from pipeline.campaign.awards import higher_level
from pipeline.campaign.model import Campaign, Comparator, fold
from pipeline.campaign.nominees import Nominee
from pipeline.campaign.results import PeriodResults, Verdict, format_value, summarise, targets_of
from pipeline.documents.blocks import Block
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi
from pipeline.nd30.layout import CONTENT_END

from .awardlist import Round, annex, form_text, forms_of, reference, who, who_plural
from .common import header_context, signature_context
from .decision import legal_bases
from .review import measure

KIND = vi.DocumentKind.SUBMISSION
FILENAME = "to-trinh"


def _request(nominees: Sequence[Nominee], rnd: Round, grantor: str) -> str:
    gifts = "; ".join(
        f"tặng {form_text(rnd, f, grantor)} cho {who([n for n in nominees if n.form == f])}"
        for f in forms_of(nominees)
    )
    return (f"{rnd.campaign.issuer.name} kính đề nghị {grantor} xem xét, {gifts} (có danh sách "
            f"kèm theo) đã có thành tích xuất sắc trong {rnd.phase_text}.")


def _names(units: Sequence[Any]) -> str:
    return ", ".join(u.name for u in units)


def results_summary(campaign: Campaign, phase: int, period: PeriodResults) -> list[str]:
    """Return the Tờ trình's summary of the phase's results, every figure computed from them
    (pipeline.campaign.results, the same counts as the review report): the months, how many
    units reported and which did not, how many met every target; the "không để xảy ra"
    targets — each incident with its figure and units, or, when none, their wording; the
    other targets some unit missed, with how many units."""
    p = campaign.phases[phase - 1]
    total = len(period.results)
    reported = [u for u, r in period.results if r is not None]
    missing = [u for u, r in period.results if r is None]
    summaries = [summarise(t, period) for t in targets_of(campaign)]
    all_met = [u for n, (u, r) in enumerate(period.results)
               if r is not None and all(s.lines[n].verdict is Verdict.MET for s in summaries)]
    first = (f"Sau {vi.padded_count(period.months, 'tháng')} triển khai Đợt {phase} (từ ngày "
             f"{vi.short_date(p.start)} đến ngày {vi.short_date(p.end)}), {len(reported)}/{total} đơn vị tham "
             "gia phong trào đã gửi báo cáo kết quả")
    first += f" ({_names(missing)} chưa báo cáo)" if missing else ""
    if summaries:
        first += (f"; {vi.padded_count(len(all_met), 'đơn vị')} đạt tất cả "
                  f"{vi.padded_count(len(summaries), 'chỉ tiêu')} thi đua")
    out = [first + "."]
    never = [s for s in summaries if s.target.comparator is Comparator.NONE]
    incidents = [s for s in never if s.count(Verdict.MISSED)]
    if incidents:
        out.append("Trên địa bàn còn để xảy ra: " + "; ".join(
            f"{s.target.header}: {format_value(s.target, s.aggregate or Decimal(0))} {measure(s.target)} "
            f"({_names([line.unit for line in s.lines if line.verdict is Verdict.MISSED])})" for s in incidents) + ".")
    elif never and reported:
        out.append("Tại các đơn vị đã báo cáo: " + "; ".join(s.target.wording for s in never) + ".")
    missed = [s for s in summaries if s.target.comparator is not Comparator.NONE and s.count(Verdict.MISSED)]
    if missed:
        out.append("Chỉ tiêu còn đơn vị chưa đạt: " + "; ".join(
            f"{s.target.label} ({vi.padded_count(s.count(Verdict.MISSED), 'đơn vị')})" for s in missed) + ".")
    return out


CLAIMS = ("không để xảy ra", "không xảy ra", "không có vụ", "không có trường hợp")
"""Words by which a drafter's paragraph claims that nothing happened (folded when compared)."""


def contradictions(summary: Sequence[str], period: PeriodResults, campaign: Campaign) -> list[Problem]:
    """Return a problem for each drafter's paragraph (``awards.submission.summary``) that
    claims nothing happened ("không để xảy ra …") while the phase's results count an
    incident of a "không để xảy ra" target."""
    incidents = [s for s in (summarise(t, period) for t in targets_of(campaign))
                 if s.target.comparator is Comparator.NONE and s.count(Verdict.MISSED)]
    if not incidents:
        return []
    facts = "; ".join(f"{s.target.header}: {format_value(s.target, s.aggregate or Decimal(0))} {measure(s.target)} "
                      f"({_names([line.unit for line in s.lines if line.verdict is Verdict.MISSED])})"
                      for s in incidents)
    return [Problem(None, f"awards.submission.summary[{n}]",
                    f"đoạn tóm tắt của Tờ trình khẳng định «{claim}» nhưng kết quả của đợt có: {facts}",
                    "xóa hoặc sửa câu này; Tờ trình đã tự tóm tắt kết quả từ sổ kết quả của đợt")
            for n, text in enumerate(summary, start=1)
            for claim in [next((c for c in CLAIMS if fold(c) in fold(text)), None)] if claim]


def context(nominees: Sequence[Nominee], rnd: Round, *, period: PeriodResults | None = None) -> dict[str, Any]:
    """Return the template context of the Tờ trình (keys of templates/van-ban.docx);
    ``nominees`` are those the higher level awards, in list order; ``period`` the phase's
    results, summarised in part I (``results_summary``) before the drafter's own paragraphs
    (``awards.submission.summary``). Raises DataError when ``awards.higher_level`` is
    missing, when there is neither results nor a drafter's summary, and when a drafter's
    paragraph claims what the results contradict."""
    aw, campaign = rnd.awards, rnd.campaign
    above = higher_level(aw, rnd.rules)
    if above is None:
        raise DataError([Problem(None, "awards.higher_level", "có đề nghị khen thưởng lên cấp trên nhưng chưa có "
                                 "cấp trên nhận Tờ trình", "thêm awards.higher_level (authority, title, via) "
                                 "vào campaign.yaml")])
    drafted = list(aw.submission.summary) if aw.submission else []
    if period is None and not drafted:
        raise DataError([Problem(None, "awards.submission.summary", f"Tờ trình cần kết quả Đợt {rnd.phase_number} "
                                 "để tóm tắt, nhưng đợt chưa có sổ kết quả",
                                 f"đặt sổ kết quả vào dot-{rnd.phase_number}/ket-qua.xlsx, hoặc viết phần kết quả ở "
                                 "awards.submission.summary")])
    if period is not None:
        problems = contradictions(drafted, period, campaign)
        if problems:
            raise DataError(problems)
    grantor = above.title or ""
    date = rnd.submission_date or rnd.date
    number = rnd.submission_number
    symbol = vi.symbol(KIND, campaign.issuer.abbreviation)
    number_text, date_text = reference(symbol, number, date, campaign.issuer.place)
    bases = legal_bases(rnd, own=False)[:-1]  # the Tờ trình is itself the proposal: no "Theo đề nghị"
    body = [Block("para", line) for line in bases[:-1]]
    body.append(Block("para", f"{bases[-1][:-1]}, {campaign.issuer.name} báo cáo kết quả và đề nghị "
                      "khen thưởng như sau:"))
    body.append(Block("heading", "I. KẾT QUẢ PHONG TRÀO THI ĐUA"))
    computed = results_summary(campaign, rnd.phase_number, period) if period is not None else []
    body += [Block("para", text) for text in [*computed, *drafted]]
    body.append(Block("heading", "II. ĐỀ NGHỊ KHEN THƯỞNG"))
    body.append(Block("para", _request(nominees, rnd, grantor)))
    body.append(Block("closing", f"Kính trình {grantor} xem xét, quyết định{CONTENT_END}"))
    forms = forms_of(nominees)
    subtitle = (f"{who_plural(nominees)[4:].capitalize()} được đề nghị tặng {form_text(rnd, forms[0], grantor)}"
                if len(forms) == 1 else f"{who_plural(nominees)[4:].capitalize()} được đề nghị khen thưởng")
    gift = f"tặng {form_text(rnd, forms[0], grantor)}" if len(forms) == 1 else "khen thưởng"
    via = f" (qua {above.via})" if above.via else ""
    greeting = [f"Kính gửi: {grantor}{via}"]
    return {
        **header_context(campaign, KIND, rnd.issue_date(date, number), number),
        "subject": (f"Về việc đề nghị {gift} cho {who_plural(nominees)} đã có thành tích xuất sắc "
                    f"trong {campaign.name}, Đợt {rnd.phase_number}"),
        "authority_line": "",
        "greeting": greeting,
        "body": body,
        "annexes": [annex(
            subtitle, f"(Kèm theo Tờ trình {number_text} {date_text} của {campaign.issuer.name})",
            nominees, rnd,
        )],
        "recipients": distribution.lines(rnd.registry, FILENAME, greeting=bool(greeting)),
        **signature_context(campaign.signer),
    }
