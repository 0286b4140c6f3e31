"""`charter fmt FILE...`, `--write`, `--check`: exit codes 0 ok, 1 not formatted or errors,
2 usage."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter_engine.cli import main

MESSY = 'charter "Demo" { version "1"; body assembly { members: everyone; decides: * } }\n'
TIDY = """charter "Demo" {
  version "1"

  body assembly {
    members: everyone
    decides: *
  }
}
"""
BROKEN = 'charter "Demo" {\n  version "1"\n  body { }\n}\n'


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("messy", MESSY), ("tidy", TIDY), ("broken", BROKEN)):
        out[name] = tmp_path / f"{name}.charter"
        out[name].write_text(text, "utf-8")
    return out


def test_fmt_prints_the_canonical_form(files, capsys):
    assert main(["fmt", str(files["messy"])]) == 0
    assert capsys.readouterr().out == TIDY
    assert files["messy"].read_text("utf-8") == MESSY  # printing changes no file


def test_fmt_prints_several_files(files, capsys):
    assert main(["fmt", str(files["messy"]), str(files["tidy"])]) == 0
    assert capsys.readouterr().out == TIDY + TIDY


def test_check_passes_on_formatted_files(files, capsys):
    assert main(["fmt", "--check", str(files["tidy"])]) == 0
    assert capsys.readouterr().out == ""


def test_check_names_the_files_not_formatted(files, capsys):
    assert main(["fmt", "--check", str(files["tidy"]), str(files["messy"])]) == 1
    out = capsys.readouterr().out
    assert str(files["messy"]) in out and str(files["tidy"]) not in out
    assert files["messy"].read_text("utf-8") == MESSY


def test_write_rewrites_and_names_what_changed(files, capsys):
    assert main(["fmt", "--write", str(files["messy"]), str(files["tidy"])]) == 0
    out = capsys.readouterr().out
    assert str(files["messy"]) in out and str(files["tidy"]) not in out
    assert files["messy"].read_text("utf-8") == TIDY
    assert main(["fmt", "--check", str(files["messy"])]) == 0


def test_syntax_errors_print_diagnostics_and_exit_1(files, capsys):
    for mode in ([], ["--check"], ["--write"]):
        assert main(["fmt", *mode, str(files["broken"]), str(files["messy"])]) == 1
        err = capsys.readouterr().err
        assert f"{files['broken']}:3:" in err and "^" in err and "expected" in err
    assert files["broken"].read_text("utf-8") == BROKEN


def test_usage_errors_exit_2(files, capsys):
    assert main(["fmt"]) == 2
    assert main(["fmt", "--check", "--write", str(files["tidy"])]) == 2
    assert main(["fmt", str(files["tidy"].parent / "missing.charter")]) == 2
    assert "cannot read" in capsys.readouterr().err
