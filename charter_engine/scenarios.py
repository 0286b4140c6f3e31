"""Scenario files (docs/scenarios.md): what advisers write to test a charter, and the runner
behind `charter test` and `charter eval`.

A scenario file is YAML; keys are checked against the format, so a typo is an error with its
line rather than an expectation silently not checked. The decision printed for each case is the
same JSON the library and the HTTP service return.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .charter import Charter, load
from .diagnostics import CaseError, CharterError, Diagnostic, did_you_mean

FILE_KEYS = {"charter", "members", "cases", "description", "language"}
# the keys of one scenario case: the case model's (charter_engine/case.py; the file's `members`
# apply to every case) and those of the scenario itself
SCENARIO_KEYS = {"name", "expect", "description", "language"}


@functools.cache
def case_keys() -> frozenset[str]:
    """Every key a case of a scenario file may give: the case model's (but `members`, given
    once for the file) and the scenario's own. The case model is imported here, when a
    scenario is read: `charter check` registers this module's commands and should not pay for
    building it."""
    from .case import CASE_KEYS

    return frozenset(CASE_KEYS - {"members"}) | SCENARIO_KEYS


EXPECT_KEYS = {
    "outcome",
    "body",
    "rule",
    "certain",
    "referred_to",
    "rejected_ballots",
    "counts",
    "ranking",
    "winners",
    "tied_at_cut",
    "reasons_include",
    "allowed",
    "funded",
    "not_funded",
    "fundable",
    "rejected_projects",
    "rejected_allocations",
    "rejected_supports",
    "valid_claims",
    "rejected_claims",
    "how",
}
ID_SETS = {
    "rejected_ballots",
    "winners",
    "tied_at_cut",
    "funded",
    "not_funded",
    "fundable",
    "rejected_projects",
    "rejected_allocations",
    "rejected_supports",
    "valid_claims",
    "rejected_claims",
}


# ---------------------------------------------------------------------- YAML with line numbers
class LineDict(dict):
    """A mapping that remembers the line of each key (1-based), for error messages."""

    line: int = 0
    lines: dict

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A sequence that remembers the line of each item (1-based), for error messages."""

    lines: list[int]


def _construct_sequence(loader, node) -> LineList:
    out = LineList(loader.construct_object(item, deep=True) for item in node.value)
    out.lines = [item.start_mark.line + 1 for item in node.value]
    return out


def _construct_mapping(loader, node) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


@functools.cache
def _line_loader():
    """A safe YAML loader whose mappings remember their lines. PyYAML is imported here, not at
    start-up: `charter check` and `fmt` do not read YAML."""
    import yaml

    class LineLoader(yaml.SafeLoader):
        pass

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    return LineLoader


def load_yaml(text: str, filename: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_line_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        problem = getattr(err, "problem", None) or str(err)
        raise CharterError(
            [
                Diagnostic(
                    "error",
                    "scenario.yaml",
                    f"this is not valid YAML: {problem}",
                    file=filename,
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
            ]
        ) from None


def line_at(data: Any, path: str) -> int | None:
    """The YAML line of a JSON path such as `$.ballots[3].voter` inside a case mapping."""
    current, line = data, getattr(data, "line", None)
    for part in path.lstrip("$").replace("[", ".").replace("]", "").split("."):
        if not part:
            continue
        key: Any = int(part) if part.isdigit() else part
        if isinstance(current, LineDict) and key in current:
            line = current.line_of(key)
            current = current[key]
        elif isinstance(current, list) and isinstance(key, int) and key < len(current):
            current = current[key]
            line = getattr(current, "line", line)
        else:
            break
    return line


# ---------------------------------------------------------------------- the scenario file
@dataclass
class CaseOutcome:
    file: str
    name: str
    passed: bool
    failures: list[str] = field(default_factory=list)
    decision: dict | None = None
    line: int | None = None

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "name": self.name,
            "passed": self.passed,
            "failures": self.failures,
            "decision": self.decision,
        }


def _unknown_keys(
    mapping: Any, allowed: AbstractSet[str], where: str, filename: str
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if not isinstance(mapping, dict):
        return out
    for key in mapping:
        if key not in allowed:
            line = mapping.line_of(key) if isinstance(mapping, LineDict) else None
            out.append(
                Diagnostic(
                    "error",
                    "scenario.unknown_key",
                    f"unknown key `{key}` in {where}",
                    did_you_mean(str(key), allowed)
                    or f"the keys of {where} are " + ", ".join(f"`{k}`" for k in sorted(allowed)),
                    file=filename,
                    line=line,
                    column=1,
                )
            )
    return out


def read_scenario(path: str) -> tuple[Charter, list, list]:
    """Parse a scenario file; returns the charter, the shared members and the cases."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CharterError(
            [Diagnostic("error", "io.read", f"cannot read `{path}`: {err}")]
        ) from None
    data = load_yaml(text, path)
    if not isinstance(data, LineDict):  # the loader reads every mapping as a LineDict
        raise CharterError(
            [
                Diagnostic(
                    "error",
                    "scenario.shape",
                    "a scenario file is a mapping with `charter`, `members` and `cases`",
                    file=path,
                    line=1,
                    column=1,
                )
            ]
        )
    problems = _unknown_keys(data, FILE_KEYS, "a scenario file", path)
    cases = data.get("cases") or []
    if not isinstance(cases, list):
        problems.append(
            Diagnostic(
                "error",
                "scenario.shape",
                "`cases` must be a list",
                file=path,
                line=data.line_of("cases"),
                column=1,
            )
        )
        cases = []
    for index, case in enumerate(cases):
        if not isinstance(case, LineDict):
            problems.append(
                Diagnostic(
                    "error",
                    "scenario.shape",
                    f"case {index + 1} of `cases` is not a mapping",
                    "each case is a mapping of its keys: `name:`, its question, `expect:`",
                    file=path,
                    line=cases.lines[index] if isinstance(cases, LineList) else data.line,
                )
            )
            continue
        problems += _unknown_keys(case, case_keys(), f"case `{case.get('name', '?')}`", path)
        problems += _unknown_keys(
            case.get("expect"), EXPECT_KEYS, f"the `expect` of case `{case.get('name', '?')}`", path
        )
        if "name" not in case:
            problems.append(
                Diagnostic(
                    "error",
                    "scenario.missing",
                    "a case needs a `name`",
                    file=path,
                    line=case.line,
                    column=1,
                )
            )
    if "charter" not in data:
        problems.append(
            Diagnostic(
                "error",
                "scenario.missing",
                "a scenario file names its `charter`",
                file=path,
                line=1,
                column=1,
            )
        )
    if problems:
        raise CharterError(problems)
    charter_path = Path(path).parent / str(data["charter"])
    if not charter_path.is_file():
        raise CharterError(
            [
                Diagnostic(
                    "error",
                    "scenario.charter",
                    f"no charter file at `{charter_path}`",
                    file=path,
                    line=data.line_of("charter"),
                    column=1,
                )
            ]
        )
    return load(str(charter_path)), data.get("members") or [], cases


# ---------------------------------------------------------------------- checking expectations
def _ids(items: Any) -> set[str]:
    """The ids of a result's list: a rejected ballot's voter (for a proxy set aside, the person
    it represented: whose vote was not counted), a project's or a claim's id."""
    out = set()
    for item in items or []:
        if isinstance(item, dict):
            out.add(str(item.get("represented") or item.get("voter") or item.get("id")))
        else:
            out.add(str(item))
    return out


def _show(value: Any) -> str:
    if isinstance(value, set):
        value = sorted(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def check_expectations(expect: dict, result: dict) -> list[str]:
    failures = []
    for key, wanted in expect.items():
        if key == "reasons_include":
            explanation = result.get("explanation", "")
            for fragment in wanted if isinstance(wanted, list) else [wanted]:
                if str(fragment).lower() not in explanation.lower():
                    failures.append(
                        f"reasons_include: expected the explanation to contain {_show(fragment)}"
                    )
            continue
        if key == "counts":
            got_counts = result.get("counts") or {}
            for count, value in (wanted or {}).items():
                if got_counts.get(count) != value:
                    failures.append(
                        f"counts.{count}: expected {value}, got {_show(got_counts.get(count))}"
                    )
            continue
        got = result.get(key)
        if key in ID_SETS:
            want_ids, got_ids = _ids(wanted), _ids(got)
            if want_ids != got_ids:
                failures.append(f"{key}: expected {_show(want_ids)}, got {_show(got_ids)}")
        elif key == "ranking":
            if list(map(str, wanted or [])) != list(got or []):
                failures.append(f"ranking: expected {_show(wanted)}, got {_show(got)}")
        elif got != wanted:
            failures.append(f"{key}: expected {_show(wanted)}, got {_show(got)}")
    if failures:
        first_lines = "\n".join((result.get("explanation") or "").splitlines()[:4])
        if first_lines:
            failures.append(
                "explanation:\n" + "\n".join("  " + x for x in first_lines.splitlines())
            )
    return failures


def run_case(
    charter: Charter, members: list, case: dict, filename: str, language: str | None = None
) -> CaseOutcome:
    name = str(case.get("name", "?"))
    data = {k: v for k, v in case.items() if k not in SCENARIO_KEYS}
    data["members"] = members
    outcome = CaseOutcome(file=filename, name=name, passed=False, line=getattr(case, "line", None))
    try:
        result = charter.evaluate(data, case.get("language") or language)
    except CaseError as err:
        for d in err.diagnostics:
            where = (
                line_at(case, d.path or "$")
                if d.path and not d.path.startswith("$.members")
                else None
            )
            outcome.failures.append(
                f"{filename}:{where or outcome.line}: {d.message}"
                + (f" ({d.path})" if d.path else "")
                + (f"; {d.help}" if d.help else "")
            )
        return outcome
    outcome.decision = result.model_dump(mode="json")
    outcome.failures = check_expectations(case.get("expect") or {}, outcome.decision)
    outcome.passed = not outcome.failures
    return outcome


def run_files(
    paths: list[str], language: str | None = None
) -> tuple[list[CaseOutcome], list[Diagnostic]]:
    outcomes, errors = [], []
    for path in paths:
        try:
            charter, members, cases = read_scenario(path)
        except CharterError as err:
            errors += [d.locate(None, d.file or path) for d in err.diagnostics]
            continue
        outcomes += [run_case(charter, members, case, path, language) for case in cases]
    return outcomes, errors


# ---------------------------------------------------------------------- commands
def cmd_test(args) -> int:
    outcomes, errors = run_files(args.files, args.language)
    passed = sum(o.passed for o in outcomes)
    failed = len(outcomes) - passed
    if args.format == "json":
        print(
            json.dumps(
                {
                    "passed": passed,
                    "failed": failed,
                    "errors": [d.to_dict() for d in errors],
                    "cases": [o.to_dict() for o in outcomes],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for d in errors:
            print(d.render(), end="\n\n")
        current = None
        for o in outcomes:
            if o.file != current:
                current = o.file
                print(o.file)
            print(f"  {'ok  ' if o.passed else 'FAIL'} {o.name}")
            for failure in o.failures:
                print("\n".join("       " + line for line in failure.splitlines()))
        print(f"{passed} passed, {failed} failed" + (f", {len(errors)} errors" if errors else ""))
    return 0 if not failed and not errors and outcomes else 1


def cmd_eval(args) -> int:
    try:
        charter = load(args.charter)
        text = Path(args.case).read_text("utf-8")
        data = load_yaml(text, args.case)
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if k not in ("name", "expect")}
        result = charter.evaluate(data, args.language)
    except CharterError as err:
        for d in err.diagnostics:
            print(d.render(), end="\n\n", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"error: cannot read `{args.case}`: {err.strerror or err}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        head = getattr(result, "outcome", None) or getattr(result, "body", None)
        if hasattr(result, "allowed"):
            head = "allowed" if result.allowed else "not allowed"
        print(f"{head}\n{result.explanation}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("test", help="run scenario files against their charters")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--language",
        choices=["en", "fr"],
        default=None,
        help="language of explanations (default: the charter's)",
    )
    p.set_defaults(func=cmd_test)

    p = subparsers.add_parser("eval", help="judge one case (YAML or JSON) and print the decision")
    p.add_argument("charter", metavar="CHARTER")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--format", choices=["text", "json"], default="json")
    p.add_argument("--language", choices=["en", "fr"], default=None)
    p.set_defaults(func=cmd_eval)
