"""Defects a new user found by trying to break vanban; each test holds the right behaviour."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from cli import main
from pipeline.build.engine import build_plan
from tests.conftest import SAMPLE, Built, sample_yaml, write_campaign
from tests.docxread import norm, paragraphs
from tests.pdfread import page_texts

Y = sample_yaml()


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="vanban")
    return result.exit_code, result.output


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def texts(docx: Path) -> list[str]:
    return [norm(p.text) for p in paragraphs(Document(str(docx))) if p.text.strip()]


def test_closing_paragraph_stays_with_the_signature(built: Built) -> None:
    last = page_texts(built.long_pdf)[-1]
    assert "nghiêm túc thực hiện./." in last and "Nơi nhận:" in last


def test_stale_pdf_is_removed_when_only_docx_is_made(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "haiphong-2024-antt"
    folder.mkdir(parents=True)
    (folder / "ke-hoach.pdf").write_bytes(b"%PDF old")
    code, _ = invoke("plan", str(SAMPLE), "--out", str(tmp_path / "out"), "--no-pdf")
    assert code == 0
    assert sorted(p.name for p in folder.iterdir()) == [".vanban-build.json", "ke-hoach.docx"]


def test_duplicate_key_is_an_error_with_both_lines(tmp_path: Path) -> None:
    text = Y + "signer:\n  title: Trưởng ban\n  name: Người Khác\n"
    first = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("signer:"))
    again = len(text.splitlines()) - 2
    code, output = invoke("plan", str(write_campaign(tmp_path / "c", text)), "--out", str(tmp_path / "o"))
    assert code == 2
    assert f"campaign.yaml:{again}: signer: trường «signer» được viết hai lần (dòng {first} và dòng {again})" in output


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("issue_date: 11/2024", "issue_date: 0", "plan.issue_date.year: phải lớn hơn hoặc bằng 1945, đang là số 0"),
        ("issue_date: 11/2024", "issue_date: 24", "plan.issue_date.year"),
        ("issue_date: 11/2024", "issue_date: 13/2024", "plan.issue_date: tháng 13 không có thật"),
        ("  title: Phó Trưởng ban", "  title: Phó Trưởng ban\n  authority_x: 1", "signer.authority_x: trường lạ"),
        ("  authority: KT.", "  authority: Q.",
         "signer: «on_behalf_of» chỉ dùng với quyền hạn TM., KT., TL., TUQ.; người được giao quyền (Q.)"),
        ("  authority: KT.", "",
         "signer: «on_behalf_of» chỉ dùng với quyền hạn TM., KT., TL., TUQ.; chưa ghi quyền hạn «authority»"),
        ("  abbreviation: BQL", "  abbreviation: NO",
         "issuer.abbreviation: YAML đọc giá trị này là đúng/sai (yes/no, true/false, on/off), không phải văn bản"
         " — Cách sửa: đặt trong dấu ngoặc kép"),
        ("  place: Hải Phòng", "\tplace: Hải Phòng",
         "sai cú pháp YAML: có ký tự Tab — Cách sửa: thụt lề bằng dấu cách, không dùng phím Tab"),
        ("participants: Lực lượng", "participants: Lực lượng: tham gia",
         "sai cú pháp YAML: có dấu hai chấm «:» ở giữa giá trị"),
    ],
)
def test_more_bad_values_get_a_located_vietnamese_message(tmp_path: Path, old: str, new: str, expected: str) -> None:
    code, output = invoke("plan", str(write_campaign(tmp_path / "c", edit(Y, old, new))), "--out", str(tmp_path / "o"))
    assert code == 2, output
    assert expected in output
    assert "Traceback" not in output and not (tmp_path / "o").exists()


def test_unclosed_quote_points_at_its_line(tmp_path: Path) -> None:
    text = edit(Y, "  place: Hải Phòng", '  place: "Hải Phòng')
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if '"Hải Phòng' in ln)
    _, output = invoke("plan", str(write_campaign(tmp_path / "c", text)), "--out", str(tmp_path / "o"))
    assert f"campaign.yaml:{line}: sai cú pháp YAML: thiếu dấu ngoặc kép đóng" in output


def test_campaign_yaml_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "c" / "campaign.yaml").mkdir(parents=True)
    code, output = invoke("plan", str(tmp_path / "c"), "--out", str(tmp_path / "o"))
    assert (code, "đây là thư mục, không phải tệp" in output) == (2, True)


@pytest.mark.parametrize("obstacle", ["out-is-file", "campaign-folder-is-file", "docx-is-folder"])
def test_unwritable_output_is_a_clear_error(tmp_path: Path, obstacle: str) -> None:
    out = tmp_path / "out"
    if obstacle == "out-is-file":
        out.parent.mkdir(exist_ok=True)
        (tmp_path / "afile").write_text("x")
        out = tmp_path / "afile" / "sub"
    elif obstacle == "campaign-folder-is-file":
        out.mkdir()
        (out / "haiphong-2024-antt").write_text("x")
    else:
        (out / "haiphong-2024-antt" / "ke-hoach.docx").mkdir(parents=True)
    code, output = invoke("plan", str(SAMPLE), "--out", str(out), "--no-pdf")
    assert code == 5, output
    assert output.startswith("Lỗi: không ghi được") and "Traceback" not in output


def test_block_text_folds_into_one_paragraph(tmp_path: Path) -> None:
    text = edit(Y, "participants: Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
                "participants: |-\n  Lực lượng tham gia\n  bảo vệ an ninh, trật tự ở cơ sở")
    out = build_plan(write_campaign(tmp_path / "c", text), tmp_path / "o", pdf=False)
    assert "1. Đối tượng: Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở." in [
        p.text for p in Document(str(out.docx)).paragraphs
    ]


def test_punctuation_vanban_adds_is_not_doubled(tmp_path: Path) -> None:
    text = Y
    text = edit(text, "nghiêm\n    túc thực hiện\n", "nghiêm\n    túc thực hiện./.\n")
    text = edit(text, "    - >-\n      Tạo khí thế", "    - >-\n      - Tạo khí thế")
    text = edit(text, "  - title: Thi đua hỗ trợ xây dựng", "  - title: 2. Thi đua hỗ trợ xây dựng")
    text = re.sub(r"^theme: (.*)$", lambda m: f"theme: '\"{m[1]}\".'", text, flags=re.MULTILINE)
    text = edit(text, "participants: Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
                "participants: Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở.")
    folder = write_campaign(tmp_path / "c", text)
    registry = (folder / "noi-nhan.yaml").read_text(encoding="utf-8")
    registry = edit(registry, "  - name: Sở Nội vụ\n", "  - name: Sở Nội vụ;\n")
    registry = edit(registry, "ke-hoach: [VP, VPĐD/BQL]", "ke-hoach: [VP, VPĐD/BQL.]")
    (folder / "noi-nhan.yaml").write_text(registry, encoding="utf-8")
    got = texts(build_plan(folder, tmp_path / "o", pdf=False).docx)
    for line in got:
        assert not re.search(r"\.\.|;;|- - |\"\"|^2\. 2\.", line), line
    assert "- Sở Nội vụ;" in got and "- Lưu: VP, VPĐD/BQL." in got
    assert any(line.endswith("nghiêm túc thực hiện./.") for line in got)


def test_a_number_where_text_is_expected_is_taken_as_text(tmp_path: Path) -> None:
    text = edit(Y, "reference: 133/KH-BCĐ 799", "reference: 133")
    got = texts(build_plan(write_campaign(tmp_path / "c", text), tmp_path / "o", pdf=False).docx)
    assert any(line.startswith("Thực hiện Kế hoạch số 133 ngày 08/11/2024") for line in got)


def test_long_place_name_keeps_the_date_line_on_one_line(tmp_path: Path) -> None:
    text = edit(Y, "  place: Hải Phòng", "  place: Thành phố Hồ Chí Minh")
    doc = Document(str(build_plan(write_campaign(tmp_path / "c", text), tmp_path / "o", pdf=False).docx))
    date = doc.tables[0].cell(1, 1).paragraphs[0]
    assert norm(date.text) == "Thành phố Hồ Chí Minh, ngày tháng 11 năm 2024"
    assert {r.font.size.pt for r in date.runs if r.text} == {13.0}


def test_spaced_dash_never_starts_a_line(built: Built) -> None:
    table = Document(str(built.docx)).tables[-1]
    lines = [p.text for p in table.cell(0, 0).paragraphs]
    assert "- Các doanh nghiệp trong các KCN, KKT Đình Vũ\u00a0- Cát Hải;" in lines


def test_campaign_file_path_and_empty_out(tmp_path: Path) -> None:
    code, output = invoke("plan", str(SAMPLE / "campaign.yaml"), "--out", str(tmp_path), "--no-pdf")
    assert code == 0 and (tmp_path / "haiphong-2024-antt" / "ke-hoach.docx").exists(), output
    code, output = invoke("plan", str(SAMPLE), "--out", "")
    assert (code, output.splitlines()[0]) == (64, "Lỗi cách dùng: giá trị không hợp lệ cho --out: không được để trống")


def test_no_arguments_shows_the_help() -> None:
    code, output = invoke()
    assert code == 0 and output.startswith("Cách dùng: vanban [TÙY_CHỌN] LỆNH [THAM_SỐ]...")


def test_files_are_readable_by_others_and_carry_metadata(built: Built) -> None:
    mode = stat.S_IMODE(os.stat(built.docx).st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask
    props = Document(str(built.docx)).core_properties
    assert props.title.startswith("Kế hoạch Triển khai phát động phong trào thi đua")
    assert (props.author, props.comments) == ("Ban Quản lý Khu kinh tế Hải Phòng", "")
    meta = PdfReader(str(built.pdf)).metadata
    assert meta.title == props.title and meta.author == props.author


def _content_end(docx: Path):  # type: ignore[no-untyped-def]
    doc = Document(str(docx))
    return next(p for p in doc.paragraphs if p.text.rstrip().endswith("./.") and p.style.name != "VB Nội dung")


@pytest.mark.parametrize("which", ["plan", "decision", "submission"])
def test_content_end_keeps_with_the_signature_in_every_kind(built: Built, decided, which: str) -> None:  # type: ignore[no-untyped-def]
    # regression: the decision's Điều 3 let the signature block fall alone onto a new page
    docx = {"plan": built.docx, "decision": decided.decision.docx, "submission": decided.submission.docx}[which]
    end = _content_end(docx)
    assert end.style.name == "VB Câu kết" and end.style.paragraph_format.keep_with_next
    last = page_texts(Path(str(docx)).with_suffix(".pdf"))
    signature_page = next(t for t in last if "Nơi nhận:" in t)
    assert norm(end.text)[-40:] in norm(signature_page)


def test_an_issued_document_is_never_re_rendered_as_a_draft(tmp_path: Path, campaign_copy: Path) -> None:
    # regression: a rebuild after `vanban issue` silently turned the signed decision back into a draft
    out = tmp_path / "out"
    assert invoke("decide", str(campaign_copy), "--phase", "1", "--out", str(out), "--no-pdf")[0] == 0
    decision = out / "haiphong-2024-antt" / "dot-1" / "quyet-dinh-khen-thuong.docx"
    code, output = invoke("issue", str(decision), "--date", "14/02/2025", "--no-pdf")
    assert (code, output.splitlines()[-1]) == (0, "01/QĐ-BQL")
    code, output = invoke("decide", str(campaign_copy), "--phase", "1", "--out", str(out), "--no-pdf")
    assert code == 0  # decide keeps the signed decision and makes its certificates with its number
    assert f"Giữ nguyên bản đã cấp số: {decision}" in output
    assert "Giấy khen ghi Quyết định số 01/QĐ-BQL ngày 14/02/2025" in output
    assert "Số: 01/QĐ-BQL" in texts(decision)
    code, output = invoke("build", str(campaign_copy), "--phase", "1", "--out", str(out), "--no-pdf")
    assert code == 0, output  # the same data: the signed decision is kept, the rest is made around it
    assert "Số: 01/QĐ-BQL" in texts(decision)
    from tests.nominees_sample import COLLECTIVES, INDIVIDUALS, write_workbook

    # the data changed after signing: the signed decision is not made again as a draft
    write_workbook(campaign_copy / "dot-1" / "de-nghi-khen-thuong.xlsx", COLLECTIVES[:-1], INDIVIDUALS)
    code, output = invoke("build", str(campaign_copy), "--phase", "1", "--out", str(out), "--no-pdf")
    assert code == 7 and "đã được cấp số 01/QĐ-BQL" in output
    assert "Số: 01/QĐ-BQL" in texts(decision)


def test_issuing_outside_the_drafted_month_warns(tmp_path: Path, campaign_copy: Path) -> None:
    # a decision drafted for 02/2025 cites NĐ 98/2023 and its money; issued in 7/2025 it would not
    out = tmp_path / "out"
    assert invoke("decide", str(campaign_copy), "--phase", "1", "--out", str(out), "--no-pdf")[0] == 0
    decision = out / "haiphong-2024-antt" / "dot-1" / "quyet-dinh-khen-thuong.docx"
    result = CliRunner().invoke(main, ["issue", str(decision), "--date", "05/07/2025", "--no-pdf"], prog_name="vanban")
    assert result.exit_code == 0 and result.stdout.splitlines()[-1] == "01/QĐ-BQL"
    assert result.stderr == (
        f"Cảnh báo: {decision}: ngày cấp số 05/7/2025 không thuộc tháng 02 năm 2025 đã in trong bản dự thảo; "
        "căn cứ pháp lý, mức lương cơ sở và tiền thưởng được chọn theo ngày soạn — nên soạn lại văn bản với "
        "ngày mới (--date) rồi cấp số\n"
    )


def test_build_issues_the_phase_documents_in_order(tmp_path: Path, campaign_copy: Path) -> None:
    code, output = invoke("build", str(campaign_copy), "--phase", "1", "--out", str(tmp_path), "--no-pdf",
                          "--issue", "--date", "14/02/2025")
    assert code == 0, output
    assert [line for line in output.splitlines() if line.startswith("Đã cấp số")] == [
        "Đã cấp số: 01/BC-BQL — bao-cao-so-ket.docx",
        "Đã cấp số: 02/TTr-BQL — to-trinh.docx",
        "Đã cấp số: 03/QĐ-BQL — quyet-dinh-khen-thuong.docx",
    ]
    decision = tmp_path / "haiphong-2024-antt" / "dot-1" / "quyet-dinh-khen-thuong.docx"
    assert "Số: 03/QĐ-BQL" in texts(decision)
    assert "Hải Phòng, ngày 14 tháng 02 năm 2025" in texts(decision)
    assert invoke("build", str(campaign_copy), "--phase", "1", "--out", str(tmp_path), "--issue")[1].startswith(
        "Lỗi cách dùng: --issue cần --date NGÀY")
