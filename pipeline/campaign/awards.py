"""Commendation rules (khen thưởng) as data: legal bases by date, base salary, award money, authority.

The rules ship in ``pipeline/campaign/rules/khen-thuong.yaml`` and may be overridden per campaign in
campaign.yaml under ``awards.rules`` (a mapping merged key by key; a list replaces the
shipped list). Sources: Luật Thi đua, khen thưởng 2022 Điều 77–80; Nghị định 98/2023/NĐ-CP
Điều 54–55; Nghị định 152/2025/NĐ-CP Điều 53–54; ND30.md §2.1–2.4. Money is Decimal/int VND.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from pipeline.campaign.excel import header_key
from pipeline.campaign.load import problems_of, read_yaml
from pipeline.campaign.model import Awards, Date, HigherLevel, Model, Text
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi

header_key = lru_cache(maxsize=4096)(header_key)  # the same folding; each text folded once per run

RULES_FILE = Path(__file__).resolve().parent / "rules" / "khen-thuong.yaml"


class Subject(enum.StrEnum):
    """Who receives an award (đối tượng): a collective (tập thể) or an individual (cá nhân)."""

    COLLECTIVE = "collective"
    INDIVIDUAL = "individual"


class SalaryRow(Model):
    """One row of the base-salary table (mức lương cơ sở): VND per month from ``from_`` on."""

    from_: Date = Field(alias="from")
    amount: int = Field(gt=0)
    instrument: Text


class Regime(Model):
    """A legal regime by decision date (chế độ pháp lý): the decree in force from ``from_`` to
    ``to`` (inclusive, open when None), the legal bases a decision cites first, and the award
    coefficients (× mức lương cơ sở, for one individual) by form key."""

    key: Text
    name: Text
    from_: Date = Field(alias="from")
    to: Date | None = None
    legal_bases: list[Text] = Field(min_length=1)
    coefficients: dict[str, Decimal]

    @field_validator("coefficients")
    @classmethod
    def _positive(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        for key, coefficient in value.items():
            if coefficient <= 0:
                raise PydanticCustomError(
                    "vn_coefficient", "hệ số của «{key}» phải lớn hơn 0", {"key": key}
                )
        return value


class AwardForm(Model):
    """An award form (hình thức khen thưởng, ``kind`` "award") or an emulation title (danh hiệu
    thi đua, ``kind`` "title"): its name in documents, other spellings accepted in Excel, who
    may receive it, and the collective factor (tập thể = factor × cá nhân; Giấy khen, Bằng khen 2)."""

    name: Text
    kind: str = Field(pattern="^(award|title)$")
    subjects: list[Subject] = Field(min_length=1)
    collective_factor: Decimal = Decimal(1)
    aliases: list[Text] = []


class Authority(Model):
    """Who may award what (thẩm quyền khen thưởng), Luật Thi đua, khen thưởng 2022 Điều 77–80.

    ``title`` the awarding person as written after "của" and after "Kính gửi:" when this
    authority is the higher level ("Chủ tịch Ủy ban nhân dân tỉnh"); ``head_title`` the head's
    title that goes before the issuer's name ("Giám đốc" → "Giấy khen của Giám đốc Sở …");
    ``law`` the article; ``forms`` the form keys it may award; ``higher`` the authority a
    Tờ trình goes to for forms above it (None: none above in these rules); ``money``
    coefficient overrides of this authority by regime key and form key (× mức lương cơ sở,
    one individual), where its rate differs from the regime's.
    """

    title: Text
    head_title: Text
    law: Text
    forms: list[Text] = Field(min_length=1)
    higher: Text | None = None
    money: dict[str, dict[str, Decimal]] = {}


class Rules(Model):
    """The commendation rules: rounding, base salary table, regimes, forms, authorities."""

    rounding_step: int = Field(gt=0)
    collective_rounding: str = Field(pattern="^(product|double_rounded)$")
    base_salary: list[SalaryRow] = Field(min_length=1)
    regimes: list[Regime] = Field(min_length=1)
    forms: dict[str, AwardForm]
    authorities: dict[str, Authority]

    @model_validator(mode="after")
    def _consistent(self) -> Rules:
        for rows, what in ((self.base_salary, "base_salary"), (self.regimes, "regimes")):
            dates = [r.from_ for r in rows]
            if dates != sorted(dates) or len(set(dates)) != len(dates):
                raise PydanticCustomError(
                    "vn_rules_order", "các dòng của «{what}» phải xếp theo ngày «from» tăng dần",
                    {"what": what},
                )
        for regime in self.regimes:
            unknown = sorted(set(regime.coefficients) - set(self.forms))
            if unknown:
                raise PydanticCustomError(
                    "vn_rules_form", "chế độ «{key}» có hệ số cho hình thức không có trong «forms»: {names}",
                    {"key": regime.key, "names": ", ".join(unknown)},
                )
        regimes = {r.key for r in self.regimes}
        for key, authority in self.authorities.items():
            unknown = sorted(set(authority.forms) - set(self.forms))
            unknown += sorted(f for money in authority.money.values() for f in money if f not in self.forms)
            if unknown:
                raise PydanticCustomError(
                    "vn_rules_form", "thẩm quyền «{key}» có hình thức không có trong «forms»: {names}",
                    {"key": key, "names": ", ".join(unknown)},
                )
            if authority.higher is not None and authority.higher not in self.authorities:
                raise PydanticCustomError(
                    "vn_rules_higher", "thẩm quyền «{key}»: cấp trên «{higher}» không có trong «authorities»",
                    {"key": key, "higher": authority.higher},
                )
            if stray := sorted(set(authority.money) - regimes):
                raise PydanticCustomError(
                    "vn_rules_regime", "thẩm quyền «{key}»: «money» có chế độ không có trong «regimes»: {names}",
                    {"key": key, "names": ", ".join(stray)},
                )
        return self

    def form_key(self, text: str) -> str | None:
        """Return the key of the form written ``text`` in a workbook ("Giấy khen" → "giay-khen"),
        matched without diacritics or case; None when no form is named so.

        The grantor may follow: "Giấy khen của Giám đốc Sở Nội vụ" is the form whose name is
        "Giấy khen" (when one form only has that name), "Bằng khen của Chủ tịch UBND tỉnh Nam
        Định" the form with the longest alias it starts with.
        """
        wanted = header_key(text)
        for key, form in self.forms.items():
            if wanted in {header_key(a) for a in form.aliases}:
                return key
        for key, form in self.forms.items():
            if wanted in (header_key(form.name), header_key(key)):
                return key
        prefixes = [(header_key(a), key) for key, form in self.forms.items() for a in form.aliases]
        names: dict[str, list[str]] = {}
        for key, form in self.forms.items():
            names.setdefault(header_key(form.name), []).append(key)
        prefixes += [(f"{name} cua", keys[0]) for name, keys in names.items() if len(keys) == 1]
        for prefix, key in sorted(prefixes, key=lambda p: -len(p[0])):
            if wanted.startswith(prefix + " "):
                return key
        return None


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        return {**base, **{k: _merge(base.get(k), v) for k, v in override.items()}}
    return override


def load_rules(
    overrides: dict[str, Any] | None = None, *, path: Path = RULES_FILE, source: Path | None = None
) -> Rules:
    """Return the validated commendation rules of ``path`` with ``overrides`` merged in.

    ``overrides`` (campaign.yaml ``awards.rules``) replaces values key by key, lists whole.
    Raises DataError naming the rules file (or ``source``, the campaign file, for overrides)
    and the path of every problem.
    """
    data, src = read_yaml(path)
    merged = _merge(data, overrides or {})
    try:
        return Rules.model_validate(merged)
    except ValidationError as exc:
        problems = problems_of(exc, src)
        if overrides:
            problems = [
                Problem(source or p.file, f"awards.rules.{p.where}", p.what, p.fix) for p in problems
            ]
        raise DataError(problems) from None


def authority_problems(awards: Awards, rules: Rules, source: Path | None) -> list[Problem]:
    """Return a located problem for ``awards.authority`` or ``awards.higher_level.authority``
    when it is not a key of the rules' authorities, listing the keys allowed and whom each
    names (Luật Thi đua, khen thưởng 2022 Điều 77–80)."""
    allowed = "; ".join(f"{key} ({a.title})" for key, a in rules.authorities.items())
    problems = []
    higher = awards.higher_level.authority if awards.higher_level else None
    for where, key in (("awards.authority", awards.authority), ("awards.higher_level.authority", higher)):
        if key is not None and key not in rules.authorities:
            close = difflib.get_close_matches(key, list(rules.authorities), n=1, cutoff=0.6)
            hint = f"có phải là «{close[0]}»? " if close else ""
            problems.append(Problem(source, where, f"thẩm quyền «{key}» không có trong quy định khen thưởng",
                                    f"{hint}dùng một trong: {allowed}"))
    return problems


def head_title(awards: Awards, rules: Rules) -> str:
    """Return the head's title before the issuer's name ("Giám đốc", "Trưởng ban"):
    ``awards.head_title``, else the authority's ``head_title`` in the rules."""
    return awards.head_title or rules.authorities[awards.authority].head_title


def higher_level(awards: Awards, rules: Rules) -> HigherLevel | None:
    """Return the level a Tờ trình goes to: ``awards.higher_level`` (its title defaulting to
    the rules' title of its authority), else the rules' ``higher`` of the issuer's authority,
    else None (no level above in the rules)."""
    given = awards.higher_level
    if given is not None:
        title = given.title or rules.authorities[given.authority].title
        return HigherLevel(authority=given.authority, title=title, via=given.via)
    key = rules.authorities[awards.authority].higher
    return HigherLevel(authority=key, title=rules.authorities[key].title) if key else None


def _outside(table: str, on: dt.date, first: dt.date, last: dt.date | None, source: Path) -> DataError:
    span = f"từ {vi.short_date(first)}" + (f" đến {vi.short_date(last)}" if last else "")
    return DataError([
        Problem(
            source, table,
            f"ngày quyết định {vi.short_date(on)} nằm ngoài bảng «{table}» (bảng có {span})",
            "kiểm tra ngày quyết định, hoặc bổ sung dòng cho thời gian đó trong awards.rules."
            f"{table} của campaign.yaml",
        )
    ])


def base_salary(rules: Rules, on: dt.date) -> SalaryRow:
    """Return the base-salary row (mức lương cơ sở) in force on ``on``.

    Raises DataError when ``on`` is before the first row: a date outside the table is an
    error, never a guess. Source: ND30.md §2.4 (MLCS in force on the decision date).
    """
    rows = [r for r in rules.base_salary if r.from_ <= on]
    if not rows:
        raise _outside("base_salary", on, rules.base_salary[0].from_, None, RULES_FILE)
    return rows[-1]


def regime(rules: Rules, on: dt.date) -> Regime:
    """Return the legal regime in force on ``on`` (ND98/2023 or ND152/2025 by date).

    Raises DataError when no regime covers ``on``. Source: ND30.md §2.1 and §6 item 9.
    """
    for r in rules.regimes:
        if r.from_ <= on and (r.to is None or on <= r.to):
            return r
    raise _outside("regimes", on, rules.regimes[0].from_, rules.regimes[-1].to, RULES_FILE)


@dataclass(frozen=True)
class Amount:
    """Award money for one awardee (tiền thưởng): the coefficient used, the base salary (VND),
    the raw product and the amount paid (rounded up to ``rules.rounding_step``), in VND."""

    coefficient: Decimal
    base_salary: int
    raw: Decimal
    paid: int


def _round_up(value: Decimal, step: int) -> int:
    return int((value / step).to_integral_value(rounding=ROUND_CEILING)) * step


def award_amount(
    rules: Rules, form: str, subject: Subject, on: dt.date, *, authority: str | None = None
) -> Amount:
    """Return the money for form key ``form`` given to ``subject`` by a decision dated ``on``
    (by ``authority``, a key of ``rules.authorities`` whose ``money`` may override the
    regime's coefficient, e.g. a commune chairman's Giấy khen under NĐ 91/2017).

    paid = ceil(coefficient × base salary / 10.000) × 10.000, where a collective's
    coefficient is ``collective_factor`` × the individual's (with ``collective_rounding``
    "double_rounded" the collective gets factor × the rounded individual amount instead).
    Raises DataError when the date is outside the tables or the regime has no coefficient
    for ``form``. Source: NĐ 98/2023 Điều 54–55, NĐ 152/2025 Điều 53–54; ND30.md §2.4.
    """
    row, reg = base_salary(rules, on), regime(rules, on)
    override = rules.authorities[authority].money.get(reg.key, {}) if authority in rules.authorities else {}
    if form not in reg.coefficients and form not in override:
        raise DataError([
            Problem(RULES_FILE, f"regimes[{reg.key}].coefficients",
                    f"chưa có hệ số tiền thưởng cho «{rules.forms[form].name}» ({form})",
                    f"thêm «{form}: …» vào hệ số của chế độ {reg.key}")
        ])
    individual = override.get(form, reg.coefficients.get(form, Decimal(0)))
    factor = rules.forms[form].collective_factor if subject is Subject.COLLECTIVE else Decimal(1)
    coefficient = individual * factor
    raw = coefficient * row.amount
    if subject is Subject.COLLECTIVE and rules.collective_rounding == "double_rounded":
        paid = int(factor * _round_up(individual * row.amount, rules.rounding_step))
    else:
        paid = _round_up(raw, rules.rounding_step)
    return Amount(coefficient, row.amount, raw, paid)


def coefficient_text(value: Decimal) -> str:
    """Return a coefficient the Vietnamese way: 0.3 → "0,3", 1.0 → "1,0", 1.5 → "1,5"."""
    return vi.format_number(value, decimals=max(1, -value.normalize().as_tuple().exponent))  # type: ignore[operator]
