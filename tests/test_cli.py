"""`papercat --help` and every subcommand's: a one-line description, help for every argument, and
examples that the parser accepts (so they cannot drift from the options)."""

from __future__ import annotations

import argparse
import shlex

import pytest

from generator import cli


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _help(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        cli.main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def _examples(text: str) -> list[str]:
    """The commands listed under `examples:`, without their comments."""
    block = text.split("\nexamples:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_there_are_subcommands_to_check():
    assert {"import", "build", "check", "new", "serve"} <= set(_subcommands())


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_subcommand_help_has_a_description_argument_help_and_examples(capsys, name):
    sub = _subcommands()[name]
    text = _help(capsys, name)
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith(f"usage: papercat {name}")
    description = paragraphs[1]
    assert "\n" not in description and description.endswith(".") and description[0].isupper(), description
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help and action.help.strip(), f"{name} {action.option_strings or action.dest}: no help"
        assert action.help in " ".join(text.split()), (name, action.help)
    examples = _examples(text)
    assert examples and all(e.startswith(f"papercat {name}") for e in examples), examples
    for example in examples:
        args = cli.build_parser().parse_args(shlex.split(example)[1:])  # exits (fails the test) if not valid
        assert args.command == name


def test_top_level_help_lists_the_commands_and_examples_that_parse(capsys):
    text = _help(capsys)
    for name in _subcommands():
        assert f"    {name} " in text
    examples = _examples(text)
    assert len(examples) >= 2
    for example in examples:
        cli.build_parser().parse_args(shlex.split(example)[1:])


def test_check_names_files_in_the_papers_folder_it_does_not_read(tmp_path, capsys):
    """A subfolder, `X.MD` and `x.markdown` were passed over without a word ("N entries, no problems")."""
    import shutil
    from pathlib import Path

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "golden" / "content", content)
    (content / "papers" / "2024").mkdir()
    (content / "papers" / "2024" / "a.md").write_text("---\ntitle: A\nslug: a\n---\n\nText.\n", encoding="utf-8")
    (content / "papers" / "B.MD").write_text("x", encoding="utf-8")
    (content / "papers" / "notes.txt").write_text("x", encoding="utf-8")
    assert cli.main(["check", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "Not read (2): " in out and out.rstrip().count("2024/, B.MD") == 1 and "notes.txt" not in out
