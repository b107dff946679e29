"""The register of units (sổ đơn vị): one list per campaign, every document takes its units from it."""

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
from tests.conftest import SAMPLE
from tests.golden import docx_text
from tests.nominees_sample import COLLECTIVES, INDIVIDUALS, write_workbook

WORKBOOK = "dot-1/de-nghi-khen-thuong.xlsx"
OFFICIAL = [u.name for u in load_campaign(SAMPLE).units]


def _problems(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [line[4:] for line in result.output.splitlines() if line.startswith("  - ")]


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_a_nominee_of_a_unit_not_in_the_register_is_a_located_error(campaign_copy: Path, tmp_path: Path) -> None:
    individuals = [list(r) for r in INDIVIDUALS]
    individuals[4][3] = "Văn phòng Ban"  # an old spelling of «Văn phòng»
    collectives = [*COLLECTIVES, ("Tổ Bảo vệ an ninh, trật tự KCN Đình Vũ", "", "Giấy khen", "", "")]
    workbook = write_workbook(campaign_copy / WORKBOOK, collectives, [tuple(r) for r in individuals])
    result = CliRunner().invoke(main, ["decide", str(campaign_copy), "--phase", "1", "--no-pdf",
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert _problems(result) == [
        f'{workbook}: trang tính "Tập thể", dòng 9, cột "Tên tập thể": tập thể «Tổ Bảo vệ an ninh, trật tự KCN '
        "Đình Vũ» không có trong sổ đơn vị của phong trào (campaign.yaml, units) — Cách sửa: ghi đúng tên (hoặc "
        "tên viết tắt) của đơn vị như trong units; một tổ, đội thuộc đơn vị thì ghi đơn vị đó ở cột «Đơn vị», "
        "hoặc thêm đơn vị vào units của campaign.yaml",
        f'{workbook}: trang tính "Cá nhân", dòng 8, cột "Đơn vị": đơn vị «Văn phòng Ban» không có trong sổ đơn vị '
        "của phong trào (campaign.yaml, units) — Cách sửa: có phải là «Văn phòng»? ghi đúng tên (hoặc tên viết "
        "tắt) của đơn vị như trong units, hoặc thêm đơn vị vào units của campaign.yaml",
    ]
    assert not (tmp_path / "o").exists()


def test_a_short_name_given_twice_is_a_located_error(campaign_copy: Path) -> None:
    yaml = campaign_copy / "campaign.yaml"
    text = yaml.read_text(encoding="utf-8").replace("short_name: QLĐT", "short_name: VP")
    yaml.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["plan", str(campaign_copy), "--no-pdf", "--out", str(campaign_copy / "o")])
    assert result.exit_code == 2
    first = _line(text, "{name: Văn phòng, short_name: VP")
    second = _line(text, "{name: Phòng Quản lý đầu tư, short_name: VP")
    assert _problems(result) == [
        f"{yaml}:{second}: units[2].short_name: tên viết tắt «VP» trùng tên viết tắt của đơn vị «Văn phòng» "
        f"(units[1], dòng {first}): sổ kết quả, danh sách đề nghị khen thưởng ghi tên này sẽ không biết là đơn vị "
        "nào — Cách sửa: đặt cho mỗi đơn vị một tên viết tắt riêng",
    ]


def test_a_short_name_that_is_another_units_name_is_a_located_error(campaign_copy: Path) -> None:
    yaml = campaign_copy / "campaign.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("short_name: TNMT", "short_name: văn phòng"),
                    encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_campaign(campaign_copy)
    assert "units[5].short_name: tên viết tắt «văn phòng» trùng tên của đơn vị «Văn phòng»" in str(caught.value)


def test_the_older_award_list_beside_the_register_must_name_its_units(campaign_copy: Path) -> None:
    yaml = campaign_copy / "campaign.yaml"
    text = yaml.read_text(encoding="utf-8").replace(
        "  ranks:", "  units:\n    - Văn phòng\n    - Phòng Quy hoạch & Xây dựng\n  ranks:", 1)
    yaml.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["plan", str(campaign_copy), "--no-pdf", "--out", str(campaign_copy / "o")])
    assert result.exit_code == 2
    line = _line(text, "    - Phòng Quy hoạch & Xây dựng")
    assert _problems(result) == [
        f"{yaml}:{line}: awards.units[2]: đơn vị «Phòng Quy hoạch & Xây dựng» không có trong sổ đơn vị (units); "
        "mỗi đơn vị nay chỉ ghi một lần ở units (tên chính thức, short_name, group, parent), mọi văn bản lấy đơn "
        "vị từ đó — Cách sửa: có phải là «Phòng Quản lý quy hoạch và xây dựng»? xóa awards.units (thứ tự danh "
        "sách theo thứ tự của units), thêm đơn vị còn thiếu vào units",
    ]


def test_an_older_campaign_with_only_the_award_list_still_loads(campaign_copy: Path) -> None:
    yaml = campaign_copy / "campaign.yaml"
    text = yaml.read_text(encoding="utf-8")
    head, _, tail = text.partition("\nunits:")
    tail = tail[tail.index("\nreport:"):]
    names = "".join(f"    - {name}\n" for name in reversed(OFFICIAL))
    yaml.write_text(head.replace("  ranks:", f"  units:\n{names}  ranks:", 1) + "\n" + tail, encoding="utf-8")
    campaign = load_campaign(campaign_copy)
    assert [u.name for u in campaign.units] == list(reversed(OFFICIAL))
    assert campaign.unit("văn phòng") is campaign.units[-1]


def test_a_grouped_recipient_naming_no_group_of_the_register_is_a_located_error(campaign_copy: Path) -> None:
    registry = campaign_copy / "noi-nhan.yaml"
    text = registry.read_text(encoding="utf-8").replace('["Doanh nghiệp trong các KCN, KKT"]',
                                                         '["Doanh nghiệp trong KCN, KKT"]')
    registry.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["plan", str(campaign_copy), "--no-pdf", "--out", str(campaign_copy / "o")])
    assert result.exit_code == 2
    assert _problems(result) == [
        f"{registry}:{_line(text, 'Doanh nghiệp trong KCN, KKT')}: recipients[6].unit_groups[1]: không đơn vị nào "
        "của sổ đơn vị (campaign.yaml, units) thuộc khối «Doanh nghiệp trong KCN, KKT» — Cách sửa: có phải là "
        "«Doanh nghiệp trong các KCN, KKT»? ghi đúng tên khối (group) như trong units",
    ]


# --- the sample's documents -------------------------------------------------------------------

@pytest.fixture(scope="module")
def phase_1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's phase 1 built without PDF (documents only)."""
    root = tmp_path_factory.mktemp("register")
    campaign = Path(shutil.copytree(SAMPLE, root / SAMPLE.name))
    result = build_phase(campaign, root / "out", phase=1, pdf=False).result
    assert not result.failed, result.failures
    return result.folder


def _rows(text: str, header: str) -> list[list[str]]:
    """Return the table rows (cells) after the header row starting ``header``."""
    lines = text.splitlines()
    out = []
    for n, line in enumerate(lines):
        if line.startswith(header):
            for row in lines[n + 1:]:
                cells = row.split(" | ")
                if len(cells) < 3 or not cells[0].isdigit():
                    break
                out.append(cells)
    return out


def _unit_of(position: str) -> str:
    """Return the unit a "Chức vụ, đơn vị" cell or a collective's line names (the part that is
    an official name, or the whole text)."""
    return next((name for name in OFFICIAL if position == name or position.endswith(f", {name}")
                 or f", {name}, " in position or position.startswith(f"{name}, ")), position)


def test_every_document_prints_each_unit_by_its_one_official_name(phase_1: Path) -> None:
    names: set[str] = set()
    for document in ("quyet-dinh-khen-thuong", "to-trinh"):
        text = docx_text(phase_1 / f"{document}.docx")
        names |= {_unit_of(cells[1]) for cells in _rows(text, "STT | Tên tập thể")}
        names |= {_unit_of(cells[2]) for cells in _rows(text, "STT | Họ và tên")}
    report = docx_text(phase_1 / "bao-cao-so-ket.docx")
    names |= {cells[1] for cells in _rows(report, "STT | Đơn vị")}
    for certificate in (phase_1 / "giay-khen").glob("*.docx"):
        awardee, position = docx_text(certificate).splitlines()[4:6]
        alone = position == "Ban Quản lý Khu kinh tế Hải Phòng" or position.startswith("Đã có thành tích")
        names.add(awardee if alone else _unit_of(position))  # a unit itself, or a person or team of one
    book = openpyxl.load_workbook(phase_1 / "danh-sach-gui/quyet-dinh-khen-thuong.xlsx", read_only=True)
    sent = {row[1] for row in book.active.iter_rows(min_row=2, values_only=True) if row[0]}
    assert names <= set(OFFICIAL), sorted(names - set(OFFICIAL))
    assert len(names) == 14  # the report lists every unit
    assert {_unit_of(n) for n in sent if n in OFFICIAL} == set(OFFICIAL)
    for old in ("Văn phòng Ban", "Phòng Quy hoạch & Xây dựng", "KKT Đình Vũ - Cát Hải (", "Hải An", "Tràng Duệ\n"):
        assert old not in report + docx_text(phase_1 / "quyet-dinh-khen-thuong.docx")


def test_a_certificate_names_the_unit_and_its_agency(phase_1: Path) -> None:
    def lines(stem: str) -> list[str]:
        return docx_text(phase_1 / "giay-khen" / f"{stem}.docx").splitlines()[4:6]

    stems = {p.stem[4:]: p.stem for p in (phase_1 / "giay-khen").glob("*.docx")}
    assert lines(stems["do-van-hung"]) == ["Ông Đỗ Văn Hùng",
                                          "Chánh Văn phòng, Văn phòng, Ban Quản lý Khu kinh tế Hải Phòng"]
    assert lines(stems["van-phong"]) == ["Văn phòng", "Ban Quản lý Khu kinh tế Hải Phòng"]
    # a team of an enterprise: the enterprise stands alone (its own legal entity, no agency)
    assert lines(stems["to-bao-ve-an-ninh-trat-tu"]) == ["Tổ Bảo vệ an ninh, trật tự",
                                                        "Công ty TNHH Cơ khí chính xác Tràng Duệ"]
    # written by its short name in the workbook (CK), printed by its official name
    assert lines(stems["tran-thi-xuan"])[1] == "Tổ phó, Công ty TNHH Cơ khí chính xác Tràng Duệ"


def test_lists_follow_the_register_order(phase_1: Path) -> None:
    text = docx_text(phase_1 / "quyet-dinh-khen-thuong.docx")
    collectives = [cells[1] for cells in _rows(text, "STT | Tên tập thể")]
    assert collectives == ["Văn phòng", "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp",
                           "Tổ Bảo vệ an ninh, trật tự, Công ty TNHH Cơ khí chính xác Tràng Duệ",
                           "Công ty TNHH Thực phẩm Đông Hải"]
    units = [_unit_of(cells[2]) for cells in _rows(text, "STT | Họ và tên")]
    assert units == sorted(units, key=OFFICIAL.index)
    assert re.search(r"Danh sách này có 04 tập thể và 32 cá nhân\./\.", text)
