"""Read the nominee workbook (danh sách đề nghị khen thưởng), check it, route and order it.

A nominee goes into the issuer's own decision when its form is within the issuer's
authority, into the proposal (Tờ trình) to the configured higher level when that level may
award it, and is refused otherwise (Luật Thi đua, khen thưởng 2022 Điều 77–80).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from pipeline.campaign.awards import Rules, Subject, authority_problems, head_title, higher_level
from pipeline.campaign.excel import Column, Row, header_key, read_sheet
from pipeline.campaign.model import Awards, Unit
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi

header_key = lru_cache(maxsize=4096)(header_key)  # the same folding; each text folded once per run

FILENAME = "de-nghi-khen-thuong.xlsx"
COLLECTIVE_SHEET = "Tập thể"
INDIVIDUAL_SHEET = "Cá nhân"

FORM = Column("form", "Hình thức khen thưởng", aliases=("Hình thức",))
ACHIEVEMENT = Column("achievement", "Thành tích", aliases=("Thành tích đạt được",), required=False)
NOTE = Column("note", "Ghi chú", required=False)
COLLECTIVE_NAME = Column("name", "Tên tập thể", aliases=("Tập thể",))
COLLECTIVE_COLUMNS = (
    COLLECTIVE_NAME,
    Column("unit", "Đơn vị", aliases=("Thuộc đơn vị",), required=False),
    FORM, ACHIEVEMENT, NOTE,
)
UNIT = Column("unit", "Đơn vị", aliases=("Đơn vị công tác",))
GENDER = Column("gender", "Giới tính")
PERSON_NAME = Column("name", "Họ và tên", aliases=("Họ tên",))
INDIVIDUAL_COLUMNS = (
    PERSON_NAME,
    GENDER,
    Column("title", "Chức vụ", aliases=("Chức danh",), required=False),
    UNIT, FORM, ACHIEVEMENT, NOTE,
)
_GENDERS = {"nam": "Ông", "nu": "Bà"}
NAME_MAX = 120
"""The longest name (characters) a list row, a certificate and a PDF title can carry."""


@dataclass(frozen=True)
class Nominee:
    """A collective or individual proposed for an award (tập thể, cá nhân đề nghị khen thưởng).

    ``name`` the collective's name or the person's full name; ``unit`` the official name of
    the register's unit it belongs to (for a collective, itself unless the sheet names a
    parent unit); ``agency`` that unit's agency (``Unit.parent``, printed on a certificate);
    ``title`` the person's position (chức vụ), ``honorific`` "Ông"/"Bà" from the gender;
    ``form`` a key of the rules' forms; ``grantor`` who awards it as the workbook wrote it after
    "của" ("Giấy khen của Giám đốc Sở Nội vụ" → "Giám đốc Sở Nội vụ"; None when not written);
    ``achievement`` the text of the achievement (None: the
    campaign's default sentence); ``sheet``/``row`` where it was read.
    """

    subject: Subject
    name: str
    unit: str
    form: str
    agency: str | None = None
    title: str | None = None
    honorific: str | None = None
    achievement: str | None = None
    note: str | None = None
    sheet: str = ""
    row: int = 0
    grantor: str | None = None

    @property
    def display_name(self) -> str:
        """Return the name as listed: "Ông Nguyễn Văn An" or the collective's name."""
        return f"{self.honorific} {self.name}" if self.honorific else self.name

    @property
    def position(self) -> str:
        """Return "Chức vụ, Đơn vị" ("Phó Trưởng phòng, Phòng Quản lý doanh nghiệp"), or the
        unit alone; for a collective the parent unit when it differs from the name, else ""."""
        if self.subject is Subject.COLLECTIVE:
            return "" if header_key(self.unit) == header_key(self.name) else self.unit
        return f"{self.title}, {self.unit}" if self.title else self.unit

    @property
    def standalone_position(self) -> str:
        """Return the position that stands alone on a certificate: ``position`` followed by the
        unit's agency ("Chánh Văn phòng, Văn phòng, Ban Quản lý Khu kinh tế Hải Phòng"); for a
        collective that is itself a unit of an agency, the agency alone."""
        position = self.position
        if not self.agency or header_key(self.agency) in header_key(position or self.name):
            return position
        return f"{position}, {self.agency}" if position else self.agency


@dataclass(frozen=True)
class Routed:
    """Nominees split by who awards them: ``decision`` (the issuer's own forms) and
    ``submission`` (forms of the higher level, for the Tờ trình), each in reading order."""

    decision: tuple[Nominee, ...]
    submission: tuple[Nominee, ...]


def _form_problem(path: Path, row: Row, text: str, rules: Rules) -> Problem:
    names = sorted({f.name for f in rules.forms.values() if f.kind == "award"}
                   | {a for f in rules.forms.values() if f.kind == "award" for a in f.aliases[:1]})
    close = difflib.get_close_matches(text, names, n=1, cutoff=0.6)
    hint = f"có phải là «{close[0]}»? " if close else ""
    return Problem(path, row.where(FORM), f"hình thức khen thưởng «{text}» không có trong quy định",
                   f"{hint}dùng một trong: {'; '.join(names)}")


def _form_label(rules: Rules, key: str) -> str:
    """Return how a clerk writes form ``key``: its first alias, else its name."""
    form = rules.forms[key]
    return form.aliases[0] if form.aliases else form.name


def _nominee(path: Path, row: Row, subject: Subject, rules: Rules, problems: list[Problem]) -> Nominee | None:
    v = row.values
    column = PERSON_NAME if subject is Subject.INDIVIDUAL else COLLECTIVE_NAME
    if not any(c.isalpha() for c in v["name"]):
        problems.append(Problem(path, row.where(column), f"«{v['name']}» không phải một tên (không có chữ cái nào)",
                                f"ghi {column.header.lower()} bằng chữ"))
        return None
    if len(v["name"]) > NAME_MAX:
        problems.append(Problem(path, row.where(column), f"tên dài {len(v['name'])} ký tự, quá {NAME_MAX} ký tự",
                                "ghi tên ngắn gọn; chức vụ, đơn vị và thành tích ghi ở các cột riêng"))
        return None
    form = rules.form_key(v["form"])
    if form is None:
        problems.append(_form_problem(path, row, v["form"], rules))
        return None
    spec = rules.forms[form]
    if spec.kind == "title":
        problems.append(Problem(
            path, row.where(FORM), f"«{spec.name}» là danh hiệu thi đua, được xét cuối năm, không khen theo đợt",
            "đề nghị Giấy khen hoặc Bằng khen cho đợt thi đua",
        ))
        return None
    if subject not in spec.subjects:
        who = "tập thể" if subject is Subject.COLLECTIVE else "cá nhân"
        problems.append(Problem(path, row.where(FORM), f"«{spec.name}» không tặng cho {who}",
                                "sửa hình thức khen thưởng"))
        return None
    honorific = None
    if subject is Subject.INDIVIDUAL:
        honorific = _GENDERS.get(header_key(v["gender"]))
        if honorific is None:
            problems.append(Problem(path, row.where(GENDER), f"giới tính «{v['gender']}» không rõ",
                                    "ghi «Nam» hoặc «Nữ» (để viết «Ông», «Bà»)"))
            return None
    grantor = re.split(r"\s+của\s+", v["form"].strip(), maxsplit=1, flags=re.IGNORECASE)
    return Nominee(
        subject=subject, name=v["name"], unit=v.get("unit") or v["name"], form=form,
        title=v.get("title"), honorific=honorific, achievement=v.get("achievement"),
        note=v.get("note"), sheet=row.sheet, row=row.number,
        grantor=grantor[1].strip() if len(grantor) == 2 else None,
    )


def read_nominees(path: Path, units: Sequence[Unit], rules: Rules, *,
                  resolve: Callable[[str], Unit | None] | None = None,
                  closest: Callable[[str], Unit | None] | None = None) -> list[Nominee]:
    """Return the nominees of the workbook at ``path``: sheet "Tập thể" then "Cá nhân".

    Each nominee's unit is looked up in the campaign's register of units ``units`` (by
    official name or short name: ``resolve``, default ``Campaign.unit``'s rule) and carried
    by its official name and agency. Checks, each problem located by file, sheet, row and
    column (all reported together as DataError): unknown award form; an emulation title
    (annual, not per phase); a form not given to that subject; unknown gender; an empty
    required cell; a unit not in the register (with the closest name, "có phải là …?"); the
    same person (same name and unit) or collective twice. An empty register (an older
    campaign without units) checks no unit.
    """
    problems: list[Problem] = []
    nominees: list[Nominee] = []
    for sheet, columns, subject in (
        (COLLECTIVE_SHEET, COLLECTIVE_COLUMNS, Subject.COLLECTIVE),
        (INDIVIDUAL_SHEET, INDIVIDUAL_COLUMNS, Subject.INDIVIDUAL),
    ):
        read = read_sheet(path, columns, sheet=sheet)
        problems += read.problems
        if any(p.where == "" for p in read.problems):
            break  # the file itself is unreadable: one message is enough
        for row in read.rows:
            nominee = _nominee(path, row, subject, rules, problems)
            if nominee is not None:
                nominees.append(nominee)
    index = {header_key(u.name): u for u in units}
    for u in units:
        if u.short_name:
            index.setdefault(header_key(u.short_name), u)
    find = resolve or (lambda text: index.get(header_key(text)))
    seen: dict[tuple[object, ...], Nominee] = {}
    resolved: list[Nominee] = []
    for n in nominees:
        where = f'trang tính "{n.sheet}", dòng {n.row}'
        if units:
            unit = find(n.unit)
            if unit is None:
                near = closest(n.unit) if closest else None
                if near is None:
                    close = difflib.get_close_matches(n.unit, [u.name for u in units], n=1, cutoff=0.6)
                    near = index[header_key(close[0])] if close else None
                hint = f"có phải là «{near.name}»? " if near else ""
                column = "Đơn vị" if n.subject is Subject.INDIVIDUAL or n.unit != n.name else "Tên tập thể"
                what = "tập thể" if column == "Tên tập thể" else "đơn vị"
                problems.append(Problem(
                    path, f'{where}, cột "{column}"',
                    f"{what} «{n.unit}» không có trong sổ đơn vị của phong trào (campaign.yaml, units)",
                    f"{hint}ghi đúng tên (hoặc tên viết tắt) của đơn vị như trong units"
                    + ("; một tổ, đội thuộc đơn vị thì ghi đơn vị đó ở cột «Đơn vị»" if what == "tập thể" else "")
                    + ", hoặc thêm đơn vị vào units của campaign.yaml",
                ))
                continue
            own = n.subject is Subject.COLLECTIVE and n.unit == n.name
            n = replace(n, unit=unit.name, agency=unit.parent, name=unit.name if own else n.name)
        key = (n.subject, vi.name_sort_key(n.name), header_key(n.unit)) if n.subject is Subject.INDIVIDUAL \
            else (n.subject, vi.text_sort_key(n.name), header_key(n.unit))
        if key in seen:
            first = seen[key]
            who = "người" if n.subject is Subject.INDIVIDUAL else "tập thể"
            problems.append(Problem(
                path, where, f"trùng {who} «{n.name}» ({n.unit}) đã có ở dòng {first.row}",
                "mỗi tập thể, cá nhân chỉ đề nghị một hình thức: xóa một trong hai dòng",
            ))
        else:
            seen[key] = n
            resolved.append(n)
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    return resolved


def _office(text: str) -> str:
    """Return ``text`` folded for comparing who awards ("UBND" written out)."""
    return re.sub(r"\bubnd\b", "uy ban nhan dan", header_key(text))


def _named(grantor: str, awarder: str) -> bool:
    """Return True when the workbook's ``grantor`` names ``awarder`` (one starts the other:
    "Giám đốc Sở Nội vụ" names "Giám đốc Sở Nội vụ tỉnh Quảng Bình"; "Chủ tịch UBND tỉnh Quảng
    Bình" names "Chủ tịch Ủy ban nhân dân tỉnh")."""
    g, a = _office(grantor), _office(awarder)
    return a.startswith(g) or g.startswith(a + " ") or g == a


def route(
    nominees: Sequence[Nominee], awards: Awards, rules: Rules, *, path: Path, campaign_file: Path,
    issuer_name: str | None = None,
) -> Routed:
    """Return the nominees split between the issuer's decision and the proposal upward.

    A form within ``rules.authorities[awards.authority]`` stays with the issuer; one within
    the higher level's authority goes to the Tờ trình; any other is a located problem (the
    issuer may award only its own forms — Luật Thi đua, khen thưởng 2022 Điều 80).
    A form written with who awards it ("Giấy khen của Chủ tịch UBND tỉnh") goes to the one it
    names: the issuer (its head and ``issuer_name``) or the higher level; naming anyone else is
    a located problem, never quietly the issuer's award.
    Raises DataError listing every such nominee, or an unknown authority key.
    """
    problems = authority_problems(awards, rules, campaign_file)
    if problems:
        raise DataError(problems)
    issuer = rules.authorities[awards.authority]
    above = higher_level(awards, rules)
    own = set(issuer.forms)
    higher = set(rules.authorities[above.authority].forms) if above else set()
    head = head_title(awards, rules)
    decision, submission = [], []
    own_awarder = f"{head} {issuer_name}" if issuer_name else head
    for n in nominees:
        by_issuer = n.grantor is None or _named(n.grantor, own_awarder)
        by_higher = above is not None and (n.grantor is None or _named(n.grantor, above.title or ""))
        if n.form in own and by_issuer:
            decision.append(n)
        elif n.form in higher and by_higher:
            submission.append(n)
        elif n.grantor is not None and (n.form in own or n.form in higher):
            who = f"{own_awarder}" + (f" (Quyết định này) hay {above.title} (cấp trên nhận Tờ trình)" if above else "")
            problems.append(Problem(
                path, f'trang tính "{n.sheet}", dòng {n.row}, cột "{FORM.header}"',
                f"«{n.name}»: «{rules.forms[n.form].name} của {n.grantor}» do {n.grantor} tặng, không phải {who}",
                f"ghi «{rules.forms[n.form].name}» (của {own_awarder}), hoặc gửi đề nghị này đến "
                f"{n.grantor} bằng văn bản riêng"))
        else:
            allowed = "; ".join(dict.fromkeys(_form_label(rules, f) for f in [*issuer.forms, *sorted(higher - own)]
                                              if rules.forms[f].kind == "award"))
            if above:
                what = (f"«{n.name}»: hình thức «{rules.forms[n.form].name}» ({n.form}) vượt thẩm quyền của "
                        f"{head} ({issuer.law}) và của {above.title}")
                fix = (f"dùng hình thức trong thẩm quyền: {allowed}; hoặc gửi đề nghị lên cấp có thẩm quyền "
                       "bằng văn bản riêng")
            else:
                what = (f"«{n.name}»: hình thức «{rules.forms[n.form].name}» ({n.form}) vượt thẩm quyền của "
                        f"{head} ({issuer.law}) và chưa khai báo cấp trên nhận Tờ trình")
                fix = (f"dùng hình thức trong thẩm quyền: {allowed}; hoặc thêm awards.higher_level "
                       "(authority) vào campaign.yaml")
            problems.append(Problem(path, f'trang tính "{n.sheet}", dòng {n.row}, cột "{FORM.header}"', what, fix))
    if problems:
        raise DataError(problems)
    return Routed(tuple(decision), tuple(submission))


def _rank(title: str | None, ranks: Sequence[str]) -> int:
    if title:
        folded = header_key(title)
        for n, rank in enumerate(ranks):
            r = header_key(rank)
            if folded == r or folded.startswith(r + " "):
                return n
    return len(ranks)


def ordered(nominees: Sequence[Nominee], awards: Awards, *, order: str | None = None,
            units: Sequence[Unit] = ()) -> list[Nominee]:
    """Return ``nominees`` in list order: collectives first, then individuals.

    ``order`` (default ``awards.order``): "structure" — by the order of the register of
    units ``units`` (else, for an older campaign, ``awards.units``; units not listed after,
    by first appearance), then by rank
    (``awards.ranks``, a title matching a rank or starting with it), then workbook order;
    "alphabetical" — collectives by Vietnamese text order, individuals by given name,
    middle names, family name (vi.name_sort_key), then unit. Source: ND30.md §3.3.
    """
    mode = order or awards.order
    names = [u.name for u in units] or list(awards.units)
    keys = [header_key(u) for u in names]
    appearance: dict[str, int] = {}
    for n in nominees:
        appearance.setdefault(header_key(n.unit), len(appearance))

    def unit_index(n: Nominee) -> tuple[int, int]:
        key = header_key(n.unit)
        return (keys.index(key), 0) if key in keys else (len(keys), appearance[key])

    def key(item: tuple[int, Nominee]) -> tuple[object, ...]:
        index, n = item
        group = 0 if n.subject is Subject.COLLECTIVE else 1
        if mode == "alphabetical":
            name = vi.text_sort_key(n.name) if n.subject is Subject.COLLECTIVE else vi.name_sort_key(n.name)
            return (group, name, vi.text_sort_key(n.unit), index)
        return (group, unit_index(n), _rank(n.title, awards.ranks), index)

    return [n for _, n in sorted(enumerate(nominees), key=key)]
