"""Commendation authorities as data (Luật Thi đua, khen thưởng 2022 Điều 77–80): a Sở director's
Giấy khen, a district chairman's, a province chairman's Bằng khen — what the decision says, the
money, and what goes up in a Tờ trình. Contexts only: no LibreOffice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from pipeline.build.prepare import load, prepare_decide
from pipeline.campaign.awards import Subject, award_amount, load_rules
from pipeline.campaign.init import ContentFacts, Facts, PhaseFacts, UnitFacts, start_campaign
from pipeline.errors import DataError
from pipeline.nd30 import kinds as K
from pipeline.nd30.kinds import KindSpec
from tests.rendered import texts as rendered_texts

ND152 = ("Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân quyền "
         "trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi "
         "đua, khen thưởng")
ND98 = ("Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
        "điều của Luật Thi đua, khen thưởng")
LAW = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"


def campaign(tmp_path: Path, *, issuer: str, authority: str, head: str, decided: str,
             rows: list[tuple[str, str, str]], units: tuple[str, ...] = ("Văn phòng",),
             phase_end: dt.date = dt.date(2025, 12, 20)) -> Path:
    """Return a campaign folder made by ``vanban init`` for ``issuer`` with ``authority``,
    its plan signed, phase 1 decided on ``decided``, nominees ``rows`` (sheet "TT" or "CN",
    name, form)."""
    folder = tmp_path / authority
    facts = Facts(
        values={"issuer": issuer, "abbreviation": "X", "place": "Nam Định", "authority": authority,
                "signer_title": head, "signer_name": "Trần Văn Bình", "name": "phong trào thi đua năm 2025",
                "theme": "Đoàn kết", "participants": "Cán bộ, công chức"},
        phases=(PhaseFacts(dt.date(2025, 1, 1), phase_end),),
        contents=(ContentFacts("Thi đua hoàn thành nhiệm vụ"),), units=tuple(UnitFacts(u) for u in units),
    )
    start_campaign(folder, facts, today=dt.date(2025, 1, 2))
    path = folder / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  # plan_number: 05", "  plan_number: 3")
    text = text.replace("  # plan_date: 15/11/2024", "  plan_date: 05/01/2025")
    text = text.replace("  # phases:\n  #   - phase: 1\n  #     decision_date: 14/02/2025",
                        f"  phases:\n    - phase: 1\n      decision_date: {decided}")
    text = text.replace("  # submission:", "  submission:").replace(
        "  #   summary:\n  #     - Sau 03 tháng triển khai Đợt 1, …",
        "    summary: [Các đơn vị hoàn thành tốt nhiệm vụ.]")
    path.write_text(text, encoding="utf-8")
    book = load_workbook(folder / "mau-de-nghi-khen-thuong.xlsx")
    for n, (sheet, name, form) in enumerate(rows, start=1):
        if sheet == "CN":
            book["Cá nhân"].append([n, name, "Nam", "Chuyên viên", units[0], form, None, None])
        else:
            book["Tập thể"].append([n, name, None, form, None, None])
    book.save(folder / "dot-1" / "de-nghi-khen-thuong.xlsx")
    return folder


def texts(context: dict[str, Any] | None, spec: KindSpec = K.DECISION) -> list[str]:
    """The body of a decision (or ``spec``'s document) as rendered from its template: the
    paragraphs after its thẩm quyền line (the first in upper case after the trích yếu)."""
    paragraphs = rendered_texts(spec, context)
    if spec is not K.DECISION:
        return paragraphs
    start = next(n for n, p in enumerate(paragraphs) if p.startswith("Căn cứ"))
    return paragraphs[start - 1:]


def test_a_department_directors_giay_khen(tmp_path: Path) -> None:
    folder = campaign(tmp_path, issuer="Sở Nội vụ tỉnh Nam Định", authority="giam-doc-so", head="Giám đốc",
                      decided="22/12/2025", rows=[("TT", "Văn phòng", "Giấy khen của Giám đốc Sở Nội vụ"),
                                                 ("CN", "Nguyễn Văn An", "Giấy khen")])
    prepared = prepare_decide(load(folder), phase=1)
    assert prepared.submission is None
    assert prepared.decision is not None
    body = texts(prepared.decision)
    assert body.pop(0) == "GIÁM ĐỐC SỞ NỘI VỤ TỈNH NAM ĐỊNH"
    assert body[:4] == [
        LAW, f"Căn cứ {ND152};",
        ("Căn cứ Kế hoạch số 03/KH-X ngày 05 tháng 01 năm 2025 của Sở Nội vụ tỉnh Nam Định về triển khai phong trào "
        "thi đua năm 2025;"),
        "Theo đề nghị của Chánh Văn phòng.",
    ]
    assert body[5].startswith("Điều 1. Tặng Giấy khen của Giám đốc Sở Nội vụ tỉnh Nam Định cho 01 tập thể và "
                              "01 cá nhân (có danh sách kèm theo)")
    assert body[6] == ("Điều 2. Mỗi tập thể được tặng Giấy khen kèm theo tiền thưởng 1.410.000 đồng (Một triệu "
                       "bốn trăm mười nghìn đồng); mỗi cá nhân được tặng Giấy khen kèm theo tiền thưởng 710.000 đồng "
                       "(Bảy trăm mười nghìn đồng).")
    assert [stem for stem, _ in prepared.certificates] == ["001-van-phong", "002-nguyen-van-an"]


def test_a_district_chairmans_giay_khen_before_the_district_level_ended(tmp_path: Path) -> None:
    folder = campaign(tmp_path, issuer="Ủy ban nhân dân huyện Giao Thủy", authority="chu-tich-ubnd-huyen",
                      head="Chủ tịch", decided="20/6/2025", phase_end=dt.date(2025, 6, 15),  # decided after it
                      rows=[("CN", "Lê Văn Bình", "Giấy khen của Chủ tịch Ủy ban nhân dân huyện")])
    prepared = prepare_decide(load(folder), phase=1)
    body = texts(prepared.decision)
    assert body.pop(0) == "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN GIAO THỦY"
    assert body[1] == f"Căn cứ {ND98};"
    assert body[5].startswith("Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện Giao Thủy cho 01 cá nhân")
    assert "710.000 đồng" in body[6]


def test_a_province_chairman_gives_bang_khen_himself_and_proposes_the_prime_ministers(tmp_path: Path) -> None:
    folder = campaign(tmp_path, issuer="Ủy ban nhân dân tỉnh Nam Định", authority="chu-tich-ubnd-tinh",
                      head="Chủ tịch", decided="22/12/2025", units=("Văn phòng", "Sở Tài chính"),
                      rows=[("TT", "Sở Tài chính", "Bằng khen"),
                            ("CN", "Phạm Thị Hoa", "Bằng khen của Chủ tịch UBND tỉnh Nam Định"),
                            ("CN", "Vũ Văn Cường", "Bằng khen của Thủ tướng Chính phủ")])
    prepared = prepare_decide(load(folder), phase=1)
    body = texts(prepared.decision)[1:]
    assert body[5].startswith("Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh Nam Định cho 01 tập thể "
                              "và 01 cá nhân")
    assert body[6] == ("Điều 2. Mỗi tập thể được tặng Bằng khen kèm theo tiền thưởng 7.020.000 đồng (Bảy triệu "
                       "không trăm hai mươi nghìn đồng); mỗi cá nhân được tặng Bằng khen kèm theo tiền thưởng "
                       "3.510.000 đồng (Ba triệu năm trăm mười nghìn đồng).")
    assert prepared.submission is not None
    submission = texts(prepared.submission, K.SUBMISSION)
    assert "Kính gửi: Thủ tướng Chính phủ" in submission
    assert "tặng Bằng khen của Thủ tướng Chính phủ cho 01 cá nhân" in " ".join(submission)


def test_a_department_sends_the_province_chairmans_bang_khen_up_in_a_to_trinh(tmp_path: Path) -> None:
    folder = campaign(tmp_path, issuer="Sở Y tế tỉnh Nam Định", authority="giam-doc-so", head="Giám đốc",
                      decided="22/12/2025", rows=[("CN", "Trần Văn Nam", "Giấy khen"),
                                                 ("CN", "Đỗ Thị Mai", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")])
    prepared = prepare_decide(load(folder), phase=1)
    assert prepared.submission is not None
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh" in texts(prepared.submission, K.SUBMISSION)
    assert "Đỗ Thị Mai" not in str(prepared.decision)
    assert [stem for stem, _ in prepared.certificates] == ["001-tran-van-nam"]


def test_a_form_above_every_level_is_refused_with_what_is_allowed(tmp_path: Path) -> None:
    folder = campaign(tmp_path, issuer="Ủy ban nhân dân xã Hải Hậu", authority="chu-tich-ubnd-xa", head="Chủ tịch",
                      decided="22/12/2025", rows=[("CN", "Hoàng Văn Hải", "Bằng khen của Thủ tướng Chính phủ")])
    with pytest.raises(DataError) as caught:
        prepare_decide(load(folder), phase=1)
    (problem,) = caught.value.problems
    assert problem.where == 'trang tính "Cá nhân", dòng 2, cột "Hình thức khen thưởng"'
    assert problem.what == ("«Hoàng Văn Hải»: hình thức «Bằng khen» (bang-khen-thu-tuong) vượt thẩm quyền của Chủ tịch "
                            "(Luật Thi đua, khen thưởng 2022, Điều 80 khoản 3) và của Chủ tịch Ủy ban nhân dân tỉnh")
    assert problem.fix.startswith("dùng hình thức trong thẩm quyền: Giấy khen; Bằng khen của Chủ tịch Ủy ban nhân "
                                  "dân thành phố; ")


def test_an_unknown_authority_lists_the_allowed_ones(tmp_path: Path) -> None:
    folder = campaign(tmp_path, issuer="Sở Nội vụ", authority="giam-doc-so", head="Giám đốc", decided="22/12/2025",
                      rows=[("CN", "Trần Văn Nam", "Giấy khen")])
    path = folder / "campaign.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("authority: giam-doc-so", "authority: giam-doc-s"),
                    encoding="utf-8")
    with pytest.raises(DataError) as caught:
        prepare_decide(load(folder), phase=1)
    (problem,) = caught.value.problems
    assert (problem.file, problem.where) == (path, "awards.authority")
    assert problem.what == "thẩm quyền «giam-doc-s» không có trong quy định khen thưởng"
    assert problem.fix.startswith("có phải là «giam-doc-so»? dùng một trong: thu-tuong (Thủ tướng Chính phủ); "
                                  "chu-tich-ubnd-tinh (Chủ tịch Ủy ban nhân dân tỉnh); giam-doc-so (Giám đốc Sở); ")


def test_a_missing_field_the_decision_needs_names_the_decision(tmp_path: Path) -> None:
    folder = campaign(tmp_path, issuer="Sở Nội vụ", authority="giam-doc-so", head="Giám đốc", decided="22/12/2025",
                      rows=[("CN", "Trần Văn Nam", "Giấy khen")])
    path = folder / "campaign.yaml"
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.startswith(("  proposer:", "  fund:")))
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        prepare_decide(load(folder), phase=1)
    assert [str(p) for p in caught.value.problems] == [
        (f"{path}: awards.proposer: chưa có người đề nghị khen thưởng (dòng «Theo đề nghị của …») — trường này cần "
        "khi soạn Quyết định khen thưởng — Cách sửa: thêm vào campaign.yaml «proposer: Chánh Văn phòng»"),
        (f"{path}: awards.fund: chưa có nguồn tiền thưởng (Điều 2) — trường này cần khi soạn Quyết định khen thưởng "
        "— Cách sửa: thêm vào campaign.yaml «fund: Quỹ Thi đua, khen thưởng của <cơ quan>»"),
    ]


def test_a_commune_chairmans_money_is_its_own_data() -> None:
    rules = load_rules()
    commune = award_amount(rules, "giay-khen", Subject.INDIVIDUAL, dt.date(2025, 3, 1), authority="chu-tich-ubnd-xa")
    assert (commune.coefficient, commune.paid) == (rules.authorities["chu-tich-ubnd-xa"].money["nd98"]["giay-khen"],
                                                   710_000)
    lowered = load_rules({"authorities": {"chu-tich-ubnd-xa": {"money": {"nd98": {"giay-khen": 0.15}}}}})
    assert award_amount(lowered, "giay-khen", Subject.INDIVIDUAL, dt.date(2025, 3, 1),
                        authority="chu-tich-ubnd-xa").paid == 360_000  # 0,15 × 2.340.000 = 351.000 → 360.000
    assert award_amount(lowered, "giay-khen", Subject.INDIVIDUAL, dt.date(2025, 3, 1),
                        authority="giam-doc-so").paid == 710_000


def test_the_higher_level_defaults_to_the_rules() -> None:
    from pipeline.campaign.awards import head_title, higher_level
    from pipeline.campaign.model import Awards

    rules = load_rules()
    own = Awards(authority="giam-doc-so")
    assert (head_title(own, rules), higher_level(own, rules)) == (
        "Giám đốc", higher_level(Awards(authority="x", higher_level={"authority": "chu-tich-ubnd-tinh"}), rules))
    named = Awards(authority="giam-doc-so", head_title="Quyền Giám đốc",
                   higher_level={"authority": "chu-tich-ubnd-tinh", "title": "Chủ tịch Ủy ban nhân dân thành phố"})
    above = higher_level(named, rules)
    assert above is not None
    assert (head_title(named, rules), above.title) == ("Quyền Giám đốc", "Chủ tịch Ủy ban nhân dân thành phố")
    assert higher_level(Awards(authority="giam-doc-doanh-nghiep"), rules) is None
