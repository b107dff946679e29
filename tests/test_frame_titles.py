"""A title never ends on one word alone: the paragraphs in the styles "VB Trích yếu" and "VB Trích
yếu phụ lục" get their last words tied after rendering, whatever template wrote them (a clerk's
own, in mau/), in the DOCX and in the PDF (issue 13, point 5)."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document

from pipeline.build.engine import build_decide
from pipeline.nd30 import layout as L
from tests.conftest import SAMPLE
from tests.docxread import paragraphs
from tests.pdfread import page_texts

# Set in 14 pt bold across the 165 mm text width, each fits on one line but for its last word.
SUBJECT = "Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong doanh nghiệp"
SUBTITLE = "Danh sách tập thể, cá nhân được tặng Giấy khen của Giám đốc Sở Công Thương"


def _retitle(template: Path, style: str, text: str) -> None:
    doc = Document(str(template))
    para = next(p for p in doc.paragraphs if p.style is not None and p.style.name == style)
    for run in para.runs[1:]:
        run._r.getparent().remove(run._r)
    para.runs[0].text = text
    doc.save(str(template))


def test_a_clerks_title_whose_last_line_would_be_one_word(tmp_path: Path) -> None:
    for title, spec in ((SUBJECT, L.SUBJECT), (SUBTITLE, L.ANNEX_SUBTITLE)):  # the test can fail: one word alone
        head, _, last = title.rpartition(" ")
        width = L.text_width_mm(head, spec.size, bold=spec.bold)
        assert width < L.TEXT_WIDTH_MM - 10 and L.text_width_mm(title, spec.size, bold=spec.bold) > L.TEXT_WIDTH_MM + 3
    campaign = Path(shutil.copytree(SAMPLE, tmp_path / "c"))
    own = campaign / "mau" / "quyet-dinh-khen-thuong.docx"
    own.parent.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "templates" / own.name, own)
    _retitle(own, L.SUBJECT.name, SUBJECT)
    _retitle(own, L.ANNEX_SUBTITLE.name, SUBTITLE)
    made = build_decide(campaign, tmp_path / "out", phase=1).decision
    assert made is not None and made.pdf is not None
    texts = {p.style.name: p.text for p in paragraphs(Document(str(made.docx)))
             if p.style is not None and p.style.name in (L.SUBJECT.name, L.ANNEX_SUBTITLE.name)}
    assert texts == {L.SUBJECT.name: SUBJECT.replace(" nghiệp", f"{L.NBSP}nghiệp"),
                     L.ANNEX_SUBTITLE.name: SUBTITLE.replace(" Thương", f"{L.NBSP}Thương")}
    lines = [" ".join(line.split()) for page in page_texts(made.pdf) for line in page.splitlines()]
    assert "doanh nghiệp" in lines and "Công Thương" in lines
    assert SUBJECT.removesuffix(" doanh nghiệp") in lines and SUBTITLE.removesuffix(" Công Thương") in lines


def test_a_long_header_name_never_leaves_one_word_on_its_last_line() -> None:
    """Found by the fresh-user trial: "Ủy ban nhân dân tỉnh Nam Định" printed "ỦY BAN NHÂN DÂN TỈNH
    NAM / ĐỊNH" in every header; the header's names are tied like the titles (a name with the
    user's own line break is left as typed)."""
    from pipeline.build.prepare import load, prepare_decide
    from pipeline.nd30 import kinds as K
    from tests.rendered import rendered

    prepared = prepare_decide(load(SAMPLE), phase=1)
    assert prepared.decision is not None
    context = {**prepared.decision, "parent_body": "UBND TỈNH NAM ĐỊNH", "issuer_header": "SỞ NỘI VỤ TỈNH NAM ĐỊNH"}
    cells = rendered(K.DECISION, context, keep_spaces=True)[1][0]
    assert cells[0].startswith("UBND TỈNH NAM\u00a0ĐỊNH\nSỞ NỘI VỤ TỈNH NAM\u00a0ĐỊNH")
    mine = {**context, "issuer_header": "SỞ NỘI VỤ\nTỈNH NAM ĐỊNH"}
    assert "SỞ NỘI VỤ\nTỈNH NAM ĐỊNH" in rendered(K.DECISION, mine, keep_spaces=True)[1][0][0]
