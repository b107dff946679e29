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
from pipeline.documents.fields import FRAME, Field
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi

from .awardlist import Round, reference, round_context
from .common import header_context, signature_context
from .decision import grants, signed_plan_values
from .review import measure

KIND = vi.DocumentKind.SUBMISSION
FILENAME = "to-trinh"

FIELDS: dict[str, Field] = {
    **FRAME,
    "issuer_name": Field("tên cơ quan trình"),
    "campaign_name": Field("tên phong trào thi đua"),
    "phase": Field("đợt: number (số đợt), start, end (ngày bắt đầu, kết thúc)"),
    "awardees": Field("người được đề nghị: who («01 tập thể và 03 cá nhân»), collectives, individuals (số), "
                      "subjects («tập thể, cá nhân»), subjects_and («tập thể và cá nhân»)", required=True),
    "collectives": Field("các dòng tập thể của danh sách: number, name, note"),
    "individuals": Field("các dòng cá nhân của danh sách: number, name (có Ông/Bà), position, note"),
    "grantor": Field("người khen thưởng cấp trên, nhận Tờ trình («Chủ tịch Ủy ban nhân dân thành phố»)",
                     required=True),
    "via": Field("cơ quan Tờ trình đi qua («Sở Nội vụ»; trống khi không có)"),
    "laws": Field("các căn cứ luật, nghị định theo ngày quyết định (từ quy định khen thưởng)"),
    "plan": Field("Kế hoạch đã ký: reference («189/KH-BQL»), date (ngày), subject (trích yếu)"),
    "results": Field("kết quả của đợt (trống khi chưa có sổ kết quả): months (số tháng), units (số đơn vị), "
                     "reported (số đơn vị đã báo cáo), missing (tên đơn vị chưa báo cáo), targets (số chỉ tiêu), "
                     "all_met (số đơn vị đạt mọi chỉ tiêu), incidents (vụ việc của chỉ tiêu «không để xảy ra»: "
                     "target, value, measure, units), never (lời văn các chỉ tiêu «không để xảy ra»), "
                     "missed (chỉ tiêu còn đơn vị chưa đạt: target, units: số đơn vị)"),
    "summary": Field("các đoạn người soạn viết thêm (awards.submission.summary; |markup)"),
    "grants": Field("các hình thức đề nghị: form (tên hình thức), who (số tập thể, cá nhân)", required=True),
    "reference": Field("số và ngày của chính Tờ trình: number («số 02/TTr-BQL»), date («ngày … tháng … năm …»)"),
}
"""The fields of templates/to-trinh.docx (what ``context`` gives)."""


def _names(units: Sequence[Any]) -> list[str]:
    return [u.name for u in units]


def results(campaign: Campaign, period: PeriodResults) -> dict[str, Any]:
    """Return the figures of the Tờ trình's summary of a phase's results, every one computed
    from them (pipeline.campaign.results, the same counts as the review report): ``months``
    of the phase, ``units`` taking part, how many ``reported`` and the names of those
    ``missing``, how many ``targets`` and how many units met them ``all_met``; the "không để
    xảy ra" targets: each ``incidents`` (target: its results column, value as printed,
    measure, units: names) and their wordings ``never``; the other targets some unit
    ``missed`` (target: its label, units: how many)."""
    reported = [u for u, r in period.results if r is not None]
    summaries = [summarise(t, period) for t in targets_of(campaign)]
    all_met = [u for n, (u, r) in enumerate(period.results)
               if r is not None and all(s.lines[n].verdict is Verdict.MET for s in summaries)]
    never = [s for s in summaries if s.target.comparator is Comparator.NONE]
    return {
        "months": period.months,
        "units": len(period.results),
        "reported": len(reported),
        "missing": _names([u for u, r in period.results if r is None]),
        "targets": len(summaries),
        "all_met": len(all_met),
        "incidents": [{"target": s.target.header, "value": format_value(s.target, s.aggregate or Decimal(0)),
                       "measure": measure(s.target),
                       "units": _names([line.unit for line in s.lines if line.verdict is Verdict.MISSED])}
                      for s in never if s.count(Verdict.MISSED)],
        "never": [s.target.wording for s in never],
        "missed": [{"target": s.target.label, "units": s.count(Verdict.MISSED)} for s in summaries
                   if s.target.comparator is not Comparator.NONE and s.count(Verdict.MISSED)],
    }


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
                      f"({', '.join(_names([line.unit for line in s.lines if line.verdict is Verdict.MISSED]))})"
                      for s in incidents)
    return [Problem(None, f"awards.submission.summary[{n}]",
                    f"đoạn tóm tắt của Tờ trình khẳng định «{claim}» nhưng kết quả của đợt có: {facts}",
                    "xóa hoặc sửa câu này; Tờ trình đã tự tóm tắt kết quả từ sổ kết quả của đợt")
            for n, text in enumerate(summary, start=1)
            for claim in [next((c for c in CLAIMS if fold(c) in fold(text)), None)] if claim]


def context(nominees: Sequence[Nominee], rnd: Round, *, period: PeriodResults | None = None) -> dict[str, Any]:
    """Return the template context of the Tờ trình (templates/to-trinh.docx; the field
    dictionary: ``FIELDS``); ``nominees`` are those the higher level awards, in list order;
    ``period`` the phase's results, summarised in part I (``results``) before the drafter's own paragraphs
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
    date = rnd.submission_date or rnd.date
    number = rnd.submission_number
    symbol = vi.symbol(KIND, campaign.issuer.abbreviation)
    number_text, date_text = reference(symbol, number, date, campaign.issuer.place)
    return {
        **header_context(campaign, KIND, rnd.issue_date(date, number), number),
        **{key: value for key, value in round_context(nominees, rnd).items() if key != "head"},
        "grantor": above.title or "",
        "via": above.via or "",
        "laws": list(rnd.regime.legal_bases),
        "plan": signed_plan_values(rnd),
        "results": results(campaign, period) if period is not None else None,
        "summary": drafted,
        "grants": grants(nominees, rnd),
        "reference": {"number": number_text, "date": date_text},
        "recipients": distribution.entries(rnd.registry, FILENAME, greeting=True),
        "archive": distribution.archive(rnd.registry, FILENAME),
        **signature_context(campaign.signer),
    }
