"""Which Word template each document kind is rendered from (mẫu văn bản): the agency's own or vanban's.

A DOCX with a kind's template name (``pipeline.nd30.kinds``: ke-hoach.docx, giay-khen.docx,
danh-sach-gui.docx) in the campaign folder's ``mau/`` replaces vanban's default for that
campaign; so does one in the folder shared by the agency's campaigns, named by
``templates_dir:`` in campaign.yaml (relative to the campaign folder). Resolved here and
nowhere else: the engine's jobs take the path, and a job's hash holds the template's bytes,
so a changed template redoes its documents.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.campaign.model import Campaign
from pipeline.errors import DataError, OutputError, Problem, RenderError
from pipeline.files import atomic_target, os_reason
from pipeline.nd30 import kinds as K
from pipeline.settings import Settings

OWN_FOLDER = "mau"
"""The campaign's own templates folder (thư mục mẫu riêng của phong trào)."""


def template_names() -> list[str]:
    """Return the template file names of the kinds registry, each once, in registry order."""
    return list(dict.fromkeys(spec.template for spec in K.KINDS))


UNUSED = ("mẫu {path} không được dùng: không loại văn bản nào có mẫu tên «{name}», nên lời văn trong tệp "
          "này không vào văn bản nào. Tên mẫu của từng loại: {names}. Cách sửa: ghi mẫu của loại cần sửa "
          "(vanban template LOẠI, ví dụ vanban template {example}), chép lời văn của bạn vào đó, rồi xóa "
          "hoặc đổi tên {name}")
"""The warning for a DOCX in a templates folder that no kind uses (``unused_templates``)."""


def template_list() -> str:
    """Return the template name of each kind, as the build's warnings name them
    ("Kế hoạch: ke-hoach.docx; Báo cáo sơ kết: bao-cao-so-ket.docx; …")."""
    return "; ".join(f"{spec.step}: {spec.template}" for spec in K.KINDS)


@dataclass(frozen=True)
class Templates:
    """Where a campaign's templates come from, first found first: its ``own`` folder
    (``mau/``), the agency's ``shared`` folder (None when campaign.yaml names none), vanban's
    ``default`` folder (Settings.templates_dir)."""

    own: Path
    shared: Path | None
    default: Path

    def path(self, name: str) -> Path:
        """Return the template in force for file ``name`` (e.g. "ke-hoach.docx")."""
        for folder in (self.own, self.shared):
            if folder is not None and (folder / name).is_file():
                return folder / name
        return self.default / name


    def unused(self) -> list[Path]:
        """Return the DOCX files of the ``own`` and ``shared`` folders whose name no kind's
        template has (e.g. the old ``van-ban.docx``, or ``quyet-dinh.docx`` mistyped), in
        name order; Word's lock files (``~$…``) and hidden files are no templates."""
        names = set(template_names())
        found: list[Path] = []
        for folder in (self.own, self.shared):
            try:
                files = sorted(folder.iterdir()) if folder is not None and folder.is_dir() else []
            except OSError:
                files = []
            found += [f for f in files if f.suffix.lower() == ".docx" and f.name not in names
                      and not f.name.startswith(("~$", ".")) and f.is_file()]
        return found


def unused_templates(templates: Templates | None) -> list[str]:
    """Return a warning for each DOCX in the campaign's ``mau/`` or the shared templates folder
    that no kind uses: an agency's wording there would otherwise be left out without a word
    (the block template van-ban.docx of vanban before each kind had its own)."""
    if templates is None:
        return []
    example = K.DECISION.template.removesuffix(".docx")
    return [UNUSED.format(path=path, name=path.name, names=template_list(), example=example)
            for path in templates.unused()]


def campaign_templates(folder: Path, source: Path, campaign: Campaign, settings: Settings | None = None) -> Templates:
    """Return the templates of the campaign in ``folder`` (its campaign.yaml: ``source``).
    Raises DataError when ``templates_dir`` names no folder."""
    settings = settings or Settings()
    shared = None
    if campaign.templates_dir is not None:
        shared = (folder / campaign.templates_dir).resolve()
        if not shared.is_dir():
            raise DataError([Problem(
                source, "templates_dir", f"không có thư mục mẫu dùng chung «{campaign.templates_dir}» ({shared})",
                "tạo thư mục đó và đặt các mẫu DOCX vào (vanban template ke-hoach …), sửa đường dẫn "
                "(tính từ thư mục phong trào), hoặc xóa dòng templates_dir")])
    return Templates(folder / OWN_FOLDER, shared, settings.templates_dir)


def export_template(name: str, templates: Templates | None, target_dir: Path) -> tuple[Path, bool]:
    """Return where the template ``name`` in force (vanban's default when ``templates`` is
    None) is for editing: copied into ``target_dir`` unless a file of that name is there
    already (then it is the one in force, and is left as it is). The second value says
    whether it was written now. Raises OutputError when it cannot be written."""
    source = templates.path(name) if templates else Settings().templates_dir / name
    target = target_dir / name
    if target.exists():
        return target, False
    tmp = atomic_target(target)
    try:
        tmp.write_bytes(source.read_bytes())
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"không ghi được {target}: {os_reason(exc)}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return target, True


BLOCKING = ("TPL-SYNTAX", "TPL-SPLIT", "TPL-UNCLOSED", "TPL-BRACES", "TPL-QUOTES", "TPL-PLACEMENT",
            "TPL-MISSING-FIELD", "TPL-UNKNOWN-VARIABLE", "TPL-FILE")
"""The template check's errors that stop a kind before its documents are rendered: a tag docxtpl
cannot read or placed where rendering would break the document, a required field of the kind
the template no longer uses (its document would lack a part, e.g. the decision's Điều 1:
pipeline.check.template). Variables are checked against the very data when rendering, and a
file that is no DOCX is said there too (pipeline.docx.render)."""


def check_before_use(template: Path) -> None:
    """Check ``template`` before rendering from it (once per file version). Raises RenderError
    naming every blocking problem with its place (part, paragraph, text)."""
    try:
        stat = template.stat()
        version: tuple[int, ...] = (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_dev)
    except OSError:
        version = ()
    problem = _problems(str(template), version)
    if problem is not None:
        raise RenderError(problem)


@functools.lru_cache(maxsize=32)
def _problems(template: str, version: tuple[int, ...]) -> str | None:
    from pipeline.check.template import check_template

    findings = [f for f in check_template(Path(template)) if f.severity == "error" and f.rule in BLOCKING]
    if not findings:
        return None
    lines = [f"mẫu {template} có {len(findings)} lỗi, chưa soạn văn bản nào theo mẫu này:"]
    lines += [f"  - {str(f).removeprefix(f'{template}: ')}" for f in findings]
    lines.append(f"Cách sửa: mở mẫu trong Word, sửa các chỗ đã nêu (kiểm tra lại bằng vanban check --template "
                 f"{template}), rồi soạn lại")
    return "\n".join(lines)
