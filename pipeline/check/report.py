"""Recording findings while checking, and judging an element's look against ``ELEMENTS``."""

from __future__ import annotations

from pipeline.check.document import Para, norm
from pipeline.check.rules import ERROR, EXAMPLES, RULES, Finding, short
from pipeline.nd30 import vi
from pipeline.nd30.facts import ELEMENTS

ALIGN_VI = {"left": "canh trái", "center": "canh giữa", "right": "canh phải", "justify": "canh đều"}


def mm(value: float) -> str:
    """Return a length for a clerk: "25 mm", "12,7 mm"."""
    return vi.format_number(value, decimals=1).removesuffix(",0") + " mm"


def pt(value: float) -> str:
    """Return a size for a clerk: "13 pt", "10,5 pt"."""
    return vi.format_number(value, decimals=1).removesuffix(",0") + " pt"


class Report:
    """The findings of one file, in the order they are found."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.findings: list[Finding] = []

    def add(self, rule: str, where: str, text: str, expected: str, found: str, severity: str = ERROR) -> None:
        """Record a finding of ``rule`` (an id of ``RULES``)."""
        assert rule in RULES, rule
        self.findings.append(Finding(self.name, rule, severity, where, short(text, 200), expected, found))

    def add_at(self, rule: str, para: Para, expected: str, found: str, severity: str = ERROR) -> None:
        """Record a finding of ``rule`` at paragraph ``para`` (its place and text)."""
        self.add(rule, para.where, para.text, expected, found, severity)

    def add_many(self, rule: str, paras: list[Para], expected: str, found: str) -> None:
        """Record one finding for a rule broken in many paragraphs: the first, with the
        places of the first ones and the count (``rules.condense`` folds them)."""
        shown = paras[:EXAMPLES]
        for n, para in enumerate(shown):
            count = len(paras) - len(shown) + 1 if n == len(shown) - 1 else 1
            self.findings.append(Finding(self.name, rule, ERROR, para.where, short(para.text, 200),
                                         expected, found, count))

    def look(self, para: Para, key: str) -> None:
        """Record how ``para`` differs from the look ND30 gives element ``key``."""
        spec = ELEMENTS[key]
        runs = para.inked
        if not runs:
            return
        low, high = spec.size
        sizes = sorted({r.size_pt for r in runs if r.size_pt is not None})
        if any(not (low - 0.05 <= s <= high + 0.05) for s in sizes):
            expected = f"{pt(low)}" if low == high else f"{pt(low)[:-3]}–{pt(high)}"
            self.add_at(f"ND30-{key}-SIZE", para, f"cỡ {expected}", "cỡ " + ", ".join(pt(s) for s in sizes))
        for attr, want, yes, no in (("BOLD", spec.bold, "đậm", "không đậm"),
                                    ("ITALIC", spec.italic, "nghiêng", "không nghiêng")):
            if want is None:
                continue
            values = {r.bold if attr == "BOLD" else r.italic for r in runs}
            if values != {want}:
                found = (yes if want is False else no) if len(values) == 1 else f"có chữ {no if want else yes}"
                self.add_at(f"ND30-{key}-{attr}", para, yes if want else no, found)
        if spec.upper:
            shown = norm(para.shown)
            if shown != vi.upper(shown):
                self.add_at(f"ND30-{key}-CASE", para, "in hoa", "có chữ thường")
        align = para.look.align
        if spec.align and align != spec.align and not (spec.align == "left" and align == "justify"):
            self.add_at(f"ND30-{key}-ALIGN", para, ALIGN_VI[spec.align], ALIGN_VI.get(align, align))
