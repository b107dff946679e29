"""Golden text of every sample output: what a reader sees, kept in tests/golden/ and compared.

Each output file becomes one text file: a DOCX its paragraphs in reading order (table cells row by
row, ``|`` between cells, headers and footers first), a PDF its page count and each page's text
(poppler), the phase bundle also its bookmarks (nested by indentation) and page labels, a dispatch
workbook its cells. Never bytes: timestamps and zip order do not count.

Regenerate after an intended change (and say why in the commit):
``.venv/bin/python -m tests.golden`` — it rebuilds the sample and rewrites tests/golden/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
from docx.oxml.ns import qn
from pypdf import PdfReader

from tests.docxread import norm
from tests.pdfread import page_texts

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "haiphong-2024-antt"
GOLDEN = Path(__file__).resolve().parent / "golden"
# The commands whose outputs are kept: what `make demo` shows and the rest of a campaign's life.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("plan",),
    ("build", "--phase", "1"),
    ("report", "--phase", "2"),
    ("report", "--final"),
)


def build_sample(out: Path) -> Path:
    """Run every command of COMMANDS on the sample into ``out``; return the campaign's output folder."""
    for command in COMMANDS:
        subprocess.run([sys.executable, "-c", "from cli import main; main()", command[0], str(SAMPLE),
                        *command[1:], "--out", str(out)], cwd=REPO, check=True, capture_output=True)
    return out / SAMPLE.name


def _block_text(element: object, document: docx.document.Document) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():  # type: ignore[attr-defined]
        if child.tag == qn("w:p"):
            yield norm(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            for row in Table(child, document).rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(" / ".join(t for t in (norm(p.text) for p in cell.paragraphs) if t))
                yield " | ".join(cells)
        elif child.tag == qn("w:sectPr"):
            yield "[section]"


def docx_text(path: Path) -> str:
    """Return the reader's text of a DOCX: header/footer parts, then the body."""
    document = docx.Document(str(path))
    lines: list[str] = []
    for number, section in enumerate(document.sections, 1):
        for name in ("header", "first_page_header", "footer"):
            part = getattr(section, name)
            if not part.is_linked_to_previous:
                text = [t for t in _block_text(part._element, document) if t]
                if text:
                    lines.append(f"[{name} {number}] " + " / ".join(text))
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:sectPr"):
            continue
        wrapper = document.element.body.makeelement(qn("w:body"))
        wrapper.append(child.__copy__())
        lines.extend(_block_text(wrapper, document))
    return "\n".join(lines) + "\n"


def _outline(reader: PdfReader, items: list, depth: int = 0) -> Iterator[str]:  # type: ignore[type-arg]
    for item in items:
        if isinstance(item, list):
            yield from _outline(reader, item, depth + 1)
        else:
            yield f"{'  ' * depth}{item.title} → p{reader.get_destination_page_number(item) + 1}"


def pdf_text(path: Path) -> str:
    """Return a PDF's page count, bookmarks and page labels (when it has them), and each page's text."""
    reader = PdfReader(str(path))
    lines = [f"pages: {len(reader.pages)}"]
    outline = list(_outline(reader, reader.outline))
    if outline:
        lines += ["bookmarks:", *outline]
    labels = list(reader.page_labels)
    if labels != [str(n) for n in range(1, len(reader.pages) + 1)]:
        lines.append("labels: " + " ".join(labels))
    for number, text in enumerate(page_texts(path), 1):
        lines.append(f"--- page {number}")
        lines.extend(line.rstrip() for line in text.rstrip("\f\n").splitlines())
    return "\n".join(lines) + "\n"


def xlsx_text(path: Path) -> str:
    """Return every sheet's non-empty rows, cells joined by ``|``."""
    book = openpyxl.load_workbook(path, read_only=True)
    lines: list[str] = []
    for sheet in book.worksheets:
        lines.append(f"[{sheet.title}]")
        for row in sheet.iter_rows(values_only=True):
            if any(v is not None for v in row):
                lines.append(" | ".join("" if v is None else str(v) for v in row))
    book.close()
    return "\n".join(lines) + "\n"


READERS = {".docx": docx_text, ".pdf": pdf_text, ".xlsx": xlsx_text}


def golden_texts(folder: Path) -> dict[str, str]:
    """Return {relative path + '.txt': text} for every output file of ``folder`` a reader sees."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        reader = READERS.get(path.suffix)
        if reader is not None and not path.name.startswith("."):
            texts[str(path.relative_to(folder)) + ".txt"] = reader(path)
    return texts


def main() -> None:
    """Rebuild the sample into a temporary folder and rewrite tests/golden/."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        texts = golden_texts(build_sample(Path(tmp)))
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, text in texts.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"{len(texts)} tệp vàng ghi vào {GOLDEN}")


if __name__ == "__main__":
    main()
