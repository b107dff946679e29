"""docxtpl adapter: a template and a context in, a DOCX file out (atomically)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate, RichText

from pipeline.errors import RenderError
from pipeline.layout import fit_rules
from pipeline.markup import Run, parse_inline


@dataclass(frozen=True)
class Block:
    """One paragraph of a document's body (đoạn nội dung).

    ``style`` is ``heading`` (Mục I., II. — bold), ``item`` (khoản 1., 2. with a title —
    bold) or ``para`` (body text, bullets "- …"); ``text`` may carry inline emphasis
    (``**bold**``, ``*italic*``).
    """

    style: str
    text: str
    runs: tuple[Run, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "runs", tuple(parse_inline(self.text)))


def _environment() -> jinja2.Environment:
    # Autoescape keeps '&', '<', '"' literal in the XML; StrictUndefined turns a missing value
    # into an error instead of a blank on an official form. Values are data, never template
    # code: jinja does not evaluate what a variable holds.
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def _rich(runs: tuple[Run, ...]) -> RichText:
    rich = RichText()
    for run in runs:
        rich.add(run.text, bold=run.bold or None, italic=run.italic or None)
    return rich


def _adapt(value: Any) -> Any:
    """Return ``value`` with every Block made into a mapping docxtpl can render."""
    if isinstance(value, Block):
        return {"style": value.style, "text": _rich(value.runs)}
    if isinstance(value, Mapping):
        return {key: _adapt(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_adapt(item) for item in value]
    return value


def atomic_target(target: Path) -> Path:
    """Return a fresh temporary path beside ``target`` (same folder, so rename is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    return Path(tmp)


def render_docx(template: Path, context: Mapping[str, Any], target: Path) -> Path:
    """Render the DOCX ``template`` with ``context`` and write it to ``target`` atomically.

    Rules under the issuer, motto and subject are then fitted to their text
    (``layout.fit_rules``). Raises RenderError naming the template when it is missing or
    broken, or when it uses a variable the context lacks. Returns ``target``.
    """
    env = _environment()
    try:
        tpl = DocxTemplate(str(template))
        wanted = tpl.get_undeclared_template_variables(env)
    except Exception as exc:  # docxtpl/jinja raise many kinds; all mean "bad template"
        raise RenderError(f"không đọc được mẫu {template}: {exc}") from exc
    missing = sorted(set(wanted) - set(context))
    if missing:
        raise RenderError(f"mẫu {template} dùng biến không có trong dữ liệu: {', '.join(missing)}")
    tmp = atomic_target(target)
    try:
        tpl.render(_adapt(context), env, autoescape=True)
        fit_rules(tpl.docx)
        tpl.save(str(tmp))
        os.replace(tmp, target)
    except jinja2.TemplateError as exc:
        raise RenderError(f"lỗi khi điền mẫu {template}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target
