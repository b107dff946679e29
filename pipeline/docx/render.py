"""docxtpl adapter: a template and a context in, a DOCX file out (atomically)."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
import html
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.oxml import serialize_part_xml
from docx.opc.package import Unmarshaller
from docx.opc.part import Part, PartFactory, XmlPart
from docx.opc.pkgreader import PackageReader
from docx.oxml.parser import parse_xml
from docx.package import Package
from docx.shared import Mm
from docxcompose.properties import CustomProperties
from docxtpl import DocxTemplate, InlineImage
from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment
from markupsafe import Markup

from pipeline.documents.blocks import ImageBlock
from pipeline.docx.markup import Run, parse_inline
from pipeline.docx.package import write_package
from pipeline.errors import RenderError
from pipeline.files import atomic_target
from pipeline.nd30 import layout, vi
from pipeline.nd30.layout import NBSP, fit_lines, fit_rules, tie_titles
from pipeline.nd30.layout import tie_last_words as tie_last_words  # vanban's name for it since the titles were keys

RENDER_SECONDS = 60.0
"""The longest one document may take to render (seconds of jinja; LibreOffice has its own
limit, Settings.convert_timeout_s): past it, a mistaken loop in an edited template stops."""
RENDER_CHARS = 64_000_000
"""The most characters of WordprocessingML one document's render may produce (the sample's
largest, a 500-row decision list, is under 2 million)."""
POWER_MAX = 1_000
"""The largest exponent ``**`` may take in a template (a bigger one would compute for minutes)."""


class _Limit(Exception):
    """Raised inside a render when it passes a bound (``what``: a Vietnamese phrase)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class _Bounds(threading.local):
    """The running render's deadline (time.monotonic seconds) and characters written, per thread."""

    deadline: float = float("inf")
    chars: int = 0


_BOUNDS = _Bounds()


def _tick() -> None:
    if time.monotonic() > _BOUNDS.deadline:
        raise _Limit(f"điền mẫu quá {RENDER_SECONDS:g} giây")


def _bounded_concat(pieces: Iterable[str]) -> str:
    # jinja's Template.render joins what the template yields: each piece is counted, and the
    # clock looked at, as it comes.
    out = []
    for piece in pieces:
        _BOUNDS.chars += len(piece)
        if _BOUNDS.chars > RENDER_CHARS:
            raise _Limit(f"văn bản điền ra dài quá {RENDER_CHARS:,} ký tự".replace(",", "."))
        _tick()
        out.append(piece)
    return "".join(out)


class _CachingEnvironment(SandboxedEnvironment):
    """jinja's sandbox (a template a clerk edits is code that runs: no access to Python's
    internals, ranges of at most 100 000) that compiles each template text once per process
    (a batch of 500 certificates renders the same frame 500 times) and bounds each render:
    every call, attribute, item and piece of output looks at the clock (``RENDER_SECONDS``)
    and output counts against ``RENDER_CHARS``."""

    intercepted_binops = frozenset(["**", "*"])
    concat = staticmethod(_bounded_concat)

    @functools.lru_cache(maxsize=64)  # noqa: B019 — one environment per process, kept alive
    def from_string(self, source, globals=None, template_class=None):  # type: ignore[no-untyped-def,override]
        return super().from_string(source, globals, template_class)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 — jinja's own
        _tick()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "**" and isinstance(right, int) and abs(right) > POWER_MAX:
            raise _Limit(f"lũy thừa quá lớn (** {right})")
        if operator == "*" and isinstance(right, int) and isinstance(left, (str, list, tuple)) and (
                len(left) * right > RENDER_CHARS):
            raise _Limit("phép nhân chuỗi cho kết quả quá dài")
        if operator == "*" and isinstance(left, int) and isinstance(right, (str, list, tuple)) and (
                len(right) * left > RENDER_CHARS):
            raise _Limit("phép nhân chuỗi cho kết quả quá dài")
        return super().call_binop(context, operator, left, right)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # Autoescape keeps '&', '<', '"' literal in the XML; StrictUndefined turns a missing value
    # into an error instead of a blank on an official form. Values are data, never template
    # code: jinja does not evaluate what a variable holds.
    env = _CachingEnvironment(undefined=jinja2.StrictUndefined, autoescape=True, finalize=_finalize)
    env.filters.update(vi.FILTERS)  # Vietnamese conventions: {{ date|full_date }}, {{ total|money_phrase }}
    env.filters.update(FILTERS)  # data text: {{ text|markup }}, {%p for line in text|lines %}
    return env


@contextlib.contextmanager
def _bounded(seconds: float) -> Iterator[None]:
    """Bound the renders of this thread, within the block, to ``seconds`` and ``RENDER_CHARS``."""
    _BOUNDS.deadline, _BOUNDS.chars = time.monotonic() + seconds, 0
    try:
        yield
    finally:
        _BOUNDS.deadline, _BOUNDS.chars = float("inf"), 0


_PLAIN = DocxTemplate.__new__(DocxTemplate)


@functools.lru_cache(maxsize=64)
def _patched(xml: str) -> str:
    patched: str = DocxTemplate.patch_xml(_PLAIN, xml)
    return patched


@functools.lru_cache(maxsize=16)
def _package(template: str, version: tuple[int, ...]) -> tuple[PackageReader, dict[Any, Any]]:
    """Return the template's parts as read from its zip once per file ``version`` (see
    ``_version``), and a store of their parsed XML trees (filled on first use)."""
    return PackageReader.from_file(template), {}  # type: ignore[no-untyped-call]  # python-docx internal, untyped


_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_LISTING = re.compile("[\t\n\a\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # docxtpl's resolve_listing


def _version(stat: os.stat_result) -> tuple[int, ...]:
    # A template saved again (in place or replaced) changes one of these.
    return stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino, stat.st_dev


def _part_class(content_type: str, reltype: str) -> type[Part]:
    # The class python-docx's PartFactory would make for this part.
    chosen = PartFactory.part_class_selector(content_type, reltype) if PartFactory.part_class_selector else None
    return chosen or PartFactory._part_cls_for(content_type)


@functools.cache
def _lazy(cls: type[XmlPart]) -> type[XmlPart]:
    """Return ``cls`` made to copy the template's pristine XML tree on first use: a part no
    render touches (styles, numbering, the headers docxtpl replaces) is neither copied nor
    serialised again; it is written as the pristine tree's serialisation."""

    class Lazy(cls):  # type: ignore[valid-type,misc]  # a subclass of python-docx's part class, made at run time
        _pristine_tree: Any = None
        _pristine_blob: bytes = b""
        _own: Any = None

        @property
        def _element(self) -> Any:
            if self._own is None:
                self._own = copy.deepcopy(self._pristine_tree)
            return self._own

        @_element.setter
        def _element(self, value: Any) -> None:
            self._own = value

        @property
        def blob(self) -> bytes:
            return self._pristine_blob if self._own is None else super().blob

    Lazy.__name__, Lazy.__qualname__ = cls.__name__, cls.__qualname__
    return Lazy


def _open(template: str) -> tuple[DocxDocument, dict[Any, Any]]:
    """Return a fresh python-docx Document of ``template``: what ``docx.Document`` opens,
    made from the zip read once per file version and a deep copy of each XML part's
    pristine tree (no render ever sees another's changes), and the store of what is made
    once per file version."""
    reader, trees = _package(template, _version(os.stat(template)))

    def part(partname: Any, content_type: str, reltype: str, blob: bytes, package: Any) -> Part:
        cls = _part_class(content_type, reltype)
        if not (issubclass(cls, XmlPart) and cls.load.__func__ is XmlPart.load.__func__):  # type: ignore[attr-defined]
            loaded: Part = cls.load(partname, content_type, blob, package)
            return loaded
        if partname not in trees:
            trees[partname] = parse_xml(blob)
            trees["blob", partname] = serialize_part_xml(trees[partname])
        if cls.__init__ is not XmlPart.__init__:  # e.g. SettingsPart keeps its element aside
            return cls(partname, content_type, copy.deepcopy(trees[partname]), package)
        # python-docx's XmlPart wants its element now; a Lazy part makes it on first use
        made = _lazy(cls)(partname, content_type, None, package)  # type: ignore[arg-type]
        made._pristine_tree, made._pristine_blob = trees[partname], trees["blob", partname]  # type: ignore[attr-defined]
        return made

    package = Package()
    Unmarshaller.unmarshal(reader, package, part)  # type: ignore[no-untyped-call]  # python-docx internal, untyped
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"file '{template}' is not a Word file, content type is '{document_part.content_type}'")
    return document_part.document, trees


class _Template(DocxTemplate):  # type: ignore[misc]  # docxtpl has no type information
    """A DocxTemplate whose XML clean-up is done once per distinct part text, whose
    variable list is read once per template file version and whose document is a copy of
    the template parsed once per file version (same output, less work)."""

    docx: Any  # docxtpl's attributes this class uses
    is_rendered: bool
    _pristine: dict[Any, Any]

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)

    def init_docx(self, reload: bool = True) -> None:
        if not self.docx or (self.is_rendered and reload):
            self.docx, self._pristine = _open(self.template_file)
            self.is_rendered = False

    def _once(self, key: Any, make: Callable[[], Any]) -> Any:
        # What is made from the untouched template, kept with its file version.
        if key not in self._pristine:
            self._pristine[key] = make()
        return self._pristine[key]

    def build_xml(self, context: Any, jinja_env: jinja2.Environment | None = None) -> str:
        xml = self._once("body", lambda: self.patch_xml(self.get_xml()))
        rendered: str = self.render_xml_part(xml, self.docx._part, context, jinja_env)
        return rendered

    def get_part_xml(self, part: Any) -> str:
        xml: str = self._once(("part", str(part.partname)), lambda: super(_Template, self).get_part_xml(part))
        return xml

    def render_properties(self, context: Any, jinja_env: jinja2.Environment | None = None) -> None:
        # As docxtpl's, but a property without template syntax or a line break renders to
        # itself: it is set again as it is, without a jinja render over the whole context.
        props = self.docx.core_properties
        for prop in ("author", "comments", "identifier", "language", "subject", "title"):
            initial = getattr(props, prop)
            if "{" in initial or "\n" in initial or "\r" in initial:
                initial = (jinja_env or jinja2.Environment()).from_string(initial).render(context)
            setattr(props, prop, initial)

    def render_footnotes(self, context: Any, jinja_env: jinja2.Environment | None = None) -> None:
        # docxtpl walks every part once per section looking for footnotes: only when a
        # footnotes part exists is there anything to render.
        if any(part.content_type == _FOOTNOTES for part in self.docx.part.package.iter_parts()):
            super().render_footnotes(context, jinja_env)

    def save(self, filename: Any, *args: Any, **kwargs: Any) -> None:
        # As docxtpl's save of a rendered document, written by pipeline.docx.package (the same
        # members in the same order; unchanged parts are deflated once per process).
        if not self.is_rendered or not isinstance(filename, (str, os.PathLike)):
            super().save(filename, *args, **kwargs)
            return
        self.pre_processing()
        write_package(self.docx.part.package, filename)
        self.post_processing(filename)
        self.is_saved = True

    def resolve_listing(self, xml: str) -> str:
        # Only a tab, line feed, bell or form feed in the text is resolved: a paragraph
        # without one comes back unchanged, so docxtpl's regular expressions run only on
        # the paragraphs that have one (the same paragraphs docxtpl's own pass finds).
        if not _LISTING.search(xml):
            return xml
        return _PARAGRAPH.sub(lambda m: super(_Template, self).resolve_listing(m.group(0))
                              if _LISTING.search(m.group(0)) else m.group(0), xml)


@functools.lru_cache(maxsize=32)
def _variables(template: str, mtime_ns: int, size: int) -> frozenset[str]:
    return frozenset(_Template(template).get_undeclared_template_variables(_environment()))


def template_variables(template: Path) -> frozenset[str] | None:
    """Return the top-level variables ``template`` uses (read once per file version), or None
    when it cannot be read (rendering says why, with its place)."""
    try:
        stat = template.stat()
        return _variables(str(template), stat.st_mtime_ns, stat.st_size)
    except Exception:  # noqa: BLE001 — any unreadable template: the render names the problem
        return None


@functools.lru_cache(maxsize=8192)
def _runs(text: str) -> tuple[Run, ...]:
    """Return the runs of a data text with emphasis marks (``**bold**``, ``*italic*``; the
    ``markup`` filter), parsed once per text."""
    return tuple(parse_inline(text))


# Characters XML 1.0 cannot hold (python-docx refused them too): a control character pasted
# from a spreadsheet cell.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _run_content(text: str) -> str:
    # As python-docx's Run.text: a tab is <w:tab/>, a line break (\n or \r) <w:br/>, and a
    # stretch of text with a space at either end keeps it (xml:space="preserve").
    parts = []
    for piece in re.split(r"([\t\r\n])", text.replace("\r\n", "\n")):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{_escape(piece)}</w:t>")
    return "".join(parts)


_BREAK = re.compile(r"\r\n|\r|\n")


_SCALARS = frozenset({str, int, float, bool, type(None), Decimal, dt.date})


def _adapt(value: Any, tpl: DocxTemplate) -> Any:
    """Return ``value`` with every picture (``ImageBlock``) made into a docxtpl InlineImage:
    a named value (``{{ chart }}``) is the picture itself, an item of a list a block with
    ``style`` "image" and ``image``."""
    if type(value) in _SCALARS:  # most values of a large context (a table's cells): nothing to adapt
        return value
    if isinstance(value, ImageBlock):
        return {"style": value.style, "image": InlineImage(tpl, str(value.path), width=Mm(value.width_mm))}
    if isinstance(value, Mapping):
        return {key: InlineImage(tpl, str(item.path), width=Mm(item.width_mm)) if isinstance(item, ImageBlock)
                else _adapt(item, tpl) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_adapt(item, tpl) for item in value]
    return value


class _NotXml(Exception):
    """Raised inside a render when a value holds a character XML cannot hold (``text``)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _not_xml(template: Path, exc: _NotXml) -> RenderError:
    return RenderError(f"mẫu {template}: một giá trị có ký tự điều khiển không hợp lệ: {exc.text!r}. "
                       "Cách sửa: xóa ký tự đó trong dữ liệu (ô Excel, tệp YAML), rồi soạn lại")


def _finalize(value: Any) -> Any:
    # A spaced dash must not begin a line, where it would read as a new bullet or recipient
    # ("… Đình Vũ" / "- Cát Hải;"): a no-break space ties it to the word before. A control
    # character (pasted from a spreadsheet cell) would be dropped from the XML without a word.
    if isinstance(value, str):
        if _NOT_XML.search(value):
            raise _NotXml(str(value))
        if not hasattr(value, "__html__"):
            return value.replace(" - ", NBSP + "- ")
    return value


def markup(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """Return a data text written with emphasis marks (``**bold**``, ``*italic*``: the YAML
    fields documented to take them, README "Chữ đậm **…**") for a template's ``{{ text|markup }}``:
    without marks, the text itself (escaped as any value); with marks, WordprocessingML runs
    closing the template's run and opening a plain one after (as docxtpl's InlineImage does).
    The runs carry the marks' emphasis only, not the template run's own formatting: a text the
    template sets in italic or bold says so (``*{{ dedication|markup(italic=True) }}*``) and
    every run of it keeps that emphasis beside its marks."""
    runs = _runs(str(text))
    if not any(r.bold or r.italic for r in runs):
        return "".join(r.text for r in runs)
    out = ["</w:t></w:r>"]
    for r in runs:
        props = ("<w:b/>" if r.bold or bold else "") + ("<w:i/>" if r.italic or italic else "")
        out.append(f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{_run_content(_finalize(r.text))}</w:r>")
    out.append('<w:r><w:t xml:space="preserve">')
    return Markup("".join(out))


def lines(text: str) -> list[str]:
    """Return the lines of a data text (Excel's Alt+Enter, a YAML ``|`` block), blank lines
    dropped, for ``{%p for line in text|lines %}``: each line its own paragraph, as a justified
    paragraph must never hold a line break (Word would stretch the line before it)."""
    return [line for line in _BREAK.split(str(text)) if line.strip()]


FILTERS: dict[str, Callable[..., Any]] = {"markup": markup, "lines": lines}
"""Jinja filters on data text, in every template beside ``vi.FILTERS``."""


PROPERTY_MAX = 255
"""The longest document property (title, author) a DOCX core part holds (python-docx, OOXML)."""


def _property(text: str) -> str:
    # A title longer than a document property holds (a very long subject or name) is cut
    # with "…": the document's text keeps it whole.
    return text if len(text) <= PROPERTY_MAX else text[:PROPERTY_MAX - 1] + "…"


class _Properties(CustomProperties):  # type: ignore[misc]  # docxcompose is untyped
    """docxcompose's custom document properties, without reading the document's language: it
    serves only to update property fields in the text, which vanban never does, and reading it
    (the styles part) doubled the time to render a certificate."""

    def get_doc_language(self) -> str:
        return ""


def render_docx(
    template: Path, context: Mapping[str, Any], target: Path, *, title: str = "", author: str = "",
    properties: Mapping[str, str] | None = None,
) -> Path:
    """Render the DOCX ``template`` with ``context`` and write it to ``target`` atomically.

    ``properties`` are written as the DOCX's custom document properties (docProps/custom.xml;
    Word: File › Properties › Custom), e.g. what ``vanban issue`` needs to find the register.

    Rules under the issuer, motto and subject are then fitted to their text
    (``layout.fit_rules``) and lines that must stay on one line are fitted
    (``layout.fit_lines``), and the last words of a title tied (``layout.tie_titles``);
    ``title`` and ``author`` become the document's properties (the
    PDF's too). Raises RenderError naming the template when it is missing or broken, or when
    it uses a variable the context lacks; OutputError when ``target`` cannot be written.
    Returns ``target``.
    """
    env = _environment()
    try:
        stat = template.stat()
        wanted = _variables(str(template), stat.st_mtime_ns, stat.st_size)
        tpl = _Template(str(template))
    except jinja2.TemplateError as exc:
        raise RenderError(f"không đọc được mẫu {template}: {exc}") from exc
    except Exception as exc:  # python-docx, its zip reader and lxml raise many kinds: said in Vietnamese
        from pipeline.docx.stamp import unreadable_docx

        raise RenderError(f"không đọc được mẫu {template}: {unreadable_docx(exc)}") from exc
    missing = sorted(set(wanted) - set(context))
    if missing:
        raise RenderError(f"mẫu {template} dùng biến không có trong dữ liệu: {', '.join(missing)}")
    tmp: Path | None = None
    try:
        with _bounded(RENDER_SECONDS):
            tpl.render(_adapt(context, tpl), env, autoescape=True)
        ids = tpl._once("style ids", lambda: layout.style_ids(tpl.docx))  # same styles part per version
        fit_rules(tpl.docx, ids)
        fit_lines(tpl.docx, ids)
        tie_titles(tpl.docx, ids)
        props = tpl.docx.core_properties
        props.title, props.author, props.last_modified_by = _property(title), _property(author), _property(author)
        props.comments = props.subject = props.keywords = props.category = ""
        props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0)
        if properties:
            custom = _Properties(tpl.docx)
            for name, value in properties.items():
                custom[name] = value
        tmp = atomic_target(target)  # made just before writing: a stop while rendering leaves nothing
        tpl.save(str(tmp))
        os.replace(tmp, target)
    except _NotXml as exc:
        raise _not_xml(template, exc) from None
    except _Limit as exc:
        raise RenderError(f"mẫu {template} dừng khi điền: {exc.what} — có thể một vòng lặp {{% for %}} hay phép "
                          "tính trong mẫu sai. Cách sửa: mở mẫu trong Word, sửa thẻ đó (vanban check --template "
                          "chỉ ra các thẻ), rồi soạn lại") from None
    except OverflowError as exc:  # the sandbox's range(): at most MAX_RANGE numbers
        raise RenderError(f"mẫu {template} dừng khi điền: vòng lặp range() quá {MAX_RANGE:,} lần".replace(",", ".")
                          + " — có thể một vòng lặp {% for %} trong mẫu sai. Cách sửa: mở mẫu trong Word, sửa thẻ "
                          "đó, rồi soạn lại") from exc
    except SecurityError as exc:
        raise RenderError(f"mẫu {template} dùng điều không được phép trong mẫu ({exc}). Cách sửa: chỉ dùng biến "
                          "của dữ liệu và bộ lọc của vanban") from None
    except jinja2.TemplateError as exc:
        raise RenderError(f"lỗi khi điền mẫu {template}: {exc}") from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return target


@functools.lru_cache(maxsize=32)
def _styled_source(template: str, version: tuple[int, ...], style: str) -> str | None:
    doc, _ = _open(template)
    for paragraph in doc.paragraphs:
        if paragraph.style is not None and paragraph.style.name == style:
            return paragraph.text
    return None


def styled_text(template: Path, style: str, context: Mapping[str, Any]) -> str | None:
    """Return the text the first body paragraph in ``style`` (e.g. "VB Trích yếu") of
    ``template`` renders to with ``context`` — what the document will say there, e.g. its
    trích yếu for its dispatch sheet — or None when the template has no such paragraph.
    Raises RenderError as ``render_docx`` does for a broken template or a missing value."""
    try:
        source = _styled_source(str(template), _version(template.stat()), style)
        if source is None:
            return None
        with _bounded(RENDER_SECONDS):
            text: str = _environment().from_string(source).render(context)
    except _NotXml as exc:
        raise _not_xml(template, exc) from None
    except (jinja2.TemplateError, _Limit) as exc:
        raise RenderError(f"lỗi khi điền mẫu {template}: {exc}") from exc
    except Exception as exc:  # python-docx, its zip reader and lxml raise many kinds: said in Vietnamese
        from pipeline.docx.stamp import unreadable_docx

        raise RenderError(f"không đọc được mẫu {template}: {unreadable_docx(exc)}") from exc
    return html.unescape(text).replace(NBSP, " ")
