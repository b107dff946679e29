"""Template check: the variables a docxtpl template uses and the tags that would break it.

``check_template(path)`` reads a DOCX template part by part (body, headers, footers) and
returns ``Finding``s (``pipeline.check.rules.Finding``): one info ``TPL-VARIABLE`` per variable
used, with the parts it is in; an error for a variable the field dictionary of its kind
(``KIND_FIELDS`` through the template's file name; ``ANY_KIND`` for a name no kind uses) does not provide,
for a required field of the kind (or a required part of one: ``grants.who``) no tag uses any
more (TPL-MISSING-FIELD, shown where vanban's own template uses it), for a tag docxtpl cannot
read (split across paragraphs, spaced braces, curly quotes, jinja syntax) and
for a tag placed where rendering would corrupt the document or lose text (a ``{%p`` / ``{{p``
tag sharing its paragraph, ``{%tr`` outside a table row or in a row with other text, ``{%tc``
outside a cell or in a cell with other text, a cell whose every paragraph sits in a ``{%p``
block so that it may end with none, a tag inside a field code).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import meta
from jinja2 import nodes as jinja_nodes
from lxml import etree

from pipeline.check import templateframe
from pipeline.check.checker import ERROR, INFO, RULES, WARNING, Finding
from pipeline.check.rules import short
from pipeline.documents import certificate, decision, dispatch, plan, review, submission
from pipeline.documents.fields import Field
from pipeline.docx import render
from pipeline.docx.formatting import paragraph_text
from pipeline.docx.stamp import unreadable_docx
from pipeline.nd30 import kinds, vi
from pipeline.settings import Settings

KIND_FIELDS: dict[str, dict[str, Field]] = {
    kinds.DECISION.name: decision.FIELDS,
    kinds.PLAN.name: plan.FIELDS,
    kinds.SUBMISSION.name: submission.FIELDS,
    kinds.REPORT.name: review.FIELDS,
    kinds.FINAL_REPORT.name: review.FIELDS,
    kinds.CERTIFICATE.name: certificate.FIELDS,
    kinds.DISPATCH_SHEET.name: dispatch.FIELDS,
}
"""The field dictionary of each kind with a template of its own, by registry name
(``pipeline.documents.fields``)."""

TEMPLATE_FIELDS: dict[str, dict[str, Field]] = {kinds.by_name(name).template: fields
                                                for name, fields in KIND_FIELDS.items()}
"""The field dictionary of each template of its own kind, by its file name in the registry
(``pipeline.nd30.kinds``; an agency's own template of the same name overrides vanban's and
takes the same data)."""

ANY_KIND: dict[str, Field] = {name: Field(field.meaning) for fields in KIND_FIELDS.values()
                               for name, field in fields.items()}
"""The fields of every kind, none required: the dictionary of a template whose file name no kind
uses (a copy being edited, ``mau.docx``); a build uses a template only under its kind's name."""

TEMPLATE_VARIABLES: dict[str, dict[str, str]] = {
    name: {k: f.meaning for k, f in fields.items()} for name, fields in TEMPLATE_FIELDS.items()
}
"""The variables each of vanban's templates may use and their meaning, by template file name."""


def fields_for(path: Path) -> dict[str, Field]:
    """Return the field dictionary of the template at ``path``: its kind's by file name, else
    ``ANY_KIND`` (the fields of every kind, none required)."""
    return TEMPLATE_FIELDS.get(Path(path).name, ANY_KIND)


def variables_for(path: Path) -> dict[str, str]:
    """Return the variables the template at ``path`` may use: its kind's by file name, else
    every kind's."""
    return TEMPLATE_VARIABLES.get(Path(path).name, {k: f.meaning for k, f in ANY_KIND.items()})


TEMPLATE_RULES: dict[str, str] = {
    "TPL-FILE": "Không đọc được mẫu DOCX",
    "TPL-VARIABLE": "Biến mẫu dùng",
    "TPL-UNKNOWN-VARIABLE": "Biến không có trong dữ liệu",
    "TPL-UNUSED-VARIABLE": "Dữ liệu có mà mẫu không dùng",
    "TPL-SYNTAX": "Thẻ mẫu sai cú pháp",
    "TPL-SPLIT": "Thẻ bị tách qua nhiều đoạn",
    "TPL-BRACES": 'Dấu ngoặc của thẻ bị tách bởi dấu cách ("{ {")',
    "TPL-QUOTES": "Dấu nháy cong “ ” trong thẻ",
    "TPL-PLACEMENT": "Thẻ đặt ở chỗ làm hỏng văn bản hoặc mất chữ",
    templateframe.RULE: templateframe.RULE_TEXT,
}
RULES.update(TEMPLATE_RULES)

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPEN = re.compile(r"\{\{|\{%|\{#")
_CLOSE = re.compile(r"\}\}|%\}|#\}")
_SPACED = re.compile(r"\{\s+[{%#]|[}%#]\s+\}")
_CURLY = re.compile(r"[“”‘’]")
_PART_NAMES = {"document": "thân văn bản", "header": "đầu trang", "footer": "chân trang"}


def _parts(document: DocxDocument) -> list[tuple[str, etree._Element]]:
    parts = [(_PART_NAMES["document"], document.element)]
    counts = {"header": 0, "footer": 0}
    for rel in document.part.rels.values():
        for kind, reltype in (("header", RT.HEADER), ("footer", RT.FOOTER)):
            if rel.reltype == reltype and not rel.is_external:
                counts[kind] += 1
                parts.append((f"{_PART_NAMES[kind]} {counts[kind]}", rel.target_part.element))
    return parts


def _finding(path: Path, rule: str, where: str, text: str, expected: str, found: str,
             severity: str = ERROR) -> Finding:
    return Finding(str(path), rule, severity, where, text, expected, found)


def _paragraph_checks(path: Path, part: str, root: etree._Element) -> list[Finding]:
    """Return the findings of the tags in ``part`` (its paragraphs, its table cells, its field codes)."""
    findings = []
    for n, p in enumerate(root.iter(qn("w:p")), start=1):
        text = paragraph_text(p)
        if text:
            findings += _tag_checks(path, f"{part}, đoạn {n}", p, text)
    for n, tc in enumerate(root.iter(qn("w:tc")), start=1):
        if not _cell_keeps_a_paragraph(tc):
            first = tc.find(qn("w:p"))
            findings.append(_finding(path, "TPL-PLACEMENT", f"{part}, ô bảng {n}",
                                     paragraph_text(first) if first is not None else "",
                                     "ô bảng luôn còn ít nhất một đoạn ngoài các khối {%p …%}",
                                     "mọi đoạn của ô nằm trong khối {%p …%}: ô có thể rỗng, Word báo tệp hỏng"))
    for n, instr in enumerate(root.iter(qn("w:instrText")), start=1):
        if _OPEN.search(instr.text or ""):
            findings.append(_finding(path, "TPL-PLACEMENT", f"{part}, mã trường {n}", instr.text or "",
                                     "thẻ nằm trong chữ thường, không trong mã trường (field)", "trong mã trường"))
    return findings


def _tag_checks(path: Path, where: str, p: etree._Element, text: str) -> list[Finding]:
    """Return the findings of paragraph ``p`` (showing ``text``): spaced braces, a tag split
    across paragraphs, curly quotes in a tag, a ``{%p``/``{%tr``/``{%tc`` tag badly placed."""
    findings = []
    spaced = _SPACED.search(text)
    if spaced:
        findings.append(_finding(path, "TPL-BRACES", where, text, "{{ … }} hoặc {% … %} (liền nhau)",
                                 spaced.group(0)))
    opens, closes = len(_OPEN.findall(text)), len(_CLOSE.findall(text))
    if opens != closes:
        findings.append(_finding(path, "TPL-SPLIT", where, text, "mỗi thẻ mở và đóng trong cùng một đoạn",
                                 f"{opens} dấu mở, {closes} dấu đóng"))
    for tag in _TAG.findall(text):
        if _CURLY.search(tag):
            findings.append(_finding(path, "TPL-QUOTES", where, text, 'dấu nháy thẳng " hoặc \'', tag))
        kind = re.match(r"\{[{%]\s*(p|tr|tc|r)\s", tag)
        if kind is not None:
            findings += _placement_checks(path, where, p, text, tag, kind.group(1))
    return findings


# The table element a {%tr / {%tc tag replaces whole, and its name for the clerk.
_REPLACED = {"tr": ("w:tr", "hàng"), "tc": ("w:tc", "ô")}


def _placement_checks(path: Path, where: str, p: etree._Element, text: str, tag: str,
                      level: str) -> list[Finding]:
    """Return the finding of a paragraph-, row- or cell-level ``tag`` (``level`` p, tr, tc) in
    paragraph ``p`` placed where rendering would lose other text or break the table."""
    if level == "p":
        if text.strip() != tag.strip():
            return [_finding(path, "TPL-PLACEMENT", where, text,
                             f"thẻ {tag[:3]} đứng một mình trong đoạn (cả đoạn bị thay)", "có chữ khác cùng đoạn")]
        return []
    if level not in _REPLACED:
        return []
    el, name = _REPLACED[level]
    container = {a.tag: a for a in p.iterancestors()}.get(qn(el))
    if container is None:
        return [_finding(path, "TPL-PLACEMENT", where, text, f"thẻ {tag[:4]} nằm trong một {name} bảng", "ngoài bảng")]
    if _TAG.sub("", "".join(paragraph_text(q) for q in container.iter(qn("w:p")))).strip():
        return [_finding(path, "TPL-PLACEMENT", where, text,
                         f"{name} có thẻ {tag[:4]} không chứa chữ khác (cả {name} bị thay)", f"{name} còn chữ khác")]
    return []


def _cell_keeps_a_paragraph(tc: etree._Element) -> bool:
    """Return True when a table cell keeps a paragraph whatever the data: one that is not a
    ``{%p …%}`` tag and not inside a ``{%p if/for …%}`` block (a cell with no paragraph at all
    makes Word refuse the file)."""
    depth = 0
    for p in tc.findall(qn("w:p")):
        text = paragraph_text(p).strip()
        control = re.fullmatch(r"\{%p\s*(\w+).*%\}", text)
        if control is None:
            if depth == 0:
                return True
            continue
        word = control.group(1)
        if word in ("if", "for"):
            depth += 1
        elif word in ("endif", "endfor"):
            depth = max(depth - 1, 0)
    return tc.find(qn("w:p")) is None  # every paragraph is a control tag or inside a block


def check_template(path: Path, fields: dict[str, Field] | None = None) -> list[Finding]:
    """Return the findings of the docxtpl template at ``path`` against ``fields`` (the field
    dictionary; default: its kind's, ``fields_for``): variables used (info), unknown variables,
    tags split or placed where docxtpl cannot render them (errors), a required field (or part of
    one) the template does not use (error TPL-MISSING-FIELD), other fields it does not use
    (warning) — the last two only when every tag could be read (a broken tag may hide a use).
    A file that cannot be read gives one TPL-FILE error."""
    path = Path(path)
    fields = fields_for(path) if fields is None else fields
    try:
        document = Document(str(path))
        tpl = DocxTemplate(str(path))
    except Exception as exc:  # python-docx/zip raise many kinds; all mean "not a DOCX"
        kind = path.stem if path.name in {spec.template for spec in kinds.KINDS} else "LOẠI"
        return [_finding(path, "TPL-FILE", "tệp", "", "tệp DOCX đọc được (mở bằng Word, Lưu thành… «Word Document "
                         f"(.docx)»; hoặc lấy lại mẫu của vanban: vanban template {kind})", unreadable_docx(exc))]
    env = _environment()
    findings: list[Finding] = []
    used: dict[str, list[str]] = {}
    paths: set[str] = set()
    readable = True
    for part, root in _parts(document):
        findings += _paragraph_checks(path, part, root)
        xml = tpl.patch_xml(etree.tostring(root, encoding="unicode"))
        try:
            ast = env.parse(xml)
        except jinja2.TemplateSyntaxError as exc:
            findings.append(_finding(path, "TPL-SYNTAX", part, "", "thẻ jinja đúng cú pháp",
                                     jinja_message(exc.message or str(exc))))
            readable = False
            continue
        for name in meta.find_undeclared_variables(ast):
            used.setdefault(name, []).append(part)
        _collect(ast, {}, paths)
    findings += _variable_findings(path, fields, used)
    readable = readable and not any(f.rule in _UNREADABLE for f in findings)  # a broken tag may hide a use
    missing = _missing_fields(path, fields, {q for p in paths for q in _prefixes(_plain(p))}) if readable else []
    findings += missing
    told = {f.text for f in missing}
    findings += [_finding(path, "TPL-UNUSED-VARIABLE", "mẫu", name, field.meaning, "mẫu không dùng", WARNING)
                 for name, field in fields.items() if readable and name not in used and name not in told]
    findings += templateframe.check_frame(path, document)  # the ND30 frame a clerk must not break (warnings)
    return _told(path, findings, _paragraph_texts(document))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment()
    env.filters.update(vi.FILTERS)
    env.filters.update(render.FILTERS)  # data text: markup, lines
    return env


def _variable_findings(path: Path, fields: dict[str, Field], used: dict[str, list[str]]) -> list[Finding]:
    """Return the listing of each variable used (info, with its parts) or its error when the
    kind's data has no such field."""
    findings = []
    for name in sorted(used):
        where = ", ".join(used[name])
        if name in fields:
            findings.append(_finding(path, "TPL-VARIABLE", where, name, fields[name].meaning, f"dùng ở {where}", INFO))
        else:
            findings.append(_finding(path, "TPL-UNKNOWN-VARIABLE", where, name,
                                     "một trong: " + ", ".join(fields), f"biến {name} không có trong dữ liệu"))
    return findings


# --- the fields a template uses, and those it must use (issue 13, points 3–5) --------------------

TEMPLATE_RULES["TPL-MISSING-FIELD"] = "Mẫu thiếu trường bắt buộc của loại văn bản"
RULES.update(TEMPLATE_RULES)

def _open_block(m: re.Match[str]) -> str:
    tags = " / ".join(f"{{%p {t} %}}" for t in re.findall(r"'(\w+)'", m[1]))
    return f"mẫu hết mà khối {{% {m[2]} %}} chưa đóng: thiếu thẻ {{%p end{m[2]} %}} (chờ một trong: {tags})"


def _unknown_tag(m: re.Match[str]) -> str:
    where = f": khối {{% {m[3]} %}} đang mở, chưa đóng" if m[3] else " (có: if, elif, else, endif, for, endfor, set)"
    return f"thẻ {{% {m[1]} %}} không đúng chỗ{where}"


_JINJA: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Unexpected end of template\. Jinja was looking for the following tags: (.*?)\. "
                r"The innermost block that needs to be closed is '(\w+)'\."), _open_block),
    (re.compile(r"Encountered unknown tag '(\w+)'\.(?: Jinja was looking for the following tags: (.*?)\. "
                r"The innermost block that needs to be closed is '(\w+)'\.)?"), _unknown_tag),
    (re.compile(r"No filter named '(\w+)'\.?"), lambda m: f"không có bộ lọc «{m[1]}» (xem vanban template truong)"),
    (re.compile(r"expected token '(.*?)', got '(.*?)'"), lambda m: f"thẻ viết sai: gặp «{m[2]}» ở chỗ chưa được"),
    (re.compile(r"unexpected '(.*?)'"), lambda m: f"thẻ viết sai gần «{m[1]}»"),
]
"""jinja's syntax messages a clerk may meet, said in Vietnamese (the English one is kept when none matches)."""


def jinja_message(message: str) -> str:
    """Return jinja's syntax error ``message`` in Vietnamese when it is one a template edit
    commonly makes (a block left open, an unknown tag or filter), else as it is."""
    for pattern, say in _JINJA:
        match = pattern.search(message)
        if match:
            return say(match)
    return message


_UNREADABLE = {"TPL-SYNTAX", "TPL-SPLIT", "TPL-UNCLOSED", "TPL-BRACES", "TPL-QUOTES"}
"""The errors of a tag docxtpl cannot read: the fields it would use are not told missing."""


def _path(node: jinja_nodes.Node, aliases: dict[str, str]) -> str | None:
    """Return the field path an expression names ("grants[].who" for ``g.who`` inside
    ``{% for g in grants %}``, "money.rates[]" for ``money.rates[0]``), or None when it is no
    name, attribute or item of one."""
    if isinstance(node, jinja_nodes.Name):
        return aliases.get(node.name, node.name)
    if isinstance(node, jinja_nodes.Getattr):
        base = _path(node.node, aliases)
        return f"{base}.{node.attr}" if base is not None else None
    if isinstance(node, jinja_nodes.Getitem):
        base = _path(node.node, aliases)
        if base is None:
            return None
        key = node.arg.value if isinstance(node.arg, jinja_nodes.Const) else None
        return f"{base}.{key}" if isinstance(key, str) else f"{base}[]"
    return None


def _collect(node: jinja_nodes.Node, aliases: dict[str, str], out: set[str]) -> None:
    """Add to ``out`` every field path used under ``node`` (see ``_path``), a loop variable
    standing for an item of what it loops over."""
    if isinstance(node, jinja_nodes.For):
        _collect(node.iter, aliases, out)
        inner = dict(aliases)
        source = _path(node.iter, aliases)
        if source is not None and isinstance(node.target, jinja_nodes.Name):
            inner[node.target.name] = f"{source}[]"
        for child in [*node.body, *node.else_, *([node.test] if node.test is not None else [])]:
            _collect(child, inner, out)
        return
    path = _path(node, aliases)
    if path is not None:
        out.add(path)
    if isinstance(node, (jinja_nodes.Name, jinja_nodes.Getattr)) and path is not None:
        return
    for child in node.iter_child_nodes():
        _collect(child, aliases, out)


def _plain(path: str) -> str:
    """Return a field path without its item marks: "grants[].who" → "grants.who"."""
    return path.replace("[]", "")


def required_paths(fields: dict[str, Field]) -> list[str]:
    """Return the paths every template of a kind must use: each required field, then its
    required parts ("grants", "grants.form", "grants.who")."""
    return [p for name, f in fields.items() if f.required for p in [name, *(f"{name}.{part}" for part in f.parts)]]


def _missing_fields(path: Path, fields: dict[str, Field], used: set[str]) -> list[Finding]:
    """Return a TPL-MISSING-FIELD error for each required field, or required part of one, the
    template does not use (a part only when its field is used: the field says it all)."""
    findings = []
    absent: set[str] = set()
    for needed in required_paths(fields):
        name = needed.split(".", 1)[0]
        if needed in used or name in absent:
            continue
        absent.add(needed)
        findings.append(_missing(path, needed, fields[name]))
    return findings


def _missing(path: Path, needed: str, field: Field) -> Finding:
    """Return the error of a required ``needed`` path (field or part) the template at ``path``
    does not use: what it holds and how to put it back, shown where vanban's own template of the
    kind uses it."""
    stem = path.name.removesuffix(".docx")
    shown = _vanban_uses(path.name).get(needed)
    tag = shown[2] if shown else f"{{{{ {needed} }}}}"
    where = f", như {shown[0]} của mẫu vanban «{short(shown[1], 90)}»" if shown else ""
    return _finding(path, "TPL-MISSING-FIELD", "cả mẫu", needed, f"trường bắt buộc {needed} — {field.meaning}",
                    f"không thẻ nào dùng {needed}: văn bản sẽ thiếu phần đó. Cách sửa: đặt lại {tag} vào mẫu{where}; "
                    f"hoặc lấy lại mẫu của vanban: vanban template {stem} THƯ_MỤC_PHONG_TRÀO")


_TAG_PARTS = re.compile(r"\{([{%])-?\s*(?:(?:p|tr|tc|r)\s)?\s*(.*?)\s*-?[}%]\}", re.DOTALL)
_FOR = re.compile(r"for\s+(\w+)\s+in\s+(.+)", re.DOTALL)


def _expression(kind: str, body: str) -> tuple[str | None, str | None]:
    """Return the expression a tag evaluates and, for a loop, its variable: ``{{ x|upper }}`` →
    ("x|upper", None), ``{%p for g in grants %}`` → ("grants", "g"), ``{% if a %}`` → ("a",
    None); (None, None) for a tag naming no field (else, endif, endfor…)."""
    if kind == "{":
        return body, None
    loop = _FOR.match(body)
    if loop:
        return loop[2], loop[1]
    word, _, rest = body.partition(" ")
    return (rest, None) if word in ("if", "elif") and rest.strip() else (None, None)


def _vanban_uses(name: str) -> dict[str, tuple[str, str, str]]:
    """Return where vanban's own template ``name`` (in force: Settings) uses each field path
    (see ``_uses``)."""
    return _uses(Settings().templates_dir / name)


@functools.lru_cache(maxsize=16)
def _uses(template: Path) -> dict[str, tuple[str, str, str]]:
    """Return where the template ``template`` first uses each field path (without item
    marks; its prefixes too): the place ("thân văn bản, đoạn 24"), the paragraph's text and the
    tag as written there, with the loop it sits in ("{{ g.who }} trong {% for g in grants %}").
    Empty when there is no such template."""
    try:
        document = Document(str(template))
    except Exception:  # no default of this name (python-docx raises many kinds): no place to show
        return {}
    env = _environment()
    found: dict[str, tuple[str, str, str]] = {}
    for part, root in _parts(document):
        loops: list[tuple[str, str, str]] = []  # (variable, path of an item, the loop's tag)
        for n, p in enumerate(root.iter(qn("w:p")), start=1):
            text = paragraph_text(p)
            for m in _TAG_PARTS.finditer(text):
                if m[1] == "%" and m[2].split(" ", 1)[0] == "endfor":
                    if loops:
                        loops.pop()
                    continue
                expression, variable = _expression(m[1], m[2])
                if expression is None:
                    continue
                paths: set[str] = set()
                try:
                    _collect(env.parse("{{ " + expression + " }}"), {v: item for v, item, _ in loops}, paths)
                except jinja2.TemplateSyntaxError:
                    continue
                tag = re.sub(r"\s+", " ", m[0])
                for used in paths:
                    inside = next((f" trong {t}" for _, item, t in reversed(loops) if used.startswith(item)), "")
                    for plain in _prefixes(_plain(used)):
                        found.setdefault(plain, (f"{part}, đoạn {n}", text, tag + inside))
                if variable is not None:
                    source = min(paths, key=len) if paths else expression.strip()
                    loops.append((variable, f"{source}[]", tag))
    return found


def _prefixes(path: str) -> list[str]:
    """Return ``path`` and the paths it lies under: "money.rates.amount" → "money",
    "money.rates", "money.rates.amount"."""
    names = path.split(".")
    return [".".join(names[:k]) for k in range(1, len(names) + 1)]


def check_templates(paths: Sequence[Path]) -> list[Finding]:
    """Return the findings of every template in ``paths``, in order."""
    return [f for path in paths for f in check_template(path)]


# --- findings told as a clerk needs them (issue 13, point 4) -------------------------------------

TEMPLATE_RULES.update({
    "TPL-UNCLOSED": 'Thẻ mở mà chưa đóng ("{{ … }" thiếu "}}")',
})
RULES.update(TEMPLATE_RULES)

_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
# The errors that explain a jinja syntax error of their part (it follows from them).
_EXPLAINS_SYNTAX = {"TPL-SPLIT", "TPL-UNCLOSED", "TPL-BRACES", "TPL-QUOTES", "TPL-PLACEMENT"}


def _paragraph_texts(document: DocxDocument) -> dict[str, list[str]]:
    """Return the text of every paragraph of each part, numbered as the findings number them
    (``đoạn n``: the n-th paragraph of the part, those in table cells included, from 1)."""
    return {part: [paragraph_text(p) for p in root.iter(qn("w:p"))] for part, root in _parts(document)}


def _unclosed(text: str) -> str | None:
    """Return the opener ("{{", "{%", "{#") of the last tag of ``text`` left open, else None."""
    last = None
    for m in re.finditer(r"\{\{|\{%|\{#|\}\}|%\}|#\}", text):
        token = m.group(0)
        if token in _CLOSER:
            last = token
        elif last is not None and _CLOSER[last] == token:
            last = None
    return last


def _told(path: Path, findings: list[Finding], texts: dict[str, list[str]]) -> list[Finding]:
    """Return ``findings`` as a clerk reads them best, each with its place (part, paragraph,
    text): a tag broken over two paragraphs is one TPL-SPLIT naming both; a tag opened and never
    closed ("{{ signer_name }") is TPL-UNCLOSED; a split counted because of spaced braces is
    left to TPL-BRACES; a part's jinja syntax error that another error of the part explains is
    left out; an unknown variable names the first paragraph using it."""
    out: list[Finding] = []
    braces = {f.where for f in findings if f.rule == "TPL-BRACES"}
    consumed: set[str] = set()
    for f in findings:
        if f.rule == "TPL-SPLIT":
            if f.where in braces or f.where in consumed:
                continue
            out.append(_split_or_unclosed(path, f, texts, consumed))
        elif f.rule == "TPL-SYNTAX" and any(g.rule in _EXPLAINS_SYNTAX and g.where.startswith(f.where)
                                            for g in findings):
            continue
        elif f.rule == "TPL-UNKNOWN-VARIABLE":
            out.append(_located_variable(f, texts))
        else:
            out.append(f)
    return out


def _place(where: str) -> tuple[str, int] | None:
    part, sep, n = where.rpartition(", đoạn ")
    return (part, int(n)) if sep and n.isdigit() else None


def _split_or_unclosed(path: Path, f: Finding, texts: dict[str, list[str]], consumed: set[str]) -> Finding:
    """Return the finding of paragraph ``f.where`` whose tags do not balance: a tag opened here
    and closed in the next paragraph with text (one TPL-SPLIT naming both), or opened and never
    closed (TPL-UNCLOSED); else ``f`` as it is."""
    place = _place(f.where)
    opener = _unclosed(f.text)
    if place is None or opener is None:
        return f
    part, n = place
    paragraphs = texts.get(part, [])
    following = next(((m, t) for m, t in enumerate(paragraphs[n:], start=n + 1) if t.strip()), None)
    closer = _CLOSER[opener]
    if following is not None and closer in following[1] and not _OPEN.search(following[1].split(closer, 1)[0]):
        m, text = following
        consumed.add(f"{part}, đoạn {m}")
        return _finding(path, "TPL-SPLIT", f"{part}, đoạn {n}–{m}", f"{f.text} ¶ {text}",
                        "mỗi thẻ mở và đóng trong cùng một đoạn (xóa dấu xuống dòng giữa thẻ)",
                        f"thẻ {opener} … {closer} bị tách qua hai đoạn")
    tag = f.text[f.text.rfind(opener):]
    return _finding(path, "TPL-UNCLOSED", f.where, f.text, f"thẻ đóng đủ: {opener} … {closer}",
                    f"«{tag.strip()}» thiếu {closer}")


def _located_variable(f: Finding, texts: dict[str, list[str]]) -> Finding:
    """Return the unknown-variable finding ``f`` placed at the first paragraph of its parts
    whose tags use the variable (``f.text``), with that paragraph's text."""
    used = re.compile(r"(?<![\w.])" + re.escape(f.text) + r"\b")
    for part in f.where.split(", "):
        for n, text in enumerate(texts.get(part, []), start=1):
            if any(used.search(tag) for tag in _TAG.findall(text)):
                return Finding(f.file, f.rule, f.severity, f"{part}, đoạn {n}", text, f.expected,
                               f.found)
    return f
