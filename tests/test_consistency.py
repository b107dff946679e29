"""One campaign, one truth: the phase's documents state the same counts, and only what the data say."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cli import main
from pipeline.build.engine import build_phase
from pipeline.campaign.load import load_campaign
from pipeline.campaign.results import read_phase
from tests.conftest import SAMPLE
from tests.golden import docx_text
from tests.nominees_sample import COLLECTIVES, INDIVIDUALS, write_workbook


@pytest.fixture(scope="module")
def phase_1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's phase 1 built without PDF."""
    root = tmp_path_factory.mktemp("truth")
    campaign = Path(shutil.copytree(SAMPLE, root / SAMPLE.name))
    result = build_phase(campaign, root / "out", phase=1, pdf=False).result
    assert not result.failed, result.failures
    return result.folder


def _sheet(path: Path) -> list[tuple[str, str, str, str, int]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [(r[1], r[2], r[3], r[5], r[4]) for r in book.active.iter_rows(min_row=2, values_only=True) if r[0]]
    book.close()
    return rows


def _count(pattern: str, text: str) -> tuple[int, int]:
    m = re.search(pattern, text)
    assert m, pattern
    return int(m["c"]), int(m["i"])


def test_counts_agree_across_the_phases_documents(phase_1: Path) -> None:
    report = docx_text(phase_1 / "bao-cao-so-ket.docx")
    decision = docx_text(phase_1 / "quyet-dinh-khen-thuong.docx")
    proposal = docx_text(phase_1 / "to-trinh.docx")
    # the report's count of nominees by award form (section IV)
    gk = _count(r"- Giấy khen: (?P<c>\d+) tập thể, (?P<i>\d+) cá nhân", report)
    bk = _count(r"- Bằng khen của Chủ tịch Ủy ban nhân dân thành phố: (?P<c>\d+) tập thể, (?P<i>\d+) cá nhân", report)
    # … is the decision's (Điều 1 and its list) and the proposal's (request and list)
    assert _count(r"Giấy khen của .+? cho (?P<c>\d+) tập thể và (?P<i>\d+) cá nhân \(có danh sách", decision) == gk
    assert _count(r"Danh sách này có (?P<c>\d+) tập thể và (?P<i>\d+) cá nhân", decision) == gk
    sections = r"I\. TẬP THỂ \((?P<c>\d+) tập thể\)\nSTT(?:.|\n)*II\. CÁ NHÂN \((?P<i>\d+) cá nhân\)"
    assert _count(sections, decision) == gk
    assert _count(r"Bằng khen của .+? cho (?P<c>\d+) tập thể và (?P<i>\d+) cá nhân \(có danh sách", proposal) == bk
    assert _count(r"Danh sách này có (?P<c>\d+) tập thể và (?P<i>\d+) cá nhân", proposal) == bk
    # … and the certificates, one per awardee of the decision
    assert len(list((phase_1 / "giay-khen").glob("*.docx"))) == sum(gk) == 36
    # the units that reported: the report's figure is the proposal's
    reported = re.search(r"Có (\d+/\d+) đơn vị gửi báo cáo kết quả", report)
    assert reported and f", {reported[1]} đơn vị tham gia phong trào đã gửi báo cáo kết quả" in proposal
    # the dispatch sheets send each document to the units it concerns, each once
    for document in ("bao-cao-so-ket", "to-trinh", "quyet-dinh-khen-thuong"):
        names = [row[0] for row in _sheet(phase_1 / f"danh-sach-gui/{document}.xlsx")]
        assert len(names) == len(set(names)), document


def test_the_decisions_dispatch_sheet_reaches_every_rewarded_unit(phase_1: Path) -> None:
    campaign = load_campaign(SAMPLE)
    decision = docx_text(phase_1 / "quyet-dinh-khen-thuong.docx")
    rewarded = set()
    for line in decision.splitlines():
        cells = line.split(" | ")
        if len(cells) >= 3 and cells[0].isdigit():
            text = cells[2] if len(cells) == 4 else cells[1]
            rewarded |= {u.name for u in campaign.units if text == u.name or text.endswith(f", {u.name}")}
    sent = {name for name, role, *_ in _sheet(phase_1 / "danh-sach-gui/quyet-dinh-khen-thuong.xlsx")
            if role == "thi hành"}
    assert len(rewarded) == 11
    assert rewarded <= sent, sorted(rewarded - sent)


def test_a_rewarded_unit_no_recipient_covers_still_gets_the_decision(campaign_copy: Path, tmp_path: Path) -> None:
    registry = campaign_copy / "noi-nhan.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        '    unit_groups: ["Doanh nghiệp trong các KCN, KKT"]\n', ""), encoding="utf-8")
    result = build_phase(campaign_copy, tmp_path / "o", phase=1, pdf=False).result
    assert not result.failed, result.failures
    rows = _sheet(result.folder / "danh-sach-gui/quyet-dinh-khen-thuong.xlsx")
    assert [(name, role, channel, copies) for name, role, channel, _, copies in rows][-5:] == [
        ("Các doanh nghiệp trong các KCN, KKT Đình Vũ - Cát Hải", "thi hành", "Bản giấy", 1),
        # the enterprises among the awardees, in the register's order
        ("Công ty TNHH Cơ khí chính xác Tràng Duệ", "thi hành", "Bản giấy", 1),
        ("Công ty cổ phần Logistics Đình Vũ Xanh", "thi hành", "Bản giấy", 1),
        ("Công ty TNHH Điện tử Nam Cầu Kiền", "thi hành", "Bản giấy", 1),
        ("Công ty TNHH Thực phẩm Đông Hải", "thi hành", "Bản giấy", 1),
    ]


def test_the_proposals_dispatch_sheet_goes_through_the_body_it_names(phase_1: Path) -> None:
    proposal = docx_text(phase_1 / "to-trinh.docx")
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố (qua Sở Nội vụ)" in proposal
    rows = _sheet(phase_1 / "danh-sach-gui/to-trinh.xlsx")
    assert rows[0][:3] == ("UBND thành phố (qua Sở Nội vụ)", "kính gửi", "Bản giấy")


def test_the_proposal_states_nothing_the_results_contradict(phase_1: Path) -> None:
    proposal = docx_text(phase_1 / "to-trinh.docx")
    part_1 = proposal[proposal.index("I. KẾT QUẢ PHONG TRÀO THI ĐUA"):proposal.index("II. ĐỀ NGHỊ KHEN THƯỞNG")]
    assert "không để xảy ra" not in part_1.lower()
    assert part_1.splitlines()[1:4] == [
        "Sau 03 tháng triển khai Đợt 1 (từ ngày 01/11/2024 đến ngày 03/02/2025), 13/14 đơn vị tham gia phong trào "
        "đã gửi báo cáo kết quả (Công ty TNHH Bao bì Minh Phương chưa báo cáo); 05 đơn vị đạt tất cả 11 chỉ tiêu "
        "thi đua.",
        "Trên địa bàn còn để xảy ra: Số cơ sở kinh doanh có điều kiện vi phạm: 01 cơ sở (Phòng Quản lý doanh "
        "nghiệp và lao động); Số người tái phạm: 01 người (Công ty cổ phần Logistics Đình Vũ Xanh); Số vụ TNGT "
        "nghiêm trọng: 01 vụ (Công ty cổ phần Vật liệu xây dựng Cát Hải).",
        "Chỉ tiêu còn đơn vị chưa đạt: Nguồn tin qua lực lượng (02 đơn vị); Có mặt kịp thời tại vụ việc (01 đơn vị); "
        "Mô hình được biểu dương (01 đơn vị); Thông tin về nhân khẩu (01 đơn vị); Tham gia tuần tra (01 đơn vị); "
        "Việc tốt (mỗi tổ, mỗi tháng) (02 đơn vị).",
    ]
    # every incident the proposal names is the report's
    report = docx_text(phase_1 / "bao-cao-so-ket.docx")
    for unit in ("Phòng Quản lý doanh nghiệp và lao động", "Công ty cổ phần Logistics Đình Vũ Xanh",
                 "Công ty cổ phần Vật liệu xây dựng Cát Hải"):
        assert unit in report


def test_the_units_meeting_every_target_are_counted_from_the_results() -> None:
    campaign = load_campaign(SAMPLE)
    period = read_phase(campaign, SAMPLE, 1)
    from pipeline.campaign.results import Verdict, summarise, targets_of

    summaries = [summarise(t, period) for t in targets_of(campaign)]
    met = [u.name for n, (u, r) in enumerate(period.results)
           if r is not None and all(s.lines[n].verdict is Verdict.MET for s in summaries)]
    assert met == ["Văn phòng", "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp",
                   "Công ty TNHH Cơ khí chính xác Tràng Duệ", "Công ty TNHH Điện tử Nam Cầu Kiền",
                   "Công ty TNHH Thực phẩm Đông Hải"]
    # the sample rewards as collectives only these units (or a team of one)
    collective_units = {(parent or name) for name, parent, *_ in COLLECTIVES}
    assert {campaign.unit(u).name for u in collective_units} <= set(met)  # type: ignore[union-attr]


def test_a_drafters_claim_the_results_contradict_is_refused(campaign_copy: Path, tmp_path: Path) -> None:
    yaml = campaign_copy / "campaign.yaml"
    claim = "      - Các đơn vị không để xảy ra vụ việc phức tạp về an ninh, trật tự.\n"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("    summary:\n", "    summary:\n" + claim, 1),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["decide", str(campaign_copy), "--phase", "1", "--no-pdf",
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert [line[4:] for line in result.output.splitlines() if line.startswith("  - ")] == [
        "awards.submission.summary[1]: đoạn tóm tắt của Tờ trình khẳng định «không để xảy ra» nhưng kết quả của đợt "
        "có: Số cơ sở kinh doanh có điều kiện vi phạm: 01 cơ sở (Phòng Quản lý doanh nghiệp và lao động); Số người "
        "tái phạm: 01 người (Công ty cổ phần Logistics Đình Vũ Xanh); Số vụ TNGT nghiêm trọng: 01 vụ (Công ty cổ phần "
        "Vật liệu xây dựng Cát Hải) — Cách sửa: xóa hoặc sửa câu này; Tờ trình đã tự tóm tắt kết quả từ sổ kết quả "
        "của đợt",
    ]
    assert not (tmp_path / "o").exists()


def test_a_proposal_needs_results_or_the_drafters_summary(campaign_copy: Path, tmp_path: Path) -> None:
    (campaign_copy / "dot-1" / "ket-qua.xlsx").unlink()
    yaml = campaign_copy / "campaign.yaml"
    text = yaml.read_text(encoding="utf-8")
    start = text.index("    summary:\n")
    yaml.write_text(text[:start] + text[text.index("  phases:", start):], encoding="utf-8")
    write_workbook(campaign_copy / "dot-1" / "de-nghi-khen-thuong.xlsx", COLLECTIVES, INDIVIDUALS)
    result = CliRunner().invoke(main, ["decide", str(campaign_copy), "--phase", "1", "--no-pdf",
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "chưa có kết quả của Đợt 1" in result.output


def test_a_collective_proposed_against_its_results_is_warned(campaign_copy: Path, tmp_path: Path) -> None:
    collectives = [*COLLECTIVES, ("QHXD", "", "Giấy khen", "", ""), ("Bao bì Minh Phương", "", "Giấy khen", "", "")]
    write_workbook(campaign_copy / "dot-1" / "de-nghi-khen-thuong.xlsx", collectives, INDIVIDUALS)
    result = CliRunner().invoke(main, ["decide", str(campaign_copy), "--phase", "1", "--no-pdf",
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "Cảnh báo: tập thể «Phòng Quản lý quy hoạch và xây dựng» được đề nghị khen thưởng nhưng Đợt 1 không đạt "
        "chỉ tiêu: Mô hình được biểu dương (báo cáo sơ kết nêu ở phần hạn chế)",
        "Cảnh báo: tập thể «Công ty TNHH Bao bì Minh Phương» được đề nghị khen thưởng nhưng chưa báo cáo kết quả "
        "Đợt 1",
    ]


def test_the_sample_proposes_no_collective_against_its_results(phase_1: Path) -> None:
    result = CliRunner().invoke(main, ["decide", str(SAMPLE), "--phase", "1", "--no-pdf",
                                       "--out", str(phase_1.parent.parent / "decide")])
    assert result.exit_code == 0, result.output
    assert "Cảnh báo" not in result.output
