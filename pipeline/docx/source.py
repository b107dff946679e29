"""The text source of vanban's default Word templates (nguồn mẫu): ``templates/nguon/<name>.txt``.

vanban ships one DOCX template per document kind (``templates/<name>.docx``); its wording is
ordinary text a clerk edits in Word. The project keeps that wording, for review and diff, in a
plain-text source that ``make templates`` (``pipeline.docx.frame``) writes into the DOCX — a
test keeps the committed DOCX equal to its source. An agency never sees the source: it exports
the DOCX in force (``vanban template``) and edits it.

Format, one paragraph per line (UTF-8; ``#`` starts a comment line, blank lines are skipped)::

    @đầu                              the ND30 header block (ô 1–4), the same in every template
    [Tên loại] {{ kind_title }}       a paragraph in the style "VB Tên loại", its text after "]"
    [Căn cứ] Căn cứ {{ law }};        **bold** and *italic* mark emphasis outside jinja tags
    @bảng 15 giữa | 115 trái          a table: each column's width (mm) and alignment
    STT | Tên tập thể                 its header row (bold, repeated on every page)
    {%tr for r in rows %}             a row holding only a docxtpl row tag
    {{ r.number }} | {{ r.name }}     a row of cells (style "VB Ô bảng")
    @hết bảng
    @chèn _danh-sach.txt              the lines of another source (files named "_…" are parts, no DOCX)
    @ký                               the signature block: Nơi nhận (its first lines are the
    [Nơi nhận] - Như Điều 3;          "[Nơi nhận]" lines right after "@ký", then the
                                      recipients and "- Lưu: …"), the authority lines, the name

A certificate (Giấy khen) is not an administrative document: ``@trang giấy khen`` (first) gives
it its landscape page with a border, ``@đầu không số`` the header without the number and date
row, ``@ký giấy khen`` its foot — the "[GK Quyết định]" lines right after it on the left, the
date line and the signature on the right. Its paragraph styles are named "GK …".

Raises ``SourceError`` (file and line) for a style or directive it does not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.docx.markup import Run, parse_inline
from pipeline.nd30 import layout as L

STYLES: dict[str, L.StyleSpec] = {spec.name.removeprefix("VB "): spec for spec in (*L.STYLES, *L.OWN_STYLES)}
"""The paragraph styles a source line may name, by their Word name without "VB " (the frame's
styles, and those of the certificate "GK …" and the dispatch sheet "DSG …")."""

DIRECTIVES: dict[str, tuple[str, ...]] = {"đầu": ("", "không số"), "ký": ("", "giấy khen"), "trang": ("giấy khen",)}
"""Each directive and the words it may take: ``@đầu không số`` (the header without the number
and date row), ``@ký giấy khen`` (the certificate's foot), ``@trang giấy khen`` (its page)."""

_LEFT_CELL = {"": L.RECIPIENT, "giấy khen": L.CERT_DECISION}
"""The style of the lines right after ``@ký`` (or ``@ký giấy khen``) that go into its left cell."""

ALIGN = {"trái": "left", "giữa": "center", "phải": "right"}
"""A table column's alignment word in a source → w:jc."""

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_RICH = re.compile(r"(\{\{r .*?\}\})")
_LINE = re.compile(r"\[([^\]]+)\]\s?(.*)")


class SourceError(ValueError):
    """A template source line vanban cannot read: ``file:line: what``."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its style and its runs (jinja tags whole inside one run)."""

    style: L.StyleSpec
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Table:
    """A table: column widths (mm), alignments (w:jc), rows of cell texts (the first is the
    header row); a row of one cell holding a ``{%tr`` tag is written as such."""

    widths_mm: tuple[float, ...]
    align: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Directive:
    """A frame block: ``name`` "đầu" (header), "ký" (signature; ``lines``: Nơi nhận's first
    lines, or the certificate's left cell) or "trang" (the page); ``arg`` its words
    (``DIRECTIVES``)."""

    name: str
    lines: tuple[Paragraph, ...] = ()
    arg: str = ""


Item = Paragraph | Table | Directive


def runs(text: str) -> tuple[Run, ...]:
    """Return the runs of a source text: emphasis marks read outside jinja tags only, each tag
    kept whole in one run (docxtpl reads a tag only when no run boundary splits it), a rich
    text tag ``{{r …}}`` in a run of its own."""
    tags: list[str] = []

    def hide(match: re.Match[str]) -> str:
        tags.append(match.group(0))
        return f"\x00{len(tags) - 1}\x00"

    masked = _TAG.sub(hide, text)
    out: list[Run] = []
    for run in parse_inline(masked):
        shown = re.sub(r"\x00(\d+)\x00", lambda m: tags[int(m.group(1))], run.text)
        # a {{r …}} tag is a run of its own: docxtpl replaces the whole run that holds it
        out += [Run(piece, run.bold, run.italic) for piece in _RICH.split(shown) if piece]
    return tuple(out)


def _paragraph(path: Path, number: int, line: str) -> Paragraph:
    match = _LINE.fullmatch(line)
    if not match:
        raise SourceError(f"{path}:{number}: dòng phải bắt đầu bằng [Tên kiểu] hoặc @…: {line!r}")
    style = STYLES.get(match.group(1).strip())
    if style is None:
        raise SourceError(f"{path}:{number}: không có kiểu «{match.group(1)}»; có: {', '.join(STYLES)}")
    return Paragraph(style, runs(match.group(2)))


def _columns(path: Path, number: int, spec: str) -> tuple[tuple[float, ...], tuple[str, ...]]:
    widths, align = [], []
    for column in spec.split("|"):
        parts = column.split()
        if len(parts) != 2 or parts[1] not in ALIGN:
            raise SourceError(f"{path}:{number}: cột bảng viết «rộng căn», ví dụ «15 giữa»: {column!r}")
        widths.append(float(parts[0]))
        align.append(ALIGN[parts[1]])
    return tuple(widths), tuple(align)


def _directive(path: Path, number: int, line: str) -> Directive:
    name, _, arg = line[1:].partition(" ")
    if name not in DIRECTIVES or arg.strip() not in DIRECTIVES[name]:
        known = ", ".join(f"@{n} {a}".rstrip() for n, args in DIRECTIVES.items() for a in args)
        raise SourceError(f"{path}:{number}: không hiểu lệnh {line!r} (có: {known}, @bảng, @hết bảng, @chèn)")
    return Directive(name, arg=arg.strip())


def parse(path: Path) -> list[Item]:
    """Return the items of the template source ``path`` in reading order."""
    items: list[Item] = []
    table: tuple[tuple[float, ...], tuple[str, ...], list[tuple[str, ...]]] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if table is not None:
            if line == "@hết bảng":
                items.append(Table(table[0], table[1], tuple(table[2])))
                table = None
            else:
                cells = (line,) if line.startswith("{%tr") else tuple(c.strip() for c in line.split("|"))
                if len(cells) not in (1, len(table[0])):
                    raise SourceError(f"{path}:{number}: hàng có {len(cells)} ô, bảng có {len(table[0])} cột")
                table[2].append(cells)
        elif line.startswith("@bảng"):
            table = (*_columns(path, number, line.removeprefix("@bảng")), [])
        elif line.startswith("@chèn "):
            items.extend(parse(path.parent / line.removeprefix("@chèn ").strip()))
        elif line.startswith("@"):
            items.append(_directive(path, number, line))
        else:
            paragraph = _paragraph(path, number, line)
            last = items[-1] if items else None
            if isinstance(last, Directive) and last.name == "ký" and paragraph.style is _LEFT_CELL[last.arg]:
                items[-1] = Directive("ký", (*last.lines, paragraph), last.arg)
            else:
                items.append(paragraph)
    if table is not None:
        raise SourceError(f"{path}: bảng chưa đóng (thiếu @hết bảng)")
    return items
