"""The `charter` command: exit codes 0 ok, 1 errors found, 2 usage; text and JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from charter_engine.cli import main

GOOD = """charter "Demo" {
  version "1"
  body assembly { members: everyone; decides: *; rule default: majority of members }
  circle web under assembly { decides: communication.web }
}
"""
BAD = """charter "Demo" {
  version "1"
  body assembly { decides: * }
  body council under asembly { decides: x }
}
"""


@pytest.fixture
def files(tmp_path: Path):
    (tmp_path / "good.charter").write_text(GOOD, "utf-8")
    (tmp_path / "bad.charter").write_text(BAD, "utf-8")
    (tmp_path / "syntax.charter").write_text('charter "x" { version "1" body { } }', "utf-8")
    return tmp_path


def test_check_ok(files, capsys):
    assert main(["check", str(files / "good.charter")]) == 0
    assert "ok" in capsys.readouterr().out


def test_check_syntax_error_is_located(files, capsys):
    assert main(["check", str(files / "syntax.charter")]) == 1
    out = capsys.readouterr().out
    assert "syntax.charter:1:" in out and "^" in out and "unexpected `{`" in out


def test_check_json(files, capsys):
    assert main(["check", "--format", "json", str(files / "syntax.charter")]) == 1
    report = json.loads(capsys.readouterr().out)
    d = report["diagnostics"][0]
    assert d["severity"] == "error" and d["line"] == 1 and d["file"].endswith("syntax.charter")


def test_usage_errors_exit_2(files, capsys):
    assert main([]) == 2
    assert main(["check"]) == 2
    assert main(["check", str(files / "missing.charter")]) == 2
    assert main(["frobnicate"]) == 2


def test_show_summary_and_json(files, capsys):
    assert main(["show", str(files / "good.charter")]) == 0
    out = capsys.readouterr().out
    assert "body assembly" in out and "circle web" in out and "communication.web" in out
    assert main(["show", "--format", "json", str(files / "good.charter")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["bodies"][1]["parent"] == "assembly"


SCENARIO = """charter: good.charter
members:
  - id: ada
cases:
  - name: web is the circle's
    competence: {subject: communication.web.blog}
    expect: {body: web}
  - name: wrong on purpose
    competence: {subject: budget}
    expect: {body: web}
"""


def test_test_command_reports_pass_and_fail(files, capsys):
    (files / "s.yaml").write_text(SCENARIO, "utf-8")
    assert main(["test", str(files / "s.yaml")]) == 1
    out = capsys.readouterr().out
    assert "ok   web is the circle's" in out
    assert 'body: expected "web", got "assembly"' in out
    assert out.strip().endswith("1 passed, 1 failed")


def test_test_command_json(files, capsys):
    (files / "s.yaml").write_text(SCENARIO, "utf-8")
    main(["test", "--format", "json", str(files / "s.yaml")])
    report = json.loads(capsys.readouterr().out)
    assert (report["passed"], report["failed"]) == (1, 1)
    first = report["cases"][0]
    assert set(first) == {"file", "name", "passed", "failures", "decision"}
    assert first["decision"]["kind"] == "competence" and first["decision"]["body"] == "web"


def test_unknown_key_in_a_scenario_is_an_error_with_its_line(files, capsys):
    text = SCENARIO.replace(
        "    expect: {body: web}\n  - name: wrong", "    expcet: {body: web}\n  - name: wrong"
    )
    (files / "s.yaml").write_text(text, "utf-8")
    assert main(["test", str(files / "s.yaml")]) == 1
    out = capsys.readouterr().out
    assert "unknown key `expcet`" in out and "s.yaml:7:" in out and "`expect`" in out


def test_a_case_that_is_not_a_mapping_is_named_at_its_line(files, capsys):
    # the third item of `cases` is a bare text, on line 11
    (files / "s.yaml").write_text(SCENARIO + "  - just some words\n", "utf-8")
    assert main(["test", str(files / "s.yaml")]) == 1
    out = capsys.readouterr().out
    assert "s.yaml:11:" in out and "case 3 of `cases` is not a mapping" in out


def test_bad_case_data_names_its_path_and_line(files, capsys):
    text = SCENARIO.replace("competence: {subject: budget}", "competence: {subjct: budget}")
    (files / "s.yaml").write_text(text, "utf-8")
    assert main(["test", str(files / "s.yaml")]) == 1
    out = capsys.readouterr().out
    assert "$.competence.subjct" in out and "s.yaml:9:" in out


def test_eval_prints_one_decision(files, capsys):
    (files / "case.yaml").write_text("members: [{id: ada}]\ncompetence: {subject: x}\n", "utf-8")
    assert main(["eval", str(files / "good.charter"), str(files / "case.yaml")]) == 0
    assert json.loads(capsys.readouterr().out)["body"] == "assembly"


def test_load_text_is_never_read_as_a_path(tmp_path):
    import charter_engine

    secret = tmp_path / "secret"
    secret.write_text('charter "s" { version "1" body a { decides: * } }', "utf-8")
    assert charter_engine.load(str(secret)).name == "s"  # a path argument is read
    with pytest.raises(charter_engine.CharterError) as err:
        charter_engine.load(text=str(secret))  # the same string as text is only text
    assert err.value.diagnostics[0].code.startswith("syntax.")
