"""The campaign model (phong trào thi đua): issuer, signer, phases, content areas, the plan."""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import os
import re
import unicodedata
from decimal import Decimal
from functools import cached_property
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from pipeline.nd30.vi import short_date


def _nfc(value: str) -> str:
    # One paragraph per field: line breaks of a YAML block (| or >) fold into single spaces.
    return " ".join(unicodedata.normalize("NFC", value).split())


def _not_blank(value: str) -> str:
    if not value:
        raise PydanticCustomError("blank", "đang để trống")
    return value


def _scalar_as_text(value: Any) -> Any:
    # A YAML number ("reference: 133") is text to a clerk; yes/no/true/false is not.
    if isinstance(value, bool):
        raise PydanticCustomError(
            "vn_bool_text",
            "YAML đọc giá trị này là đúng/sai (yes/no, true/false, on/off), không phải văn bản",
        )
    if isinstance(value, (int, float)):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_scalar_as_text), AfterValidator(_nfc), AfterValidator(_not_blank)]
"""Non-empty text on one line: stripped, white space folded, normalised to Unicode NFC
(TCVN 6909:2001). A number is taken as its text."""


def _strip_edges(*, lead: str = "", trail: str = "", quotes: bool = False) -> AfterValidator:
    """Return a validator that drops punctuation vanban adds itself (the clerk may type it too):
    leading ``lead`` characters, trailing ``trail`` characters, surrounding quotes."""

    def strip(value: str) -> str:
        out = value.rstrip(trail).strip()
        if quotes and len(out) > 1 and out[0] in "\"“'" and out[-1] in "\"”'":
            out = out[1:-1].strip().rstrip(trail).strip()
        return out.lstrip(lead).strip() or value

    return AfterValidator(strip)


def _nfc_lines(value: str) -> str:
    # The line breaks the YAML value holds (each line end of a | block, a blank line in a >
    # block) are kept; within a line white space folds into single spaces.
    lines = (" ".join(line.split()) for line in unicodedata.normalize("NFC", value).split("\n"))
    return "\n".join(line for line in lines if line)


LinesText = Annotated[str, BeforeValidator(_scalar_as_text), AfterValidator(_nfc_lines), AfterValidator(_not_blank)]
"""Non-empty text that may hold line breaks: as ``Text``, but each line break the YAML value
holds is kept (write the item as a ``|`` block: every line of it prints on a line of its own,
a new paragraph in the body). A number is taken as its text."""

ListItem = Annotated[LinesText, _strip_edges(lead="-–•+ ")]
"""A bullet's text without its "- " (vanban writes the dash); it may hold line breaks
(``LinesText``)."""
Clause = Annotated[Text, _strip_edges(trail=";.")]
"""A Nơi nhận item or archive unit without its final ";" or "." (vanban writes them)."""

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_VN_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")
_DATE_HINT = "viết ngày theo dạng 04/02/2025 (ngày/tháng/năm) hoặc 2025-02-04"


def _make_date(year: int, month: int, day: int, raw: str) -> dt.date:
    if not 1 <= month <= 12:
        raise PydanticCustomError(
            "vn_date_invalid", "ngày «{raw}» không có thật (không có tháng {month})",
            {"raw": raw, "month": month},
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "vn_date_invalid",
            "ngày «{raw}» không có thật (tháng {month} năm {year} không có ngày {day})",
            {"raw": raw, "month": month, "year": year, "day": day},
        ) from None


def parse_date(value: Any) -> dt.date:
    """Return the date written as ``04/02/2025`` (ND30 order) or ``2025-02-04``.

    Raises a located ``PydanticCustomError`` (shown in Vietnamese) for text that is not a
    date ("tháng 3") or a date that does not exist (31/02/2025).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("vn_date_type", "phải là một ngày, không phải «{raw}»", {"raw": value})
    raw = value.strip()
    if m := _ISO.match(raw):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), raw)
    if m := _VN.match(raw):
        return _make_date(int(m[3]), int(m[2]), int(m[1]), raw)
    raise PydanticCustomError("vn_date_format", "«{raw}» không phải là một ngày", {"raw": raw})


Date = Annotated[dt.date, BeforeValidator(parse_date)]


class IssueDate(BaseModel):
    """The issue date (ngày ban hành) as far as it is known: a draft may lack the day or month.

    Written in YAML as ``2024-11`` / ``11/2024`` (month known, day left blank), ``2024``
    (year only) or a full date. ND30 Điều 15: the day is filled in when the leader signs.
    """

    model_config = ConfigDict(frozen=True)

    year: int = Field(ge=1945, le=2100)
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    @model_validator(mode="after")
    def _real_day(self) -> IssueDate:
        if self.day is not None:
            if self.month is None:
                raise PydanticCustomError("vn_date_invalid", "có ngày nhưng thiếu tháng")
            _make_date(self.year, self.month, self.day, f"{self.day}/{self.month}/{self.year}")
        return self

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, (dt.date, dt.datetime)):
            return {"year": value.year, "month": value.month, "day": value.day}
        if isinstance(value, int) and not isinstance(value, bool):
            return {"year": value}
        if isinstance(value, str):
            raw = value.strip()
            if re.fullmatch(r"\d{4}", raw):
                return {"year": int(raw)}
            for pattern, order in ((_ISO_MONTH, (1, 2)), (_VN_MONTH, (2, 1))):
                if m := pattern.match(raw):
                    year, month = int(m[order[0]]), int(m[order[1]])
                    if not 1 <= month <= 12:
                        raise PydanticCustomError(
                            "vn_date_invalid", "tháng {month} không có thật", {"month": month}
                        )
                    return {"year": year, "month": month}
            d = parse_date(raw)
            return {"year": d.year, "month": d.month, "day": d.day}
        return value

    @property
    def date(self) -> dt.date | None:
        """Return the full date when day and month are known, else None."""
        if self.month and self.day:
            return dt.date(self.year, self.month, self.day)
        return None


class Model(BaseModel):
    """Base of every campaign model: unknown fields are errors (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SigningAuthority(enum.StrEnum):
    """Signing authority prefix (quyền hạn ký), ND30 Điều 13 and Phụ lục I, mục II.7.b."""

    ON_BEHALF = "TM."  # thay mặt tập thể
    DEPUTY = "KT."  # ký thay người đứng đầu
    BY_ORDER = "TL."  # thừa lệnh
    BY_DELEGATION = "TUQ."  # thừa ủy quyền
    ACTING = "Q."  # quyền (cấp phó được giao quyền cấp trưởng)


class Issuer(Model):
    """The issuing body (cơ quan ban hành) and its parent body (cơ quan chủ quản).

    ``name`` is the full name used in running text ("Ban Quản lý Khu kinh tế Hải Phòng");
    ``header_name`` the name as written in the header block, when shorter (defaults to
    ``name``); ``header_name`` and ``parent_body`` may hold the user's own line breaks
    ("Ủy ban nhân dân\\nthành phố Hà Nội", or a ``|`` block): the header breaks there and
    nowhere else the text fits (``LinesText``); ``abbreviation`` the part of every symbol
    after the type ("BQL" in KH-BQL);
    ``place`` the place name (địa danh) of the date line; ``register_file`` the outgoing-document
    register (sổ đăng ký văn bản đi) file, relative to the campaign folder (default:
    ``so-van-ban.sqlite`` there); a register outside the campaign folder (``..`` or an
    absolute path: one shared by several campaigns) only with ``register_outside: true``.
    """

    parent_body: LinesText | None = None
    name: Text
    header_name: LinesText | None = None
    abbreviation: Text
    place: Text
    register_outside: bool = False  # before register_file, whose check reads it
    register_file: Text | None = None

    @field_validator("register_file")
    @classmethod
    def _a_path_inside(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return value
        if bad := re.search(r"[\x00-\x1f\x7f]", value):
            raise PydanticCustomError("vn_path_control", "đường dẫn có ký tự điều khiển (mã {code})",
                                      {"code": f"{ord(bad[0]):#04x}"})
        outside = (value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value)
                   or os.path.normpath(value).replace("\\", "/").split("/")[0] == "..")
        if outside and not info.data.get("register_outside"):
            raise PydanticCustomError(
                "vn_register_outside", "sổ đăng ký văn bản đi «{path}» ở ngoài thư mục phong trào", {"path": value})
        return value

    @field_validator("abbreviation")
    @classmethod
    def _no_spaces(cls, value: str) -> str:
        if re.search(r"\s|-|/", value):
            raise PydanticCustomError(
                "vn_abbreviation", "«{raw}» có dấu cách, «-» hoặc «/»", {"raw": value}
            )
        return value


class Signer(Model):
    """The person who signs (người ký) with the signing authority (quyền hạn).

    Either ``authority`` (one of TM., KT., TL., TUQ., Q., or absent when the head signs in
    their own name) with ``on_behalf_of`` (the head's title for KT./TL./TUQ., the collective
    for TM.) and ``title`` (the signer's own title, chức vụ) — vanban writes one or two lines;
    or ``authority_lines``: the one to three lines above the signature as printed (in any
    case; vanban writes them in capitals), e.g. ["TL. Chủ tịch", "KT. Chánh Văn phòng", "Phó
    Chánh Văn phòng"] (``authority_line_problem`` says what ND30 forbids). ``name`` is the
    full name (họ và tên). ND30 Điều 13; Phụ lục I, mục II.7.
    """

    authority: SigningAuthority | None = None
    on_behalf_of: Text | None = None
    title: Text | None = None
    authority_lines: list[Text] | None = None
    name: Text

    @field_validator("authority_lines")
    @classmethod
    def _lines_as_nd30_writes_them(cls, lines: list[str] | None) -> list[str] | None:
        if lines is None:
            return lines
        if not 1 <= len(lines) <= MAX_AUTHORITY_LINES:
            raise PydanticCustomError(
                "vn_authority_lines_count",
                "có {count} dòng; khối chữ ký có từ 1 đến {most} dòng quyền hạn, chức vụ (ND30 Phụ lục I, mục II.7)",
                {"count": len(lines), "most": MAX_AUTHORITY_LINES})
        for n, line in enumerate(lines, start=1):
            problem = authority_line_problem(line, n, len(lines), lines[:n - 1])
            if problem:
                raise PydanticCustomError("vn_authority_line", "dòng {n} «{line}»: {problem}",
                                          {"n": n, "line": line, "problem": problem})
        return lines

    @model_validator(mode="after")
    def _authority_needs_head(self) -> Signer:
        if self.authority_lines is not None:
            extra = [f for f in ("authority", "on_behalf_of", "title") if getattr(self, f) is not None]
            if extra:
                raise PydanticCustomError(
                    "vn_signer_both",
                    "đã ghi «authority_lines» thì không ghi {fields}: các dòng quyền hạn, chức vụ viết cả ở đó",
                    {"fields": ", ".join(f"«{f}»" for f in extra)})
            return self
        if self.title is None:
            raise PydanticCustomError(
                "vn_signer_title", "thiếu chức vụ người ký «title» (hoặc các dòng «authority_lines»)")
        needs_head = self.authority not in (None, SigningAuthority.ACTING)
        if not needs_head and self.on_behalf_of:
            raise PydanticCustomError(
                "vn_signer_extra_head",
                "«on_behalf_of» chỉ dùng với quyền hạn TM., KT., TL., TUQ.; {case}",
                {"case": "người được giao quyền (Q.) ký dưới chức danh người đứng đầu: ghi chức danh đó ở «title»"
                 if self.authority else "chưa ghi quyền hạn «authority» (cấp phó ký thay thì ghi KT.)"},
            )
        if needs_head and not self.on_behalf_of:
            raise PydanticCustomError(
                "vn_signer_head",
                "quyền hạn «{auth}» cần chức danh người đứng đầu hoặc tên tập thể ở «on_behalf_of»"
                " (ví dụ: «Trưởng ban»)",
                {"auth": self.authority.value if self.authority else ""},
            )
        return self


MAX_AUTHORITY_LINES = 3
"""The most lines above a signature: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
(ND30 Phụ lục I, mục II.7; ND30.md)."""

_PREFIX_LIKE = re.compile(r"^(T\.?\s?M|K\.?\s?T|T\.?\s?L|T\.?\s?U\.?\s?Q|Q)\.?(?=\s)", re.IGNORECASE)


def authority_prefix(line: str) -> str | None:
    """Return the authority prefix a signature line begins with, as written ("KT.", "Kt",
    "T.M."), or None; "Q" counts only followed by a dot."""
    m = _PREFIX_LIKE.match(line)
    if m is None or (m.group(1).upper() == "Q" and not m.group(0).endswith(".")):
        return None
    return m.group(0)


_PREFIXES = frozenset(a.value for a in SigningAuthority)


def _bare_prefix(written: str | None) -> str | None:
    return None if written is None else re.sub(r"[.\s]", "", written).upper() + "."


def authority_line_problem(line: str, n: int, count: int, before: list[str]) -> str | None:
    """Return what ND30 forbids in line ``n`` (1-based) of ``count`` authority lines, or None.

    ND30 Điều 13; Phụ lục I, mục II.7.b: every line but the last (the signer's own title)
    begins with TM., KT., TL. or TUQ. (TM. only first; the same prefix never twice; TUQ. is
    not delegated again); the last line is a title, "Q. …" (quyền) at most.
    """
    written = authority_prefix(line)
    prefix = _bare_prefix(written)
    unknown = re.match(r"^(\w{1,4}\.)\s", line)
    if written is None and unknown and unknown.group(1).upper() not in _PREFIXES:
        return f"«{unknown.group(1)}» không phải quyền hạn ký của ND30 (TM., KT., TL., TUQ., Q.)"
    if written is not None and written.upper() != prefix:
        return f"viết quyền hạn là «{prefix}» (in hoa, liền, có dấu chấm), không phải «{written}»"
    last = n == count
    if not last and prefix is None:
        return ("dòng trên chức vụ người ký phải bắt đầu bằng quyền hạn TM., KT., TL. hoặc TUQ. "
                "(ví dụ «KT. Chủ tịch»)")
    if last and prefix not in (None, "Q."):
        return (f"dòng cuối là chức vụ của người ký, không bắt đầu bằng «{prefix}»; sau «{prefix} …» "
                "viết thêm một dòng chức vụ (ví dụ «KT. Chủ tịch» rồi «Phó Chủ tịch»)")
    if not last and prefix == "Q.":
        return "«Q.» (quyền) chỉ đứng ở dòng chức vụ cuối cùng (ví dụ «Q. Giám đốc»)"
    if prefix == "TM." and n != 1:
        return "«TM.» (thay mặt tập thể) chỉ đứng ở dòng đầu"
    previous = [_bare_prefix(authority_prefix(b)) for b in before]
    if prefix is not None and prefix in previous:
        return f"quyền hạn «{prefix}» đã có ở dòng trên"
    if prefix is not None and "TUQ." in previous:
        return "người ký thừa ủy quyền (TUQ.) không được ủy quyền tiếp cho người khác ký (ND30 Điều 13)"
    return None


class DocumentRef(Model):
    """Another document cited by number and date (văn bản được viện dẫn).

    Rendered as "<kind> số <reference> ngày <dd/mm/yyyy> của <issuer> <subject>".
    """

    kind: Text
    reference: Text
    date: Date
    issuer: Text
    subject: Text


class Phase(Model):
    """A phase of the campaign (đợt thi đua): first and last day (inclusive) and, if any, the
    dedication (nội dung chào mừng) quoted after the phase's dates in the plan."""

    start: Date
    end: Date
    dedication: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.end < self.start:
            raise PydanticCustomError(
                "vn_phase_order",
                "ngày kết thúc {end} trước ngày bắt đầu {start}",
                {"end": short_date(self.end), "start": short_date(self.start)},
            )
        return self


class Comparator(enum.StrEnum):
    """How a unit's value is compared with a target's threshold (cách so sánh chỉ tiêu).

    ``NONE`` is "không để xảy ra": the value must be 0 (the threshold is ignored).
    """

    AT_LEAST = ">="
    MORE_THAN = ">"
    EQUAL = "="
    AT_MOST = "<="
    NONE = "không để xảy ra"


class TargetUnit(enum.StrEnum):
    """The unit of a target's value: percent (0–100), a count, or a count per team per
    month (the unit reports its total over the phase and its number of teams)."""

    PERCENT = "%"
    COUNT = "count"
    PER_TEAM_MONTH = "per_team_month"


MAX_FIGURE = Decimal(1_000_000_000)
"""The largest count or threshold a campaign's data may hold: no figure of a campaign comes
near it, and ``1e308`` is a typing slip that would print a 309-digit number."""
MAX_NUMBER = 9999
"""The largest document number (số văn bản): numbers run from 01 each year (ND30 Điều 15)."""


class Target(Model):
    """A target of a content area (chỉ tiêu): metric, comparator, threshold, unit.

    ``key`` names the metric in code; ``header`` is the column of the units' results
    workbook; ``label`` the short name on the chart and in sentences; ``wording`` the words
    the plan uses (they must appear in the content area's text, emphasis marks aside);
    ``measure`` the unit of measure (đơn vị tính) of a count, written after its figures
    ("15 mô hình", "01 vụ"; a per-team-per-month target: "việc tốt").
    """

    key: Text
    header: Text
    label: Text
    comparator: Comparator
    threshold: Decimal = Decimal(0)
    unit: TargetUnit
    wording: Text
    measure: Text | None = None

    @model_validator(mode="after")
    def _sane(self) -> Target:
        if not self.threshold.is_finite() or self.threshold > MAX_FIGURE:
            raise PydanticCustomError("vn_too_large", "ngưỡng {value} quá lớn (lớn hơn {limit})",
                                      {"value": f"{self.threshold:.3g}", "limit": "1.000.000.000"})
        if self.unit is TargetUnit.PERCENT and not Decimal(0) <= self.threshold <= Decimal(100):
            raise PydanticCustomError(
                "vn_target_percent", "ngưỡng {value}% nằm ngoài 0–100", {"value": str(self.threshold)}
            )
        if self.threshold < 0:
            raise PydanticCustomError("vn_target_negative", "ngưỡng không được âm", {})
        return self


class ContentArea(Model):
    """An emulation content area (nội dung thi đua): its title line and its text.

    ``text`` may use inline emphasis (``*…*`` italic, ``**…**`` bold), e.g. for the
    parenthesised targets the seed plan prints in italics; without it the plan prints the
    title alone. ``targets`` are the area's structured targets (chỉ tiêu), each quoting words
    of ``text``.
    """

    title: Annotated[Text, AfterValidator(lambda v: re.sub(r"^\d+\.\s+", "", v))]
    text: Text | None = None
    targets: list[Target] = Field(default_factory=list)

    @model_validator(mode="after")
    def _wording_in_text(self) -> ContentArea:
        plain = " ".join((self.text or "").replace("*", "").split())
        for target in self.targets:
            if " ".join(target.wording.split()) not in plain:
                raise PydanticCustomError(
                    "vn_target_wording",
                    "chỉ tiêu «{key}»: lời văn «{wording}» không có trong nội dung (text)",
                    {"key": target.key, "wording": target.wording},
                )
        return self


class Recipient(Model):
    """One line of Nơi nhận: the recipient's name and, if any, the purpose ("để báo cáo")."""

    name: Clause
    purpose: Annotated[Text, _strip_edges(lead="(", trail=")")] | None = None


class Implementation(Model):
    """The plan's "Tổ chức thực hiện" part: an introductory sentence and the duties."""

    intro: Text
    duties: list[ListItem] = Field(min_length=1)


class Plan(Model):
    """The campaign plan (Kế hoạch) that launches the campaign — the seed document.

    ``issue_date`` may lack the day (a draft); ``implements`` is the higher document this one
    carries out, if any (without it the "Thực hiện …" sentence is left out); ``closing`` the
    final sentence before "./."; ``archive`` the units of the "Lưu:" line.
    """

    subject: Text
    issue_date: IssueDate
    number: int | None = Field(default=None, ge=1, le=MAX_NUMBER)
    implements: DocumentRef | None = None
    purposes: list[ListItem] = Field(min_length=1)
    requirements: list[ListItem] = Field(min_length=1)
    implementation: Implementation
    closing: Annotated[Text, _strip_edges(trail="./")]
    recipients: list[Recipient] = []  # older campaigns; now in noi-nhan.yaml (pipeline.campaign.distribution)
    archive: list[Clause] = []
    signer: Signer | None = None


class HigherLevel(Model):
    """The higher level a commendation proposal (Tờ trình) goes to (cấp trên).

    ``authority`` is a key of the rules' ``authorities`` (e.g. "chu-tich-ubnd-tinh");
    ``title`` the awarding person as written after "của" and after "Kính gửi:" ("Chủ tịch Ủy
    ban nhân dân thành phố"; default: the authority's ``title`` in the rules); ``via`` the
    body the file goes through ("Sở Nội vụ"), if any.
    Luật Thi đua, khen thưởng 2022 Điều 79; ND30.md §2.5 B.
    """

    authority: Text
    title: Text | None = None
    via: Text | None = None


class Distribution(Model):
    """Nơi nhận of one document kind, after its fixed first line ("- Như Điều 3;", "- Như
    trên;"): the other recipients and the "Lưu:" units."""

    recipients: list[Recipient] = []
    archive: list[Text] = []


class SubmissionText(Distribution):
    """The proposal's (Tờ trình) own text: ``summary``, the drafter's paragraphs added after
    the summary of results vanban computes from the phase's results (they may not claim what
    the results contradict), then its Nơi nhận."""

    summary: list[ListItem] = []


class PhaseAwards(Model):
    """Commendation at one phase close (khen thưởng sơ kết đợt): the decision's date (which
    picks the legal bases, base salary and coefficients) and, once registered, its number;
    the proposal's number and date (default: the decision's date)."""

    phase: int = Field(ge=1, le=99)
    decision_date: Date | None = None
    decision_number: int | None = Field(default=None, ge=1, le=MAX_NUMBER)
    submission_date: Date | None = None
    submission_number: int | None = Field(default=None, ge=1, le=MAX_NUMBER)


class Awards(Model):
    """How the issuer commends (khen thưởng): its authority, its head, the higher level, the
    documents its decisions cite, the order of lists and per-phase decision data.

    ``authority`` is a key of the rules' ``authorities`` (Luật Thi đua, khen thưởng 2022
    Điều 80); ``head_title`` the head's title ("Trưởng ban"), giving "TRƯỞNG BAN BAN QUẢN LÝ
    KHU KINH TẾ HẢI PHÒNG" and "Giấy khen của Trưởng ban …" (default: the authority's
    ``head_title`` in the rules); ``higher_level`` the level a Tờ trình goes to (default: the
    authority's ``higher`` in the rules); ``charter`` and ``commendation_rules`` the issuer's
    charter and its Quy chế thi đua, khen thưởng, cited by the decision when given;
    ``plan_number``/``plan_date`` the signed campaign plan (default: plan.number and a full
    plan.issue_date); ``proposer`` whose proposal the decision follows; ``executors`` who
    carry it out (Điều 3); ``fund`` where the money comes from (Điều 2) — these three only the
    decision needs: a missing one is reported when a decision is made; ``ranks`` the order of
    titles within a unit in the lists (the units' order is the register's, ``Campaign.units``;
    ``units`` here is what older campaigns wrote, checked against the register); ``order``
    "structure" or "alphabetical"; ``rules`` overrides of pipeline/campaign/rules/khen-thuong.yaml.
    """

    authority: Text
    head_title: Text | None = None
    higher_level: HigherLevel | None = None
    charter: DocumentRef | None = None
    commendation_rules: DocumentRef | None = None
    plan_number: int | None = Field(default=None, ge=1, le=MAX_NUMBER)
    plan_date: Date | None = None
    proposer: Text | None = None
    executors: Text | None = None
    fund: Text | None = None
    units: list[Text] = []
    ranks: list[Text] = []
    order: str = Field(default="structure", pattern="^(structure|alphabetical)$")
    decision: Distribution | None = None  # older campaigns; now in noi-nhan.yaml
    submission: SubmissionText | None = None
    phases: list[PhaseAwards] = []
    rules: dict[str, Any] | None = None


def fold(text: str) -> str:
    """Return ``text`` folded for matching names: no diacritics, đ → d, case-folded, single
    spaces ("Văn phòng  BAN" and "van phong ban" match; the same folding as the workbooks'
    headers, pipeline.campaign.excel.header_key)."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


class Unit(Model):
    """A unit of the campaign (đơn vị): one entry of its register of units (sổ đơn vị).

    ``name`` is the unit's one official name (tên chính thức), printed by every document;
    ``short_name`` (tên viết tắt, unique in the register) is accepted for it in the workbooks;
    ``group`` the block it belongs to (khối, e.g. "Doanh nghiệp trong các KCN, KKT"), which a
    grouped Nơi nhận line expands to (noi-nhan.yaml, ``unit_groups``); ``parent`` the agency
    it belongs to (cơ quan), printed after it on a certificate so that the certificate stands
    alone — none for a unit that is its own legal entity (an enterprise); ``channel`` and
    ``copies`` how the dispatch sheet sends it documents (default: those of its Nơi nhận
    line). The register's order is the order of the reports and of the lists.
    """

    name: Text
    short_name: Text | None = None
    group: Text | None = None
    parent: Text | None = None
    channel: Literal["điện tử", "cổng TTĐT", "giấy"] | None = None
    copies: int | None = Field(default=None, ge=1, le=999)

    @property
    def full_name(self) -> str:
        """Return the name that stands alone: "Văn phòng, Ban Quản lý Khu kinh tế Hải Phòng"
        (the unit, then its agency), or the name alone for a unit without an agency."""
        return f"{self.name}, {self.parent}" if self.parent else self.name


class Report(Model):
    """The phase review report's own data (báo cáo sơ kết / tổng kết): "Kính gửi" lines,
    directions for the next phase (phương hướng), the agency's own recommendations to the
    level above (kiến nghị với cấp trên, in "ĐỀ XUẤT, KIẾN NGHỊ"), Nơi nhận and the "Lưu:"
    units."""

    greeting: list[Text] = Field(default_factory=list)
    directions: list[ListItem] = Field(default_factory=list)
    recommendations: list[ListItem] = Field(default_factory=list)
    recipients: list[Recipient] = []  # older campaigns; now in noi-nhan.yaml (pipeline.campaign.distribution)
    archive: list[Text] = []


class Campaign(Model):
    """An emulation campaign (phong trào thi đua) with the plan that launched it.

    ``name`` is the campaign as named in text ("phong trào thi đua đặc biệt trong …");
    ``phases`` are in order and must not overlap; ``signer`` signs every document unless a
    document names its own; ``abbreviations`` (chữ viết tắt → đầy đủ, e.g. "PCCC" → "phòng
    cháy, chữa cháy") are written in full wherever vanban puts a target's label or a unit
    group into running text (the chart keeps the short labels); ``templates_dir`` a folder of
    the agency's own Word templates (thư mục mẫu dùng chung), relative to the campaign folder,
    shared by several campaigns (pipeline.build.templates: the campaign's ``mau/`` comes first,
    vanban's own last).
    """

    issuer: Issuer
    name: Text
    theme: Annotated[Text, _strip_edges(trail=".", quotes=True)]
    participants: Annotated[Text, _strip_edges(trail=".")]
    phases: list[Phase] = Field(min_length=1)
    content_areas: list[ContentArea] = Field(min_length=1)
    signer: Signer
    plan: Plan
    awards: Awards | None = None
    units: list[Unit] = Field(default_factory=list)
    report: Report | None = None
    abbreviations: dict[Text, Text] = Field(default_factory=dict)
    templates_dir: Text | None = None

    @field_validator("phases")
    @classmethod
    def _no_overlap(cls, phases: list[Phase]) -> list[Phase]:
        for n, (a, b) in enumerate(pairwise(phases), start=1):
            if b.start <= a.end:
                raise PydanticCustomError(
                    "vn_phase_overlap",
                    "Đợt {n} ({a_end}) và Đợt {m} ({b_start}) chồng lấn hoặc sai thứ tự",
                    {
                        "n": n,
                        "m": n + 1,
                        "a_end": f"kết thúc {short_date(a.end)}",
                        "b_start": f"bắt đầu {short_date(b.start)}",
                    },
                )
        return phases

    @model_validator(mode="before")
    @classmethod
    def _register_from_award_units(cls, data: Any) -> Any:
        # An older campaign without ``units`` but with ``awards.units`` (names only): the
        # register is made of those names (pipeline.campaign.load checks both lists otherwise).
        if isinstance(data, dict) and not data.get("units"):
            awards = data.get("awards")
            names = awards.get("units") if isinstance(awards, dict) else None
            if isinstance(names, list) and names:
                return {**data, "units": [{"name": n} for n in names]}
        return data

    @cached_property
    def _unit_index(self) -> dict[str, Unit]:
        index: dict[str, Unit] = {}
        for unit in self.units:
            index.setdefault(fold(unit.name), unit)
        for unit in self.units:
            if unit.short_name:
                index.setdefault(fold(unit.short_name), unit)
        return index

    def unit(self, text: str) -> Unit | None:
        """Return the register's unit written ``text`` — its official name or its short name,
        diacritics, case and spacing aside — or None when the register has no such unit."""
        return self._unit_index.get(fold(text))

    def closest_unit(self, text: str) -> Unit | None:
        """Return the register's unit whose name or short name is closest to ``text`` (for
        "có phải là …?"), or None when none is close."""
        names = {fold(k): u for k, u in self._unit_index.items()}
        key = fold(text)

        def score(name: str) -> float:  # a longer or shorter spelling of a name counts as close
            prefix = len(min(name, key, key=len)) >= 6 and (name.startswith(key) or key.startswith(name))
            return max(difflib.SequenceMatcher(None, key, name).ratio(), 0.75 if prefix else 0.0)

        best = max(names, key=score, default=None)
        return names[best] if best is not None and score(best) >= 0.6 else None

    @property
    def start(self) -> dt.date:
        """Return the campaign's first day (the first phase's start)."""
        return self.phases[0].start

    @property
    def end(self) -> dt.date:
        """Return the campaign's last day (the last phase's end)."""
        return self.phases[-1].end
