"""The Tờ trình has its own Word template (templates/to-trinh.docx, source templates/nguon/to-trinh.txt):
its context gives values only and the template's variants (jinja) make each case's sentences (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.build.prepare import load, prepare_decide
from pipeline.nd30.kinds import SUBMISSION
from tests.conftest import SAMPLE
from tests.rendered import texts

GRANTOR = "Chủ tịch Ủy ban nhân dân thành phố"


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    prepared = prepare_decide(load(SAMPLE), phase=1)
    assert prepared.submission is not None
    return prepared.submission


def _body(context: dict[str, Any]) -> list[str]:
    """The paragraphs from "Kính gửi:" to "Kính trình …", and the list's subtitle."""
    out = texts(SUBMISSION, context)
    start = next(n for n, t in enumerate(out) if t.startswith("Kính gửi:"))
    end = next(n for n, t in enumerate(out) if t.startswith("Kính trình"))
    return out[start:end + 1] + [out[out.index("DANH SÁCH") + 1]]


def test_without_the_phase_results_part_i_holds_the_drafters_paragraphs_only(sample: dict[str, Any]) -> None:
    body = _body(sample | {"results": None, "summary": ["Đợt 1 có **nhiều** điển hình.", "Dòng một\nDòng hai"]})
    part = body[body.index("I. KẾT QUẢ PHONG TRÀO THI ĐUA") + 1:body.index("II. ĐỀ NGHỊ KHEN THƯỞNG")]
    assert part == ["Đợt 1 có nhiều điển hình.", "Dòng một", "Dòng hai"]


def test_results_without_incidents_say_the_targets_kept(sample: dict[str, Any]) -> None:
    results = sample["results"] | {"incidents": [], "missed": [], "missing": [], "reported": 14,
                                   "never": ["không để xảy ra tái phạm", "không có vụ TNGT nghiêm trọng"]}
    body = _body(sample | {"results": results, "summary": []})
    part = body[body.index("I. KẾT QUẢ PHONG TRÀO THI ĐUA") + 1:body.index("II. ĐỀ NGHỊ KHEN THƯỞNG")]
    assert part == [
        "Sau 03 tháng triển khai Đợt 1 (từ ngày 01/11/2024 đến ngày 03/02/2025), 14/14 đơn vị tham gia phong trào "
        "đã gửi báo cáo kết quả; 05 đơn vị đạt tất cả 11 chỉ tiêu thi đua.",
        "Tại các đơn vị đã báo cáo: không để xảy ra tái phạm; không có vụ TNGT nghiêm trọng.",
    ]


def test_two_forms_without_a_body_to_go_through(sample: dict[str, Any]) -> None:
    grants = [{"form": "Bằng khen", "who": "01 tập thể"}, {"form": "Cờ thi đua", "who": "02 tập thể"}]
    out = texts(SUBMISSION, sample | {"grants": grants, "via": ""})
    assert out[out.index("TỜ TRÌNH") + 1].startswith("Về việc đề nghị khen thưởng cho các tập thể, cá nhân đã có ")
    assert f"Kính gửi: {GRANTOR}" in out
    assert any(t.startswith(f"Ban Quản lý Khu kinh tế Hải Phòng kính đề nghị {GRANTOR} xem xét, tặng Bằng khen "
                            f"của {GRANTOR} cho 01 tập thể; tặng Cờ thi đua của {GRANTOR} cho 02 tập thể (có danh "
                            "sách kèm theo)") for t in out)
    assert out[out.index("DANH SÁCH") + 1] == "Tập thể, cá nhân được đề nghị khen thưởng"

