"""`vanban init`: a new agency's campaign from nothing — options, answers on stdin, a facts
workbook — then plan, report and build at once; blank workbooks read back as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from cli import main
from pipeline.build.prepare import load, nominee_counts
from pipeline.campaign.awards import load_rules
from pipeline.campaign.load import load_campaign
from pipeline.campaign.nominees import read_nominees
from pipeline.campaign.results import NomineeCount, read_phase
from pipeline.check.checker import check_documents, errors

OPTIONS = [
    "--issuer", "Sở Nội vụ tỉnh Nam Định", "--parent-body", "Ủy ban nhân dân tỉnh Nam Định",
    "--abbreviation", "SNV", "--place", "Nam Định", "--authority", "giam-doc-so",
    "--signer-title", "Phó Giám đốc", "--signer-name", "Trần Văn Bình", "--signer-authority", "KT.",
    "--name", "phong trào thi đua chuyển đổi số năm 2026", "--theme", "Sở Nội vụ đi đầu chuyển đổi số",
    "--participants", "Cán bộ, công chức, viên chức, người lao động của Sở",
    "--phase", "01/03/2026 - 30/6/2026", "--phase", "01/7/2026 - 30/11/2026: Chào mừng ngày thành lập ngành",
    "--content", "Thi đua đẩy mạnh chuyển đổi số", "--content", "Thi đua cải cách hành chính",
    "--unit", "Văn phòng Sở", "--unit", "Phòng Công chức, viên chức", "--unit", "Thanh tra Sở",
]
FILES = ["campaign.yaml", "noi-nhan.yaml", "mau-ket-qua.xlsx", "mau-de-nghi-khen-thuong.xlsx",
         "mau-thong-tin-phong-trao.xlsx"]


def docx_paragraphs(path: Path) -> list[Any]:
    return list(Document(str(path)).paragraphs)


def invoke(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="vanban", input=input)
    return result.exit_code, result.output


def sign_plan_and_date_phase_1(folder: Path) -> None:
    """What the clerk does after the plan is signed: uncomment the examples init wrote."""
    path = folder / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    for commented, filled in [
        ("  # plan_number: 05", "  plan_number: 5"),
        ("  # plan_date: 15/11/2024", "  plan_date: 05/03/2026"),
        ("  # phases:\n  #   - phase: 1\n  #     decision_date: 14/02/2025",
         "  phases:\n    - phase: 1\n      decision_date: 10/07/2026"),
        ("  # submission:", "  submission:"),
        ("  #   summary:\n  #     - Sau 03 tháng triển khai Đợt 1, …",
         "    summary:\n      - Sau 04 tháng triển khai Đợt 1, các đơn vị đã hoàn thành tốt nhiệm vụ."),
    ]:
        assert commented in text, commented
        text = text.replace(commented, filled)
    path.write_text(text, encoding="utf-8")


def fill_blanks(folder: Path) -> None:
    """Fill the blank results and nominee workbooks init wrote, as a clerk would in Excel."""
    book = load_workbook(folder / "mau-ket-qua.xlsx")
    ws = book.active
    # no target counted per team: no "Số tổ" column (issue 13: the columns come from the targets)
    assert [c.value for c in ws[1]][:5] == ["STT", "Đơn vị", "Số văn bản chỉ đạo", "Số cuộc họp, hội nghị",
                                           "Số người tham dự"]
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=3, value=3)
        ws.cell(row=row, column=4, value=2)
        ws.cell(row=row, column=5, value=40)
    book.save(folder / "dot-1" / "ket-qua.xlsx")
    book = load_workbook(folder / "mau-de-nghi-khen-thuong.xlsx")
    book["Tập thể"].append([1, "Văn phòng Sở", None, "Giấy khen", None, None])
    book["Cá nhân"].append([1, "Nguyễn Thị Lan", "Nữ", "Chuyên viên", "Văn phòng Sở", "Giấy khen", None, None])
    book["Cá nhân"].append([2, "Lê Văn Hùng", "Nam", "Trưởng phòng", "Phòng Công chức, viên chức",
                            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", None, None])
    book.save(folder / "dot-1" / "de-nghi-khen-thuong.xlsx")


def test_init_then_plan_report_build_and_every_document_passes_check(tmp_path: Path) -> None:
    folder, out = tmp_path / "nam-dinh-2026", tmp_path / "output"
    code, output = invoke("init", str(folder), *OPTIONS, "--no-input")
    assert code == 0, output
    assert output == "".join(f"Đã ghi: {folder / name}\n" for name in FILES) + f"Tiếp theo: vanban plan {folder}\n"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*FILES, "dot-1", "dot-2"])
    yaml_text = (folder / "campaign.yaml").read_text(encoding="utf-8")
    assert "an ninh" not in yaml_text and "Hải Phòng" not in yaml_text  # nothing of the sample
    # the plan is dated by its first phase's month when that is before today (trial: "12/2026")
    assert "  issue_date: 3/2026  #" in yaml_text
    assert len(yaml_text.splitlines()) < 150

    code, output = invoke("plan", str(folder), "--out", str(out))
    assert (code, output) == (0, (f"Đã ghi: {out / folder.name / 'ke-hoach.docx'}\n"
                                 f"Đã ghi: {out / folder.name / 'ke-hoach.pdf'}\n"))
    fill_blanks(folder)
    code, output = invoke("report", str(folder), "--phase", "1", "--out", str(out), "--no-pdf")
    assert (code, output) == (0, f"Đã ghi: {out / folder.name / 'dot-1' / 'bao-cao-so-ket.docx'}\n")
    report = "\n".join(p.text for p in docx_paragraphs(out / folder.name / "dot-1" / "bao-cao-so-ket.docx"))
    assert "an ninh" not in report  # nothing of the sample's campaign
    assert "triển khai phong trào thi đua đến cán bộ, công chức, viên chức, người lao động của Sở." in report
    assert "biểu đồ" not in report  # no target (chỉ tiêu), no chart
    # no target: no unit is "short of data", no empty content headings, no empty Phụ lục (trial)
    assert "chưa đủ số liệu" not in report and "Phụ lục" not in report, report
    assert not (out / folder.name / "dot-1" / "bao-cao-so-ket-bieu-do.png").exists()
    sign_plan_and_date_phase_1(folder)
    code, output = invoke("build", str(folder), "--phase", "1", "--out", str(out), "--no-pdf")
    assert code == 0, output
    assert output.endswith(f"Đã ghi: {out / folder.name / 'dot-1'}\n")
    assert "Soạn văn bản" not in output  # a progress bar only on a terminal, never after the summary
    docx = sorted((out / folder.name).rglob("*.docx"))
    names = {p.name for p in docx}
    assert {"ke-hoach.docx", "bao-cao-so-ket.docx", "quyet-dinh-khen-thuong.docx", "to-trinh.docx"} <= names
    assert len(list((out / folder.name / "dot-1" / "giay-khen").glob("*.docx"))) == 2
    findings = check_documents([p for p in docx if "danh-sach-gui" not in p.parts and "giay-khen" not in p.parts])
    assert errors(findings) == [], findings


def test_init_asks_in_vietnamese_when_run_by_hand(tmp_path: Path) -> None:
    folder = tmp_path / "xa"
    answers = [
        "Ủy ban nhân dân xã Hải Hậu", "", "UB ND", "UBND", "Hải Hậu",  # a bad abbreviation is asked again
        "6",  # 6. chu-tich-ubnd-xa
        "", "Phó Chủ tịch", "Phạm Văn Nam", "KT.",  # head title by default, signer
        "phong trào thi đua xây dựng nông thôn mới", "Chung sức xây dựng nông thôn mới", "Cán bộ, nhân dân trong xã",
        "1/4/2026 đến 31/12/2026", "",  # one phase
        "", "Thi đua xây dựng đường làng", "",  # an empty first answer is asked again, then one content
        "Thôn Đông", "Thôn Tây", "",  # two units
    ]
    code, output = invoke("init", str(folder), input="\n".join(answers) + "\n")
    assert code == 0, output
    assert "Thẩm quyền khen thưởng (số thứ tự): " in output
    assert "  6. chu-tich-ubnd-xa (Chủ tịch Ủy ban nhân dân xã)\n" in output
    assert "Cần ít nhất 1.\n" in output
    assert ("Chưa đúng: «UB ND» có dấu cách, «-» hoặc «/» — Cách sửa: viết liền một từ, ví dụ: SNV (ký hiệu sẽ là "
            "KH-SNV)\n") in output
    assert output.endswith(f"Đã ghi: {folder / 'mau-thong-tin-phong-trao.xlsx'}\nTiếp theo: vanban plan {folder}\n")
    campaign = load_campaign(folder)
    assert campaign.issuer.parent_body is None and campaign.issuer.abbreviation == "UBND"
    assert campaign.signer.on_behalf_of == "Chủ tịch" and campaign.signer.authority.value == "KT."
    assert [(p.start.isoformat(), p.end.isoformat()) for p in campaign.phases] == [("2026-04-01", "2026-12-31")]
    assert [u.name for u in campaign.units] == ["Thôn Đông", "Thôn Tây"]
    assert campaign.awards is not None and campaign.awards.authority == "chu-tich-ubnd-xa"
    assert campaign.plan.implements is None


def test_running_init_again_keeps_every_file_of_the_clerk(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    assert invoke("init", str(folder), *OPTIONS, "--no-input")[0] == 0
    edited = (folder / "campaign.yaml").read_text(encoding="utf-8").replace("Trần Văn Bình", "Trần Văn Bính")
    (folder / "campaign.yaml").write_text(edited, encoding="utf-8")
    (folder / "mau-ket-qua.xlsx").unlink()
    code, output = invoke("init", str(folder), "--no-input")
    assert code == 0
    kept = [f for f in FILES if f != "mau-ket-qua.xlsx"]
    assert output == (f"Đã ghi: {folder / 'mau-ket-qua.xlsx'}\n"
                      + "".join(f"Giữ nguyên (đã có, không ghi đè): {folder / f}\n" for f in kept)
                      + f"Tiếp theo: vanban plan {folder}\n")
    assert (folder / "campaign.yaml").read_text(encoding="utf-8") == edited


def test_missing_facts_are_listed_with_the_option_that_gives_them(tmp_path: Path) -> None:
    code, output = invoke("init", str(tmp_path / "x"), "--issuer", "Sở Y tế", "--abbreviation", "S Y T",
                          "--authority", "giam-doc", "--no-input")
    assert code == 2
    lines = output.splitlines()
    assert lines[0] == "Lỗi: dữ liệu có 10 lỗi, chưa tạo văn bản nào:"
    assert ("  - --place: chưa có «Địa danh» — Cách sửa: ghi địa danh (địa danh của dòng ngày tháng, ví dụ: "
            "Nam Định)") in lines
    assert ("  - --phase: chưa có đợt thi đua nào — Cách sửa: ghi ít nhất một đợt: --phase \"01/03/2026 - 30/6/2026\""
            in lines)
    assert any(line.startswith("  - --authority: thẩm quyền khen thưởng «giam-doc» không có trong quy định — Cách "
                               "sửa: dùng một trong: thu-tuong (Thủ tướng Chính phủ); ") for line in lines)
    assert ("  - --abbreviation: «S Y T» có dấu cách, «-» hoặc «/» — Cách sửa: viết liền một từ, ví dụ: SNV (ký "
            "hiệu sẽ là KH-SNV)") in lines
    assert not (tmp_path / "x").exists()


def test_a_bad_phase_option_is_a_vietnamese_usage_error(tmp_path: Path) -> None:
    code, output = invoke("init", str(tmp_path / "x"), "--phase", "1/3/2026 - 31/2/2026", "--no-input")
    assert code == 64
    assert output.startswith("Lỗi cách dùng: giá trị không hợp lệ cho --phase: đợt «1/3/2026 - 31/2/2026»: "
                             "ngày «31/2/2026» không có "
                             "thật (tháng 2 năm 2026 không có ngày 31)")


def test_init_from_a_filled_facts_workbook(tmp_path: Path) -> None:
    code, output = invoke("template", "thong-tin-phong-trao", "--out", str(tmp_path))
    blank = tmp_path / "mau-thong-tin-phong-trao.xlsx"
    assert (code, output) == (0, f"Đã ghi: {blank}\n")
    book = load_workbook(blank)
    facts = book["Thông tin"]
    assert [c.value for c in facts[1]] == ["Mục", "Giá trị", "Ghi chú"]
    rules = {str(v.sqref): v.formula1 for v in facts.data_validations.dataValidation}
    assert len(rules) == 2  # the commendation authority and the signing authority are chosen from a list
    values = {
        "Tên cơ quan ban hành": "Ủy ban nhân dân huyện Giao Thủy", "Cơ quan chủ quản": "Ủy ban nhân dân tỉnh Nam Định",
        "Tên viết tắt trong ký hiệu": "UBND", "Địa danh": "Giao Thủy",
        "Thẩm quyền khen thưởng": "chu-tich-ubnd-huyen (Chủ tịch Ủy ban nhân dân huyện)",
        "Chức vụ người ký": "Chủ tịch", "Họ và tên người ký": "Đinh Văn Sơn",
        "Tên phong trào": "phong trào thi đua năm 2025", "Chủ đề thi đua": "Đoàn kết, sáng tạo",
        "Đối tượng thi đua": "Các cơ quan, đơn vị trên địa bàn huyện",
    }
    for row in facts.iter_rows(min_row=2):
        row[1].value = values.get(row[0].value)
    book["Đợt thi đua"].append([1, "01/01/2025", "30/06/2025", None])
    book["Nội dung thi đua"].append([1, "Thi đua phát triển kinh tế", "Phấn đấu tăng trưởng kinh tế."])
    book["Đơn vị"].append([1, "Phòng Nội vụ", "PNV", "Cơ quan chuyên môn"])
    book.save(tmp_path / "filled.xlsx")
    folder = tmp_path / "giao-thuy"
    code, output = invoke("init", str(folder), "--from", str(tmp_path / "filled.xlsx"))
    assert code == 0, output
    campaign = load_campaign(folder)
    assert campaign.issuer.name == "Ủy ban nhân dân huyện Giao Thủy"
    assert campaign.signer.authority is None and campaign.signer.title == "Chủ tịch"
    assert campaign.awards is not None and campaign.awards.authority == "chu-tich-ubnd-huyen"
    assert [(u.name, u.short_name, u.group) for u in campaign.units] == [("Phòng Nội vụ", "PNV", "Cơ quan chuyên môn")]
    assert campaign.content_areas[0].text == "Phấn đấu tăng trưởng kinh tế."


def test_an_empty_facts_workbook_says_where_each_fact_goes(tmp_path: Path) -> None:
    assert invoke("template", "thong-tin-phong-trao", "--out", str(tmp_path))[0] == 0
    code, output = invoke("init", str(tmp_path / "c"), "--from", str(tmp_path / "mau-thong-tin-phong-trao.xlsx"))
    assert code == 2
    assert (f'  - {tmp_path / "mau-thong-tin-phong-trao.xlsx"}: trang tính "Thông tin", dòng 2, cột "Giá trị": '
            "chưa có «Tên cơ quan ban hành» — Cách sửa: ghi tên cơ quan ban hành (tên đầy đủ, ví dụ: Sở Nội vụ tỉnh "
            "Nam Định)") in output.splitlines()
    assert (f'  - {tmp_path / "mau-thong-tin-phong-trao.xlsx"}: trang tính "Đợt thi đua": chưa có đợt thi đua nào — '
            "Cách sửa: ghi ít nhất một đợt (ngày bắt đầu, ngày kết thúc) vào trang tính này") in output.splitlines()


def test_units_from_a_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["STT", "Tên đơn vị", "Tên viết tắt"])
    book.active.append([1, "Phòng Tổ chức cán bộ", "TCCB"])
    book.active.append([2, "Thanh tra Sở", None])
    book.save(tmp_path / "don-vi.xlsx")
    options = [o for o in OPTIONS if o not in ("--unit", "Văn phòng Sở", "Phòng Công chức, viên chức", "Thanh tra Sở")]
    code, output = invoke("init", str(tmp_path / "c"), *options, "--units", str(tmp_path / "don-vi.xlsx"), "--no-input")
    assert code == 0, output
    assert [(u.name, u.short_name) for u in load_campaign(tmp_path / "c").units] == [
        ("Phòng Tổ chức cán bộ", "TCCB"), ("Thanh tra Sở", None)]


@pytest.fixture()
def started(tmp_path: Path) -> Path:
    folder = tmp_path / "c"
    assert invoke("init", str(folder), *OPTIONS, "--no-input")[0] == 0
    return folder


def test_blank_nominee_workbook_offers_lists_and_reads_back_as_written(started: Path) -> None:
    book = load_workbook(started / "mau-de-nghi-khen-thuong.xlsx")
    assert book.sheetnames == ["Tập thể", "Cá nhân", "Hướng dẫn", "Danh mục"]
    assert [c.value for c in book["Cá nhân"][1]] == ["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị",
                                                     "Hình thức khen thưởng", "Thành tích", "Ghi chú"]
    lists = book["Danh mục"]
    offered = {}
    for rule in book["Cá nhân"].data_validations.dataValidation:
        column = re.match(r"'Danh mục'!\$([A-Z])\$2:\$[A-Z]\$(\d+)", rule.formula1)
        assert column is not None
        offered[str(rule.sqref)[0]] = [c.value for c in lists[column[1]][1:int(column[2])]]
    assert offered == {
        "C": ["Nam", "Nữ"],
        "E": ["Văn phòng Sở", "Phòng Công chức, viên chức", "Thanh tra Sở"],
        "F": ["Giấy khen", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"],
    }
    book["Tập thể"].append([1, "Văn phòng Sở", None, offered["F"][0], None, None])
    for n, form in enumerate(offered["F"], start=1):
        book["Cá nhân"].append([n, f"Nguyễn Văn {'AB'[n - 1]}", offered["C"][n - 1], "Chuyên viên", offered["E"][n - 1],
                                form, None, None])
    book.save(started / "dot-1" / "de-nghi-khen-thuong.xlsx")
    assert nominee_counts(load(started), 1) == [
        NomineeCount("Giấy khen", 1, 1), NomineeCount("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 0, 1)]
    campaign = load_campaign(started)
    assert campaign.awards is not None
    nominees = read_nominees(started / "dot-1" / "de-nghi-khen-thuong.xlsx", campaign.units, load_rules())
    assert [(n.name, n.honorific, n.unit, n.form) for n in nominees] == [
        ("Văn phòng Sở", None, "Văn phòng Sở", "giay-khen"),
        ("Nguyễn Văn A", "Ông", "Văn phòng Sở", "giay-khen"),
        ("Nguyễn Văn B", "Bà", "Phòng Công chức, viên chức", "bang-khen-tinh"),
    ]


def test_blank_results_workbook_offers_the_units_and_reads_back(started: Path) -> None:
    book = load_workbook(started / "mau-ket-qua.xlsx")
    (rule,) = book["Kết quả"].data_validations.dataValidation
    assert str(rule.sqref) == "B2:B501" and rule.errorStyle == "warning"
    book["Kết quả"].cell(row=2, column=3, value=5)  # "Số văn bản chỉ đạo" (no "Số tổ": no per-team target)
    book.save(started / "dot-1" / "ket-qua.xlsx")
    period = read_phase(load_campaign(started), started, 1)
    figures = {unit.name: result.documents if result else None for unit, result in period.results}
    assert figures == {"Văn phòng Sở": 5, "Phòng Công chức, viên chức": None, "Thanh tra Sở": None}


def test_template_de_nghi_khen_thuong_for_a_campaign_and_without(started: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = invoke("template", "de-nghi-khen-thuong", str(started), "--out", str(out))
    assert (code, output) == (0, f"Đã ghi: {out / 'c' / 'mau-de-nghi-khen-thuong.xlsx'}\n")
    code, output = invoke("template", "de-nghi-khen-thuong", "--out", str(out))
    assert (code, output) == (0, f"Đã ghi: {out / 'mau-de-nghi-khen-thuong.xlsx'}\n")
    lists = load_workbook(out / "mau-de-nghi-khen-thuong.xlsx")["Danh mục"]
    forms = [c.value for c in lists["A"][1:]]
    rules = load_rules()
    assert "Giấy khen" in forms and all(rules.form_key(f) is not None for f in forms)
