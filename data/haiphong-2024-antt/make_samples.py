"""Make the sample results workbooks of the Hải Phòng campaign (figures invented).

Run from the repository root: ``.venv/bin/python data/haiphong-2024-antt/make_samples.py``.
Writes dot-1/ket-qua.xlsx, dot-2/ket-qua.xlsx and the empty template mau-ket-qua.xlsx;
the figures below are what the tests expect (tests/test_review_figures.py).

Cases built in on purpose (Đợt 1, 3 months): Phòng Quản lý đầu tư reports 79,5% tips
(typed as text "79,5") against ≥ 80% → Không đạt; Văn phòng đại diện sits exactly on two
thresholds: 80% tips (meets "≥ 80%") and 90% household information (misses "> 90%");
Công ty cổ phần Vật liệu xây dựng Cát Hải leaves household information blank (chưa báo
cáo); Công ty TNHH Bao bì Minh Phương sends nothing; Công ty TNHH Cơ khí chính xác Tràng
Duệ has 4 teams and exactly 12 good deeds (4 × 3 months → Đạt), its tips cell formatted
as a percentage (0,863 shown 86,3%); Công ty TNHH May mặc An Dương 6 teams, 15 deeds
(needs 18 → Không đạt).
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from pipeline.campaign.load import load_campaign  # noqa: E402
from pipeline.campaign.workbooks import write_results_workbook  # noqa: E402

KEYS = ("teams documents meetings participants nguon_tin co_mat_vu_viec mo_hinh pccc co_so_vi_pham "
        "nhan_khau vu_khi tai_pham tuan_tra tngt viec_tot").split()

# unit: teams, documents, meetings, participants, then the 11 targets in campaign order
PHASE_1 = {
    "Văn phòng": (2, 5, 3, 86, 85, 100, 1, 100, 0, 95.5, 0, 0, 100, 0, 8),
    "Phòng Quản lý đầu tư": (2, 3, 2, 54, "79,5", 100, 1, 100, 0, 92, 0, 0, 100, 0, 7),
    "Phòng Quản lý quy hoạch và xây dựng": (2, 4, 2, 61, 82, 100, 0, 100, 0, 91.2, 0, 0, 100, 0, 6),
    "Phòng Quản lý doanh nghiệp và lao động": (3, 6, 4, 120, 88, 100, 2, 100, 1, 94, 0, 0, 100, 0, 10),
    "Phòng Quản lý tài nguyên và môi trường": (2, 3, 2, 48, 81, 95, 1, 100, 0, 93.5, 0, 0, 100, 0, 5),
    "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp": (3, 4, 3, 75, 90, 100, 1, 100, 0, 96, 0, 0, 100, 0, 11),
    "Văn phòng đại diện tại Khu kinh tế Đình Vũ - Cát Hải": (4, 7, 5, 210, 80, 100, 1, 100, 0, 90, 0, 0, 100, 0, 14),
    "Công ty TNHH Cơ khí chính xác Tràng Duệ": (4, 2, 2, "1.234", 0.863, 100, 1, 100, 0, 97, 0, 0, 100, 0, 12),
    "Công ty cổ phần Logistics Đình Vũ Xanh": (5, 3, 2, 312, 83, 100, 1, 100, 0, 92.5, 0, 1, 100, 0, 16),
    "Công ty TNHH Điện tử Nam Cầu Kiền": (6, 4, 3, 845, 91, 100, 3, 100, 0, 98, 0, 0, 100, 0, 22),
    "Công ty TNHH May mặc An Dương": (6, 2, 1, 530, 84, 100, 1, 100, 0, 95, 0, 0, "97,5", 0, 15),
    "Công ty cổ phần Vật liệu xây dựng Cát Hải": (3, 2, 2, 140, 78, 100, 1, 100, 0, None, 0, 0, 100, 1, 9),
    "Công ty TNHH Thực phẩm Đông Hải": (3, 3, 2, 260, 87, 100, 1, 100, 0, 91, 0, 0, 100, 0, 10),
}
TEXTS_1 = {
    "Văn phòng": {
        "strengths": "Ban hành kịp thời văn bản triển khai; lực lượng nắm chắc địa bàn, phản ánh tin nhanh.",
        "proposals": "Đề nghị tổ chức tập huấn kỹ năng vận động quần chúng cho các tổ.",
    },
    "Phòng Quản lý đầu tư": {
        "shortcomings": "Tỷ lệ nguồn tin qua lực lượng chưa đạt chỉ tiêu.",
        "causes": "Một số tổ viên mới được kiện toàn, chưa quen địa bàn.",
    },
    "Phòng Quản lý quy hoạch và xây dựng": {
        "shortcomings": "Chưa xây dựng được mô hình được Công an cấp huyện biểu dương.",
    },
    "Văn phòng đại diện tại Khu kinh tế Đình Vũ - Cát Hải": {
        "strengths": "Phối hợp chặt chẽ với Công an phường trong tuần tra dịp Tết Nguyên đán.",
    },
    "Công ty TNHH Điện tử Nam Cầu Kiền": {
        "strengths": "Mô hình \"Công nhân tự quản về an ninh, trật tự\" được Công an quận biểu dương.",
    },
    "Công ty TNHH May mặc An Dương": {
        "shortcomings": "Việc tốt của các tổ chưa đều giữa các tháng; một số tổ viên chưa tham gia tuần tra.",
        "causes": "Công nhân làm theo ca, khó bố trí thời gian tham gia.",
        "proposals": "Đề nghị bố trí lịch tuần tra theo ca sản xuất.",
    },
    "Công ty cổ phần Vật liệu xây dựng Cát Hải": {
        "shortcomings": "Để xảy ra 01 vụ tai nạn giao thông nghiêm trọng trên tuyến đường vào nhà máy.",
        "causes": "Mật độ xe tải lớn, tổ tuần tra chưa bố trí đủ người giờ cao điểm.",
    },
}

# Đợt 2 (7 months): every unit reports, Bao bì Minh Phương included.
PHASE_2 = {
    "Văn phòng": (2, 4, 2, 80, 88, 100, 1, 100, 0, 96, 0, 0, 100, 0, 15),
    "Phòng Quản lý đầu tư": (2, 3, 2, 50, 84, 100, 1, 100, 0, 93, 0, 0, 100, 0, 14),
    "Phòng Quản lý quy hoạch và xây dựng": (2, 3, 2, 58, 85, 100, 1, 100, 0, 92, 0, 0, 100, 0, 14),
    "Phòng Quản lý doanh nghiệp và lao động": (3, 5, 3, 110, 90, 100, 2, 100, 0, 95, 0, 0, 100, 0, 22),
    "Phòng Quản lý tài nguyên và môi trường": (2, 2, 2, 45, 82, 100, 1, 100, 0, 94, 0, 0, 100, 0, 14),
    "Trung tâm Xúc tiến đầu tư và Hỗ trợ doanh nghiệp": (3, 3, 2, 70, 91, 100, 1, 100, 0, 96.5, 0, 0, 100, 0, 23),
    "Văn phòng đại diện tại Khu kinh tế Đình Vũ - Cát Hải": (4, 6, 4, 190, 86, 100, 2, 100, 0, 93, 0, 0, 100, 0, 30),
    "Công ty TNHH Cơ khí chính xác Tràng Duệ": (4, 2, 2, 1180, 88, 100, 1, 100, 0, 97.5, 0, 0, 100, 0, 29),
    "Công ty cổ phần Logistics Đình Vũ Xanh": (5, 3, 2, 300, 85, 100, 1, 100, 0, 93, 0, 0, 100, 0, 36),
    "Công ty TNHH Điện tử Nam Cầu Kiền": (6, 3, 2, 820, 92, 100, 2, 100, 0, 98, 0, 0, 100, 0, 45),
    "Công ty TNHH May mặc An Dương": (6, 2, 2, 515, 86, 100, 1, 100, 0, 95, 0, 0, 100, 0, 44),
    "Công ty cổ phần Vật liệu xây dựng Cát Hải": (3, 2, 2, 150, 82, 100, 1, 100, 0, 91.5, 0, 0, 100, 0, 21),
    "Công ty TNHH Thực phẩm Đông Hải": (3, 3, 2, 240, 89, 100, 1, 100, 0, 92, 0, 0, 100, 0, 22),
    "Công ty TNHH Bao bì Minh Phương": (2, 1, 1, 95, 81, 100, 0, 100, 0, 91, 0, 0, 100, 0, 12),
}


def rows(figures: dict[str, tuple[object, ...]], texts: dict[str, dict[str, str]]) -> list[dict[str, object]]:
    """Return the sample rows as dicts by column key."""
    return [{"unit": unit, **dict(zip(KEYS, values, strict=True)), **texts.get(unit, {})}
            for unit, values in figures.items()]


def main() -> None:
    """Write the sample workbooks and the empty template beside this script."""
    campaign = load_campaign(HERE)
    for phase, figures, texts in ((1, PHASE_1, TEXTS_1), (2, PHASE_2, {})):
        target = HERE / f"dot-{phase}" / "ket-qua.xlsx"
        target.parent.mkdir(exist_ok=True)
        write_results_workbook(campaign, target, rows(figures, texts))
        if phase == 1:  # one cell formatted as a percentage, as Excel users often do
            book = load_workbook(target)
            ws = book.active
            col = [c.value for c in ws[1]].index("Tỷ lệ nguồn tin qua lực lượng (%)") + 1
            row = 2 + list(figures).index("Công ty TNHH Cơ khí chính xác Tràng Duệ")
            ws.cell(row, col).number_format = "0.0%"
            book.save(target)
        print(f"Đã ghi: {target}")
    template = write_results_workbook(campaign, HERE / "mau-ket-qua.xlsx")
    print(f"Đã ghi: {template}")


if __name__ == "__main__":
    main()
