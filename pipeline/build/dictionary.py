"""The field dictionary with its examples (từ điển trường dữ liệu): for each document kind of the
registry (``pipeline.nd30.kinds``), every variable its template may use — name, meaning in
Vietnamese, whether required — with its value in a campaign, and every filter with an example.

The values are the very contexts a build renders: the campaign is loaded once and its kinds'
jobs are prepared as ``vanban build`` prepares them (``pipeline.build.phase.prepare``), nothing
written. Nested values are shown by their keys (``awardees.who = "04 tập thể và 32 cá nhân"``),
lists by their first item (``grants[0].form``), dates as the date filters print them. The same
text serves ``vanban template truong LOẠI`` and docs/truong-du-lieu.md (``python -m
pipeline.build.dictionary`` writes it; a test keeps the committed file equal).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from pipeline.build import phase as P
from pipeline.build.prepare import load
from pipeline.check.template import KIND_FIELDS, required_paths
from pipeline.documents.fields import FILTERS, Field, Filter
from pipeline.docx import render
from pipeline.errors import VanbanError
from pipeline.nd30 import kinds as K
from pipeline.nd30 import vi
from pipeline.settings import ROOT

SAMPLE = ROOT / "data" / "haiphong-2024-antt"
"""The sample campaign: the examples when no campaign folder is given."""
DOCS = ROOT / "docs" / "truong-du-lieu.md"
"""The dictionary of every kind, with the sample's examples (generated; kept equal by a test)."""

ITEM_LINES = 20
"""The most example lines one field shows (a list's first item may hold many keys)."""
TEXT_CHARS = 100
"""The longest example text shown, in characters (longer ones end with "…")."""


@dataclass(frozen=True)
class Entry:
    """One field of a kind: its ``name``, its ``field`` (meaning, required), the required paths
    under it (``musts``: "grants.who") and its example lines (``examples``: path as a template
    writes it, the value shown)."""

    name: str
    field: Field
    musts: tuple[str, ...]
    examples: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class KindDictionary:
    """The dictionary of one kind: its ``spec``, its fields, and where the examples come from
    (``source``: "Đợt 1", "giay-khen/001-van-phong") or why there are none (``missing``)."""

    spec: K.KindSpec
    entries: tuple[Entry, ...]
    source: str = ""
    missing: str = ""


@dataclass(frozen=True)
class FilterEntry:
    """One filter: its ``name``, meaning and example expression (``filter``) and the example's
    result in the campaign ("" when the campaign has no value for it)."""

    name: str
    filter: Filter
    result: str


@dataclass(frozen=True)
class Dictionary:
    """The field dictionary of ``kinds`` with the examples of the campaign ``campaign`` (as
    named to the user), and the filters."""

    campaign: str
    kinds: tuple[KindDictionary, ...]
    filters: tuple[FilterEntry, ...]


def kind_fields(name: str) -> dict[str, Field]:
    """Return the fields of kind ``name`` (``pipeline.check.template.KIND_FIELDS``: every kind of
    the registry has its own template and dictionary). Raises KeyError for an unknown kind."""
    return KIND_FIELDS[name]


def _job_source(job: P.Job, phase: int | None) -> str:
    """Return which document of the campaign a kind's example is: "Đợt 1", "giay-khen/001-…, Đợt 1"
    (a kind with a file per awardee or per document), "" (the campaign's own: plan, final report)."""
    parts = [job.key] if job.spec is not None and job.spec.per_awardee else []
    parts += [f"Đợt {phase}"] if phase is not None else []
    return ", ".join(parts)


def prepared_contexts(campaign_dir: Path, names: Sequence[str]) -> tuple[dict[str, tuple[Mapping[str, Any], str]],
                                                                          dict[str, str]]:
    """Return the context of each kind in ``names`` as a build prepares it, and where it comes
    from ("Đợt 1"; a kind with a file per awardee or document names the first), and why each
    kind without one has none. The campaign is loaded once; the plan and the final report are
    the campaign's own, the other kinds are taken from the first phase that has them. Raises
    DataError when the campaign cannot be read."""
    loaded = load(campaign_dir)
    wanted = [K.by_name(n) for n in names]
    found: dict[str, tuple[Mapping[str, Any], str]] = {}
    why: dict[str, str] = {}
    own = tuple(s for s in wanted if not s.phase_folder)
    phased = tuple(s for s in wanted if s.phase_folder)
    steps: list[tuple[tuple[K.KindSpec, ...], int | None]] = [(own, None)] if own else []
    steps += [(phased, n) for n in range(1, len(loaded.campaign.phases) + 1)] if phased else []
    with tempfile.TemporaryDirectory(prefix="vanban-truong-") as out:
        for specs, number in steps:
            if all(s.name in found for s in specs):
                continue
            made = specs  # a dispatch sheet is made from the documents it sends
            if K.DISPATCH_SHEET in specs:
                made += tuple(s for s in P.PHASE_KINDS if s.dispatched and s not in specs)
            try:
                prepared = P.prepare(loaded, Path(out), kinds=made, phase=number, pdf=False,
                                     options=P.Options(chart=False))
            except VanbanError as exc:
                for s in specs:
                    why.setdefault(s.name, exc.format_message())
                continue
            for job in prepared.jobs:
                if job.spec in specs and job.spec.name not in found:
                    found[job.spec.name] = (job.context, _job_source(job, number))
            for step, message in prepared.failures:
                for s in specs:
                    if s.step == step:
                        why.setdefault(s.name, message)
    for s in wanted:
        if s.name not in found:
            why.setdefault(s.name, "phong trào chưa có dữ liệu cho văn bản này")
    return found, {k: v for k, v in why.items() if k not in found}


def dictionary(campaign_dir: Path | None, names: Sequence[str] | None = None, *,
               shown: str | None = None) -> Dictionary:
    """Return the field dictionary of the kinds ``names`` (default: every kind of the registry,
    in its order) with the examples of the campaign in ``campaign_dir`` (None: no examples;
    ``shown``: how the campaign is named to the reader; default: its path). Raises DataError
    when the campaign cannot be read."""
    names = list(names) if names is not None else [s.name for s in K.KINDS]
    if campaign_dir is None:
        contexts: dict[str, tuple[Mapping[str, Any], str]] = {}
        why = dict.fromkeys(names, "không có thư mục phong trào")
    else:  # every kind: the filters' examples use fields of other kinds (the decision's dates, money)
        contexts, why = prepared_contexts(campaign_dir, [s.name for s in K.KINDS])
    kinds = []
    for name in names:
        fields = kind_fields(name)
        context, source = contexts.get(name, ({}, ""))
        musts = required_paths(fields)
        entries = tuple(
            Entry(field_name, field, tuple(p for p in musts if p.startswith(f"{field_name}.")),
                  tuple(examples(field_name, context[field_name])) if field_name in context else ())
            for field_name, field in fields.items())
        kinds.append(KindDictionary(K.by_name(name), entries, source, why.get(name, "")))
    every = [ctx for ctx, _ in contexts.values()]
    filters = tuple(FilterEntry(n, f, _filter_result(f.example, every)) for n, f in FILTERS.items())
    return Dictionary(shown if shown is not None else str(campaign_dir or ""), tuple(kinds), filters)


# --- values as a clerk reads them ----------------------------------------------------------------

def _text(value: str) -> str:
    folded = value.replace("\n", " ")  # spaces kept: a draft's blank number and day are spaces
    return '"' + (folded if len(folded) <= TEXT_CHARS else folded[: TEXT_CHARS - 1] + "…") + '"'


def _items(value: Any) -> Mapping[str, Any] | None:
    """Return the keys of a value shown key by key: a mapping, or a dataclass's fields."""
    if isinstance(value, Mapping):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return None


def _lines(path: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, dt.date):
        yield f"{path} | short_date", _text(vi.short_date(value))
        yield f"{path} | full_date", _text(vi.full_date(value))
    elif (items := _items(value)) is not None:
        if not items:
            yield path, "(trống)"
        for key, item in items.items():
            yield from _lines(f"{path}.{key}", item)
    elif isinstance(value, (list, tuple)):
        yield path, f"danh sách {len(value)} mục" + (", mục đầu:" if value else "")
        if value:
            yield from _lines(f"{path}[0]", value[0])
    elif value is None:
        yield path, "(trống)"
    elif isinstance(value, bool):
        yield path, "true" if value else "false"
    elif isinstance(value, enum.Enum):
        yield path, _text(str(value.value))
    elif isinstance(value, (int, float)):
        yield path, str(value)
    elif isinstance(value, str):
        yield path, _text(value) if value else '"" (trống)'
    else:
        yield path, _text(str(getattr(value, "name", value)))


def examples(name: str, value: Any) -> list[tuple[str, str]]:
    """Return the example lines of field ``name`` holding ``value``: (path as a template writes
    it, the value shown): a text in quotes, a number as it is, a date through its filters, a
    mapping key by key, a list by its size and its first item; at most ``ITEM_LINES`` lines."""
    lines = list(_lines(name, value))
    return lines if len(lines) <= ITEM_LINES else [*lines[: ITEM_LINES - 1], ("…", f"(và {len(lines) - ITEM_LINES + 1} "
                                                                                     "dòng nữa)")]


def template_filters() -> dict[str, Callable[..., Any]]:
    """Return the filters vanban adds to the environment its templates render in (pipeline.docx.
    render): those that are not jinja's own (vanban's ``upper`` replaces jinja's)."""
    plain = SandboxedEnvironment().filters
    filters = render._environment().filters  # the very environment documents are rendered in
    return {name: f for name, f in filters.items() if plain.get(name) is not f}


_ENV = SandboxedEnvironment(undefined=jinja2.StrictUndefined)
_ENV.filters.update(template_filters())


def _filter_result(expression: str, contexts: Sequence[Mapping[str, Any]]) -> str:
    """Return what the template expression ``expression`` prints with the first context that
    has its values, in quotes ("" when none has); a text carrying Word formatting (a filter
    giving runs, such as bold marks made bold) by its words, said to be formatted."""
    compiled = _ENV.compile_expression(expression, undefined_to_none=False)
    for context in contexts:
        try:
            value = compiled(**context)
        except Exception:  # this context has no such value or not of that type (a date as text): the next
            continue
        if isinstance(value, (list, tuple)):
            return f"danh sách {len(value)} mục: " + ", ".join(_text(str(item)) for item in value[:3])
        printed = str(value)
        if "<w:" not in printed:
            return _text(printed)
        return _text(re.sub(r"<[^>]+>", "", printed)) + " (chữ có định dạng Word)"
    return ""


# --- the two ways it is read ---------------------------------------------------------------------

REQUIRED_NOTE = ("*: trường bắt buộc — mẫu phải dùng (và các phần ghi «bắt buộc cả»); thiếu thì vanban check "
                 "--template báo lỗi TPL-MISSING-FIELD và vanban không soạn văn bản theo mẫu đó.")
FILTER_NOTE = ("Bộ lọc viết sau dấu | trong thẻ, ví dụ {{ plan.date | full_date }}; dùng được với mọi loại văn bản, "
               "cùng các bộ lọc có sẵn của jinja (length, join, first…).")


def _template_line(k: KindDictionary) -> str:
    stem = k.spec.template.removesuffix(".docx")
    return f"Mẫu {k.spec.template} (vanban template {stem})"


def _source_line(k: KindDictionary, campaign: str) -> str:
    if k.missing:
        return f"Không có ví dụ{f' từ {campaign}' if campaign else ''}: {k.missing}."
    return f"Ví dụ lấy từ {campaign}{', ' + k.source if k.source else ''}."


def text(d: Dictionary) -> str:
    """Return the dictionary as ``vanban template truong`` prints it."""
    out: list[str] = []
    for k in d.kinds:
        out += [f"{k.spec.bookmark.format(phase='N')} ({k.spec.name}) — {_template_line(k)}",
                _source_line(k, d.campaign)]
        out += [REQUIRED_NOTE, ""] if any(e.field.required for e in k.entries) else [""]
        for e in k.entries:
            musts = f" (bắt buộc cả: {', '.join(e.musts)})" if e.musts else ""
            out.append(f"{'*' if e.field.required else ' '} {e.name} — {e.field.meaning}{musts}")
            out += [f"    {path} = {value}" if path != "…" else f"    … {value}" for path, value in e.examples]
        out.append("")
    out += ["Bộ lọc", FILTER_NOTE, ""]
    for f in d.filters:
        result = f" → {f.result}" if f.result else ""
        out += [f"  {f.name} — {f.filter.meaning}", f"    {{{{ {f.filter.example} }}}}{result}"]
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(text: str) -> str:
    return f"`{_cell(text)}`"


DOCS_HEAD = """# Trường dữ liệu của các mẫu văn bản

Tệp do vanban sinh ra — đừng sửa tay: `.venv/bin/python -m pipeline.build.dictionary` ghi lại (một kiểm thử giữ
tệp này đúng bằng mã). Xem một loại văn bản, với ví dụ từ phong trào của mình: `vanban template truong LOẠI
THƯ_MỤC_PHONG_TRÀO`. Mỗi loại văn bản: các biến mẫu Word của nó được dùng (`{{ tên }}`, `{%p if tên %}`,
`{%tr for x in tên %}`), nghĩa, có bắt buộc không, và giá trị ví dụ của phong trào mẫu
`data/haiphong-2024-antt`: giá trị lồng nhau theo từng khóa (`awardees.who`), danh sách theo mục đầu
(`grants[0].form`), ngày theo bộ lọc ngày.

"""


def markdown(d: Dictionary) -> str:
    """Return the dictionary as docs/truong-du-lieu.md holds it: a table per kind, then the filters."""
    out = [DOCS_HEAD.rstrip("\n"), "", f"Dấu {REQUIRED_NOTE}", ""]
    for k in d.kinds:
        out += [f"## {k.spec.bookmark.format(phase='N')} (`{k.spec.name}`)", "",
                f"{_template_line(k)}. {_source_line(k, d.campaign)}", "",
                "Trường | Bắt buộc | Nghĩa | Ví dụ", "---|---|---|---"]
        for e in k.entries:
            required = ("có" + (": " + ", ".join(_code(m) for m in e.musts) if e.musts else "")) if e.field.required \
                else ""
            shown = "<br>".join(_code(f"{p} = {v}") if p != "…" else _cell(f"… {v}") for p, v in e.examples)
            out.append(f"{_code(e.name)} | {required} | {_cell(e.field.meaning)} | {shown}")
        out.append("")
    out += ["## Bộ lọc", "", FILTER_NOTE.replace("{{ plan.date | full_date }}", "`{{ plan.date | full_date }}`"), "",
            "Bộ lọc | Nghĩa | Ví dụ", "---|---|---"]
    for f in d.filters:
        result = f" → {_code(f.result)}" if f.result else ""
        out.append(f"{_code(f.name)} | {_cell(f.filter.meaning)} | {_code('{{ ' + f.filter.example + ' }}')}{result}")
    return "\n".join(out) + "\n"


def of_kind(name: str, campaign_dir: Path | None = None) -> str:
    """Return the dictionary of kind ``name`` as ``vanban template truong`` prints it, with the
    examples of the campaign in ``campaign_dir`` (None: the sample campaign, when vanban has it)."""
    if campaign_dir is not None:
        return text(dictionary(campaign_dir, [name]))
    sample = SAMPLE if SAMPLE.is_dir() else None
    return text(dictionary(sample, [name], shown=SAMPLE.relative_to(ROOT).as_posix() if sample else None))


def docs() -> str:
    """Return docs/truong-du-lieu.md as the code makes it: every kind, the sample's examples."""
    return markdown(dictionary(SAMPLE, shown=SAMPLE.relative_to(ROOT).as_posix()))


if __name__ == "__main__":  # python -m pipeline.build.dictionary: write docs/truong-du-lieu.md
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(docs(), encoding="utf-8")
    sys.stdout.write(f"Đã ghi: {DOCS}\n")
