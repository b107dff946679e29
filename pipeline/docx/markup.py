"""Inline emphasis in data text: ``**bold**`` and ``*italic*`` → runs.

Markup is read only in the YAML fields documented to take it (campaign.yaml: a content
area's ``text``, a phase's ``dedication``, the plan's paragraphs — "Chữ đậm **…**, nghiêng
*…*"). Free text from Excel (a unit's strengths, shortcomings, causes, proposals), names,
positions, notes and every table cell print as typed: a template prints them with ``{{ … }}``,
never through the ``markup`` filter (pipeline.docx.render), so "Lập 5*3 tổ" stays "Lập 5*3 tổ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\\\*|\*\*|\*")


@dataclass(frozen=True)
class Run:
    """A stretch of text with one emphasis (đoạn chữ đậm/nghiêng): text, bold, italic."""

    text: str
    bold: bool = False
    italic: bool = False


def parse_inline(text: str) -> list[Run]:
    """Return the runs of ``text`` written with inline emphasis marks.

    ``**…**`` is bold, ``*…*`` italic, they may nest (``***…***``); ``\\*`` is a literal
    asterisk. An unclosed mark is kept as a literal character, so no text is lost.
    Adjacent runs with the same emphasis are merged.

    >>> parse_inline("**Đợt 1:** Từ ngày")
    [Run(text='Đợt 1:', bold=True, italic=False), Run(text=' Từ ngày', bold=False, italic=False)]
    """
    tokens: list[tuple[str, str]] = []  # (kind, value) kind in text|b|i
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            tokens.append(("text", text[pos : m.start()]))
        tok = m.group()
        tokens.append(("text", "*") if tok == "\\*" else ("b" if tok == "**" else "i", tok))
        pos = m.end()
    if pos < len(text):
        tokens.append(("text", text[pos:]))
    # A mark is only emphasis when it has a partner later on; unpaired marks become text.
    for kind in ("b", "i"):
        idx = [n for n, (k, _) in enumerate(tokens) if k == kind]
        if len(idx) % 2:
            last = idx[-1]
            tokens[last] = ("text", tokens[last][1])
    runs: list[Run] = []
    bold = italic = False
    for kind, value in tokens:
        if kind == "b":
            bold = not bold
        elif kind == "i":
            italic = not italic
        elif runs and runs[-1].bold == bold and runs[-1].italic == italic:
            runs[-1] = Run(runs[-1].text + value, bold, italic)
        else:
            runs.append(Run(value, bold, italic))
    return runs

