"""Text prints as typed: a line break typed in any data (Excel Alt+Enter, a YAML ``|`` block)
becomes a line of its own without stretching the justified line before it; emphasis marks
are read only in the YAML fields documented to take them, never in Excel free text, names or
table cells ("Lập 5*3 tổ, trực 2*4 ca" prints exactly so); generated quotes are “…”; a title
keeps its last words together."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from pipeline.build.engine import build_review
from pipeline.build.prepare import load, prepare_decide
from pipeline.docx.render import NBSP, render_docx, tie_last_words
from pipeline.nd30.kinds import DECISION
from pipeline.pdf.convert import convert_to_pdf
from pipeline.settings import Settings
from tests.conftest import SAMPLE
from tests.docxread import norm

STRENGTH = "Ban hành kịp thời\nvăn bản triển khai; lực lượng nắm chắc địa bàn, phản ánh tin nhanh."  # Alt+Enter
SHORTCOMING = "Lập 5*3 tổ, trực 2*4 ca"
DIRECTION = "    - |\n      Dòng đầu của phương hướng\n      dòng thứ hai, *nghiêng* như YAML cho phép\n"


@dataclass(frozen=True)
class Typed:
    docx: Path
    pdf: Path


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> Typed:
    """The sample's Đợt 1 report with a line break typed in an Excel cell, asterisks in
    another and a YAML list item written as a | block; one LibreOffice conversion."""
    root = tmp_path_factory.mktemp("typed")
    campaign = Path(shutil.copytree(SAMPLE, root / "haiphong-2024-antt"))
    book = campaign / "dot-1" / "ket-qua.xlsx"
    wb = load_workbook(book)
    ws = wb.active
    header = {c.value: c.column for c in ws[1]}
    ws.cell(2, header["Ưu điểm"], STRENGTH)
    ws.cell(3, header["Hạn chế"], SHORTCOMING)
    wb.save(book)
    yaml = campaign / "campaign.yaml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(text.replace("  directions:                             # phương hướng, nhiệm vụ thời gian tới\n",
                                 "  directions:                             # phương hướng, nhiệm vụ thời gian tới\n"
                                 + DIRECTION, 1), encoding="utf-8")
    out = build_review(campaign, root / "out", phase=1, pdf=False, chart=False)
    (pdf,) = convert_to_pdf([out.docx])
    return Typed(out.docx, pdf)


def _paragraphs(path: Path) -> list[str]:
    return [norm(p.text) for p in Document(str(path)).paragraphs]


def test_an_excel_line_break_is_a_paragraph_of_its_own(typed: Typed) -> None:
    texts = _paragraphs(typed.docx)
    start = texts.index("- Văn phòng: Ban hành kịp thời")
    assert texts[start + 1] == "văn bản triển khai; lực lượng nắm chắc địa bàn, phản ánh tin nhanh."
    document = Document(str(typed.docx))
    justified = [p for p in document.paragraphs if p.style.name.startswith("VB ") and p.text.strip()]
    assert not [p.text for p in justified if p._p.findall(f".//{qn('w:br')}")]  # no break inside a paragraph


def test_a_yaml_block_keeps_its_lines(typed: Typed) -> None:
    texts = _paragraphs(typed.docx)
    start = texts.index("- Dòng đầu của phương hướng")
    assert texts[start + 1] == "dòng thứ hai, nghiêng như YAML cho phép."
    para = next(p for p in Document(str(typed.docx)).paragraphs if p.text.startswith("dòng thứ hai"))
    assert [r.text for r in para.runs if r.italic] == ["nghiêng"]  # the documented field keeps its emphasis


def test_asterisks_in_excel_print_as_typed(typed: Typed) -> None:
    document = Document(str(typed.docx))
    para = next(p for p in document.paragraphs if SHORTCOMING in p.text)
    assert norm(para.text) == f"- Phòng Quản lý đầu tư: {SHORTCOMING}."
    assert not [r.text for r in para.runs if r.italic or r.bold]
    pdf = norm(subprocess.run(["pdftotext", str(typed.pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert SHORTCOMING in unicodedata.normalize("NFC", pdf)
    assert "văn bản triển khai; lực lượng nắm chắc địa bàn" in pdf


def _lines(pdf: Path) -> list[tuple[str, list[float]]]:
    """Return each text line of ``pdf`` (poppler's layout analysis) with the gaps between its
    words, in points."""
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    out = []
    for line in re.findall(r"<line [^>]*>(.*?)</line>", html, re.DOTALL):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', line)
        text = unicodedata.normalize("NFC", " ".join(w for _, _, w in words))
        gaps = [float(b[0]) - float(a[1]) for a, b in itertools.pairwise(words)]
        out.append((text, gaps))
    return out


def test_no_line_is_stretched_by_a_typed_break(typed: Typed) -> None:
    lines = _lines(typed.pdf)
    before = [gaps for text, gaps in lines if text.endswith("Ban hành kịp thời")]
    assert len(before) == 1
    body = [g for text, gaps in lines for g in gaps if len(gaps) >= 8]  # full justified lines of the body
    widest = sorted(body)[int(len(body) * 0.99)]
    # the line before the break is spaced as the paragraphs' own lines, not spread across the page
    assert max(before[0]) <= widest, (before, widest)
    assert max(before[0]) < 8.0


def test_table_cells_and_names_print_as_typed(tmp_path: Path) -> None:
    context = prepare_decide(load(SAMPLE), phase=1).decision
    assert context is not None
    rows = [{"number": "1", "name": "Nguyễn *Văn* A\nTổ 2*4", "position": "Tổ 5*3: **đội trưởng**", "note": ""}]
    out = render_docx(Settings().template(DECISION.template), {**context, "individuals": rows}, tmp_path / "x.docx")
    document = Document(str(out))
    table = next(t for t in document.tables if t.cell(0, 1).text == "Họ và tên")
    name, position = table.cell(1, 1), table.cell(1, 2)
    assert name.text == "Nguyễn *Văn* A\nTổ 2*4"  # a left-aligned cell keeps its line break
    assert position.text == "Tổ 5*3: **đội trưởng**"
    assert not [r for cell in (name, position) for r in cell.paragraphs[0].runs if r.italic or r.bold]


def test_generated_quotes_are_vietnamese(typed: Typed) -> None:
    texts = _paragraphs(typed.docx)
    targets = [t for t in texts if re.match(r"([a-z]\) )?Chỉ tiêu ", t)]
    assert len(targets) == 11 and all(re.match(r"([a-z]\) )?Chỉ tiêu “[^”]+”: ", t) for t in targets)
    (dedication,) = [t for t in texts if t.startswith("- Triển khai Đợt 2")]
    assert "“Thi đua lập thành tích" in dedication and dedication.endswith("”.")
    assert not [t for t in targets + [dedication] if '"' in t]


def test_titles_keep_their_last_words_together() -> None:
    tied = tie_last_words("Về việc tặng Giấy khen … ở cơ sở, Đợt 1")
    assert tied == f"Về việc tặng Giấy khen … ở cơ sở,{NBSP}Đợt{NBSP}1"
    assert tie_last_words("an ninh trật tự ở cơ sở") == f"an ninh trật tự ở cơ{NBSP}sở"
    assert tie_last_words("Chủ tịch Ủy ban nhân dân thành phố") == f"Chủ tịch Ủy ban nhân dân thành{NBSP}phố"
    assert tie_last_words("Kế hoạch triển khai") == f"Kế hoạch triển{NBSP}khai"
    assert tie_last_words("một") == "một"


def test_the_decision_subject_ends_on_two_words_in_the_pdf(decided) -> None:  # type: ignore[no-untyped-def]
    from tests.pdfread import page_texts

    text = unicodedata.normalize("NFC", page_texts(decided.decision.pdf)[0])
    page = [norm(x) for x in text.splitlines() if x.strip()]
    start = page.index("QUYẾT ĐỊNH")
    end = next(n for n in range(start, len(page)) if page[n].endswith("Đợt 1"))
    assert len(page[end].split()) >= 3  # never "Đợt 1" or one word alone on the subject's last line
