"""Every message click itself would print is Vietnamese (what is wrong, then where to look);
the README's command table and click's commands and options agree."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli import main
from tests.conftest import SAMPLE

README = Path(__file__).resolve().parent.parent / "README.md"
ENGLISH = re.compile(r"\b(No such|Missing|Invalid|is not|does not|Did you mean|Error|Usage|directory|"
                     r"requires|argument|option|Aborted)\b")


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), prog_name="vanban")
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["decide", str(SAMPLE), "--dat", "1"],
         ("Lỗi cách dùng: không có tùy chọn «--dat» (có phải là «--date» hoặc «--out» hoặc «--pdf»?)\n"
         "Xem hướng dẫn: vanban decide --help\n")),
        (["report", str(SAMPLE), "--phase"],
         "Lỗi cách dùng: tùy chọn --phase cần một giá trị\nXem hướng dẫn: vanban report --help\n"),
        (["check", "data"],
         ("Lỗi cách dùng: giá trị không hợp lệ cho TỆP.docx...: «data» là một thư mục, cần một tệp\n"
         "Xem hướng dẫn: vanban check --help\n")),
        (["init", "x", "--units", "data"],
         ("Lỗi cách dùng: giá trị không hợp lệ cho --units: «data» là một thư mục, cần một tệp\n"
         "Xem hướng dẫn: vanban init --help\n")),
        (["init", "x", "--from", "khong-co.xlsx"],
         "Lỗi cách dùng: không có tệp khong-co.xlsx\nXem hướng dẫn: vanban init --help\n"),
        (["--workers", "x", "plan", "y"],
         "Lỗi cách dùng: giá trị không hợp lệ cho --workers: «x» không phải số nguyên\nXem hướng dẫn: vanban --help\n"),
        (["decide", str(SAMPLE), "--number", "một"],
         ("Lỗi cách dùng: giá trị không hợp lệ cho --number: «một» không phải số nguyên\n"
         "Xem hướng dẫn: vanban decide --help\n")),
        (["plan", "a", "b"], "Lỗi cách dùng: thừa tham số: b\nXem hướng dẫn: vanban plan --help\n"),
        (["template"], None),  # a group without its command shows its help
        (["template", "ket-qa"],
         "Lỗi cách dùng: không có lệnh «ket-qa» (có phải là «ket-qua»?)\nXem hướng dẫn: vanban template --help\n"),
        # found by the fresh-user trial: with several guesses click writes "(Did you mean one of: …)"
        (["template", "bao-cao"],
         ("Lỗi cách dùng: không có lệnh «bao-cao» (có phải là «bao-cao-so-ket» hoặc «bao-cao-tong-ket»?)\n"
          "Xem hướng dẫn: vanban template --help\n")),
        (["register", "list", "--register"],
         "Lỗi cách dùng: tùy chọn --register cần một giá trị\nXem hướng dẫn: vanban register list --help\n"),
        (["build", str(SAMPLE), "--phase", "1", "--register", "so.sqlite"],
         ("Lỗi cách dùng: --register chỉ dùng cùng --issue (sổ nhận số của các văn bản được cấp số)\n"
         "Xem hướng dẫn: vanban build --help\n")),
    ],
)
def test_click_messages_are_vietnamese(args: list[str], expected: str | None) -> None:
    code, output = invoke(*args)
    if expected is None:
        assert code == 0 and output.startswith("Cách dùng: vanban template")
    else:
        assert (code, output) == (64, expected)
    assert not ENGLISH.search(output), output


def test_a_bad_choice_is_vietnamese() -> None:
    """click.Choice's own message, through the same boundary (no command of vanban uses one yet)."""

    @click.command(cls=type(main.commands["plan"]))
    @click.option("--kind", type=click.Choice(["a", "b"]))
    def probe(kind: str) -> None:
        """A probe command."""

    main.add_command(probe, "probe")
    try:
        code, output = invoke("probe", "--kind", "c")
    finally:
        main.commands.pop("probe")
    assert code == 64
    assert output == ("Lỗi cách dùng: giá trị không hợp lệ cho --kind: «c» không phải là một trong: «a», «b»\n"
                      "Xem hướng dẫn: vanban probe --help\n")


def _leaf_commands(group: click.Group, prefix: str = "vanban") -> dict[str, click.Command]:
    out: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            out.update(_leaf_commands(command, f"{prefix} {name}"))
        else:
            out[f"{prefix} {name}"] = command
    return out


def _readme_table() -> dict[str, str]:
    """Return the README's command table: the command ("vanban template ket-qua") → its row."""
    rows: dict[str, str] = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^`(vanban [a-z-]+(?: (?:[a-z-]+(?:\\\|[a-z-]+)*))?)[ `]", line):
            words = m[1].split(" ")
            names = [f"vanban {words[1]} {sub}" for sub in words[2].split("\\|")] if len(words) > 2 else [m[1]]
            for name in names:
                rows[name] = line
    return rows


def test_the_readme_table_and_the_commands_agree() -> None:
    table = _readme_table()
    commands = _leaf_commands(main)
    assert sorted(table) == sorted(commands)
    for name, row in table.items():
        options = {o for p in commands[name].params for o in (*p.opts, *p.secondary_opts)}
        written = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", row.split(" | ")[0]))
        assert written <= options, (name, written - options)
    readme = README.read_text(encoding="utf-8")
    for name, command in commands.items():
        for param in command.params:
            spellings = [o for o in (*param.opts, *param.secondary_opts) if o.startswith("--")]
            if spellings and spellings != ["--help"]:
                assert any(o in readme for o in spellings), (name, spellings)


@pytest.mark.parametrize("command", sorted(_leaf_commands(main)))
def test_every_help_is_vietnamese(command: str) -> None:
    code, output = invoke(*command.split()[1:], "--help")
    assert code == 0
    assert output.startswith(f"Cách dùng: {command} [TÙY_CHỌN]"), output
    assert not re.search(r"\b(Usage|Options|Arguments|Show this message|default|required|Error)\b", output), output
