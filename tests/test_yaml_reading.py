"""Reading YAML with LibYAML's fast parser changes nothing a clerk sees: the same data, the
same line numbers in messages, the same refusals (issue 6: a big phase's build time)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.campaign import load
from pipeline.campaign.load import load_campaign, read_yaml
from pipeline.errors import DataError
from tests.conftest import SAMPLE, sample_yaml, write_campaign

Y = sample_yaml()
FILES = sorted(SAMPLE.rglob("*.yaml")) + sorted(Path(load.__file__).parent.rglob("*.yaml"))


def _pure(text: str) -> tuple[object, dict[tuple[object, ...], int]]:
    """Return the data and line index PyYAML's own (pure Python) parser gives."""
    node = yaml.compose(text, Loader=load._Loader)
    lines: dict[tuple[object, ...], int] = {}
    load._index_lines(node, (), lines)
    return yaml.load(text, Loader=load._Loader), lines


def test_libyaml_is_used_when_pyyaml_has_it() -> None:
    assert (load._FastLoader is not None) == bool(yaml.__with_libyaml__)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_shipped_yaml_reads_the_same_data_and_lines(path: Path) -> None:
    data, source = read_yaml(path)
    assert (data, source.lines) == _pure(path.read_text(encoding="utf-8"))


def test_a_value_far_down_is_located_on_its_line(tmp_path: Path) -> None:
    text = Y.replace("end: 03/02/2025", "end: 31/02/2025", 1)
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if "end: 31/02/2025" in ln)
    with pytest.raises(DataError) as caught:
        load_campaign(write_campaign(tmp_path / "c", text))
    assert [(p.line, p.where) for p in caught.value.problems] == [(line, "phases[1].end")]


def test_a_duplicate_key_in_a_list_item_is_reported_with_both_lines(tmp_path: Path) -> None:
    text = Y.replace("  - start: 04/02/2025\n", "  - start: 04/02/2025\n    start: 05/02/2025\n", 1)
    assert text != Y
    first = next(n for n, ln in enumerate(text.splitlines(), 1) if ln == "  - start: 04/02/2025")
    with pytest.raises(DataError) as caught:
        load_campaign(write_campaign(tmp_path / "c", text))
    [problem] = caught.value.problems
    assert (problem.line, problem.where, problem.what) == (
        first + 1, "phases[2].start", f"trường «start» được viết hai lần (dòng {first} và dòng {first + 1})")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  place: Hải Phòng", "  place:\tHải Phòng"),  # a Tab after the colon
        ("  place: Hải Phòng", "  place: [Hải? Phòng]"),  # "?" inside a flow list
        ("  place: Hải Phòng", "  place: >#\n    Hải Phòng"),  # a comment glued to ">"
        ("  place: Hải Phòng", "  place: |-#\n    Hải Phòng"),
    ],
    ids=["tab", "question-mark-in-list", "folded-comment", "literal-comment"],
)
def test_what_only_libyaml_accepts_is_still_a_syntax_error(tmp_path: Path, old: str, new: str) -> None:
    text = Y.replace(old, new, 1)
    assert text != Y
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if new.splitlines()[0] in ln)
    with pytest.raises(yaml.YAMLError):
        yaml.load(text, Loader=load._Loader)  # PyYAML's own parser refuses it …
    with pytest.raises(DataError) as caught:
        load_campaign(write_campaign(tmp_path / "c", text))
    [problem] = caught.value.problems  # … and so does vanban, on that line
    assert problem.what.startswith("sai cú pháp YAML") and problem.line == line


def test_a_byte_order_mark_inside_the_text_reads_as_before(tmp_path: Path) -> None:
    text = "a: b\n\ufeff  c: d\n"
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    assert read_yaml(tmp_path / "x.yaml")[0] == {"a": "b", "\ufeff  c": "d"} == _pure(text)[0]


def test_a_byte_order_mark_at_the_start_is_ignored(tmp_path: Path) -> None:
    folder = write_campaign(tmp_path / "c", "\ufeff" + Y)
    assert load_campaign(folder) == load_campaign(SAMPLE)
