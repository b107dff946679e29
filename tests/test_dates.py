"""Dates that make sense: each rule of pipeline.campaign.dates as a clerk meets it, and --date."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli import main
from tests.golden import docx_text


def _run(*args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, [*args, "--no-pdf"])
    problems = [line[4:] for line in result.output.splitlines() if line.startswith("  - ")]
    return result.exit_code, problems, result.output


def _edit(campaign: Path, old: str, new: str) -> tuple[Path, int]:
    """Replace ``old`` by ``new`` in campaign.yaml; return its path and the edited line."""
    yaml = campaign / "campaign.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    yaml.write_text(text, encoding="utf-8")
    return yaml, next(n for n, line in enumerate(text.splitlines(), start=1) if new.splitlines()[0] in line)


def test_a_plan_dated_before_the_document_it_implements(campaign_copy: Path, tmp_path: Path) -> None:
    yaml, line = _edit(campaign_copy, "  issue_date: 11/2024", "  issue_date: 10/2024")
    code, problems, _ = _run("plan", str(campaign_copy), "--out", str(tmp_path / "o"))
    assert code == 2
    assert problems == [
        f"{yaml}:{line}: plan.issue_date: Kế hoạch ghi ngày 10/2024, trước ngày 08/11/2024 của Kế hoạch số "
        "133/KH-BCĐ 799 mà Kế hoạch thực hiện (plan.implements) — Cách sửa: sửa ngày Kế hoạch (plan.issue_date) "
        "hoặc ngày văn bản cấp trên (plan.implements.date): Kế hoạch chỉ ban hành sau văn bản nó thực hiện",
    ]
    assert not (tmp_path / "o").exists()


def test_a_draft_plan_of_the_same_month_is_accepted(campaign_copy: Path, tmp_path: Path) -> None:
    # 11/2024 may be any day of November: not surely before 08/11/2024
    code, _, output = _run("plan", str(campaign_copy), "--out", str(tmp_path / "o"))
    assert code == 0, output


def test_a_signed_plan_dated_before_the_document_it_implements(campaign_copy: Path, tmp_path: Path) -> None:
    yaml, line = _edit(campaign_copy, "  plan_date: 15/11/2024", "  plan_date: 05/11/2024")
    code, problems, _ = _run("plan", str(campaign_copy), "--out", str(tmp_path / "o"))
    assert code == 2
    assert problems == [
        f"{yaml}:{line}: awards.plan_date: Kế hoạch ghi ngày 05/11/2024, trước ngày 08/11/2024 của Kế hoạch số "
        "133/KH-BCĐ 799 mà Kế hoạch thực hiện (plan.implements) — Cách sửa: sửa ngày Kế hoạch (awards.plan_date) "
        "hoặc ngày văn bản cấp trên (plan.implements.date): Kế hoạch chỉ ban hành sau văn bản nó thực hiện",
    ]


def test_plan_date_option(campaign_copy: Path, tmp_path: Path) -> None:
    code, problems, _ = _run("plan", str(campaign_copy), "--out", str(tmp_path / "o"), "--date", "01/11/2024")
    assert code == 2
    assert problems == ["--date: Kế hoạch ghi ngày 01/11/2024, trước ngày 08/11/2024 của Kế hoạch số 133/KH-BCĐ "
                        "799 mà Kế hoạch thực hiện (plan.implements) — Cách sửa: ghi --date từ 08/11/2024 trở đi"]
    code, _, output = _run("plan", str(campaign_copy), "--out", str(tmp_path / "o"), "--date", "02/12/2024")
    assert code == 0, output
    assert "Hải Phòng, ngày tháng 12 năm 2024" in docx_text(tmp_path / "o" / campaign_copy.name / "ke-hoach.docx")


def test_a_decision_in_the_campaign_dated_before_its_phase_ends(campaign_copy: Path, tmp_path: Path) -> None:
    yaml, line = _edit(campaign_copy, "decision_date: 14/02/2025", "decision_date: 20/01/2025")
    code, problems, _ = _run("decide", str(campaign_copy), "--phase", "1", "--out", str(tmp_path / "o"))
    assert code == 2
    assert problems == [
        f"{yaml}:{line}: awards.phases[1].decision_date: Quyết định khen thưởng Đợt 1 ghi ngày 20/01/2025, trước "
        "khi Đợt 1 kết thúc (03/02/2025): kết quả của Đợt 1 chưa có — Cách sửa: ghi ngày từ 03/02/2025 trở đi",
    ]


def test_a_proposal_in_the_campaign_dated_before_its_phase_ends(campaign_copy: Path, tmp_path: Path) -> None:
    yaml, line = _edit(campaign_copy, "      decision_date: 14/02/2025",
                       "      submission_date: 01/02/2025\n      decision_date: 14/02/2025")
    code, problems, _ = _run("decide", str(campaign_copy), "--phase", "1", "--out", str(tmp_path / "o"))
    assert code == 2
    assert problems == [
        f"{yaml}:{line}: awards.phases[1].submission_date: Tờ trình đề nghị khen thưởng Đợt 1 ghi ngày 01/02/2025, "
        "trước khi Đợt 1 kết thúc (03/02/2025): kết quả của Đợt 1 chưa có — Cách sửa: ghi ngày từ 03/02/2025 trở đi",
    ]


def test_decide_date_before_the_phase_ends_and_before_the_plan(campaign_copy: Path, tmp_path: Path) -> None:
    code, problems, _ = _run("decide", str(campaign_copy), "--phase", "1", "--date", "15/06/2024",
                             "--out", str(tmp_path / "o"))
    assert code == 2
    assert problems == [
        "--date: Quyết định khen thưởng Đợt 1 ghi ngày 15/6/2024, trước khi Đợt 1 kết thúc (03/02/2025): kết quả "
        "của Đợt 1 chưa có — Cách sửa: ghi ngày từ 03/02/2025 trở đi",
        "--date: Quyết định khen thưởng ghi ngày 15/6/2024, trước ngày 15/11/2024 của Kế hoạch mà nó căn cứ "
        "(awards.plan_date) — Cách sửa: ghi ngày từ 15/11/2024 trở đi, hoặc sửa ngày Kế hoạch đã ký "
        "(awards.plan_date) cho đúng",
    ]
    assert not (tmp_path / "o").exists()


def test_a_decision_in_the_campaign_dated_before_the_plan_it_cites(campaign_copy: Path, tmp_path: Path) -> None:
    # phase 1 ends 03/02/2025; a plan signed after that makes the decision of 14/02/2025 too early
    yaml, line = _edit(campaign_copy, "  plan_date: 15/11/2024", "  plan_date: 20/02/2025")
    decision_line = next(n for n, text in enumerate(yaml.read_text(encoding="utf-8").splitlines(), start=1)
                         if "decision_date: 14/02/2025" in text)
    code, problems, _ = _run("decide", str(campaign_copy), "--phase", "1", "--out", str(tmp_path / "o"))
    assert code == 2
    assert problems == [
        f"{yaml}:{decision_line}: awards.phases[1].decision_date: Quyết định khen thưởng ghi ngày 14/02/2025, trước "
        "ngày 20/02/2025 của Kế hoạch mà nó căn cứ (awards.plan_date) — Cách sửa: ghi ngày từ 20/02/2025 trở đi, "
        "hoặc sửa ngày Kế hoạch đã ký (awards.plan_date) cho đúng",
    ]


def test_report_date_option(campaign_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    code, problems, _ = _run("report", str(campaign_copy), "--phase", "1", "--no-chart", "--date", "15/01/2025",
                             "--out", str(out))
    assert code == 2
    assert problems == ["--date: Báo cáo sơ kết Đợt 1 ghi ngày 15/01/2025, trước khi Đợt 1 kết thúc (03/02/2025): "
                        "kết quả của Đợt 1 chưa có — Cách sửa: ghi ngày từ 03/02/2025 trở đi"]
    assert not out.exists()
    code, _, output = _run("report", str(campaign_copy), "--phase", "1", "--no-chart", "--date", "10/07/2025",
                           "--out", str(out))
    assert code == 0, output
    text = docx_text(out / campaign_copy.name / "dot-1" / "bao-cao-so-ket.docx")
    assert "Hải Phòng, ngày tháng 7 năm 2025" in text  # a draft: the day is filled in when issued
    code, problems, _ = _run("report", str(campaign_copy), "--final", "--no-chart", "--date", "01/08/2025",
                             "--out", str(out))
    assert code == 2
    assert problems == ["--date: Báo cáo tổng kết phong trào ghi ngày 01/8/2025, trước khi phong trào kết thúc "
                        "(19/8/2025): kết quả của phong trào chưa có — Cách sửa: ghi ngày từ 19/8/2025 trở đi"]


def test_report_without_date_is_dated_at_the_phase_end(campaign_copy: Path, tmp_path: Path) -> None:
    code, _, output = _run("report", str(campaign_copy), "--phase", "1", "--no-chart", "--out", str(tmp_path / "o"))
    assert code == 0, output
    text = docx_text(tmp_path / "o" / campaign_copy.name / "dot-1" / "bao-cao-so-ket.docx")
    assert "Hải Phòng, ngày tháng 02 năm 2025" in text


def test_build_date_dates_the_report_and_the_decision(campaign_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    code, _, output = _run("build", str(campaign_copy), "--phase", "1", "--date", "20/3/2025", "--out", str(out))
    assert code == 0, output
    folder = out / campaign_copy.name / "dot-1"
    assert "Hải Phòng, ngày tháng 3 năm 2025" in docx_text(folder / "bao-cao-so-ket.docx")
    decision = docx_text(folder / "quyet-dinh-khen-thuong.docx")
    assert "Hải Phòng, ngày tháng 3 năm 2025" in decision
    assert "(Kèm theo Quyết định số /QĐ-BQL ngày tháng 3 năm 2025 của" in decision
    code, _, output = _run("build", str(campaign_copy), "--phase", "1", "--date", "20/01/2025", "--out", str(out))
    assert code == 2
    assert output == ("Lỗi: dữ liệu có 1 lỗi, chưa tạo văn bản nào:\n  - --date: Văn bản sơ kết Đợt 1 ghi ngày "
                      "20/01/2025, trước khi Đợt 1 kết thúc (03/02/2025): kết quả của Đợt 1 chưa có — Cách sửa: ghi "
                      "ngày từ 03/02/2025 trở đi\n")
