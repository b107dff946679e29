"""The campaign model (phong trào thi đua): issuer, signer, phases, content areas, the plan."""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _not_blank(value: str) -> str:
    if not value:
        raise PydanticCustomError("blank", "đang để trống")
    return value


Text = Annotated[str, AfterValidator(_nfc), AfterValidator(_not_blank)]
"""Non-empty text, stripped and normalised to Unicode NFC (TCVN 6909:2001)."""

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_VN_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")
_DATE_HINT = "viết ngày theo dạng 04/02/2025 (ngày/tháng/năm) hoặc 2025-02-04"


def _make_date(year: int, month: int, day: int, raw: str) -> dt.date:
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

    year: int
    month: int | None = None
    day: int | None = None

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


class SigningAuthority(str, enum.Enum):
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
    ``name``); ``abbreviation`` the part of every symbol after the type ("BQL" in KH-BQL);
    ``place`` the place name (địa danh) of the date line; ``register_file`` the outgoing-document
    register (sổ đăng ký văn bản đi) file, relative to the campaign folder, when several
    campaigns share one (default: ``so-van-ban.sqlite`` in the campaign folder).
    """

    parent_body: Text | None = None
    name: Text
    header_name: Text | None = None
    abbreviation: Text
    place: Text
    register_file: Text | None = None

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

    ``authority`` is one of TM., KT., TL., TUQ., Q. or absent when the head signs in their
    own name; ``on_behalf_of`` the head's title (KT./TL./TUQ.) or the collective (TM.),
    ``title`` the signer's own title (chức vụ), ``name`` the full name (họ và tên).
    ND30 Phụ lục I, mục II.7.
    """

    authority: SigningAuthority | None = None
    on_behalf_of: Text | None = None
    title: Text
    name: Text

    @model_validator(mode="after")
    def _authority_needs_head(self) -> Signer:
        needs_head = self.authority not in (None, SigningAuthority.ACTING)
        if needs_head and not self.on_behalf_of:
            raise PydanticCustomError(
                "vn_signer_head",
                "quyền hạn «{auth}» cần chức danh người đứng đầu hoặc tên tập thể ở «on_behalf_of»"
                " (ví dụ: «Trưởng ban»)",
                {"auth": self.authority.value if self.authority else ""},
            )
        return self


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
    """A phase of the campaign (đợt thi đua): first and last day (inclusive) and dedication."""

    start: Date
    end: Date
    dedication: Text

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.end < self.start:
            raise PydanticCustomError(
                "vn_phase_order",
                "ngày kết thúc {end} trước ngày bắt đầu {start}",
                {"end": self.end.strftime("%d/%m/%Y"), "start": self.start.strftime("%d/%m/%Y")},
            )
        return self


class ContentArea(Model):
    """An emulation content area (nội dung thi đua): its title line and its text.

    ``text`` may use inline emphasis (``*…*`` italic, ``**…**`` bold), e.g. for the
    parenthesised targets the seed plan prints in italics.
    """

    title: Text
    text: Text


class Recipient(Model):
    """One line of Nơi nhận: the recipient's name and, if any, the purpose ("để báo cáo")."""

    name: Text
    purpose: Text | None = None


class Implementation(Model):
    """The plan's "Tổ chức thực hiện" part: an introductory sentence and the duties."""

    intro: Text
    duties: list[Text] = Field(min_length=1)


class Plan(Model):
    """The campaign plan (Kế hoạch) that launches the campaign — the seed document.

    ``issue_date`` may lack the day (a draft); ``implements`` is the higher plan this one
    carries out; ``closing`` the final sentence before "./."; ``archive`` the units of the
    "Lưu:" line.
    """

    subject: Text
    issue_date: IssueDate
    number: int | None = Field(default=None, ge=1)
    implements: DocumentRef
    purposes: list[Text] = Field(min_length=1)
    requirements: list[Text] = Field(min_length=1)
    implementation: Implementation
    closing: Text
    recipients: list[Recipient] = Field(min_length=1)
    archive: list[Text] = Field(min_length=1)
    signer: Signer | None = None


class Campaign(Model):
    """An emulation campaign (phong trào thi đua) with the plan that launched it.

    ``name`` is the campaign as named in text ("phong trào thi đua đặc biệt trong …");
    ``phases`` are in order and must not overlap; ``signer`` signs every document unless a
    document names its own.
    """

    issuer: Issuer
    name: Text
    theme: Text
    participants: Text
    phases: list[Phase] = Field(min_length=1)
    content_areas: list[ContentArea] = Field(min_length=1)
    signer: Signer
    plan: Plan

    @field_validator("phases")
    @classmethod
    def _no_overlap(cls, phases: list[Phase]) -> list[Phase]:
        for n, (a, b) in enumerate(zip(phases, phases[1:]), start=1):
            if b.start <= a.end:
                raise PydanticCustomError(
                    "vn_phase_overlap",
                    "Đợt {n} ({a_end}) và Đợt {m} ({b_start}) chồng lấn hoặc sai thứ tự",
                    {
                        "n": n,
                        "m": n + 1,
                        "a_end": f"kết thúc {a.end:%d/%m/%Y}",
                        "b_start": f"bắt đầu {b.start:%d/%m/%Y}",
                    },
                )
        return phases

    @property
    def start(self) -> dt.date:
        """Return the campaign's first day (the first phase's start)."""
        return self.phases[0].start

    @property
    def end(self) -> dt.date:
        """Return the campaign's last day (the last phase's end)."""
        return self.phases[-1].end
