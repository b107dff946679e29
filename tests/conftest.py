"""Shared fixtures: the sample campaign is built and converted once per test session."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.build import build_plan
from pipeline.convert import convert_to_pdf
from pipeline.pool import pool_prefix

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


HOSTILE_SIGNER = 'Trần & <Lê> "Văn" An'
HOSTILE_THEME = "Thi đua {{ 7*7 }} {% if 1 %}x{% endif %} & <b>đậm</b>"


def write_campaign(folder: Path, text: str) -> Path:
    """Return ``folder`` after writing ``text`` as its campaign.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "campaign.yaml").write_text(text, encoding="utf-8")
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
    pdfs = convert_to_pdf([plan.docx, hostile.docx])
    return Built(plan.docx, pdfs[0], hostile.docx, pdfs[1])


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


@pytest.fixture(scope="session", autouse=True)
def no_libreoffice_left_behind() -> object:
    """After the whole session, no LibreOffice worker started by this test process is running."""
    yield
    left = subprocess.run(["pgrep", "-af", pool_prefix()], capture_output=True, text=True).stdout
    assert [line for line in left.splitlines() if "pgrep" not in line] == []
