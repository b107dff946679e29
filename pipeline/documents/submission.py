"""The commendation proposal (Tờ trình đề nghị khen thưởng), ND30 Mẫu 1.4, with its own list.

Made when some nominees need an award above the issuer's authority (e.g. Bằng khen of the
city chairman). Structure: ND30.md §2.5 B — "Kính gửi:", căn cứ, the summary of results,
the request, "Kính trình … xem xét, quyết định./.", Nơi nhận from "- Như trên;".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.campaign import distribution
from pipeline.campaign.awards import higher_level
from pipeline.campaign.nominees import Nominee
from pipeline.documents.blocks import Block
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi
from pipeline.nd30.layout import CONTENT_END

from .awardlist import Round, annex, form_text, forms_of, reference, who, who_plural
from .common import header_context, signature_context
from .decision import legal_bases

KIND = vi.DocumentKind.SUBMISSION
FILENAME = "to-trinh"


def _request(nominees: Sequence[Nominee], rnd: Round, grantor: str) -> str:
    gifts = "; ".join(
        f"tặng {form_text(rnd, f, grantor)} cho {who([n for n in nominees if n.form == f])}"
        for f in forms_of(nominees)
    )
    return (f"{rnd.campaign.issuer.name} kính đề nghị {grantor} xem xét, {gifts} (có danh sách "
            f"kèm theo) đã có thành tích xuất sắc trong {rnd.phase_text}.")


def context(nominees: Sequence[Nominee], rnd: Round) -> dict[str, Any]:
    """Return the template context of the Tờ trình (keys of templates/van-ban.docx);
    ``nominees`` are those the higher level awards, in list order. Raises DataError when
    ``awards.higher_level`` or ``awards.submission`` is missing."""
    aw, campaign = rnd.awards, rnd.campaign
    above = higher_level(aw, rnd.rules)
    if above is None or aw.submission is None:
        raise DataError([Problem(None, "awards.submission", "có đề nghị khen thưởng lên cấp trên nhưng chưa có "
                                 "nội dung Tờ trình", "thêm awards.submission "
                                 "(summary) vào campaign.yaml")])
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
    body += [Block("para", text) for text in aw.submission.summary]
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
