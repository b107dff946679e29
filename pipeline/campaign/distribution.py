"""The recipients registry (sổ nơi nhận) and every rule of the Nơi nhận block, in one place.

The registry (``<campaign>/noi-nhan.yaml``) lists each recipient once: its name as written
in Nơi nhận, its group (cấp trên, thành viên, đơn vị, nội bộ), how it is sent (channel) and
how many copies, and per document its role. Every document kind's Nơi nhận is a view of the
registry made by ``lines``; the dispatch sheet (danh sách gửi) is another view made by
``dispatch_rows``. ND30 Phụ lục I, mục II.9.b; ND30.md row 9b.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from pipeline.campaign.model import Campaign, Clause, Model, Text, Unit, fold
from pipeline.errors import DataError, Problem
from pipeline.nd30 import vi

REGISTRY_FILE = "noi-nhan.yaml"

AS_ARTICLE_3 = "- Như Điều 3;"
"""First Nơi nhận line of a decision: the executors named in Điều 3 (ND30 Mẫu 1.2)."""
AS_ABOVE = "- Như trên;"
"""First Nơi nhận line of a document with "Kính gửi:" (Tờ trình, công văn, báo cáo gửi cấp
trên; ND30 Phụ lục I, mục II.9.b)."""

# The documents a campaign issues, by the key used in the registry (= their file stem).
DOCUMENTS: dict[str, vi.DocumentKind] = {
    "ke-hoach": vi.DocumentKind.PLAN,
    "bao-cao-so-ket": vi.DocumentKind.REPORT,
    "bao-cao-tong-ket": vi.DocumentKind.REPORT,
    "to-trinh": vi.DocumentKind.SUBMISSION,
    "quyet-dinh-khen-thuong": vi.DocumentKind.DECISION,
}


class Group(enum.StrEnum):
    """The recipient's group (nhóm nơi nhận); Nơi nhận lists the groups in this order."""

    SUPERIORS = "cấp trên"
    MEMBERS = "thành viên"
    UNITS = "đơn vị"
    INTERNAL = "nội bộ"


class Channel(enum.StrEnum):
    """How a document reaches the recipient (đường gửi)."""

    EDOC = "điện tử"  # hệ thống quản lý văn bản và điều hành của thành phố
    PORTAL = "cổng TTĐT"  # đăng trên cổng thông tin điện tử của cơ quan
    PAPER = "giấy"  # bản giấy qua bưu điện hoặc giao tay

    @property
    def label(self) -> str:
        """Return the channel as the dispatch sheet writes it."""
        return {"điện tử": "Văn bản điện tử", "cổng TTĐT": "Cổng thông tin điện tử",
                "giấy": "Bản giấy"}[self.value]


class Role(enum.StrEnum):
    """What a recipient does with one document (mục đích gửi).

    REPORT/EXECUTE/INFORM are written in parentheses after the name ("(để báo cáo)");
    RECEIVE is the name alone; ADDRESSEE is named after "Kính gửi:" and covered by "- Như
    trên;"; EXECUTOR is named in Điều 3 of a decision and covered by "- Như Điều 3;".
    """

    REPORT = "để báo cáo"
    EXECUTE = "để thực hiện"
    INFORM = "để biết"
    RECEIVE = "nhận"
    ADDRESSEE = "kính gửi"
    EXECUTOR = "thi hành"

    @property
    def purpose(self) -> str | None:
        """Return the purpose written in parentheses, or None."""
        return self.value if self in (Role.REPORT, Role.EXECUTE, Role.INFORM) else None


Copies = Annotated[int, Field(ge=1, le=999)]


class Member(Model):
    """One body inside a grouped recipient ("Các doanh nghiệp …"): on the dispatch sheet it
    has its own line, in Nơi nhận only the group's name is written."""

    name: Text
    channel: Channel | None = None
    copies: Copies | None = None


def _known_documents(roles: dict[str, Role]) -> dict[str, Role]:
    for key in roles:
        if key not in DOCUMENTS:
            close = difflib.get_close_matches(key, list(DOCUMENTS), n=1)
            raise PydanticCustomError(
                "vn_document_key", "không có văn bản «{key}»{hint}; dùng một trong: {known}",
                {"key": key, "hint": f" — có phải là «{close[0]}»?" if close else "", "known": ", ".join(DOCUMENTS)})
    return roles


class Entry(Model):
    """One recipient of the registry: ``name`` as written in Nơi nhận, ``group``, ``channel``
    and ``copies`` (paper copies, 1 for electronic), ``roles`` per document key (absent: the
    document does not go there) and, for a grouped line, its ``members``: bodies named here,
    and every unit of the campaign's register (campaign.yaml ``units``) whose group is one of
    ``unit_groups`` (added by ``load_registry``)."""

    name: Clause
    group: Group
    channel: Channel = Channel.EDOC
    copies: Copies = 1
    roles: Annotated[dict[str, Role], AfterValidator(_known_documents)] = {}
    members: list[Member] = []
    unit_groups: list[Text] = []


class Registry(Model):
    """The recipients registry (sổ nơi nhận): the recipients in Nơi nhận order within each
    group, and per document key the units of "Lưu:" (default ``archive.default``)."""

    archive: dict[str, list[Clause]] = Field(min_length=1)
    recipients: list[Entry] = Field(min_length=1)

    @field_validator("archive")
    @classmethod
    def _archive_keys(cls, archive: dict[str, list[str]]) -> dict[str, list[str]]:
        _known_documents({k: Role.RECEIVE for k in archive if k != "default"})
        for key, units in archive.items():
            if not units:
                raise PydanticCustomError("vn_archive", "«{key}» chưa có đơn vị lưu (ví dụ [VT, VP])", {"key": key})
        return archive

    def archive_of(self, document: str) -> list[str]:
        """Return the "Lưu:" units of ``document``; raise DataError when none is given."""
        units = self.archive.get(document) or self.archive.get("default")
        if not units:
            raise DataError([Problem(None, f"{REGISTRY_FILE}: archive", f"chưa có nơi lưu của «{document}»",
                                     f"thêm «{document}: [VT, VP]» vào archive")])
        return units


@dataclass(frozen=True)
class DispatchRow:
    """One line of a dispatch sheet (danh sách gửi): recipient, its role, channel, copies."""

    name: str
    role: Role
    channel: Channel
    copies: int


def _ordered(registry: Registry, document: str) -> list[tuple[Entry, Role]]:
    order = list(Group)
    chosen = [(e, e.roles[document]) for e in registry.recipients if document in e.roles]
    return sorted(chosen, key=lambda pair: order.index(pair[0].group))


def lines(registry: Registry, document: str, *, greeting: bool = False) -> list[str]:
    """Return the Nơi nhận lines of ``document`` (a key of DOCUMENTS), ND30 mục II.9.b, for a
    template whose Nơi nhận holds no wording of its own: a decision's "- Như Điều 3;" or, with
    "Kính gửi:" (``greeting``), "- Như trên;"; then ``entries``; last "- Lưu: <archive>."."""
    kind = DOCUMENTS[document]
    first = [AS_ARTICLE_3] if kind is vi.DocumentKind.DECISION else [AS_ABOVE] if greeting else []
    return [*first, *entries(registry, document, greeting=greeting), f"- Lưu: {archive(registry, document)}."]


def archive(registry: Registry, document: str) -> str:
    """Return the "Lưu:" units of ``document``, VT first: "VT, VP" (ND30 mục II.9.b)."""
    return ", ".join(registry.archive_of(document))


def entries(registry: Registry, document: str, *, greeting: bool = False) -> list[str]:
    """Return the recipients' Nơi nhận lines of ``document``, ND30 mục II.9.b: by group (cấp
    trên, thành viên, đơn vị, nội bộ; registry order within a group), a grouped recipient once
    by its group name, each "- <name> (<purpose>);" or "- <name>;". The template writes what
    comes before ("- Như Điều 3;", "- Như trên;": addressees and executors are not repeated
    here) and after ("- Lưu: …."). Raises DataError when an addressee is given to a document
    without "Kính gửi:" (``greeting``) or an executor to a document that is not a decision.
    """
    kind = DOCUMENTS[document]
    out, problems = [], []
    for entry, role in _ordered(registry, document):
        if role is Role.ADDRESSEE and not greeting:
            problems.append(Problem(None, f"{REGISTRY_FILE}: recipients «{entry.name}».roles.{document}",
                                    "«kính gửi» nhưng văn bản này không có dòng «Kính gửi:»",
                                    "đổi thành «nhận», «để báo cáo», «để thực hiện» hoặc «để biết»"))
        if role is Role.EXECUTOR and kind is not vi.DocumentKind.DECISION:
            problems.append(Problem(None, f"{REGISTRY_FILE}: recipients «{entry.name}».roles.{document}",
                                    "«thi hành» chỉ dùng cho Quyết định (nơi nhận «Như Điều 3»)",
                                    "đổi thành «để thực hiện» hoặc «nhận»"))
        if role in (Role.ADDRESSEE, Role.EXECUTOR):
            continue
        out.append(f"- {entry.name} ({role.purpose});" if role.purpose else f"- {entry.name};")
    if problems:
        raise DataError(problems)
    return out


def dispatch_rows(registry: Registry, document: str, *, via: str | None = None,
                  awarded: Sequence[Unit] = ()) -> list[DispatchRow]:
    """Return who actually receives ``document``, one row per body: the addressees and
    executors too (Nơi nhận covers them with "Như trên", "Như Điều 3") and each member of a
    grouped recipient (with the group's channel and copies unless its own).

    ``via``: the body the document goes through ("Sở Nội vụ", a Tờ trình's
    ``awards.higher_level.via``) — each addressee's row reads "<name> (qua <via>)" and takes
    the via body's channel when the registry lists it. ``awarded``: the units of a
    decision's awardees — each one no row names yet gets its own row (role "thi hành", its
    channel and copies or paper, 1), so every rewarded unit receives its decision."""
    rows = []
    by_name = {fold(e.name): e for e in registry.recipients}
    for entry, role in _ordered(registry, document):
        if entry.members:
            rows += [DispatchRow(m.name, role, m.channel or entry.channel, m.copies or entry.copies)
                     for m in entry.members]
        elif via and role is Role.ADDRESSEE:
            through = by_name.get(fold(via), entry)
            rows.append(DispatchRow(f"{entry.name} (qua {via})", role, through.channel, entry.copies))
        else:
            rows.append(DispatchRow(entry.name, role, entry.channel, entry.copies))
    named = {fold(r.name) for r in rows}
    for unit in awarded:
        if fold(unit.name) not in named:
            named.add(fold(unit.name))
            rows.append(DispatchRow(unit.name, Role.EXECUTOR, Channel(unit.channel) if unit.channel else Channel.PAPER,
                                    unit.copies or 1))
    return rows


def _expand_unit_groups(registry: Registry, campaign: Campaign, path: Path, source: Any) -> Registry:
    """Return ``registry`` with each grouped line's ``unit_groups`` expanded into members: the
    register's units of those groups, in register order (channel and copies their own, when
    given). Raises DataError, located in noi-nhan.yaml, for a group no unit belongs to (when
    the register gives groups at all; without groups a line keeps its own row)."""
    groups: dict[str, list[Unit]] = {}
    for unit in campaign.units:
        if unit.group:
            groups.setdefault(fold(unit.group), []).append(unit)
    problems, entries = [], []
    for n, entry in enumerate(registry.recipients):
        if not entry.unit_groups or not groups:
            entries.append(entry)
            continue
        members = list(entry.members)
        known = {fold(m.name) for m in members}
        for m, group in enumerate(entry.unit_groups):
            units = groups.get(fold(group))
            if units is None:
                loc = ("recipients", n, "unit_groups", m)
                close = difflib.get_close_matches(group, [u.group for u in campaign.units if u.group], n=1)
                hint = f"có phải là «{close[0]}»? " if close else ""
                problems.append(Problem(path, f"recipients[{n + 1}].unit_groups[{m + 1}]",
                                        f"không đơn vị nào của sổ đơn vị (campaign.yaml, units) thuộc khối «{group}»",
                                        f"{hint}ghi đúng tên khối (group) như trong units", line=source.line_of(loc)))
                continue
            for unit in units:
                if fold(unit.name) not in known:
                    known.add(fold(unit.name))
                    members.append(Member(name=unit.name, channel=Channel(unit.channel) if unit.channel else None,
                                          copies=unit.copies))
        entries.append(entry.model_copy(update={"members": members}))
    if problems:
        raise DataError(problems)
    return registry.model_copy(update={"recipients": entries})


def registry_file(campaign_dir: Path) -> Path:
    """Return the registry's path: ``<campaign folder>/noi-nhan.yaml``."""
    folder = campaign_dir if campaign_dir.is_dir() or not campaign_dir.suffix else campaign_dir.parent
    return folder / REGISTRY_FILE


def _legacy(campaign: Campaign) -> Registry:
    """Return a registry made from the Nơi nhận lists of an older campaign.yaml
    (plan.recipients/archive, awards.decision, awards.submission)."""
    entries: dict[str, dict[str, object]] = {}
    archive: dict[str, list[str]] = {}
    sources: list[tuple[str, Sequence[object], Sequence[str]]] = []
    if campaign.plan.recipients:
        sources.append(("ke-hoach", campaign.plan.recipients, campaign.plan.archive or ["VT"]))
    report = getattr(campaign, "report", None)
    if report is not None and report.recipients:
        for document in ("bao-cao-so-ket", "bao-cao-tong-ket"):
            sources.append((document, report.recipients, report.archive or ["VT"]))
    if campaign.awards is not None:
        aw = campaign.awards
        if aw.decision is not None:
            sources.append(("quyet-dinh-khen-thuong", aw.decision.recipients, aw.decision.archive))
        if aw.submission is not None and aw.submission.archive:
            sources.append(("to-trinh", aw.submission.recipients, aw.submission.archive))
    for document, recipients, units in sources:
        archive[document] = list(units)
        for r in recipients:
            entry = entries.setdefault(r.name, {"name": r.name, "group": Group.UNITS, "roles": {}})  # type: ignore[attr-defined]
            entry["roles"][document] = Role(r.purpose) if r.purpose in {x.value for x in Role} else Role.RECEIVE  # type: ignore[index, attr-defined]
    return Registry.model_validate({"archive": archive, "recipients": list(entries.values())})


def load_registry(campaign_dir: Path, campaign: Campaign) -> Registry:
    """Return the recipients registry of ``campaign_dir`` (noi-nhan.yaml, validated).

    Without noi-nhan.yaml the Nơi nhận lists of an older campaign.yaml are used. Raises
    DataError (every problem located in noi-nhan.yaml, in Vietnamese) for a bad registry, or
    when campaign.yaml still holds plan.recipients beside a registry (two sources would drift).
    """
    from pipeline.campaign.load import (  # load imports the model; keep the cycle out
        problems_of,
        read_yaml,
    )

    path = registry_file(campaign_dir)
    if not path.exists():
        if not campaign.plan.recipients:
            raise DataError([Problem(path, "", "không tìm thấy sổ nơi nhận",
                                     "chép data/haiphong-2024-antt/noi-nhan.yaml vào thư mục phong trào rồi sửa")])
        return _legacy(campaign)
    report = getattr(campaign, "report", None)
    for where, listed in (("plan", campaign.plan.recipients or campaign.plan.archive),
                          ("report", report is not None and (report.recipients or report.archive))):
        if listed:
            raise DataError([Problem(path.with_name("campaign.yaml"), f"{where}.recipients",
                                     f"Nơi nhận ghi ở cả campaign.yaml ({where}) và {REGISTRY_FILE}",
                                     f"xóa {where}.recipients và {where}.archive khỏi campaign.yaml; "
                                     f"sửa nơi nhận trong {REGISTRY_FILE}")])
    data, source = read_yaml(path)
    try:
        registry = Registry.model_validate(data)
    except ValidationError as exc:
        raise DataError(problems_of(exc, source)) from None
    duplicates = _duplicates(registry, path, source.line_of)
    if duplicates:
        raise DataError(duplicates)
    return _expand_unit_groups(registry, campaign, path, source)


def _duplicates(registry: Registry, path: Path, line_of: Callable[[tuple[object, ...]], int | None]) -> list[Problem]:
    """Return a problem for each body listed a second time (as a recipient or as a member of
    a grouped one): it would be printed twice in Nơi nhận and sent twice."""
    problems: list[Problem] = []
    seen: dict[str, tuple[object, ...]] = {}
    for n, entry in enumerate(registry.recipients):
        places: list[tuple[str, tuple[object, ...]]] = [(entry.name, ("recipients", n, "name"))]
        places += [(m.name, ("recipients", n, "members", k, "name")) for k, m in enumerate(entry.members)]
        for name, loc in places:
            key = " ".join(vi.nfc(name).casefold().split())
            first = seen.setdefault(key, loc)
            if first == loc:
                continue
            line = line_of(first)
            problems.append(Problem(
                path, _where(loc), f"nơi nhận «{name}» đã có ở {_where(first)}" + (f" (dòng {line})" if line else ""),
                "mỗi nơi nhận ghi một lần: xóa một trong hai, hoặc gộp vai trò (roles) vào một mục", line=line_of(loc)))
    return problems


def _where(loc: tuple[object, ...]) -> str:
    from pipeline.campaign.load import yaml_path

    return yaml_path(loc)
