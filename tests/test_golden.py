"""The text of every sample output equals its golden file (tests/golden/, made by tests/golden.py).

A change that alters what a reader sees regenerates them (``.venv/bin/python -m tests.golden``) and
says why in its commit; a refactoring leaves them as they are.
"""

from __future__ import annotations

import pytest

from tests.golden import GOLDEN, build_sample, golden_texts

KEPT = sorted(str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*.txt"))


@pytest.fixture(scope="session")
def sample_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Return the golden texts of the sample built now by the real commands."""
    return golden_texts(build_sample(tmp_path_factory.mktemp("golden")))


def test_the_same_files_are_made(sample_texts: dict[str, str]) -> None:
    assert sorted(sample_texts) == KEPT


@pytest.mark.parametrize("name", KEPT)
def test_output_text_is_unchanged(name: str, sample_texts: dict[str, str]) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert sample_texts.get(name) == expected, f"{name}: chạy «python -m tests.golden» nếu thay đổi là có chủ ý"
