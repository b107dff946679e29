"""The generated plan reads exactly like the seed plan (../shared/seeds), line by line."""

from __future__ import annotations

import difflib
import re

from docx import Document

from tests.conftest import Built
from tests.docxread import norm, paragraphs

# The evident typos of the seed, fixed in the campaign data (see its header comment).
SEED_FIXES: list[tuple[str, str]] = [
    ("phần đầu", "phấn đấu"),
    ("động bộ", "đồng bộ"),
    ("xuất 4 sắc", "xuất sắc"),
    ("Công thông tin", "Cổng thông tin"),
    ("Công TTĐT BQL", "Cổng TTĐT BQL"),
    ("(03/02/1930- 03/02/2025 \"", "(03/02/1930 - 03/02/2025)\""),
    ("Đợt 1: Từ 01/11/2024", "Đợt 1: Từ ngày 01/11/2024"),
    ("Việt Nam(19/8/1945", "Việt Nam (19/8/1945"),
    ("(02/9/1945-02/9/2025)", "(02/9/1945 - 02/9/2025)"),
]
# Paragraphs the PDF extraction split at a page break: (end of first part, start of second).
SPLIT_PARAGRAPHS = [("tham gia,", "phần đầu,"), ("lực lượng tham", "gia bảo vệ")]


def seed_lines(seed: str) -> list[str]:
    """Return the seed's lines as a reader sees them: emphasis marks gone, splits joined,
    typos fixed, white space folded."""
    lines = [re.sub(r"\*+", "", line) for line in seed.splitlines() if line.strip()]
    joined: list[str] = []
    for line in lines:
        if joined and any(joined[-1].rstrip().endswith(a) and line.startswith(b) for a, b in SPLIT_PARAGRAPHS):
            joined[-1] = joined[-1].rstrip() + " " + line
        else:
            joined.append(line)
    out = []
    for line in joined:
        line = norm(line)
        for wrong, right in SEED_FIXES:
            line = line.replace(wrong, right)
        out.append(line)
    return out


def test_fix_list_applies_to_the_seed(seed_text: str) -> None:
    # every listed fix must match the seed once; a fix that matches nothing is a stale entry
    text = norm(re.sub(r"\*+", "", seed_text))
    joined = " ".join(seed_lines(seed_text))
    for wrong, _ in SEED_FIXES:
        assert wrong in text or wrong in joined.replace("Từ ngày 01/11", "Từ 01/11"), wrong
    assert len(seed_lines(seed_text)) == len([ln for ln in seed_text.splitlines() if ln.strip()]) - 2


def test_every_seed_line_appears_in_order(built: Built, seed_text: str) -> None:
    generated = [norm(p.text) for p in paragraphs(Document(str(built.docx))) if p.text.strip()]
    missing, near = [], []
    cursor = 0
    for line in seed_lines(seed_text):
        try:
            cursor = generated.index(line, cursor) + 1
        except ValueError:
            missing.append(line)
            close = difflib.get_close_matches(line, generated, n=1, cutoff=0.8)
            if close:
                near.append(f"seed: {line}\n gen: {close[0]}")
    assert not missing, "seed lines not found in order:\n" + "\n".join(near or missing)


def test_header_block_restored_before_the_seed_text(built: Built) -> None:
    generated = [norm(p.text) for p in paragraphs(Document(str(built.docx))) if p.text.strip()]
    assert generated[:8] == [
        "UBND THÀNH PHỐ HẢI PHÒNG",
        "BAN QUẢN LÝ KHU KINH TẾ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: /KH-BQL",
        "Hải Phòng, ngày tháng 11 năm 2024",
        "KẾ HOẠCH",
        "Triển khai phát động phong trào thi đua đặc biệt trong lực lượng tham gia bảo vệ an "
        "ninh trật tự ở cơ sở",
    ]
