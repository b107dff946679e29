"""Shared fixtures: the sample campaign is built and converted once per test session."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.build.engine import build_plan
from pipeline.nd30.vi import DocumentKind
from pipeline.pdf.convert import convert_to_pdf
from pipeline.pdf.pool import pool_prefix

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "haiphong-2024-antt"
SEED = REPO.parent / "shared" / "seeds" / "000_c57d5d5a08e0f5bc.txt"


@dataclass(frozen=True)
class Built:
    """The sample plan and a variant with hostile text, each as DOCX and PDF."""

    docx: Path
    pdf: Path
    hostile_docx: Path
    hostile_pdf: Path
    long_docx: Path
    long_pdf: Path


HOSTILE_SIGNER = 'Trần & <Lê> "Văn" An'
HOSTILE_THEME = "Thi đua {{ 7*7 }} {% if 1 %}x{% endif %} & <b>đậm</b>"


def write_campaign(folder: Path, text: str) -> Path:
    """Return ``folder`` after writing ``text`` as its campaign.yaml (and, unless the folder
    has one, a copy of the sample's recipients registry noi-nhan.yaml)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "campaign.yaml").write_text(text, encoding="utf-8")
    if not (folder / "noi-nhan.yaml").exists():
        shutil.copyfile(SAMPLE / "noi-nhan.yaml", folder / "noi-nhan.yaml")
    return folder


def sample_yaml() -> str:
    """Return the sample campaign's YAML text."""
    return (SAMPLE / "campaign.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Build the sample plan and the hostile variant; convert both in one LibreOffice run."""
    root = tmp_path_factory.mktemp("build")
    plan = build_plan(SAMPLE, root / "out", pdf=False)
    text = sample_yaml().replace("name: Nguyễn Quang Minh", f"name: '{HOSTILE_SIGNER}'").replace(
        "theme: Lực lượng mới, khí thế mới, thi đua bảo đảm an ninh, trật tự ở cơ sở trong tình hình mới",
        f"theme: '{HOSTILE_THEME}'",
    )
    hostile_dir = write_campaign(root / "hostile", text)
    hostile = build_plan(hostile_dir, root / "out", pdf=False)
    # Enough extra duties to push the closing paragraph to the last lines of a page.
    duties = "".join(f"      - Nhiệm vụ bổ sung số {n}.\n" for n in range(1, 13))
    long_text = sample_yaml().replace("    duties:\n", "    duties:\n" + duties, 1)
    long = build_plan(write_campaign(root / "long", long_text), root / "out", pdf=False)
    pdfs = convert_to_pdf([plan.docx, hostile.docx, long.docx])
    return Built(plan.docx, pdfs[0], hostile.docx, pdfs[1], long.docx, pdfs[2])


@pytest.fixture(scope="session")
def seed_text() -> str:
    """Return the seed plan's text (../shared/seeds); fail when it is not beside the repo."""
    if not SEED.exists():
        pytest.fail(f"seed plan not found at {SEED}: the repository expects ../shared beside it")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture()
def campaign_copy(tmp_path: Path) -> Path:
    """Return a writable copy of the sample campaign folder."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "haiphong-2024-antt"))


@pytest.fixture(scope="session")
def decided(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Build the sample's phase-1 commendation documents once (decision, proposal, 36
    certificates), all converted in one LibreOffice batch."""
    from pipeline.build.engine import build_decide

    return build_decide(SAMPLE, tmp_path_factory.mktemp("decide") / "out", phase=1)


@dataclass(frozen=True)
class PhaseReport:
    """The sample's Báo cáo sơ kết Đợt 1 (with its chart) and the Đợt 2 one, as DOCX and PDF."""

    docx: Path
    pdf: Path
    phase2_docx: Path
    phase2_pdf: Path


@pytest.fixture(scope="session")
def phase_report(tmp_path_factory: pytest.TempPathFactory) -> PhaseReport:
    """Build the sample's phase-1 and phase-2 review reports; convert both in one LibreOffice run."""
    from pipeline.build.engine import build_review

    out = tmp_path_factory.mktemp("phase-report")
    one = build_review(SAMPLE, out, phase=1, pdf=False)
    two = build_review(SAMPLE, out, phase=2, pdf=False)
    pdfs = convert_to_pdf([one.docx, two.docx])
    return PhaseReport(one.docx, pdfs[0], two.docx, pdfs[1])


@dataclass(frozen=True)
class Generated:
    """A document vanban makes: a name for test ids, its DOCX and its kind (tên loại)."""

    name: str
    docx: Path
    kind: DocumentKind


@pytest.fixture(scope="session")
def generated_documents(built: Built, decided, tmp_path_factory: pytest.TempPathFactory) -> list[Generated]:  # type: ignore[no-untyped-def]
    """Return every document the project makes today, for tests that run on all of them (the
    ND30 checker). Add each new kind (report, decision, proposal…) here."""
    from pipeline.build.engine import build_review

    out = tmp_path_factory.mktemp("generated")
    review = build_review(SAMPLE, out, phase=1, pdf=False)
    final = build_review(SAMPLE, out, phase=None, pdf=False, chart=False)
    return [
        Generated("plan", built.docx, DocumentKind.PLAN),
        Generated("plan-hostile", built.hostile_docx, DocumentKind.PLAN),
        Generated("plan-long", built.long_docx, DocumentKind.PLAN),
        Generated("decision", decided.decision.docx, DocumentKind.DECISION),
        Generated("submission", decided.submission.docx, DocumentKind.SUBMISSION),
        Generated("report-phase-1", review.docx, DocumentKind.REPORT),
        Generated("report-final", final.docx, DocumentKind.REPORT),
    ]


@pytest.fixture(scope="session", autouse=True)
def no_libreoffice_left_behind() -> object:
    """After the whole session, no LibreOffice worker started by this test process is running."""
    yield
    left = subprocess.run(["pgrep", "-af", pool_prefix()], capture_output=True, text=True).stdout
    assert [line for line in left.splitlines() if "pgrep" not in line] == []


@dataclass(frozen=True)
class OwnReport:
    """The sample's Báo cáo sơ kết Đợt 1 made from the campaign's own template (mau/) that adds
    ``sentence`` after the introduction, for a campaign of other ``participants``; DOCX and PDF."""

    docx: Path
    pdf: Path
    sentence: str
    participants: str


@pytest.fixture(scope="session")
def own_report(tmp_path_factory: pytest.TempPathFactory) -> OwnReport:
    """Add a sentence to the report's introduction with the template only, as a clerk does in
    Word: copy vanban's template, add a paragraph after the introduction, save it as the
    campaign's mau/bao-cao-so-ket.docx; change the campaign's participants; build Đợt 1's report
    with its PDF (one LibreOffice conversion)."""
    import copy

    from docx import Document
    from docx.text.paragraph import Paragraph

    from pipeline.build.engine import build_review
    from pipeline.settings import Settings

    sentence = "Báo cáo này đã được lấy ý kiến các phòng chuyên môn trước khi trình ký."
    participants = "Cán bộ, công chức, viên chức và người lao động của Ban"
    root = tmp_path_factory.mktemp("own-report")
    campaign = Path(shutil.copytree(SAMPLE, root / "haiphong-2024-antt"))
    yaml = campaign / "campaign.yaml"
    text = yaml.read_text(encoding="utf-8")
    old = "\nparticipants: Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở\n"
    assert text.count(old) == 1
    yaml.write_text(text.replace(old, f"\nparticipants: {participants}\n"), encoding="utf-8")
    document = Document(str(Settings().template("bao-cao-so-ket.docx")))
    (intro,) = [p for p in document.paragraphs if p.text.startswith("Thực hiện Kế hoạch số")]
    added = copy.deepcopy(intro._p)
    intro._p.addnext(added)
    paragraph = Paragraph(added, intro._parent)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = sentence
    (campaign / "mau").mkdir()
    document.save(str(campaign / "mau" / "bao-cao-so-ket.docx"))
    out = build_review(campaign, root / "out", phase=1, chart=False)
    assert out.pdf is not None
    return OwnReport(out.docx, out.pdf, sentence, participants)
