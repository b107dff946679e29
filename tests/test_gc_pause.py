"""The cyclic garbage collector is paused only while a bundle or a phase's data is made, and
always restored (issue 6: pypdf and openpyxl objects made the collector walk them again and again)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from pipeline.pdf.bundle import Metadata, Part, paused_gc, write_bundle


def test_the_collector_runs_again_after_a_pause() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: the inner pause does not end the outer one
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_runs_again_after_a_failed_bundle(tmp_path: Path) -> None:
    missing = Part("Báo cáo", tmp_path / "khong-co.pdf", "BC")
    with pytest.raises(FileNotFoundError):
        write_bundle([missing], tmp_path / "ho-so.pdf", Metadata("Hồ sơ", "Đợt 1", "Ban"))
    assert gc.isenabled() and not (tmp_path / "ho-so.pdf").exists()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
