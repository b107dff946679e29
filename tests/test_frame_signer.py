"""The signature block of one to three authority lines, and the user's own line break in a long
issuer or parent-body name, in every kind (DOCX and PDF), accepted by the ND30 checker; bad
authority lines are located errors (issue 13, point 5)."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from cli import main
from pipeline.build.engine import build_phase, build_plan
from pipeline.check import check_document
from pipeline.nd30 import layout as L
from tests.conftest import SAMPLE
from tests.docxread import paragraphs
from tests.pdfread import page_texts

SIGNER = ("  authority: KT.                          # quyền hạn: TM., KT., TL., TUQ., Q. (bỏ trống nếu người đứng "
          "đầu ký)\n  on_behalf_of: Trưởng ban                # chức danh người đứng đầu (ký thay)\n"
          "  title: Phó Trưởng ban                   # chức vụ người ký\n")
LINES = ["TL. Trưởng ban", "KT. Chánh Văn phòng", "Phó Chánh Văn phòng"]
PRINTED = ["TL. TRƯỞNG BAN", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
PARENT = ("  parent_body: UBND thành phố Hải Phòng", '  parent_body: "UBND thành phố\\nHồ Chí Minh"')
ISSUER = ("  header_name: Ban Quản lý Khu kinh tế ", '  header_name: "Ủy ban nhân dân\\nthành phố Hà Nội" #')


def _campaign(folder: Path, lines: list[str] | None = LINES) -> Path:
    shutil.copytree(SAMPLE, folder)
    path = folder / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    assert SIGNER in text and PARENT[0] in text and ISSUER[0] in text
    if lines is not None:
        text = text.replace(SIGNER, f"  authority_lines: {json.dumps(lines, ensure_ascii=False)}\n")
    path.write_text(text.replace(PARENT[0], PARENT[1]).replace(ISSUER[0], ISSUER[1]), encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Variant:
    """The sample with a three-line signature and broken header names: each kind's DOCX and PDF."""

    docx: dict[str, Path]
    pdf: dict[str, Path]
    findings: int


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> Variant:
    root = tmp_path_factory.mktemp("frame-signer")
    folder = _campaign(root / "ubnd")
    plan = build_plan(folder, root / "out")
    built = build_phase(folder, root / "out", phase=1)
    dot = built.result.folder
    names = {"ke-hoach": plan.docx, "bao-cao-so-ket": dot / "bao-cao-so-ket.docx", "to-trinh": dot / "to-trinh.docx",
             "quyet-dinh-khen-thuong": dot / "quyet-dinh-khen-thuong.docx",
             "giay-khen": sorted((dot / "giay-khen").glob("*.docx"))[0],
             "danh-sach-gui": dot / "danh-sach-gui" / "quyet-dinh-khen-thuong.docx"}
    assert all(p.exists() for p in names.values()), names
    return Variant(names, {k: p.with_suffix(".pdf") for k, p in names.items()}, built.result.findings)


def _styled(docx: Path, style: str) -> list[Paragraph]:
    return [p for p in paragraphs(Document(str(docx))) if p.style is not None and p.style.name == style]


@pytest.mark.parametrize("kind", ["ke-hoach", "bao-cao-so-ket", "to-trinh", "quyet-dinh-khen-thuong", "giay-khen"])
def test_three_authority_lines_in_every_kind(variant: Variant, kind: str) -> None:
    assert [p.text for p in _styled(variant.docx[kind], L.SIGN_AUTHORITY.name)] == PRINTED
    text = page_texts(variant.pdf[kind])
    signed = next(t for t in text if PRINTED[0] in t)
    lines = [line.strip() for line in signed.splitlines()]
    first = lines.index(PRINTED[0])
    assert lines[first:first + 3] == PRINTED


def test_three_authority_lines_pass_the_nd30_checker(variant: Variant) -> None:
    assert variant.findings == 0
    for kind in ("ke-hoach", "quyet-dinh-khen-thuong", "to-trinh"):
        assert [f for f in check_document(variant.docx[kind]) if f.severity == "error"] == [], kind


@pytest.mark.parametrize("kind", ["ke-hoach", "bao-cao-so-ket", "quyet-dinh-khen-thuong", "giay-khen",
                                  "danh-sach-gui"])
def test_the_users_line_break_in_header_names(variant: Variant, kind: str) -> None:
    for style, want in ((L.PARENT_BODY.name, ("UBND THÀNH PHỐ", "HỒ CHÍ MINH")),
                        (L.ISSUER.name, ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"))):
        (para,) = _styled(variant.docx[kind], style)
        assert para.text == "\n".join(want)
        assert len(para._p.findall(f".//{qn('w:br')}")) == 1
    lines = [line.strip() for line in page_texts(variant.pdf[kind])[0].splitlines()]
    start = lines.index("UBND THÀNH PHỐ")
    assert lines[start:start + 4] == ["UBND THÀNH PHỐ", "HỒ CHÍ MINH", "ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]


def test_the_rule_under_a_broken_name_follows_its_longest_line(variant: Variant) -> None:
    doc = Document(str(variant.docx["quyet-dinh-khen-thuong"]))
    cell = doc.tables[0].cell(0, 0)
    rule = next(p for p in cell.paragraphs if p.style is not None and p.style.name == L.RULE.name)
    length = cell.width.mm - rule.paragraph_format.left_indent.mm - rule.paragraph_format.right_indent.mm
    longest = L.text_width_mm("THÀNH PHỐ HÀ NỘI", L.ISSUER.size, bold=True)
    assert length == pytest.approx(longest * L.RULE_RATIO[L.ISSUER.name], abs=0.2)


@pytest.mark.parametrize(("lines", "what"), [
    (["TM. Ủy ban nhân dân", "KT. Chủ tịch", "Phó Chủ tịch", "Ủy viên"],
     "signer.authority_lines: có 4 dòng; khối chữ ký có từ 1 đến 3 dòng quyền hạn, chức vụ"),
    (["KT. Chủ tịch", "", "Phó Chủ tịch"], "signer.authority_lines[2]: đang để trống"),
    (["PT. Chủ tịch", "Phó Chủ tịch"],
     "signer.authority_lines: dòng 1 «PT. Chủ tịch»: «PT.» không phải quyền hạn ký của ND30 (TM., KT., TL., TUQ., Q.)"),
    (["KT Chủ tịch", "Phó Chủ tịch"],
     "dòng 1 «KT Chủ tịch»: viết quyền hạn là «KT.» (in hoa, liền, có dấu chấm), không phải «KT»"),
    (["Chủ tịch", "Phó Chủ tịch"], "dòng 1 «Chủ tịch»: dòng trên chức vụ người ký phải bắt đầu bằng quyền hạn"),
    (["KT. Chủ tịch", "TM. Ủy ban nhân dân", "Phó Chủ tịch"], "dòng 2 «TM. Ủy ban nhân dân»: «TM.» (thay mặt tập thể) "
     "chỉ đứng ở dòng đầu"),
    (["KT. Chủ tịch"], "dòng 1 «KT. Chủ tịch»: dòng cuối là chức vụ của người ký, không bắt đầu bằng «KT.»"),
    (["TUQ. Chủ tịch", "KT. Giám đốc", "Phó Giám đốc"], "dòng 2 «KT. Giám đốc»: người ký thừa ủy quyền (TUQ.) không "
     "được ủy quyền tiếp"),
])
def test_bad_authority_lines_are_located_errors(tmp_path: Path, lines: list[str], what: str) -> None:
    folder = _campaign(tmp_path / "c", lines)
    line = next(n for n, text in enumerate((folder / "campaign.yaml").read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("  authority_lines:"))
    result = CliRunner().invoke(main, ["plan", str(folder), "--out", str(tmp_path / "o"), "--no-pdf"])
    assert result.exit_code == 2
    assert f"campaign.yaml:{line}: " in result.output and what in result.output and "Cách sửa:" in result.output
    assert not (tmp_path / "o" / "c" / "ke-hoach.docx").exists()


def test_authority_lines_exclude_the_other_signer_fields(tmp_path: Path) -> None:
    folder = _campaign(tmp_path / "c", None)
    path = folder / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(SIGNER, SIGNER + '  authority_lines: ["Trưởng ban"]\n'), encoding="utf-8")
    result = CliRunner().invoke(main, ["plan", str(folder), "--out", str(tmp_path / "o"), "--no-pdf"])
    assert result.exit_code == 2
    assert ("đã ghi «authority_lines» thì không ghi «authority», «on_behalf_of», «title»" in result.output)


def test_one_authority_line_the_head_signs(tmp_path: Path) -> None:
    folder = _campaign(tmp_path / "c", ["Trưởng ban"])
    docx = build_plan(folder, tmp_path / "o", pdf=False).docx
    assert [p.text for p in _styled(docx, L.SIGN_AUTHORITY.name)] == ["TRƯỞNG BAN"]


def test_a_signer_without_title_nor_lines_is_a_located_error(tmp_path: Path) -> None:
    folder = _campaign(tmp_path / "c", None)
    path = folder / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(SIGNER, SIGNER.split("\n")[0] + "\n" + SIGNER.split("\n")[1] + "\n"), encoding="utf-8")
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("signer:"))
    result = CliRunner().invoke(main, ["plan", str(folder), "--out", str(tmp_path / "o"), "--no-pdf"])
    assert result.exit_code == 2
    assert (f"campaign.yaml:{line}: signer: thiếu chức vụ người ký «title» (hoặc các dòng «authority_lines») — "
            "Cách sửa: thêm «title: Phó Trưởng ban» (chức vụ người ký)") in result.output
