"""Issuing: numbers per issuer, series and year, stamped into DOCX and PDF, the register checked."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import main
from pipeline.build.engine import build_plan
from pipeline.build.prepare import load, prepare_decide
from pipeline.docx.render import render_docx
from pipeline.docx.stamp import document_properties, read_draft, sha256
from pipeline.errors import DataError, RegisterError
from pipeline.nd30 import vi
from pipeline.nd30.kinds import DECISION
from pipeline.register.outgoing import (
    EXPORT_COLUMNS,
    Register,
    export_xlsx,
    issue_document,
    issue_documents,
)
from pipeline.settings import Settings
from tests.conftest import SAMPLE
from tests.docxread import look, norm, paragraphs
from tests.issuing import clone
from tests.pdfread import page_texts

FEB_10 = dt.date(2025, 2, 10)
SIGNER_TITLE = "Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng"


@dataclass(frozen=True)
class Drafts:
    """The sample plan and a decision with an attached list, both drafts (DOCX only)."""

    plan: Path
    decision: Path


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> Drafts:
    """Render the sample plan and its Quyết định of phase 1 (with its "Danh sách kèm theo"), as drafts."""
    root = tmp_path_factory.mktemp("drafts")
    plan_docx = build_plan(SAMPLE, root / "out", pdf=False).docx
    kind = vi.DocumentKind.DECISION
    context = prepare_decide(load(SAMPLE), phase=1).decision
    assert context is not None
    decision = render_docx(
        Settings().template(DECISION.template), context, root / "out" / "quyet-dinh.docx",
        properties=document_properties(SAMPLE, None, kind, 1, "quyet-dinh.docx"),
    )
    return Drafts(plan_docx, decision)


@pytest.fixture()
def work(tmp_path: Path, originals: Drafts) -> Drafts:
    """Return fresh copies of the drafts in a test's own folder."""
    return Drafts(Path(shutil.copy(originals.plan, tmp_path / "ke-hoach.docx")),
                  Path(shutil.copy(originals.decision, tmp_path / "quyet-dinh.docx")))


def number_line(path: Path) -> str:
    return next(norm(p.text) for p in paragraphs(docx.Document(str(path))) if p.text.startswith("Số:"))


def styled(path: Path, style: str) -> list[docx.text.paragraph.Paragraph]:
    return [p for p in paragraphs(docx.Document(str(path))) if p.style.name == style]


# ---------------------------------------------------------------- stamping, DOCX and PDF


@pytest.fixture(scope="module")
def issued_with_pdf(tmp_path_factory: pytest.TempPathFactory, originals: Drafts) -> tuple[Drafts, Path]:
    """Issue the decision then the plan in one call on 10/02/2025, PDFs reconverted (one run)."""
    root = tmp_path_factory.mktemp("issued")
    work = Drafts(Path(shutil.copy(originals.plan, root / "ke-hoach.docx")),
                  Path(shutil.copy(originals.decision, root / "quyet-dinh.docx")))
    issued = issue_documents([work.decision, work.plan], FEB_10, root / "so.sqlite")
    assert [i.reference for i in issued] == ["01/QĐ-BQL", "02/KH-BQL"]
    return work, root / "so.sqlite"


def test_stamped_docx_shows_number_and_date_in_nd30_form(issued_with_pdf: tuple[Drafts, Path]) -> None:
    work, _ = issued_with_pdf
    [number] = styled(work.decision, "VB Số ký hiệu")
    [date] = styled(work.decision, "VB Địa danh ngày")
    assert number.text == "Số: 01/QĐ-BQL"
    assert date.text == "Hải Phòng, ngày 10 tháng 02 năm 2025"
    assert len(number.runs) == 1 and len(date.runs) == 1
    assert look(number, 0).size_pt == 13 and not look(number, 0).bold and not look(number, 0).italic
    assert look(date, 0).size_pt == 14 and look(date, 0).italic and not look(date, 0).bold
    [attached] = styled(work.decision, "VB Kèm theo")
    assert attached.text == (
        f"(Kèm theo Quyết định số 01/QĐ-BQL ngày 10 tháng 02 năm 2025 của {SIGNER_TITLE})")
    assert look(attached, 0).italic
    assert [p.text for p in styled(work.plan, "VB Số ký hiệu")] == ["Số: 02/KH-BQL"]
    assert [p.text for p in styled(work.plan, "VB Địa danh ngày")] == [
        "Hải Phòng, ngày 10 tháng 02 năm 2025"]


def test_stamped_pdf_shows_number_and_date(issued_with_pdf: tuple[Drafts, Path]) -> None:
    work, register = issued_with_pdf
    decision = page_texts(work.decision.with_suffix(".pdf"))
    assert "Số: 01/QĐ-BQL" in decision[0]
    assert "Hải Phòng, ngày 10 tháng 02 năm 2025" in decision[0]
    attached = next(norm(page) for page in decision if "(Kèm theo" in page)  # the attached list's first page
    assert "Quyết định số 01/QĐ-BQL ngày 10 tháng 02 năm 2025" in attached
    text = page_texts(work.plan.with_suffix(".pdf"))[0]
    assert "Số: 02/KH-BQL" in text and "Hải Phòng, ngày 10 tháng 02 năm 2025" in text
    assert "Số: /" not in norm(text) and "tháng 11 năm 2024" not in text
    with Register.open(register) as book:
        records = book.records()
        assert book.check() == []
    assert [r.pdf_sha256 for r in records] == [
        sha256(work.decision.with_suffix(".pdf")), sha256(work.plan.with_suffix(".pdf"))]


def test_register_records_what_the_clerk_needs(issued_with_pdf: tuple[Drafts, Path]) -> None:
    work, register = issued_with_pdf
    with Register.open(register) as book:
        record = book.find("haiphong-2024-antt/PLAN/-/ke-hoach.docx")
    assert record is not None
    assert (record.reference, record.issue_date, record.signer, record.archive) == (
        "02/KH-BQL", FEB_10, "Nguyễn Quang Minh", "VP, VPĐD/BQL")
    assert record.summary == ("Kế hoạch triển khai phát động phong trào thi đua đặc biệt trong lực "
                              "lượng tham gia bảo vệ an ninh trật tự ở cơ sở")
    assert record.recipients[0] == "UBND thành phố (để báo cáo)" and len(record.recipients) == 7
    assert record.docx_sha256 == sha256(work.plan) and record.path == work.plan.resolve()


def test_rendered_documents_carry_their_identity(originals: Drafts) -> None:
    draft = read_draft(originals.plan)
    assert (draft.identity, draft.campaign, draft.kind, draft.phase) == (
        "haiphong-2024-antt/PLAN/-/ke-hoach.docx", "haiphong-2024-antt", vi.DocumentKind.PLAN, "-")
    assert draft.register == SAMPLE.resolve() / "so-van-ban.sqlite"
    assert (draft.symbol, draft.issuer, draft.place, draft.number) == ("KH-BQL", "BQL", "Hải Phòng", None)
    assert read_draft(originals.decision).identity == "haiphong-2024-antt/DECISION/1/quyet-dinh.docx"


# ---------------------------------------------------------------- idempotence and changes


def test_issuing_again_returns_the_same_number(work: Drafts, tmp_path: Path) -> None:
    register = tmp_path / "so.sqlite"
    first = issue_document(work.plan, FEB_10, register, pdf=False)
    stamped = sha256(work.plan)
    again = issue_document(work.plan, dt.date(2025, 3, 1), register, pdf=False)
    assert (first.reference, first.new, again.reference, again.new) == ("01/KH-BQL", True, "01/KH-BQL", False)
    assert again.record.issue_date == FEB_10 and sha256(work.plan) == stamped


def test_a_document_changed_after_issue_is_refused_unless_reissued(
    work: Drafts, tmp_path: Path, originals: Drafts
) -> None:
    register = tmp_path / "so.sqlite"
    issue_document(work.plan, FEB_10, register, pdf=False)
    shutil.copy(originals.plan, work.plan)  # re-rendered draft: same identity, blank number
    with pytest.raises(RegisterError, match=r"đã cấp số 01/KH-BQL ngày 10/02/2025 nhưng đã bị sửa"):
        issue_document(work.plan, dt.date(2025, 2, 12), register, pdf=False)
    assert read_draft(work.plan).number is None
    again = issue_document(work.plan, dt.date(2025, 2, 12), register, pdf=False, reissue=True)
    assert (again.reference, again.record.issue_date) == ("01/KH-BQL", FEB_10)
    assert number_line(work.plan) == "Số: 01/KH-BQL"
    assert "cấp lại" in again.record.note
    with Register.open(register) as book:
        assert book.check() == []


def test_a_given_number_is_refused_when_taken(work: Drafts, tmp_path: Path) -> None:
    register = tmp_path / "so.sqlite"
    assert issue_document(work.plan, FEB_10, register, pdf=False, number=5).reference == "05/KH-BQL"
    with pytest.raises(RegisterError, match=r"số 05 năm 2025 của dãy số BQL đã cấp cho 05/KH-BQL"):
        issue_document(work.decision, FEB_10, register, pdf=False, number=5)
    assert read_draft(work.decision).number is None
    with Register.open(register) as book:
        [gap] = book.check()
    assert gap.what == "thiếu số 01, 02, 03, 04" and gap.where == "dãy số BQL năm 2025"


def test_an_earlier_date_than_the_last_issue_is_refused(work: Drafts, tmp_path: Path) -> None:
    register = tmp_path / "so.sqlite"
    issue_document(work.plan, FEB_10, register, pdf=False)
    with pytest.raises(RegisterError, match=r"ngày 09/02/2025 sớm hơn văn bản đã cấp số gần nhất"):
        issue_document(work.decision, dt.date(2025, 2, 9), register, pdf=False)


def test_a_file_not_made_by_vanban_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "khac.docx"
    docx.Document().save(str(plain))
    with pytest.raises(RegisterError, match=r"khac.docx: văn bản không có thuộc tính vanban.identity"):
        issue_document(plain, FEB_10, tmp_path / "so.sqlite", pdf=False)


# ---------------------------------------------------------------- series


def test_year_change_restarts_at_01(work: Drafts, tmp_path: Path) -> None:
    register = tmp_path / "so.sqlite"
    other = clone(work.plan, tmp_path / "kh-2.docx", identity="x/2")
    new_year = clone(work.plan, tmp_path / "kh-3.docx", identity="x/3")
    refs = [issue_document(p, d, register, pdf=False).reference for p, d in [
        (work.plan, dt.date(2025, 12, 30)), (other, dt.date(2025, 12, 31)),
        (new_year, dt.date(2026, 1, 2))]]
    assert refs == ["01/KH-BQL", "02/KH-BQL", "01/KH-BQL"]
    assert "năm 2026" in styled(new_year, "VB Địa danh ngày")[0].text
    with Register.open(register) as book:
        assert book.check() == []


def _series_case(tmp_path: Path, work: Drafts, rules: str | None) -> list[str]:
    register = tmp_path / "so.sqlite"
    if rules is not None:
        register.with_suffix(".yaml").write_text(rules, encoding="utf-8")
    docs = [work.plan, work.decision,
            clone(work.plan, tmp_path / "kh-2.docx", identity="x/kh2"),
            clone(work.decision, tmp_path / "qd-2.docx", identity="x/qd2"),
            clone(work.plan, tmp_path / "hd.docx", identity="x/hd",
                  replace={"/KH-BQL": "/KH-HĐTĐKT"})]
    return [i.reference for i in issue_documents(docs, FEB_10, register, pdf=False)]


def test_one_series_for_every_kind_by_default(work: Drafts, tmp_path: Path) -> None:
    assert _series_case(tmp_path, work, None) == [
        "01/KH-BQL", "02/QĐ-BQL", "03/KH-BQL", "04/QĐ-BQL", "01/KH-HĐTĐKT"]


def test_a_kind_with_its_own_series(work: Drafts, tmp_path: Path) -> None:
    rules = "issuers:\n  BQL:\n    series: shared\n    own_series: [QĐ]\n"
    assert _series_case(tmp_path, work, rules) == [
        "01/KH-BQL", "01/QĐ-BQL", "02/KH-BQL", "02/QĐ-BQL", "01/KH-HĐTĐKT"]


def test_every_kind_its_own_series_and_the_council_its_own(work: Drafts, tmp_path: Path) -> None:
    rules = "issuers:\n  BQL: {series: per_kind}\n  HĐTĐKT: {series: shared}\n"
    assert _series_case(tmp_path, work, rules) == [
        "01/KH-BQL", "01/QĐ-BQL", "02/KH-BQL", "02/QĐ-BQL", "01/KH-HĐTĐKT"]
    with Register.open(tmp_path / "so.sqlite") as book:
        assert book.check() == []
        assert {r.series_label for r in book.records()} == {"BQL (KH)", "BQL (QĐ)", "HĐTĐKT"}


def test_bad_series_rules_are_located(work: Drafts, tmp_path: Path) -> None:
    (tmp_path / "so.yaml").write_text(
        "issuers:\n  BQL: {series: theo_loai, own_series: [XX], colour: red}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        issue_document(work.plan, FEB_10, tmp_path / "so.sqlite", pdf=False)
    assert [(p.where, p.what) for p in caught.value.problems] == [
        ("issuers.BQL", "trường lạ: colour"),
        ("issuers.BQL.series", "«theo_loai» không hợp lệ"),
        ("issuers.BQL.own_series[1]", "«XX» không phải chữ viết tắt tên loại văn bản"),
    ]
    assert read_draft(work.plan).number is None


# ---------------------------------------------------------------- check and export


def test_check_finds_missing_and_modified_files_and_gaps(work: Drafts, tmp_path: Path) -> None:
    register = tmp_path / "so.sqlite"
    issue_documents([work.plan, work.decision], FEB_10, register, pdf=False)
    work.decision.unlink()
    doc = docx.Document(str(work.plan))
    doc.add_paragraph("thêm sau khi ký")
    doc.save(str(work.plan))
    with sqlite3.connect(register) as db:  # a number lost by hand-editing the register
        db.execute("UPDATE documents SET number = 3, reference = '03/QĐ-BQL' WHERE number = 2")
    with Register.open(register) as book:
        found = [(p.where, p.what) for p in book.check()]
    assert found == [
        ("dãy số BQL năm 2025", "thiếu số 02"),
        ("01/KH-BQL (haiphong-2024-antt/PLAN/-/ke-hoach.docx)",
         f"{work.plan.resolve()} đã bị sửa sau khi cấp số"),
        ("03/QĐ-BQL (haiphong-2024-antt/DECISION/1/quyet-dinh.docx)",
         f"không có tệp {work.decision.resolve()}"),
    ]


def test_export_has_the_nd30_outgoing_register_columns(work: Drafts, tmp_path: Path) -> None:
    hostile = clone(work.plan, tmp_path / "kh-2.docx", identity="x/2",
                    replace={"Nguyễn Quang Minh": "=HYPERLINK(&quot;http://x&quot;)"})
    register = tmp_path / "so.sqlite"
    issue_documents([work.plan, hostile], FEB_10, register, pdf=False)
    with Register.open(register) as book:
        target = export_xlsx(book.records(), tmp_path / "so.xlsx")
    sheet = load_workbook(target)["BQL 2025"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "SỔ ĐĂNG KÝ VĂN BẢN ĐI" and rows[1][0] == "Năm 2025 — dãy số BQL"
    assert rows[2] == [
        "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
        "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản",
        "Ngày chuyển", "Ký nhận", "Ghi chú"] == [c for c, _ in EXPORT_COLUMNS]
    assert rows[3] == [f"({n})" for n in range(1, 11)]
    assert rows[4][:4] == ["01/KH-BQL", "10/02/2025", rows[4][2], "Nguyễn Quang Minh"]
    assert rows[4][4].split("\n")[0] == "UBND thành phố (để báo cáo)" and rows[4][5] == "VP, VPĐD/BQL"
    signer = sheet.cell(row=6, column=4)
    assert (signer.value, signer.data_type) == ('=HYPERLINK("http://x")', "s")


# ---------------------------------------------------------------- command line


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="vanban")
    return result.exit_code, result.output


def test_cli_issue_prints_the_reference_last(work: Drafts, tmp_path: Path) -> None:
    register = str(tmp_path / "so.sqlite")
    code, output = invoke("issue", str(work.plan), "--date", "2024-11-15", "--register", register,
                          "--no-pdf")
    assert code == 0, output  # the plan's draft prints "tháng 11 năm 2024": no warning
    assert output == (f"Đã cấp số: 01/KH-BQL ngày 15/11/2024 — {work.plan.resolve()}\n01/KH-BQL\n")
    code, output = invoke("issue", str(work.plan), "--date", "15/11/2024", "--register", register,
                          "--no-pdf")
    assert (code, output.splitlines()[-1]) == (0, "01/KH-BQL")
    assert output.startswith("Văn bản đã có số: 01/KH-BQL")
    code, output = invoke("register", "list", "--register", register)
    assert code == 0 and output.splitlines()[-1] == "1 văn bản."
    assert output.startswith("01/KH-BQL\t15/11/2024\tKế hoạch triển khai")
    code, output = invoke("register", "check", "--register", register)
    assert (code, output) == (0, "Sổ không có lỗi: 1 văn bản.\n")
    code, output = invoke("register", "export", str(tmp_path / "so.xlsx"), "--register", register)
    assert (code, output) == (0, f"Đã ghi: {tmp_path / 'so.xlsx'} (1 văn bản)\n")


def test_cli_errors_are_vietnamese(work: Drafts, tmp_path: Path) -> None:
    register = str(tmp_path / "so.sqlite")
    code, output = invoke("issue", str(work.plan), "--register", register)
    assert code == 64 and "Lỗi cách dùng: thiếu tùy chọn --date NGÀY" in output
    code, output = invoke("issue", str(work.plan), "--date", "31/02/2025", "--register", register)
    assert code == 64 and "ngày «31/02/2025» không có thật" in output
    code, output = invoke("register", "check", "--register", str(tmp_path / "khong-co.sqlite"))
    assert code == 6 and output.startswith("Lỗi: chưa có sổ đăng ký văn bản đi")
    invoke("issue", str(work.plan), "--date", "2025-02-10", "--register", register, "--no-pdf")
    work.plan.unlink()
    code, output = invoke("register", "check", "--register", register)
    assert code == 2
    assert f"01/KH-BQL (haiphong-2024-antt/PLAN/-/ke-hoach.docx): không có tệp {work.plan.resolve()}" in output


@pytest.mark.parametrize("command", [["issue"], ["register"], ["register", "check"]])
def test_register_help_is_vietnamese(command: list[str]) -> None:
    code, output = invoke(*command, "--help")
    assert code == 0 and output.startswith(f"Cách dùng: vanban {' '.join(command)} [TÙY_CHỌN]")
    assert "[required]" not in output and "Usage" not in output


def test_a_draft_pdf_left_beside_an_issued_document_is_a_warning(work: Drafts, tmp_path: Path) -> None:
    register = tmp_path / "so.sqlite"
    issue_document(work.plan, FEB_10, register, pdf=False)
    work.plan.with_suffix(".pdf").write_bytes(b"%PDF-1.4 ban du thao")
    with Register.open(register) as book:
        [stale] = book.check()
    assert (stale.severity, stale.what) == (
        "warning", f"{work.plan.resolve().with_suffix('.pdf')} là bản PDF trước khi cấp số")


def test_the_register_comes_from_the_campaign(campaign_copy: Path, tmp_path: Path) -> None:
    yaml_path = campaign_copy / "campaign.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace(
        "  place: Hải Phòng ",
        "  register_file: ../chung/so-bql.sqlite\n  register_outside: true\n  place: Hải Phòng ", 1),
        encoding="utf-8")
    plan_docx = build_plan(campaign_copy, tmp_path / "out", pdf=False).docx
    shared = (campaign_copy.parent / "chung" / "so-bql.sqlite").resolve()
    assert read_draft(plan_docx).register == shared
    (campaign_copy.parent / "chung").mkdir()
    Register.open(shared).close()  # a shared register is named with --register once, or exists already
    code, output = invoke("issue", str(plan_docx), "--date", "2025-02-10", "--no-pdf")
    assert (code, output.splitlines()[-2:]) == (0, [f"Sổ đăng ký: {shared}", "01/KH-BQL"])
    code, output = invoke("register", "check", str(campaign_copy))
    assert (code, output) == (0, "Sổ không có lỗi: 1 văn bản.\n")
    code, output = invoke("register", "list")
    assert code == 64 and "hãy chỉ ra THƯ_MỤC_PHONG_TRÀO hoặc --register TỆP_SỔ" in output
