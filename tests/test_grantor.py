"""An award form written with who awards it goes to that one, or is refused (fresh-user trial:
"Giấy khen của Chủ tịch UBND tỉnh" became the issuer's own Giấy khen without a word)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.build.prepare import load, prepare_decide
from pipeline.errors import DataError
from tests.nominees_sample import COLLECTIVES, GK, write_workbook


def _with_form(campaign: Path, form: str) -> None:
    first = (COLLECTIVES[0][0], COLLECTIVES[0][1], form, *COLLECTIVES[0][3:])
    write_workbook(campaign / "dot-1" / "de-nghi-khen-thuong.xlsx", [first, *COLLECTIVES[1:]])


@pytest.mark.parametrize("form", [GK, "Giấy khen của Trưởng ban", "Giấy khen của Trưởng ban Ban Quản lý Khu kinh tế",
                                  "giay khen cua truong ban ban quan ly khu kinh te hai phong"])
def test_the_issuers_own_giay_khen(campaign_copy: Path, form: str) -> None:
    _with_form(campaign_copy, form)
    prepared = prepare_decide(load(campaign_copy), phase=1)
    assert prepared.decision is not None
    assert COLLECTIVES[0][0] in str(prepared.decision)


def test_a_giay_khen_of_another_giver_is_refused_where_it_is_written(campaign_copy: Path) -> None:
    _with_form(campaign_copy, "Giấy khen của Chủ tịch UBND tỉnh")
    with pytest.raises(DataError) as caught:
        prepare_decide(load(campaign_copy), phase=1)
    (problem,) = caught.value.problems
    assert problem.where == 'trang tính "Tập thể", dòng 4, cột "Hình thức khen thưởng"'  # header on row 3
    assert problem.what == (f"«{COLLECTIVES[0][0]}»: «Giấy khen của Chủ tịch UBND tỉnh» do Chủ tịch UBND tỉnh tặng, "
                            "không phải Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng (Quyết định này) hay Chủ tịch "
                            "Ủy ban nhân dân thành phố (cấp trên nhận Tờ trình)")
    assert problem.fix == ("ghi «Giấy khen» (của Trưởng ban Ban Quản lý Khu kinh tế Hải Phòng), hoặc gửi đề nghị "
                           "này đến Chủ tịch UBND tỉnh bằng văn bản riêng")
