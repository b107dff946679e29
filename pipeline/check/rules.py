"""The checker's rules and findings: every rule id with its title, the ``Finding`` of one
deviation, and the condensing of repeated findings into one with a count."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace

from pipeline.nd30.facts import ELEMENTS

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_VI = {ERROR: "lỗi", WARNING: "cảnh báo", INFO: "lưu ý"}

# Rules that are not a look of an element (ELEMENTS give -SIZE, -BOLD, -ITALIC, -CASE, -ALIGN).
_OWN_RULES: dict[str, str] = {
    "ND30-FILE": "Không đọc được tệp DOCX",
    "ND30-PAGE-SIZE": "Khổ giấy A4 (210 × 297 mm)",
    "ND30-PAGE-ORIENTATION": "Trang đứng (trang ngang chỉ khi có bảng biểu)",
    "ND30-MARGIN-TOP": "Lề trên 20–25 mm",
    "ND30-MARGIN-BOTTOM": "Lề dưới 20–25 mm",
    "ND30-MARGIN-LEFT": "Lề trái 30–35 mm",
    "ND30-MARGIN-RIGHT": "Lề phải 15–20 mm",
    "ND30-FONT-FAMILY": "Phông Times New Roman",
    "ND30-FONT-LEGACY": "Không dùng phông cũ TCVN3 (.VnTime) hay VNI",
    "ND30-FONT-COLOR": "Chữ màu đen",
    "ND30-TEXT-NFC": "Chữ Việt Unicode dựng sẵn (NFC, TCVN 6909:2001)",
    "ND30-TYPED-RULE": "Đường kẻ là nét vẽ (viền đoạn hoặc hình), không gõ dấu gạch dưới",
    "ND30-DRAFT": "Dự thảo: để trống số hoặc ngày",
    "ND30-NATIONAL-TITLE-MISSING": "Có Quốc hiệu",
    "ND30-MOTTO-MISSING": "Có Tiêu ngữ dưới Quốc hiệu",
    "ND30-MOTTO-TEXT": 'Tiêu ngữ viết đúng "Độc lập - Tự do - Hạnh phúc"',
    "ND30-MOTTO-RULE": "Đường kẻ dưới Tiêu ngữ dài bằng dòng chữ",
    "ND30-ISSUER-MISSING": "Có tên cơ quan ban hành",
    "ND30-ISSUER-RULE": "Đường kẻ dưới tên cơ quan ban hành dài 1/3–1/2 dòng chữ",
    "ND30-NUMBER-MISSING": 'Có dòng "Số:"',
    "ND30-NUMBER-FORM": 'Dòng số viết "Số: 05/KH-BQL"',
    "ND30-NUMBER-PADDING": "Số dưới 10 viết thêm số 0 phía trước (05)",
    "ND30-NUMBER-SPACES": "Số, ký hiệu viết liền, không có dấu cách",
    "ND30-NUMBER-TYPE": "Ký hiệu có chữ viết tắt tên loại đúng Phụ lục III (công văn thì không có)",
    "ND30-NUMBER-CV": '"CV" không phải chữ viết tắt tên loại',
    "ND30-DATE-MISSING": "Có dòng địa danh, ngày tháng",
    "ND30-DATE-PLACE": "Địa danh rồi dấu phẩy trước ngày tháng",
    "ND30-DATE-DAY": "Ngày dưới 10 viết thêm số 0 (ngày 05)",
    "ND30-DATE-MONTH": "Chỉ tháng 1, 2 viết thêm số 0 (tháng 01, tháng 02, tháng 3 … tháng 12)",
    "ND30-DATE-INVALID": "Ngày tháng có thật",
    "ND30-KIND-TITLE-MISSING": "Có tên loại văn bản",
    "ND30-KIND-TITLE-TEXT": "Tên loại đúng loại văn bản",
    "ND30-SUBJECT-MISSING": "Có trích yếu nội dung dưới tên loại",
    "ND30-SUBJECT-RULE": "Đường kẻ dưới trích yếu dài 1/3–1/2 dòng chữ",
    "ND30-VV-MISSING": 'Công văn có trích yếu "V/v …" dưới số, ký hiệu',
    "ND30-VV-FORM": 'Trích yếu công văn bắt đầu "V/v "',
    "ND30-BODY-SIZE": "Nội dung cỡ 13–14",
    "ND30-BODY-ALIGN": "Nội dung canh đều hai lề",
    "ND30-BODY-INDENT": "Thụt đầu dòng 1 cm hoặc 1,27 cm",
    "ND30-BODY-SPACING": "Cách đoạn tối thiểu 6 pt",
    "ND30-BODY-LINE-SPACING": "Giãn dòng từ dòng đơn đến 1,5 dòng",
    "ND30-CONTENT-END": 'Nội dung kết thúc bằng "./."',
    "ND30-AUTHORITY-LINE-MISSING": "Quyết định có dòng thẩm quyền ban hành (in hoa, đậm) trên các căn cứ",
    "ND30-BASIS-MISSING": "Quyết định có căn cứ ban hành",
    "ND30-BASIS-ITALIC": "Căn cứ ban hành in nghiêng",
    "ND30-BASIS-PUNCT": 'Mỗi căn cứ kết thúc bằng ";", căn cứ cuối bằng "."',
    "ND30-DECISION-WORD-MISSING": 'Quyết định có dòng "QUYẾT ĐỊNH:" sau các căn cứ',
    "ND30-DECISION-WORD-TEXT": 'Dòng "QUYẾT ĐỊNH:" có dấu hai chấm',
    "ND30-ARTICLE-MISSING": 'Quyết định có các điều ("Điều 1.") sau "QUYẾT ĐỊNH:"',
    "ND30-ARTICLE-NUMBER": 'Các điều đánh số liên tục "Điều 1.", "Điều 2." (số Ả Rập, dấu chấm)',
    "ND30-ARTICLE-BOLD": '"Điều N." in đậm',
    "ND30-ANNEX-PAGE": "Phụ lục, danh sách kèm theo bắt đầu ở trang mới",
    "ND30-ANNEX-PAGE-NUMBER": "Phụ lục đánh số trang riêng (mục mới, bắt đầu từ 1)",
    "ND30-ANNEX-REFERENCE-MISSING": 'Phụ lục có dòng "(Kèm theo … số … ngày …)" dưới tên',
    "ND30-SIGNATURE-MISSING": "Có quyền hạn, chức vụ và họ tên người ký",
    "ND30-AUTHORITY-PREFIX": "Quyền hạn ký viết TM., KT., TL., TUQ., Q. (có dấu chấm)",
    "ND30-RECIPIENTS-MISSING": 'Có "Nơi nhận:"',
    "ND30-RECIPIENTS-HEADING-TEXT": '"Nơi nhận:" có dấu hai chấm',
    "ND30-RECIPIENTS-DASH": 'Mỗi nơi nhận bắt đầu bằng "-"',
    "ND30-RECIPIENTS-PUNCT": 'Mỗi nơi nhận kết thúc bằng ";"',
    "ND30-RECIPIENTS-ARCHIVE": 'Dòng cuối "- Lưu: …." kết thúc bằng dấu chấm',
    "ND30-RECIPIENTS-ARCHIVE-VT": 'Dòng lưu có văn thư: "- Lưu: VT, <đơn vị soạn thảo>." (ND30 Phụ lục I, mục II.9.b)',
    "ND30-RECIPIENTS-AS-ABOVE": '"- Như trên;" (công văn, tờ trình, có Kính gửi) / "- Như Điều …;" (quyết định)',
    "ND30-PAGE-NUMBER-FIRST": "Không đánh số trang đầu",
    "ND30-PAGE-NUMBER-MISSING": "Đánh số trang từ trang 2 (văn bản nhiều trang)",
    "ND30-PAGE-NUMBER-POSITION": "Số trang ở giữa, lề trên (phần đầu trang)",
    "CERT-DECISION": "Giấy khen, Bằng khen ghi quyết định khen thưởng (số, ngày)",
    "CERT-SIGNATURE": "Giấy khen, Bằng khen có chức vụ và họ tên người ký",
    "DSG-TABLE": "Danh sách gửi có bảng nơi nhận",
}
_ATTR_VI = {"SIZE": "cỡ chữ", "BOLD": "chữ đậm", "ITALIC": "chữ nghiêng", "CASE": "chữ hoa, chữ thường",
            "ALIGN": "canh lề"}
RULES: dict[str, str] = {
    **_OWN_RULES,
    **{f"ND30-{key}-{attr}": f"{e.name}: {_ATTR_VI[attr]}" for key, e in ELEMENTS.items() for attr in _ATTR_VI},
}
"""Every rule id the checker reports, with its title in Vietnamese."""

@dataclass(frozen=True)
class Finding:
    """One deviation from ND30: rule id, severity (error | warning | info), where (e.g.
    "bảng 1, hàng 1, cột 2, đoạn 1"), the text there, what ND30 expects and what was found,
    and ``count``: how many places break the rule this way (one finding stands for them)."""

    file: str
    rule: str
    severity: str
    where: str
    text: str
    expected: str
    found: str
    count: int = 1

    def as_dict(self) -> dict[str, object]:
        """Return the finding as the JSON object of ``vanban check --json`` (README)."""
        data: dict[str, object] = {**asdict(self), "title": RULES.get(self.rule, "")}
        data["count"] = data.pop("count")
        return data

    def __str__(self) -> str:
        if self.rule == "TPL-VARIABLE":  # a listing, not a deviation
            return f"{self.file}: biến {self.text} — {self.expected} — {self.found}"
        text = f" «{short(self.text)}»" if self.text else ""
        return (
            f"{self.file}: {self.where}: {SEVERITY_VI[self.severity]} {self.rule} "
            f"({RULES.get(self.rule, '')}): cần {self.expected}; thấy {self.found}.{text}"
        )


def short(text: str, limit: int = 70) -> str:
    """Return ``text`` with white space folded, cut to ``limit`` characters with "…"."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


EXAMPLES = 3
"""How many places a condensed finding names (the first is its ``where``)."""
LIMIT = 5
"""The most findings one rule gives in one file; past it, they become one with a count."""


def _places(findings: Sequence[Finding], count: int) -> str:
    places = [f.where for f in findings[:EXAMPLES]]
    return "; ".join(places) + ("; …" if count > len(places) else "")


def _unit(findings: Sequence[Finding]) -> str:
    return "đoạn" if all(re.match(r"^(đoạn|bảng|hộp chữ)", f.where) for f in findings) else "chỗ"


def _merge(findings: Sequence[Finding], found: str) -> Finding:
    count = sum(f.count for f in findings)
    first = findings[0]
    if count == 1:
        return first
    return replace(first, where=_places(findings, count), found=f"{found} (ở {count} {_unit(findings)})", count=count)


def condense(findings: Iterable[Finding]) -> list[Finding]:
    """Return ``findings`` with repeats folded, in the order each rule first appears.

    Findings of one file and rule that say the same (same expected, found and severity) become
    one, naming its first places and counting them ("cỡ 12 pt (ở 8 đoạn)"); when a rule still
    gives more than ``LIMIT`` findings in a file, they become one with the total count. The
    output is bounded by the number of rules, whatever the size of the document.
    """
    groups: dict[tuple[str, str], dict[tuple[str, str, str], list[Finding]]] = {}
    for f in findings:
        groups.setdefault((f.file, f.rule), {}).setdefault((f.severity, f.expected, f.found), []).append(f)
    out: list[Finding] = []
    for same in groups.values():
        merged = [_merge(group, key[2]) for key, group in same.items()]
        if len(merged) > LIMIT:
            every = [f for group in same.values() for f in group]
            worst = next((s for s in (ERROR, WARNING, INFO) if any(f.severity == s for f in every)), INFO)
            first = next(f for f in every if f.severity == worst)
            merged = [replace(_merge([first, *[f for f in every if f is not first]], first.found), severity=worst)]
        out += merged
    return out
