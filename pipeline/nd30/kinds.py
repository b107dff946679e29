"""The registry of document kinds vanban makes: everything about a kind in one spec.

One ``KindSpec`` per kind says its file (stem, or folder for one file per awardee), its DOCX
template, its ND30 kind (tên loại, which gives the type abbreviation of the "Số:" line), the
page-label prefix and bookmark of the phase bundle, the summary step it is counted under,
whether it has an attached list (danh sách kèm theo), gets a dispatch sheet (danh sách gửi),
is read by the ND30 checker, and its place in the issue order (ND30 Điều 15: numbers in order
of issue). The engine (pipeline.build), the bundle, the checker and ``vanban check --template``
read these facts here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.nd30.vi import DocumentKind


@dataclass(frozen=True)
class AnnexSpec:
    """An annex that follows a document's signature (phụ lục, danh sách kèm theo) in a section
    of its own, numbered from 1 (ND30 Phụ lục I, mục I.5; ND30.md §1.2, §1.6): ``heading``, the
    title at the top of its first page (where the bundle finds it), the bundle's nested
    ``bookmark`` and the ``label`` its pages get after the document's ("DS" → "QĐ-DS-1")."""

    heading: str
    bookmark: str
    label: str


ATTACHED_LIST = AnnexSpec("DANH SÁCH", "Danh sách kèm theo", "DS")
"""The danh sách kèm theo of a decision or a proposal (Tờ trình)."""
STATISTICS_ANNEX = AnnexSpec("Phụ lục", "Phụ lục", "PL")
"""The Phụ lục of a review report: every unit's result per target (ND30.md §2.D)."""


@dataclass(frozen=True)
class KindSpec:
    """One document kind (loại văn bản vanban soạn).

    ``name``: the registry key (also the Nơi nhận role key in noi-nhan.yaml for documents with
    a distribution list); ``stem``: the output file name without suffix, or, with ``per_awardee``,
    the folder holding one file per awardee; ``template``: file name in the templates folder;
    ``kind``: tên loại (None for sheets that are not administrative documents); ``label``: page
    label prefix in the bundle ("QĐ" → QĐ-1, QĐ-2…); ``bookmark``: the bundle's bookmark (may
    hold ``{phase}``); ``step``: the build summary's line; ``annex``: the annex that follows
    the signature in a section of its own (``AnnexSpec``; None: none); ``dispatched``: a
    dispatch sheet is made for it; ``checked``: read by the ND30 checker after a build;
    ``issue_order``: position when ``build --issue`` numbers a phase's documents (None: never
    numbered on its own); ``print_file``: the file joining every copy
    (certificates); ``phase_folder``: the file lives in ``dot-N/`` (else in the campaign's folder).
    """

    name: str
    stem: str
    template: str
    kind: DocumentKind | None
    label: str
    bookmark: str
    step: str
    annex: AnnexSpec | None = None
    dispatched: bool = False
    checked: bool = False
    issue_order: int | None = None
    per_awardee: bool = False
    print_file: str | None = None
    phase_folder: bool = True


PLAN = KindSpec("ke-hoach", "ke-hoach", "ke-hoach.docx", DocumentKind.PLAN, "KH", "Kế hoạch", "Kế hoạch",
                checked=True, phase_folder=False)
REPORT = KindSpec("bao-cao-so-ket", "bao-cao-so-ket", "bao-cao-so-ket.docx", DocumentKind.REPORT, "BC",
                  "Báo cáo sơ kết Đợt {phase}", "Báo cáo sơ kết", annex=STATISTICS_ANNEX, dispatched=True, checked=True,
                  issue_order=1)
FINAL_REPORT = KindSpec("bao-cao-tong-ket", "bao-cao-tong-ket", "bao-cao-tong-ket.docx", DocumentKind.REPORT, "BC",
                        "Báo cáo tổng kết", "Báo cáo tổng kết", annex=STATISTICS_ANNEX, checked=True,
                        phase_folder=False)
SUBMISSION = KindSpec("to-trinh", "to-trinh", "to-trinh.docx", DocumentKind.SUBMISSION, "TTr",
                      "Tờ trình đề nghị khen thưởng", "Tờ trình", annex=ATTACHED_LIST, dispatched=True, checked=True,
                      issue_order=2)
DECISION = KindSpec("quyet-dinh-khen-thuong", "quyet-dinh-khen-thuong", "quyet-dinh-khen-thuong.docx",
                    DocumentKind.DECISION, "QĐ", "Quyết định khen thưởng", "Quyết định", annex=ATTACHED_LIST,
                    dispatched=True, checked=True, issue_order=3)
CERTIFICATE = KindSpec("giay-khen", "giay-khen", "giay-khen.docx", None, "GK", "Giấy khen", "Giấy khen",
                       per_awardee=True, print_file="giay-khen.pdf")
DISPATCH_SHEET = KindSpec("danh-sach-gui", "danh-sach-gui", "danh-sach-gui.docx", None, "DSG", "Danh sách gửi",
                          "Danh sách gửi", per_awardee=True)

KINDS: tuple[KindSpec, ...] = (PLAN, REPORT, FINAL_REPORT, SUBMISSION, DECISION, CERTIFICATE, DISPATCH_SHEET)
"""Every kind, in the order a leader reads a phase's documents (the bundle's and the summary's order)."""

def by_name(name: str) -> KindSpec:
    """Return the spec named ``name``; raises KeyError for an unknown kind."""
    for spec in KINDS:
        if spec.name == name:
            return spec
    raise KeyError(name)


def kind_of_key(key: str) -> KindSpec | None:
    """Return the kind of an output key ("quyet-dinh-khen-thuong", "giay-khen/001-…",
    "giay-khen.pdf"), or None for a key no kind makes (the bundle)."""
    head = key.split("/", 1)[0]
    for spec in KINDS:
        if head == spec.stem or key == spec.print_file:
            return spec
    return None


def issue_order() -> Iterator[KindSpec]:
    """Yield the kinds ``build --issue`` numbers, in the order of issue."""
    yield from sorted((s for s in KINDS if s.issue_order is not None), key=lambda s: s.issue_order or 0)
