"""Decisions that differ in structure, made from a template variant plus data (issue 13, "Must show").

Another agency's decisions are not the sample's: a provincial decision awarding Bằng khen to
five collectives lists them inline in Điều 1, has no attached list, no money clause, two
articles, and its Nơi nhận starts "- Như Điều 2;". Here a clerk of that province makes the
variant from vanban's default decision template in Word (python-docx: the list typed into
Điều 1 with a loop, the attached list deleted) and puts it in the campaign's mau/; the data
(campaign.yaml, noi-nhan.yaml, the nominee workbook) are the province's. No Python changes.
The default template's own variants are shown with the sample's agency: collectives only,
individuals only, and two forms in one decision (the ghi chú names the form).

All decisions are drafted first and converted in one LibreOffice batch (module fixture).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.document import Document as DocxDocument

from cli import main
from pipeline.build.engine import make
from pipeline.nd30.kinds import DECISION
from pipeline.pdf.convert import convert_to_pdf
from pipeline.settings import Settings

from .clerk import add_after, delete_from, edit, every_paragraph, paragraph, previous, retype
from .conftest import SAMPLE
from .docxread import norm, paragraphs
from .nominees_sample import COLLECTIVES, GK, INDIVIDUALS, write_workbook
from .pdfread import page_texts

PROVINCE = "Ủy ban nhân dân tỉnh Ninh Bình"
FIVE = ["Công an tỉnh Ninh Bình", "Sở Tư pháp", "Ủy ban nhân dân huyện Kim Sơn", "Ủy ban nhân dân xã Yên Lâm",
        "Trường Trung học phổ thông Yên Khánh A"]
EXECUTORS = "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các cơ quan, đơn vị có liên quan"
RECIPIENTS = """archive:
  default: [VT, NC]
recipients:
  - name: Bộ Nội vụ
    group: cấp trên
    roles: {quyet-dinh-khen-thuong: để báo cáo}
  - name: Chủ tịch, các Phó Chủ tịch UBND tỉnh
    group: thành viên
    roles: {quyet-dinh-khen-thuong: nhận}
  - name: Sở Nội vụ
    group: đơn vị
    roles: {quyet-dinh-khen-thuong: thi hành}
"""
INLINE_ITEM = ('{{ loop.index }}. {{ r.name }}{% if r.note %} ({{ r.note }}){% endif %}'
               '{{ ";" if not loop.last or individuals else "." }}')
INLINE_PERSON = ('{{ collectives|length + loop.index }}. {{ r.name }}, {{ r.position }}'
                 '{% if r.note %} ({{ r.note }}){% endif %}{{ "." if loop.last else ";" }}')


def inline_list(doc: DocxDocument) -> None:
    """The province's variant of the decision, as its clerk makes it in Word from vanban's:
    Điều 1 ends ", gồm:" and lists the awardees under it (a loop over the list's rows), the
    "(có danh sách kèm theo)" and the attached list (from the page break to the end) deleted.
    Điều 2 on money and the article numbers stay as vanban wrote them: they follow the data."""
    retype(doc, " (có danh sách kèm theo)", "")
    article = retype(doc, "{{ phase.end|short_date }}).", "{{ phase.end|short_date }}), gồm:")
    last = article
    for text in ("{%p for r in collectives %}", INLINE_ITEM, "{%p endfor %}",
                 "{%p for r in individuals %}", INLINE_PERSON, "{%p endfor %}"):
        last = add_after(last, text)
    delete_from(doc, previous(paragraph(doc, "DANH SÁCH")))


def _rewrite_yaml(campaign: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = campaign / "campaign.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _province(data: dict[str, Any]) -> None:
    """The province's campaign.yaml: its issuer and signer, the chairman's authority, its own
    quy chế as căn cứ, and rules under which its Bằng khen carries no money (awards.rules)."""
    data["issuer"] = {"name": PROVINCE, "header_name": "Ủy ban nhân dân\ntỉnh Ninh Bình", "abbreviation": "UBND",
                      "place": "Ninh Bình"}
    data["signer"] = {"authority": "KT.", "on_behalf_of": "Chủ tịch", "title": "Phó Chủ tịch",
                      "name": "Nguyễn Văn Thành"}
    awards = data["awards"]
    for key in ("higher_level", "charter"):
        awards.pop(key, None)
    awards.update({
        "authority": "chu-tich-ubnd-tinh", "head_title": "Chủ tịch", "proposer": "Giám đốc Sở Nội vụ",
        "executors": EXECUTORS,
        "commendation_rules": {"kind": "Quyết định", "reference": "15/2024/QĐ-UBND", "date": "20/3/2024",
                               "issuer": PROVINCE, "subject": "ban hành Quy chế công tác thi đua, khen thưởng "
                               "trên địa bàn tỉnh Ninh Bình"},
        "rules": {"authorities": {"chu-tich-ubnd-tinh": {"money": {"nd98": {"bang-khen-tinh": 0}}}}},
    })
    data["units"] = [{"name": name, "short_name": f"ĐV{n}", "group": "Đơn vị"} for n, name in enumerate(FIVE, 1)]


def _second_form(data: dict[str, Any]) -> None:
    """The sample's agency with a second form of its own in its rules (awards.rules): a
    Kỷ niệm chương for individuals, at 0,5 × the base salary."""
    data["awards"]["rules"] = {
        "forms": {"ky-niem-chuong": {"name": "Kỷ niệm chương", "kind": "award", "subjects": ["individual"]}},
        "authorities": {"thu-truong-co-quan-chuyen-mon": {
            "forms": ["giay-khen", "ky-niem-chuong", "tap-the-lao-dong-tien-tien", "chien-si-thi-dua-co-so",
                      "lao-dong-tien-tien"],
            "money": {"nd98": {"ky-niem-chuong": 0.5}}}},
    }


GK_COLLECTIVES = [r for r in COLLECTIVES if r[2] == GK]
GK_INDIVIDUALS = [r for r in INDIVIDUALS if r[4] == GK]
KNC_NAMES = ("Đỗ Văn Hùng", "Phạm Thùy Dương")


@dataclass(frozen=True)
class Case:
    """A campaign copy: its nominees, its campaign.yaml change, and a template for mau/."""

    collectives: Sequence[Sequence[str]]
    individuals: Sequence[Sequence[str]]
    change: Callable[[dict[str, Any]], None] | None = None
    template: Callable[[DocxDocument], None] | None = None
    recipients: str | None = None


CASES = {
    "tinh-ghi-ten": Case([(name, "", "Bằng khen", "", "") for name in FIVE], [], _province, inline_list, RECIPIENTS),
    "chi-tap-the": Case(GK_COLLECTIVES, []),
    "chi-ca-nhan": Case([], GK_INDIVIDUALS),
    "hai-hinh-thuc": Case(GK_COLLECTIVES, [(*r[:4], "Kỷ niệm chương", *r[5:]) if r[0] in KNC_NAMES else r
                                           for r in GK_INDIVIDUALS], _second_form),
}


@dataclass(frozen=True)
class Made:
    """A decision drafted for one case: its campaign copy, its DOCX paragraphs (non-empty,
    table cells included, white space folded), its table rows, and its PDF's text (folded)."""

    campaign: Path
    docx: Path
    texts: list[str]
    rows: list[tuple[str, ...]]
    pdf: str
    pages: int


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Made]:
    root = tmp_path_factory.mktemp("variants")
    docxs = {}
    for name, case in CASES.items():
        campaign = Path(shutil.copytree(SAMPLE, root / name))
        write_workbook(campaign / "dot-1" / "de-nghi-khen-thuong.xlsx", case.collectives, case.individuals)
        if case.change:
            _rewrite_yaml(campaign, case.change)
        if case.recipients:
            (campaign / "noi-nhan.yaml").write_text(case.recipients, encoding="utf-8")
        if case.template:
            edit(Settings().template(DECISION.template), campaign / "mau" / DECISION.template, case.template)
        make(campaign, root / "out", kinds=[DECISION], phase=1, pdf=False, drafting=True)
        docxs[name] = root / "out" / name / "dot-1" / f"{DECISION.stem}.docx"
    pdfs = convert_to_pdf(list(docxs.values()))
    out = {}
    for (name, docx), pdf in zip(docxs.items(), pdfs, strict=True):
        doc = Document(str(docx))
        pages = [text.removeprefix(f"{n}\n") for n, text in enumerate(page_texts(pdf), start=1)]  # page numbers
        out[name] = Made(root / name, docx, [t for t in (norm(p.text) for p in paragraphs(doc)) if t],
                         [tuple(norm(c.text) for c in row.cells) for t in doc.tables for row in t.rows],
                         norm(" ".join(pages)), len(pages))
    return out


def _body(texts: list[str]) -> list[str]:
    """Return the paragraphs from the title (tên loại) on: the header block is the frame's."""
    return texts[texts.index("QUYẾT ĐỊNH"):]


CAMPAIGN = "phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự ở cơ sở"
PHASE = f"{CAMPAIGN}, Đợt 1 (từ ngày 01/11/2024 đến ngày 03/02/2025)"
PROVINCE_DECISION = [
    "QUYẾT ĐỊNH",
    f"Về việc tặng Bằng khen cho các tập thể đã có thành tích xuất sắc trong {CAMPAIGN}, Đợt 1",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng;",
    "Căn cứ Quyết định số 15/2024/QĐ-UBND ngày 20 tháng 3 năm 2024 của Ủy ban nhân dân tỉnh Ninh Bình ban hành Quy "
    "chế công tác thi đua, khen thưởng trên địa bàn tỉnh Ninh Bình;",
    "Căn cứ Kế hoạch số 189/KH-UBND ngày 15 tháng 11 năm 2024 của Ủy ban nhân dân tỉnh Ninh Bình về triển khai phát "
    "động phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an ninh trật tự ở cơ sở;",
    "Theo đề nghị của Giám đốc Sở Nội vụ.",
    "QUYẾT ĐỊNH:",
    f"Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Ninh Bình cho 05 tập thể đã có thành tích xuất sắc "
    f"trong {PHASE}, gồm:",
    "1. Công an tỉnh Ninh Bình;",
    "2. Sở Tư pháp;",
    "3. Ủy ban nhân dân huyện Kim Sơn;",
    "4. Ủy ban nhân dân xã Yên Lâm;",
    "5. Trường Trung học phổ thông Yên Khánh A.",
    f"Điều 2. Quyết định này có hiệu lực kể từ ngày ký. {EXECUTORS}, các tập thể có tên tại Điều 1 chịu trách nhiệm "
    "thi hành Quyết định này./.",
    "Nơi nhận:",
    "- Như Điều 2;",
    "- Bộ Nội vụ (để báo cáo);",
    "- Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
    "- Lưu: VT, NC.",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Nguyễn Văn Thành",
]


def test_a_provincial_decision_lists_five_collectives_in_article_1_with_two_articles(made: dict[str, Made]) -> None:
    decision = made["tinh-ghi-ten"]
    assert decision.texts[:5] == ["ỦY BAN NHÂN DÂN TỈNH NINH BÌNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                  "Độc lập - Tự do - Hạnh phúc", "Số: /QĐ-UBND", "Ninh Bình, ngày tháng 02 năm 2025"]
    assert _body(decision.texts) == PROVINCE_DECISION


def test_the_provincial_decision_pdf_says_the_same_and_has_no_list(made: dict[str, Made]) -> None:
    decision = made["tinh-ghi-ten"]
    start = decision.pdf.index("QUYẾT ĐỊNH Về việc")
    assert decision.pdf[start:] == " ".join(PROVINCE_DECISION)
    assert "DANH SÁCH" not in decision.pdf and "tiền thưởng" not in decision.pdf
    assert decision.pdf.count("Nguyễn Văn Thành") == 1 and decision.pages == 2  # the signature ends it


def test_the_clerks_variant_passes_the_template_check(made: dict[str, Made]) -> None:
    """The clerk's variant passes `vanban check --template` (its tags, its variables)."""
    variant = made["tinh-ghi-ten"].campaign / "mau" / DECISION.template
    result = CliRunner().invoke(main, ["check", "--template", str(variant)], prog_name="vanban")
    assert result.exit_code == 0, result.output
    assert "Lỗi" not in result.output and "TPL-UNKNOWN" not in result.output


def test_a_collectives_only_decision_names_only_collectives(made: dict[str, Made]) -> None:
    texts = made["chi-tap-the"].texts
    assert texts[texts.index("QUYẾT ĐỊNH") + 1] == (
        f"Về việc tặng Giấy khen cho các tập thể đã có thành tích xuất sắc trong {CAMPAIGN}, Đợt 1")
    assert next(t for t in texts if t.startswith("Điều 1.")) == (
        f"Điều 1. Tặng Giấy khen của Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng cho 04 tập thể (có danh sách kèm "
        f"theo) đã có thành tích xuất sắc trong {PHASE}.")
    assert next(t for t in texts if t.startswith("Điều 3.")).endswith(
        "Thủ trưởng các đơn vị có liên quan, các tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định "
        "này./.")
    assert "Tập thể được tặng Giấy khen của Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng" in texts
    assert [t for t in texts if t.endswith(")") and t[:3] in ("I. ", "II.")] == ["I. TẬP THỂ (04 tập thể)"]
    assert "CÁ NHÂN" not in " ".join(texts) and "cá nhân" not in " ".join(texts)
    assert texts[-1] == "Danh sách này có 04 tập thể./."
    assert "các tập thể có tên tại Điều 1" in made["chi-tap-the"].pdf


def test_an_individuals_only_decision_names_only_individuals(made: dict[str, Made]) -> None:
    texts = made["chi-ca-nhan"].texts
    assert texts[texts.index("QUYẾT ĐỊNH") + 1] == (
        f"Về việc tặng Giấy khen cho các cá nhân đã có thành tích xuất sắc trong {CAMPAIGN}, Đợt 1")
    assert next(t for t in texts if t.startswith("Điều 1.")).startswith(
        "Điều 1. Tặng Giấy khen của Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng cho 32 cá nhân (có danh sách")
    assert next(t for t in texts if t.startswith("Điều 2.")) == (
        "Điều 2. Mỗi cá nhân được tặng Giấy khen kèm theo tiền thưởng 710.000 đồng (Bảy trăm mười nghìn đồng).")
    assert next(t for t in texts if t.startswith("Điều 3.")).endswith(
        ", các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")
    assert [t for t in texts if t[:3] in ("I. ", "II.")] == ["I. CÁ NHÂN (32 cá nhân)"]
    assert "TẬP THỂ" not in " ".join(texts) and "tập thể" not in " ".join(texts)
    assert texts[-1] == "Danh sách này có 32 cá nhân./."
    assert "các cá nhân có tên tại Điều 1" in made["chi-ca-nhan"].pdf


def test_two_forms_in_one_decision_each_granted_and_named_in_the_list(made: dict[str, Made]) -> None:
    decision = made["hai-hinh-thuc"]
    texts = decision.texts
    head = "Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng"
    assert texts[texts.index("QUYẾT ĐỊNH") + 1] == (
        f"Về việc khen thưởng cho các tập thể, cá nhân đã có thành tích xuất sắc trong {CAMPAIGN}, Đợt 1")
    assert next(t for t in texts if t.startswith("Điều 1.")) == (
        f"Điều 1. Tặng Giấy khen của {head} cho 04 tập thể và 30 cá nhân; tặng Kỷ niệm chương của {head} cho 02 "
        f"cá nhân (có danh sách kèm theo) đã có thành tích xuất sắc trong {PHASE}.")
    assert next(t for t in texts if t.startswith("Điều 2.")) == (
        "Điều 2. Mỗi tập thể được tặng Giấy khen kèm theo tiền thưởng 1.410.000 đồng (Một triệu bốn trăm mười nghìn "
        "đồng); mỗi cá nhân được tặng Giấy khen kèm theo tiền thưởng 710.000 đồng (Bảy trăm mười nghìn đồng); mỗi cá "
        "nhân được tặng Kỷ niệm chương kèm theo tiền thưởng 1.170.000 đồng (Một triệu một trăm bảy mươi nghìn "
        "đồng).")
    assert "Tập thể, cá nhân được khen thưởng" in texts
    notes = {row[1]: row[-1] for row in decision.rows if row[0].isdigit()}
    assert {notes[name] for name in ("Văn phòng", "Công ty TNHH Thực phẩm Đông Hải")} == {"Giấy khen"}
    assert notes["Ông Đỗ Văn Hùng"] == notes["Bà Phạm Thùy Dương"] == "Kỷ niệm chương"
    assert notes["Bà Vũ Thị Hoà"] == "Giấy khen"
    assert list(notes.values()).count("Kỷ niệm chương") == 2
    assert "Kỷ niệm chương" in decision.pdf


def test_the_default_template_has_no_inline_list(made: dict[str, Made]) -> None:
    """The variant lives in the campaign's mau/ only: vanban's own template is untouched."""
    doc = Document(str(Settings().template(DECISION.template)))
    assert not any("gồm:" in p.text for p in every_paragraph(doc))
    assert "(có danh sách kèm theo)" in " ".join(made["chi-tap-the"].texts)


def test_a_field_the_agencys_template_no_longer_shows_is_not_required(campaign_copy: Path) -> None:
    """Found by the variants work: the Sở whose Điều 3 names its executors in its own words
    still had to fill ``awards.executors`` in campaign.yaml. A field the decision needs is asked
    for only when the template in force shows it."""
    from pipeline.build.prepare import load, prepare_decide
    from pipeline.errors import DataError
    from tests.clerk import retype_paragraph

    path = campaign_copy / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    without = re.sub(r"\n  executors: >-\n(    .*\n)+", "\n", text)
    assert without != text
    path.write_text(without, encoding="utf-8")
    with pytest.raises(DataError, match=r"awards\.executors: chưa có người thi hành Quyết định \(Điều 3\)"):
        prepare_decide(load(campaign_copy), phase=1)
    doc = Document(str(Settings().template("quyet-dinh-khen-thuong.docx")))
    last = paragraph(doc, "Điều {{ 3 if money.total else 2 }}.", start=True)
    retype_paragraph(last, "Điều {{ 3 if money.total else 2 }}. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn "
                           "phòng Sở, Trưởng các phòng, đơn vị thuộc Sở và các tập thể, cá nhân có tên tại Điều 1 "
                           "chịu trách nhiệm thi hành Quyết định này./.")
    (campaign_copy / "mau").mkdir(exist_ok=True)
    doc.save(str(campaign_copy / "mau" / "quyet-dinh-khen-thuong.docx"))
    prepared = prepare_decide(load(campaign_copy), phase=1)
    assert prepared.decision is not None
