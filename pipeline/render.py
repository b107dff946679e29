"""docxtpl adapter: a template and a context in, a DOCX file out (atomically)."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Mm
from docx.table import _Cell
from docxcompose.properties import CustomProperties
from docxtpl import DocxTemplate, InlineImage, RichText

from pipeline import layout
from pipeline.errors import RenderError
from pipeline.files import atomic_target
from pipeline.layout import fit_lines, fit_rules
from pipeline.markup import Run, parse_inline


@dataclass(frozen=True)
class Block:
    """One paragraph of a document's body (đoạn nội dung).

    ``style`` is ``heading`` (Mục I., II. — bold), ``item`` (khoản 1., 2. with a title —
    bold), ``basis`` (căn cứ — italic), ``center`` (e.g. "QUYẾT ĐỊNH:" — bold, centred),
    ``closing`` (the paragraph ending "./.", kept on the signature's page) or ``para`` (body text, bullets "- …", "Điều 1. …"); ``text`` may carry inline emphasis
    (``**bold**``, ``*italic*``). Paragraph styles: ``layout.BLOCK_STYLES``.
    """

    style: str
    text: str
    runs: tuple[Run, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "runs", tuple(parse_inline(self.text)))


@dataclass(frozen=True)
class TableBlock:
    """A table in the body (bảng): header cells, rows of cell texts, column widths in mm and
    per-column alignment ("left" | "center" | "right"). Borders single 0,5 pt; the header row
    is bold, centred and repeated on every page; a row never splits across pages (ND30)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...]
    align: tuple[str, ...] = ()
    style: str = field(default="table", init=False)


@dataclass(frozen=True)
class ImageBlock:
    """A picture in the body (hình), e.g. a chart: a PNG file and its printed width in mm."""

    path: Path
    width_mm: float
    style: str = field(default="image", init=False)


class _CachingEnvironment(jinja2.Environment):
    """A jinja environment that compiles each template text once per process (a batch of
    500 certificates renders the same frame 500 times)."""

    @functools.lru_cache(maxsize=64)  # noqa: B019 — one environment per process, kept alive
    def from_string(self, source, globals=None, template_class=None):  # type: ignore[no-untyped-def,override]
        return super().from_string(source, globals, template_class)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # Autoescape keeps '&', '<', '"' literal in the XML; StrictUndefined turns a missing value
    # into an error instead of a blank on an official form. Values are data, never template
    # code: jinja does not evaluate what a variable holds.
    return _CachingEnvironment(undefined=jinja2.StrictUndefined, autoescape=True, finalize=_finalize)


_PLAIN = DocxTemplate.__new__(DocxTemplate)


@functools.lru_cache(maxsize=64)
def _patched(xml: str) -> str:
    return DocxTemplate.patch_xml(_PLAIN, xml)


class _Template(DocxTemplate):
    """A DocxTemplate whose XML clean-up is done once per distinct part text and whose
    variable list is read once per template file version (same output, less work)."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)


@functools.lru_cache(maxsize=32)
def _variables(template: str, mtime_ns: int, size: int) -> frozenset[str]:
    return frozenset(_Template(template).get_undeclared_template_variables(_environment()))


def _rich(runs: tuple[Run, ...]) -> RichText:
    rich = RichText()
    for run in runs:
        rich.add(_finalize(run.text), bold=run.bold or None, italic=run.italic or None)
    return rich


_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _table(tpl: DocxTemplate, block: TableBlock) -> Any:
    sub = tpl.new_subdoc()
    table = sub.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = layout.TABLE_STYLE
    table.autofit = False
    for col, width in enumerate(block.widths_mm):
        table.columns[col].width = Mm(width)  # the grid, which LibreOffice reads
    # Rows and cells are walked in the XML directly: python-docx's table.cell(r, c) rebuilds
    # the whole cell grid on every call, which made a 500-row list take minutes.
    part = table.part
    head_style = part.get_style_id(layout.TABLE_HEAD.name, WD_STYLE_TYPE.PARAGRAPH)
    cell_style = part.get_style_id(layout.TABLE_CELL.name, WD_STYLE_TYPE.PARAGRAPH)
    widths = [Mm(w) for w in block.widths_mm]
    for n, (tr, values) in enumerate(zip(table._tbl.tr_lst, (block.header, *block.rows))):
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if n == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for col, (tc, text) in enumerate(zip(tr.tc_lst, values)):
            cell = _Cell(tc, table)
            cell.width = widths[col]
            para = cell.paragraphs[0]
            if n == 0:
                para._p.style = head_style
                para.text = text
                continue
            para._p.style = cell_style
            for run in parse_inline(text):
                added = para.add_run(run.text)
                added.bold = run.bold or None
                added.italic = run.italic or None
            if block.align:
                para.alignment = _ALIGN[block.align[col]]
    return sub


def _adapt(value: Any, tpl: DocxTemplate) -> Any:
    """Return ``value`` with every block made into something docxtpl can render."""
    if isinstance(value, Block):
        return {"style": value.style, "text": _rich(value.runs)}
    if isinstance(value, TableBlock):
        return {"style": value.style, "table": _table(tpl, value)}
    if isinstance(value, ImageBlock):
        return {"style": value.style, "image": InlineImage(tpl, str(value.path), width=Mm(value.width_mm))}
    if isinstance(value, Mapping):
        return {key: _adapt(item, tpl) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_adapt(item, tpl) for item in value]
    return value


def _finalize(value: Any) -> Any:
    # A spaced dash must not begin a line, where it would read as a new bullet or recipient
    # ("… Đình Vũ" / "- Cát Hải;"): a no-break space ties it to the word before.
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return value.replace(" - ", NBSP + "- ")
    return value


NBSP = "\u00a0"


def render_docx(
    template: Path, context: Mapping[str, Any], target: Path, *, title: str = "", author: str = "",
    properties: Mapping[str, str] | None = None,
) -> Path:
    """Render the DOCX ``template`` with ``context`` and write it to ``target`` atomically.

    ``properties`` are written as the DOCX's custom document properties (docProps/custom.xml;
    Word: File › Properties › Custom), e.g. what ``vanban issue`` needs to find the register.

    Rules under the issuer, motto and subject are then fitted to their text
    (``layout.fit_rules``) and lines that must stay on one line are fitted
    (``layout.fit_lines``); ``title`` and ``author`` become the document's properties (the
    PDF's too). Raises RenderError naming the template when it is missing or broken, or when
    it uses a variable the context lacks; OutputError when ``target`` cannot be written.
    Returns ``target``.
    """
    env = _environment()
    try:
        stat = template.stat()
        wanted = _variables(str(template), stat.st_mtime_ns, stat.st_size)
        tpl = _Template(str(template))
    except Exception as exc:  # docxtpl/jinja raise many kinds; all mean "bad template"
        raise RenderError(f"không đọc được mẫu {template}: {exc}") from exc
    missing = sorted(set(wanted) - set(context))
    if missing:
        raise RenderError(f"mẫu {template} dùng biến không có trong dữ liệu: {', '.join(missing)}")
    tmp = atomic_target(target)
    try:
        tpl.render(_adapt(context, tpl), env, autoescape=True)
        fit_rules(tpl.docx)
        fit_lines(tpl.docx)
        props = tpl.docx.core_properties
        props.title, props.author, props.last_modified_by = title, author, author
        props.comments = props.subject = props.keywords = props.category = ""
        props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        if properties:
            custom = CustomProperties(tpl.docx)
            for name, value in properties.items():
                custom[name] = value
        tpl.save(str(tmp))
        os.replace(tmp, target)
    except jinja2.TemplateError as exc:
        raise RenderError(f"lỗi khi điền mẫu {template}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target
