"""A decision's structure: the thẩm quyền ban hành line, the căn cứ (italic, ";" and the last
"."), "QUYẾT ĐỊNH:", and the articles "Điều 1.", "Điều 2." … numbered in order with "Điều N."
in bold (ND30 Phụ lục I, mục II.6; Phụ lục III, Mẫu 1.2; ``../shared/ND30.md`` §1.3, §2.5 A)."""

from __future__ import annotations

import re

from pipeline.check.document import Para, compact
from pipeline.check.report import Report
from pipeline.nd30 import vi

_BASIS = re.compile(r"^(Căn cứ|Theo đề nghị|Xét đề nghị|Theo đề xuất)")
_ARTICLE = re.compile(r"^Điều\s*(\S*)")
_ARTICLE_FORM = re.compile(r"^Điều (\d+)\.(\s|$)")


def check_decision(body: list[Para], report: Report) -> None:
    """Report the structure of a decision's body (``body``: its paragraphs with text)."""
    if not body:
        return
    word = next((i for i, p in enumerate(body) if compact(p.text).startswith("QUYẾTĐỊNH")), None)
    head = body[:word] if word is not None else [p for p in body if not _ARTICLE.match(p.text)]
    _check_authority(head, report)
    _check_bases([p for p in head if _BASIS.match(p.text)], head[0] if head else body[0], report)
    if word is None:
        report.add_at("ND30-DECISION-WORD-MISSING", body[0], '"QUYẾT ĐỊNH:" (in hoa, đậm, giữa) sau các căn cứ',
                      "không thấy")
        articles = [p for p in body if _ARTICLE.match(p.text)]
    else:
        line = body[word]
        if line.text != "QUYẾT ĐỊNH:":
            report.add_at("ND30-DECISION-WORD-TEXT", line, '"QUYẾT ĐỊNH:"', f'"{line.text}"')
        report.look(line, "DECISION-WORD")
        articles = [p for p in body[word + 1:] if _ARTICLE.match(p.text)]
    _check_articles(articles, body[word] if word is not None else body[-1], report)


def _check_authority(head: list[Para], report: Report) -> None:
    first = head[0] if head else None
    # The line above the căn cứ, centred or in capitals, is the thẩm quyền line (its look is
    # judged below); a căn cứ or body text there means it is missing.
    if first is None or _BASIS.match(first.text) or (
            first.look.align != "center" and first.text != vi.upper(first.text)):
        at = first.where if first else "trước các căn cứ"
        report.add("ND30-AUTHORITY-LINE-MISSING", at, first.text if first else "",
                   "dòng thẩm quyền ban hành in hoa, đậm, giữa (GIÁM ĐỐC SỞ …) trên các căn cứ", "không thấy")
        return
    report.look(first, "AUTHORITY-LINE")


def _check_bases(bases: list[Para], near: Para, report: Report) -> None:
    if not bases:
        report.add_at("ND30-BASIS-MISSING", near, '"Căn cứ …;" … "Theo đề nghị của …." trước "QUYẾT ĐỊNH:"',
                      "không có căn cứ")
        return
    report.add_many("ND30-BASIS-ITALIC", [p for p in bases if not p.all_italic()], "in nghiêng", "có chữ không nghiêng")
    for n, p in enumerate(bases):
        want = "." if n == len(bases) - 1 else ";"
        if not p.text.endswith(want):
            report.add_at("ND30-BASIS-PUNCT", p, f'kết thúc bằng "{want}"', f'"…{p.text[-10:]}"')


def _bold_prefix(p: Para, length: int) -> bool:
    """Return True when the first ``length`` characters of ``p`` are bold (white space aside)."""
    seen = 0
    for run in p.runs:
        if seen >= length:
            break
        part = run.text[: length - seen]
        seen += len(run.text)
        if part.strip() and not run.bold:
            return False
    return True


def _check_articles(articles: list[Para], near: Para, report: Report) -> None:
    if not articles:
        report.add_at("ND30-ARTICLE-MISSING", near, '"Điều 1. …" sau "QUYẾT ĐỊNH:"', "không có điều nào")
        return
    for n, p in enumerate(articles, start=1):
        m = _ARTICLE_FORM.match(p.text)
        if m is None or int(m[1]) != n:
            got = _ARTICLE.match(p.text)
            report.add_at("ND30-ARTICLE-NUMBER", p, f'"Điều {n}."', f'"{got[0] if got else p.text[:8]}"')
            continue
        prefix = len(m[0].rstrip())
        raw_start = len(p.raw) - len(p.raw.lstrip())
        if not _bold_prefix(p, raw_start + prefix):
            report.add_at("ND30-ARTICLE-BOLD", p, f'"Điều {n}." in đậm', "không đậm")
