"""Template check: the variables a docxtpl template uses and the tags that would break it.

``check_template(path)`` reads a DOCX template part by part (body, headers, footers) and
returns ``Finding``s (``pipeline.check.rules.Finding``): one info ``TPL-VARIABLE`` per variable
used, with the parts it is in; an error for a variable the data model of its kind
(``TEMPLATE_VARIABLES`` by file name, else ``FRAME_VARIABLES``) does not provide, for a tag
docxtpl cannot read (split across paragraphs, spaced braces, curly quotes, jinja syntax) and
for a tag placed where rendering would corrupt the document or lose text (a ``{%p`` / ``{{p``
tag sharing its paragraph, ``{%tr`` outside a table row or in a row with other text, ``{%tc``
outside a cell or in a cell with other text, a cell whose every paragraph sits in a ``{%p``
block so that it may end with none, a tag inside a field code).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import jinja2
from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import meta
from lxml import etree

from pipeline.check import templateframe
from pipeline.check.checker import ERROR, INFO, RULES, WARNING, Finding
from pipeline.documents import certificate, decision, dispatch, plan, review, submission
from pipeline.documents.fields import Field
from pipeline.docx import render
from pipeline.docx.formatting import paragraph_text
from pipeline.nd30 import kinds, vi

# The data model of the frame template: each variable the documents' context gives
# (pipeline/documents/*.py, ``context()``), with its meaning for a clerk restyling the template.
FRAME_VARIABLES: dict[str, str] = {
    "parent_body": "tên cơ quan chủ quản, in hoa (ô 2)",
    "issuer_header": "tên cơ quan ban hành, in hoa (ô 2)",
    "number_line": 'dòng "Số: …/…" (ô 3)',
    "date_line": "dòng địa danh, ngày tháng năm (ô 4)",
    "kind_title": "tên loại văn bản, in hoa (ô 5a)",
    "subject": "trích yếu nội dung (ô 5a)",
    "authority_line": "thẩm quyền ban hành của quyết định",
    "greeting": 'các dòng "Kính gửi:" (ô 9a)',
    "body": "nội dung: các khối đoạn, bảng, hình (ô 6)",
    "recipients": "các dòng Nơi nhận (ô 9b)",
    "authority_lines": "quyền hạn, chức vụ người ký (ô 7a)",
    "signer_name": "họ tên người ký (ô 7b)",
    "annexes": "phụ lục, danh sách kèm theo",
}

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
(``pipeline.documents.fields``; the kinds not yet listed use the frame's variables below)."""

TEMPLATE_VARIABLES: dict[str, dict[str, str]] = {
    **{kinds.by_name(name).template: {k: f.meaning for k, f in fields.items()} for name, fields in KIND_FIELDS.items()},
    kinds.FRAME_TEMPLATE: FRAME_VARIABLES,
}
"""The variables each of vanban's templates may use, by the template file name of its kind in
the registry (``pipeline.nd30.kinds``; an agency's own template of the same name overrides
vanban's and takes the same data)."""


def variables_for(path: Path) -> dict[str, str]:
    """Return the variables the template at ``path`` may use: its kind's by file name, else
    the frame's (any other template is a frame document)."""
    return TEMPLATE_VARIABLES.get(Path(path).name, FRAME_VARIABLES)


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


def check_template(path: Path, variables: dict[str, str] | None = None) -> list[Finding]:
    """Return the findings of the docxtpl template at ``path`` against ``variables`` (the data
    model; default: its kind's, ``variables_for``): variables used (info), unknown variables, tags split
    or placed where docxtpl cannot render them (errors), variables the model has but the
    template does not use (warning). A file that cannot be read gives one TPL-FILE error."""
    path = Path(path)
    variables = variables_for(path) if variables is None else variables
    try:
        document = Document(str(path))
        tpl = DocxTemplate(str(path))
    except Exception as exc:  # python-docx/zip raise many kinds; all mean "not a DOCX"
        return [_finding(path, "TPL-FILE", "tệp", "", "tệp DOCX đọc được", f"{type(exc).__name__}: {exc}")]
    env = jinja2.Environment()
    env.filters.update(vi.FILTERS)
    env.filters.update(render.FILTERS)  # data text: markup, lines
    findings: list[Finding] = []
    used: dict[str, list[str]] = {}
    for part, root in _parts(document):
        findings += _paragraph_checks(path, part, root)
        xml = tpl.patch_xml(etree.tostring(root, encoding="unicode"))
        try:
            names = meta.find_undeclared_variables(env.parse(xml))
        except jinja2.TemplateSyntaxError as exc:
            findings.append(_finding(path, "TPL-SYNTAX", part, "", "thẻ jinja đúng cú pháp", exc.message or str(exc)))
            continue
        for name in names:
            used.setdefault(name, []).append(part)
    for name in sorted(used):
        where = ", ".join(used[name])
        if name in variables:
            findings.append(_finding(path, "TPL-VARIABLE", where, name, variables[name], f"dùng ở {where}", INFO))
        else:
            findings.append(_finding(path, "TPL-UNKNOWN-VARIABLE", where, name,
                                     "một trong: " + ", ".join(variables), f"biến {name} không có trong dữ liệu"))
    for name in variables:
        if name not in used:
            findings.append(_finding(path, "TPL-UNUSED-VARIABLE", "mẫu", name, f"{variables[name]}", "mẫu không dùng",
                                     WARNING))
    findings += templateframe.check_frame(path, document)  # the ND30 frame a clerk must not break (warnings)
    return _told(path, findings, _paragraph_texts(document))


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
