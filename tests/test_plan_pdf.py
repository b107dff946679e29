"""The plan's PDF as the leader receives it: A4 pages, Liberation Serif, exact Vietnamese text."""

from __future__ import annotations

import unicodedata

import pytest
from docx import Document

from tests.conftest import HOSTILE_SIGNER, HOSTILE_THEME, Built
from tests.docxread import norm
from tests.pdfread import fonts, page_sizes_mm, page_texts


@pytest.fixture(scope="module")
def pages(built: Built) -> list[str]:
    return page_texts(built.pdf)


@pytest.fixture(scope="module")
def lines(pages: list[str]) -> list[str]:
    return [norm(line) for page in pages for line in page.splitlines() if line.strip()]


def test_pages_are_a4(built: Built) -> None:
    sizes = page_sizes_mm(built.pdf)
    assert 2 <= len(sizes) <= 6
    assert set(sizes) == {(210.0, 297.0)}


def test_only_liberation_serif_is_embedded(built: Built) -> None:
    assert fonts(built.pdf) == {
        "LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic",
    }


@pytest.mark.parametrize(
    "line",
    [
        "BAN QUẢN LÝ KHU KINH TẾ",
        "Độc lập - Tự do - Hạnh phúc",
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "V. TỔ CHỨC THỰC HIỆN",
        "Nơi nhận:",
        "- Sở Nội vụ;",
        "- Lưu: VP, VPĐD/BQL.",
        "KT. TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Nguyễn Quang Minh",
    ],
)
def test_exact_lines(lines: list[str], line: str) -> None:
    assert line in lines


def test_header_lines_share_a_row(built: Built) -> None:
    first = [norm(x) for x in page_texts(built.pdf, layout=True)[0].splitlines() if x.strip()]
    assert first[0] == "UBND THÀNH PHỐ HẢI PHÒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert first[1] == "BAN QUẢN LÝ KHU KINH TẾ Độc lập - Tự do - Hạnh phúc"
    assert first[2] == "Số: /KH-BQL Hải Phòng, ngày tháng 11 năm 2024"


def test_text_is_nfc_with_diacritics_intact(pages: list[str]) -> None:
    text = "".join(pages)
    assert unicodedata.normalize("NFC", text) == text
    for word in ("phấn đấu", "đồng bộ", "Cổng thông tin", "Hạnh phúc", "Tận tụy", "những", "Đình Vũ"):
        assert word in text, word


def _without_page_numbers(pages: list[str]) -> list[str]:
    out = [pages[0]]
    for number, page in enumerate(pages[1:], start=2):
        head, _, rest = page.lstrip().partition("\n")
        assert head.strip() == str(number)
        out.append(rest)
    return out


def test_every_body_paragraph_is_in_the_pdf(built: Built) -> None:
    # -layout keeps a hyphen at a line end ("1945 -"), which plain mode takes for hyphenation
    text = norm(" ".join(_without_page_numbers(page_texts(built.pdf, layout=True))))
    body = [norm(p.text) for p in Document(str(built.docx)).paragraphs if p.text.strip()]
    assert len(body) > 30
    assert [p for p in body if p not in text] == []


def test_page_numbers_from_page_two_only(built: Built) -> None:
    layout = page_texts(built.pdf, layout=True)
    assert not any(line.strip().isdigit() for line in layout[0].splitlines())
    for number, page in enumerate(layout[1:], start=2):
        top = next(line for line in page.splitlines() if line.strip())
        assert top.strip() == str(number)


def test_hostile_text_comes_out_literally(built: Built) -> None:
    text = norm(" ".join(page_texts(built.hostile_pdf)))
    assert HOSTILE_SIGNER in text
    assert f'"{norm(HOSTILE_THEME)}".' in text
    assert "49" not in text.split("Thi đua", 1)[0][-5:]
