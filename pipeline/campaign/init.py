"""Start a new campaign folder (khởi tạo phong trào, ``vanban init``): the campaign's facts →
a short commented campaign.yaml, a noi-nhan.yaml and the blank workbooks clerks fill.

The wording of the files written lives in ``pipeline/campaign/init/*.j2`` (jinja), not here.
A file already in the folder is never overwritten: it is kept and said so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
import yaml
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from pipeline.campaign.awards import Rules, higher_level, load_rules
from pipeline.campaign.excel import Column, header_key, read_sheet
from pipeline.campaign.load import CAMPAIGN_FILE, load_campaign
from pipeline.campaign.model import Awards, Campaign, Issuer, Phase, SigningAuthority, parse_date
from pipeline.campaign.nominees import FILENAME as NOMINEES_FILE
from pipeline.campaign.workbooks import (
    CONTENTS_SHEET,
    FACTS_SHEET,
    PHASES_SHEET,
    UNITS_SHEET,
    write_facts_workbook,
    write_nominees_workbook,
    write_results_workbook,
)
from pipeline.errors import DataError, Problem
from pipeline.files import atomic_target

TEMPLATES = Path(__file__).resolve().parent / "init"
REGISTRY_FILE = "noi-nhan.yaml"
RESULTS_BLANK = "mau-ket-qua.xlsx"
NOMINEES_BLANK = "mau-" + NOMINEES_FILE
FACTS_BLANK = "mau-thong-tin-phong-trao.xlsx"


@dataclass(frozen=True)
class Fact:
    """One fact ``vanban init`` asks for: its key (= option ``--key`` with "-"), the label
    (question, and row of the facts workbook), whether it is required, a note."""

    key: str
    label: str
    required: bool = True
    note: str = ""

    @property
    def option(self) -> str:
        """Return the command-line option that gives this fact ("--signer-name")."""
        return "--" + self.key.replace("_", "-")


FACTS: tuple[Fact, ...] = (
    Fact("issuer", "Tên cơ quan ban hành", note="tên đầy đủ, ví dụ: Sở Nội vụ tỉnh Nam Định"),
    Fact("parent_body", "Cơ quan chủ quản", False, "ví dụ: Ủy ban nhân dân tỉnh Nam Định (để trống nếu không có)"),
    Fact("abbreviation", "Tên viết tắt trong ký hiệu", note="ví dụ: SNV (ký hiệu KH-SNV); không dấu cách"),
    Fact("place", "Địa danh", note="địa danh của dòng ngày tháng, ví dụ: Nam Định"),
    Fact("authority", "Thẩm quyền khen thưởng", note="người đứng đầu tặng Giấy khen với thẩm quyền nào"),
    Fact("head_title", "Chức danh người đứng đầu", False,
         "ví dụ: Giám đốc (mặc định: theo thẩm quyền khen thưởng)"),
    Fact("signer_title", "Chức vụ người ký", note="ví dụ: Phó Giám đốc"),
    Fact("signer_name", "Họ và tên người ký"),
    Fact("signer_authority", "Quyền hạn ký", False,
         "KT. (cấp phó ký thay), TM., TL., TUQ., Q.; để trống nếu người đứng đầu ký"),
    Fact("name", "Tên phong trào", note="như viết trong câu văn, ví dụ: phong trào thi đua …"),
    Fact("theme", "Chủ đề thi đua"),
    Fact("participants", "Đối tượng thi đua", note="ví dụ: Cán bộ, công chức, viên chức, người lao động"),
)
FACT_BY_KEY = {f.key: f for f in FACTS}


@dataclass(frozen=True)
class PhaseFacts:
    """A phase as given (đợt thi đua): first and last day, dedication if any."""

    start: dt.date
    end: dt.date
    dedication: str | None = None


@dataclass(frozen=True)
class UnitFacts:
    """A unit as given (đơn vị): name, short name and group if any."""

    name: str
    short_name: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class ContentFacts:
    """A content area as given (nội dung thi đua): title, text if any."""

    title: str
    text: str | None = None


@dataclass(frozen=True)
class Facts:
    """The campaign's facts (thông tin phong trào): the scalar ``values`` by Fact key, the
    phases, content areas and units, and where each came from (for located errors)."""

    values: dict[str, str] = field(default_factory=dict)
    phases: tuple[PhaseFacts, ...] = ()
    contents: tuple[ContentFacts, ...] = ()
    units: tuple[UnitFacts, ...] = ()
    where: dict[str, tuple[Path | None, str]] = field(default_factory=dict)

    def merged(self, other: Facts) -> Facts:
        """Return these facts with ``other``'s given values on top (options over workbook)."""
        values = {**self.values, **{k: v for k, v in other.values.items() if v}}
        return replace(
            self, values=values, phases=other.phases or self.phases, contents=other.contents or self.contents,
            units=other.units or self.units, where={**self.where, **other.where},
        )

    def missing(self) -> list[Fact]:
        """Return the required facts not given yet (phases and contents are asked apart)."""
        return [f for f in FACTS if f.required and not self.values.get(f.key)]


def parse_phase(text: str) -> PhaseFacts:
    """Return the phase written "01/03/2026 - 30/6/2026" (or "… đến …", "…..…"), optionally
    followed by ": <dedication>". Raises ValueError (Vietnamese) when it is not so."""
    head, _, dedication = text.partition(": ")
    parts = re.split(r"\s*(?:\.\.|–|—|\bđến\b|\s-\s)\s*", head.strip())
    if len(parts) != 2 and head.count("-") == 1 and "/" in head:
        parts = head.split("-")
    if len(parts) != 2:
        raise ValueError(f"«{text}» không phải một đợt: viết «01/03/2026 - 30/6/2026» (ngày đầu - ngày cuối)")
    try:
        start, end = parse_date(parts[0].strip()), parse_date(parts[1].strip())
    except PydanticCustomError as exc:  # a Vietnamese message
        raise ValueError(f"đợt «{text}»: {exc}") from None
    if end < start:
        raise ValueError(f"đợt «{text}»: ngày cuối trước ngày đầu")
    return PhaseFacts(start, end, dedication.strip() or None)


def authority_choices(rules: Rules) -> list[str]:
    """Return the commendation authorities as a clerk picks them: "giam-doc-so (Giám đốc Sở)"."""
    return [f"{key} ({a.title})" for key, a in rules.authorities.items()]


def authority_key(text: str, rules: Rules) -> str | None:
    """Return the authority key a clerk meant: the key itself, "key (title)" or the title."""
    text = text.strip()
    key = text.split(" (", 1)[0].strip()
    if key in rules.authorities:
        return key
    wanted = header_key(text)
    return next((k for k, a in rules.authorities.items() if header_key(a.title) == wanted), None)


def form_choices(rules: Rules, authority: str, awards: Awards | None = None) -> list[str]:
    """Return the award forms (hình thức khen thưởng) a nominee workbook may name for an
    issuer of ``authority``: its own forms ("Giấy khen"), then those of its higher level
    written with their grantor ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"), each read back
    by Rules.form_key as the right form. Emulation titles (annual) are left out."""
    awards = awards or Awards(authority=authority)
    own = [k for k in rules.authorities[authority].forms if rules.forms[k].kind == "award"]
    above = higher_level(awards, rules)
    up = [k for k in rules.authorities[above.authority].forms if rules.forms[k].kind == "award" and k not in own] \
        if above else []
    out = [rules.forms[k].name if rules.form_key(rules.forms[k].name) == k else rules.forms[k].aliases[0] for k in own]
    for k in up:
        text = f"{rules.forms[k].name} của {above.title}" if above else rules.forms[k].name
        out.append(text if rules.form_key(text) == k else rules.forms[k].aliases[0])
    return list(dict.fromkeys(out))


_FACT_COLUMNS = (Column("label", "Mục"), Column("value", "Giá trị", blank_ok=True),
                 Column("note", "Ghi chú", required=False))
_PHASE_COLUMNS = (Column("no", "Đợt", required=False), Column("start", "Ngày bắt đầu", kind="date"),
                  Column("end", "Ngày kết thúc", kind="date"),
                  Column("dedication", "Nội dung chào mừng", required=False))
_CONTENT_COLUMNS = (Column("no", "STT", required=False), Column("title", "Tiêu đề"),
                    Column("text", "Nội dung", required=False))
UNIT_COLUMNS = (Column("no", "STT", required=False), Column("name", "Tên đơn vị", aliases=("Đơn vị",)),
                Column("short_name", "Tên viết tắt", aliases=("Viết tắt",), required=False),
                Column("group", "Nhóm", required=False))


def read_units(path: Path) -> tuple[list[UnitFacts], list[Problem]]:
    """Return the units of a workbook (sheet «Đơn vị», else the first): Tên đơn vị, Tên viết
    tắt, Nhóm; and the located problems met."""
    from openpyxl import load_workbook

    sheet: str | None = None
    try:
        if UNITS_SHEET in load_workbook(path, read_only=True).sheetnames:
            sheet = UNITS_SHEET
    except Exception:  # noqa: BLE001 — read_sheet says what is wrong with the file
        sheet = None
    read = read_sheet(path, UNIT_COLUMNS, sheet=sheet)
    units = [UnitFacts(r.values["name"], r.values.get("short_name"), r.values.get("group")) for r in read.rows]
    return units, [p for p in read.problems if p.severity == "error"]


def read_facts(path: Path, rules: Rules) -> Facts:
    """Return the facts of a filled campaign-facts workbook (``vanban init --from``).

    «Thông tin»: each row's «Mục» names a fact (with or without diacritics), «Giá trị» its
    value; «Đợt thi đua», «Nội dung thi đua», «Đơn vị»: one row each. Raises DataError listing
    every problem, each with its sheet, row and column.
    """
    problems: list[Problem] = []
    read = read_sheet(path, _FACT_COLUMNS, sheet=FACTS_SHEET)
    problems += [p for p in read.problems if p.severity == "error"]
    if any(p.where == "" for p in problems):
        raise DataError(problems)
    by_label = {header_key(f.label): f for f in FACTS}
    values: dict[str, str] = {}
    where: dict[str, tuple[Path | None, str]] = {}
    for row in read.rows:
        fact = by_label.get(header_key(row.values["label"]))
        if fact is None:
            problems.append(Problem(path, row.where(_FACT_COLUMNS[0]), f"không có mục «{row.values['label']}»",
                                    f"dùng đúng tên mục như trong mẫu {FACTS_BLANK}", severity="warning"))
            continue
        if row.values.get("value"):
            values[fact.key] = row.values["value"]
        where[fact.key] = (path, row.where(_FACT_COLUMNS[1]))
    for fact in FACTS:
        where.setdefault(fact.key, (path, f'trang tính "{FACTS_SHEET}", mục «{fact.label}»'))
    phases = read_sheet(path, _PHASE_COLUMNS, sheet=PHASES_SHEET)
    contents = read_sheet(path, _CONTENT_COLUMNS, sheet=CONTENTS_SHEET)
    units = read_sheet(path, UNIT_COLUMNS, sheet=UNITS_SHEET)
    for sheet in (phases, contents, units):
        problems += [p for p in sheet.problems if p.severity == "error"]
    phase_facts = []
    for n, r in enumerate(phases.rows, start=1):
        phase_facts.append(PhaseFacts(r.values["start"], r.values["end"], r.values.get("dedication")))
        where[f"phases[{n}]"] = (path, r.where())
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    return Facts(
        values=values, phases=tuple(phase_facts),
        contents=tuple(ContentFacts(r.values["title"], r.values.get("text")) for r in contents.rows),
        units=tuple(UnitFacts(r.values["name"], r.values.get("short_name"), r.values.get("group")) for r in units.rows),
        where={**where, "phases": (path, f'trang tính "{PHASES_SHEET}"'),
               "contents": (path, f'trang tính "{CONTENTS_SHEET}"')},
    )


def value_problem(key: str, value: str, rules: Rules) -> tuple[str, str] | None:
    """Return (what is wrong, how to fix it) for the value of fact ``key``, or None when it
    can be used: the commendation authority must be in the rules, the signing authority one
    of ND30's, the abbreviation one word (ND30 Phụ lục I, mục II.3)."""
    if key == "authority" and authority_key(value, rules) is None:
        return (f"thẩm quyền khen thưởng «{value}» không có trong quy định",
                f"dùng một trong: {'; '.join(authority_choices(rules))}")
    if key == "signer_authority":
        typed = value.strip() if value.strip().endswith(".") else value.strip() + "."
        if typed.upper() not in {a.value.upper() for a in SigningAuthority}:
            return f"quyền hạn ký «{value}» không có", "dùng một trong: KT., TM., TL., TUQ., Q. hoặc để trống"
    if key == "abbreviation":
        try:
            Issuer(name="x", place="x", abbreviation=value)
        except ValidationError as exc:
            return str(exc.errors()[0]["msg"]), "viết liền một từ, ví dụ: SNV (ký hiệu sẽ là KH-SNV)"
    return None


def check(facts: Facts, rules: Rules) -> list[Problem]:
    """Return every problem of ``facts``, each located at the option or workbook cell that
    gave it: a required fact missing, no phase, no content area, an unknown commendation
    authority, a signing authority or abbreviation the model refuses, phases overlapping."""

    def at(key: str) -> tuple[Path | None, str]:
        fact = FACT_BY_KEY.get(key)
        return facts.where.get(key, (None, fact.option if fact else key))

    problems = []
    for fact in facts.missing():
        file, where = at(fact.key)
        problems.append(Problem(file, where, f"chưa có «{fact.label}»",
                                f"ghi {fact.label.lower()}" + (f" ({fact.note})" if fact.note else "")))
    if not facts.phases:
        file, where = facts.where.get("phases", (None, "--phase"))
        problems.append(Problem(file, where, "chưa có đợt thi đua nào",
                                "ghi ít nhất một đợt (ngày bắt đầu, ngày kết thúc) vào trang tính này" if file else
                                "ghi ít nhất một đợt: --phase \"01/03/2026 - 30/6/2026\""))
    if not facts.contents:
        file, where = facts.where.get("contents", (None, "--content"))
        problems.append(Problem(file, where, "chưa có nội dung thi đua nào",
                                "ghi ít nhất một nội dung (tiêu đề) vào trang tính này" if file else
                                "ghi ít nhất một nội dung: --content \"Thi đua hoàn thành xuất sắc nhiệm vụ\""))
    for key, value in facts.values.items():
        if value and (problem := value_problem(key, value, rules)):
            file, where = at(key)
            problems.append(Problem(file, where, *problem))
    for n, (a, b) in enumerate(zip(facts.phases, facts.phases[1:], strict=False), start=1):
        if b.start <= a.end:
            file, where = facts.where.get(f"phases[{n + 1}]", (None, "--phase"))
            problems.append(Problem(file, where, f"Đợt {n} và Đợt {n + 1} chồng lấn hoặc sai thứ tự",
                                    "ghi các đợt theo thứ tự thời gian, đợt sau bắt đầu sau ngày cuối của đợt trước"))
    for n, p in enumerate(facts.phases, start=1):
        try:
            Phase(start=p.start, end=p.end, dedication=p.dedication)
        except ValidationError as exc:
            file, where = facts.where.get(f"phases[{n}]", (None, "--phase"))
            problems += [Problem(file, where, str(e["msg"]), "") for e in exc.errors()]
    return problems


def _q(value: Any) -> str:
    """Return ``value`` as a YAML scalar that reads back as the same text: plain when it
    does, else double-quoted (a JSON string is a YAML one)."""
    text = str(value)
    try:
        plain = yaml.safe_load(f"k: {text}") == {"k": text} and " #" not in text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, autoescape=False,  # YAML, not HTML
    )
    env.filters["q"] = _q
    env.filters["capfirst"] = lambda s: s[:1].upper() + s[1:]
    return env


def template_values(facts: Facts, rules: Rules, folder: Path, today: dt.date) -> dict[str, Any]:
    """Return the values the campaign.yaml and noi-nhan.yaml templates are filled with."""
    v = facts.values
    key = authority_key(v["authority"], rules) or v["authority"]
    authority = rules.authorities[key]
    above = higher_level(Awards(authority=key), rules)
    signer_authority = (v.get("signer_authority") or "").strip()
    if signer_authority and not signer_authority.endswith("."):
        signer_authority += "."
    signer_authority = next((a.value for a in SigningAuthority if a.value.upper() == signer_authority.upper()), "")
    head = v.get("head_title") or authority.head_title
    name = v["name"]
    return {
        "today": f"{today:%d/%m/%Y}", "folder": str(folder), "issuer": v["issuer"],
        "parent_body": v.get("parent_body") or "", "abbreviation": v["abbreviation"], "place": v["place"],
        "name": name, "theme": v["theme"], "participants": v["participants"],
        "participants_lower": v["participants"][:1].lower() + v["participants"][1:],
        "phases": [{"start": f"{p.start:%d/%m/%Y}", "end": f"{p.end:%d/%m/%Y}", "dedication": p.dedication}
                   for p in facts.phases],
        "contents": facts.contents, "units": facts.units,
        "signer_authority": signer_authority, "head_title": head, "signer_title": v["signer_title"],
        "signer_name": v["signer_name"],
        # a plan is issued before its campaign starts: this month, or the first phase's if that is earlier
        "issue_month": "{0.month}/{0.year}".format(min(today, facts.phases[0].start) if facts.phases else today),
        "authority": key, "authority_title": authority.title, "authority_law": authority.law,
        "authority_head": head, "authorities": ", ".join(rules.authorities),
        "higher_key": above.authority if above else "", "higher_title": above.title if above else "",
    }


@dataclass(frozen=True)
class Started:
    """What ``start_campaign`` did: the files written and the files kept as they were."""

    written: list[Path]
    kept: list[Path]


def _write_text(target: Path, text: str) -> None:
    tmp = atomic_target(target)
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def start_campaign(folder: Path, facts: Facts, *, today: dt.date | None = None) -> Started:
    """Return what was written into ``folder`` for a new campaign of ``facts``.

    Writes campaign.yaml and noi-nhan.yaml (from the templates), the blank results workbook
    (mau-ket-qua.xlsx), nominee workbook (mau-de-nghi-khen-thuong.xlsx) and campaign-facts
    workbook (mau-thong-tin-phong-trao.xlsx), and one dot-N/ folder per phase. A file already
    there is kept (never overwritten). The new campaign.yaml is checked by loading it before
    it is put in place. Raises DataError listing every problem of ``facts`` before writing.
    """
    rules = load_rules()
    campaign_path = folder / CAMPAIGN_FILE
    if not campaign_path.exists() and (problems := check(facts, rules)):
        raise DataError(problems)
    today = today or dt.date.today()
    written: list[Path] = []
    kept: list[Path] = []
    folder.mkdir(parents=True, exist_ok=True)
    if campaign_path.exists():
        kept.append(campaign_path)
    else:
        values = template_values(facts, rules, folder, today)
        env = _environment()
        campaign_text = env.get_template("campaign.yaml.j2").render(values)
        registry_text = env.get_template("noi-nhan.yaml.j2").render(values)
        with tempfile.TemporaryDirectory(prefix="vanban-init-") as tmp:  # check before writing
            (Path(tmp) / CAMPAIGN_FILE).write_text(campaign_text, encoding="utf-8")
            (Path(tmp) / REGISTRY_FILE).write_text(registry_text, encoding="utf-8")
            load_campaign(Path(tmp))
            from pipeline.campaign.distribution import load_registry

            load_registry(Path(tmp), load_campaign(Path(tmp)))
        _write_text(campaign_path, campaign_text)
        written.append(campaign_path)
        if not (folder / REGISTRY_FILE).exists():
            _write_text(folder / REGISTRY_FILE, registry_text)
            written.append(folder / REGISTRY_FILE)
    if (folder / REGISTRY_FILE).exists() and folder / REGISTRY_FILE not in written:
        kept.append(folder / REGISTRY_FILE)
    campaign = load_campaign(folder)
    made, had = write_blanks(folder, campaign, rules)
    written += made
    kept += had
    for n in range(1, len(campaign.phases) + 1):
        (folder / f"dot-{n}").mkdir(exist_ok=True)
    return Started(written, kept)


def write_blanks(folder: Path, campaign: Campaign, rules: Rules) -> tuple[list[Path], list[Path]]:
    """Return (written, kept): the blank workbooks of ``campaign`` in ``folder``, each written
    only when no file of that name is there."""
    written, kept = [], []
    awards = campaign.awards
    forms = form_choices(rules, awards.authority, awards) if awards and awards.authority in rules.authorities \
        else [f.name for f in rules.forms.values() if f.kind == "award"]
    units = [u.name for u in campaign.units]
    def results(target: Path) -> Path:
        return write_results_workbook(campaign, target)

    def nominees(target: Path) -> Path:
        return write_nominees_workbook(target, units=units, forms=forms)

    def facts(target: Path) -> Path:
        return write_facts(target, rules)

    for name, write in ((RESULTS_BLANK, results), (NOMINEES_BLANK, nominees), (FACTS_BLANK, facts)):
        target = folder / name
        if target.exists():
            kept.append(target)
        else:
            write(target)
            written.append(target)
    return written, kept


def write_facts(target: Path, rules: Rules) -> Path:
    """Return ``target`` after writing the blank campaign-facts workbook (``--from``)."""
    facts = [(f.label, ("bắt buộc; " if f.required else "") + f.note, f.key) for f in FACTS]
    return write_facts_workbook(target, facts=facts, authorities=authority_choices(rules),
                                signer_authorities=[a.value for a in SigningAuthority])
