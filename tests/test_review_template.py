"""The review reports' wording is in their own Word templates (issue 13, points 1 and 7): the
context gives values only, exactly the field dictionary of the kind; a clerk adds a sentence to
the introduction with the template alone; the introduction names the campaign's own
participants; both default templates pass the template check."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from pipeline.build.prepare import load, prepare_review
from pipeline.check.template import check_template
from pipeline.documents.review import FIELDS
from pipeline.nd30 import kinds as K
from pipeline.settings import Settings
from tests.conftest import SAMPLE, OwnReport
from tests.docxread import norm
from tests.pdfread import page_texts
from tests.rendered import texts


@pytest.mark.parametrize("phase", [1, 2, None], ids=["dot-1", "dot-2", "tong-ket"])
def test_the_report_gives_exactly_its_field_dictionary(phase: int | None, tmp_path: Path) -> None:
    """What a clerk's template may use is what the context gives: a field added to one and
    not the other fails here."""
    prepared = prepare_review(load(SAMPLE), tmp_path, phase=phase, chart=False)
    assert set(prepared.context) == set(FIELDS)
    assert prepared.context["chart"] is None and prepared.context["phase"] == (
        None if phase is None else {"number": phase, **{k: prepared.context["period"][k] for k in ("start", "end")}})


@pytest.mark.parametrize("spec", [K.REPORT, K.FINAL_REPORT], ids=lambda s: s.name)
def test_the_default_report_templates_pass_the_template_check(spec: K.KindSpec) -> None:
    findings = check_template(Settings().template(spec.template))
    assert [f for f in findings if f.severity != "info"] == []
    used = {f.text for f in findings if f.rule == "TPL-VARIABLE"}
    assert used == set(FIELDS)  # every field of the dictionary is used by vanban's own template


def _body(docx: Path) -> list[str]:
    return [t for t in (norm(p.text) for p in Document(str(docx)).paragraphs) if t]


def test_a_sentence_added_to_the_introduction_with_the_template_only(own_report: OwnReport) -> None:
    texts = _body(own_report.docx)
    intro = next(n for n, t in enumerate(texts) if t.startswith("Thực hiện Kế hoạch số 189/KH-BQL"))
    assert texts[intro + 1] == own_report.sentence
    assert texts[intro + 2] == "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN"
    pdf = norm(" ".join(page_texts(own_report.pdf)))
    assert own_report.sentence in pdf


def test_the_introduction_names_the_campaigns_own_participants(own_report: OwnReport) -> None:
    """Nothing of the sample campaign is typed in Python: the deployment sentence takes the
    campaign's participants (campaign.yaml), lower-cased at its first letter."""
    texts = _body(own_report.docx)
    (line,) = [t for t in texts if t.startswith("Ngay sau khi ")]
    assert line.startswith("Ngay sau khi Ban Quản lý Khu kinh tế Hải Phòng ban hành Kế hoạch, các đơn vị đã quán "
                           "triệt, triển khai phong trào thi đua đến cán bộ, công chức, viên chức và người lao "
                           "động của Ban. Có 13/14 đơn vị gửi báo cáo kết quả")
    assert "lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở" not in line


def test_titles_written_by_the_template_keep_their_last_words_together(tmp_path: Path) -> None:
    """The trích yếu and the Phụ lục's title are written by the template now, not given as a
    context's title: their last words are still tied (a no-break space), so a centred title never
    ends on a line of one word."""
    from pipeline.docx.render import NBSP, render_docx

    prepared = prepare_review(load(SAMPLE), tmp_path, phase=1, chart=False)
    target = render_docx(Settings().template(K.REPORT.template), prepared.context, tmp_path / "r.docx")
    titles = {p.style.name: p.text for p in Document(str(target)).paragraphs
              if p.style.name in ("VB Trích yếu", "VB Trích yếu phụ lục")}
    assert titles["VB Trích yếu"].endswith(f"bảo vệ an ninh trật tự ở cơ{NBSP}sở")
    assert titles["VB Trích yếu phụ lục"] == f"KẾT QUẢ THỰC HIỆN CHỈ TIÊU THI ĐUA ĐỢT 1 CỦA CÁC ĐƠN{NBSP}VỊ"


def test_markup_and_lines_filters_on_data_text() -> None:
    """``{{ text|markup }}``: a YAML text's emphasis becomes runs of its own (escaped, the
    template's run closed and reopened); a text without marks is itself. ``text|lines``: one
    item per typed line, blank lines dropped."""
    from pipeline.docx.render import lines, markup

    assert markup("Đề nghị A & B") == "Đề nghị A & B"
    assert str(markup("Đề nghị **A** & *B*")) == (
        '</w:t></w:r><w:r><w:t xml:space="preserve">Đề nghị </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>A</w:t></w:r>'
        '<w:r><w:t xml:space="preserve"> &amp; </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>B</w:t></w:r>'
        '<w:r><w:t xml:space="preserve">')
    assert lines("Dòng một\r\n\n  \nDòng hai") == ["Dòng một", "Dòng hai"]


def _greeted(greeting: list[str]) -> list[str]:
    """Return the paragraphs of the sample's Đợt 1 report sent to ``greeting`` (none: a report
    without "Kính gửi:", its addressee in the registry made a plain recipient)."""
    from pipeline.campaign.distribution import Role, load_registry
    from pipeline.campaign.load import load_campaign
    from pipeline.campaign.results import read_phase
    from pipeline.documents import review as review_doc
    from tests.rendered import texts

    campaign = load_campaign(SAMPLE)
    assert campaign.report is not None
    report = campaign.report.model_copy(update={"greeting": greeting})
    registry = load_registry(SAMPLE, campaign)
    if not greeting:
        entries = [e.model_copy(update={"roles": {k: Role.RECEIVE if r is Role.ADDRESSEE else r
                                                  for k, r in e.roles.items()}}) for e in registry.recipients]
        registry = registry.model_copy(update={"recipients": entries})
    ctx = review_doc.context(campaign, review_doc.Review(1, read_phase(campaign, SAMPLE, 1)), report, chart=None,
                             registry=registry)
    return texts(K.REPORT, ctx)


def test_several_addressees_each_on_a_line_and_the_recommendations_go_up() -> None:
    lines = _greeted(["UBND thành phố Hải Phòng", "Sở Nội vụ thành phố Hải Phòng"])
    start = lines.index("Kính gửi:")
    assert lines[start + 1:start + 3] == ["- UBND thành phố Hải Phòng;", "- Sở Nội vụ thành phố Hải Phòng."]
    assert "2. Kiến nghị của Ban Quản lý Khu kinh tế Hải Phòng với cấp trên" in lines
    assert lines[lines.index("Nơi nhận:") + 1] == "- Như trên;"


def test_a_report_without_addressees_has_no_greeting_nor_as_above() -> None:
    lines = _greeted([])
    assert not [t for t in lines if t.startswith("Kính gửi")]
    assert lines[lines.index("Nơi nhận:") + 1] == "- UBND thành phố;"
    assert "- Như trên;" not in lines


def test_a_campaign_without_targets_is_not_told_zero_targets(tmp_path: Path) -> None:
    """Found by the fresh-user trial: a campaign made by vanban init without targets read
    "Kết quả thực hiện 0 chỉ tiêu thi đua …"; the report says that no target was set."""
    prepared = prepare_review(load(SAMPLE), tmp_path, phase=1, chart=False)
    context = {**prepared.context, "target_count": 0}
    paragraphs = texts(K.REPORT, context)
    assert not [p for p in paragraphs if p.startswith("Kết quả thực hiện")]
    assert next(p for p in paragraphs if p.startswith("Kế hoạch chưa đặt chỉ tiêu")).endswith(
        "), nên báo cáo chưa tính kết quả theo chỉ tiêu.")
