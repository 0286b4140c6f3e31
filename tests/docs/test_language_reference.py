"""Every example of docs/language.md compiles, and its table of short forms is exact.

The reference marks each fenced example with its info string:

- ```charter            a full charter, compiled as it is;
- ```charter-fragment   clauses of the charter's top level (bodies, budgets, parameters, …),
                        placed inside WRAPPER below;
- ```charter-body       clauses of a body, placed inside `body exemple { … }` in WRAPPER;
- ```charter-rule       clauses of a rule, placed inside `rule exemple { … }` of that body;
- ```charter-invalid    clauses of a body that must NOT compile (examples of mistakes).

Valid examples must compile without any diagnostic, warnings included.

Plain ``` blocks (command lines, outlines) are not checked. The wrapper is the small example
charter the reference describes: an assembly `assemblee` at the top, a council `conseil` under it,
a bureau `bureau` under the council, the attributes and parameters the examples use. A wrapper
body, attribute block or parameter is left out when the fragment declares its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from charter_engine import compile_source
from charter_engine.model import CharterModel

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "language.md"

CHECKED = {"charter", "charter-fragment", "charter-body", "charter-rule", "charter-invalid"}

ATTRIBUTES = """\
  attributes {
    role: text
    college: text
    salarie: bool
    prestataire: bool
    candidat: bool
    membre_liste: bool
    certifie: bool
    societaire: bool
    entrepreneur: bool
    adhesion: date
    apport: number
    cotisation: money
    anciennete: duration
  }
"""

BODIES = {
    "assemblee": """\
  body assemblee "Assemblée générale" {
    members: everyone
    decides: *
    rule default: majority of present
  }
""",
    "conseil": """\
  body conseil "Conseil d'administration" under assemblee {
    decides: gestion
    rule default: majority of members
  }
""",
    "bureau": """\
  body bureau "Bureau" under conseil {
    decides: intendance
    rule default: consent of members
  }
""",
}

PARAMETERS = {
    "seuil": "  parameter seuil: 20 set by conseil\n",
    "apport_minimum": "  parameter apport_minimum: 1 set by assemblee\n",
    "majorite_requise": "  parameter majorite_requise: 2/3 set by assemblee\n",
}

FENCE = re.compile(r"^```([\w-]*)[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
BODY_DECL = re.compile(r"^\s*(?:body|circle)\s+(\w+)(?:\s+\"[^\"]*\")?\s*(under\s+\w+)?", re.M)
PARAM_DECL = re.compile(r"^\s*parameter\s+(\w+)\s*:", re.M)


def examples() -> list[tuple[str, int, str]]:
    """(info string, line of the opening fence, text) of every fenced block of the reference."""
    text = REFERENCE.read_text("utf-8")
    return [
        (m.group(1), text.count("\n", 0, m.start()) + 1, m.group(2)) for m in FENCE.finditer(text)
    ]


def wrap(kind: str, text: str) -> str:
    """The example as a whole charter."""
    if kind == "charter":
        return text
    if kind in ("charter-body", "charter-invalid"):
        inner = f'  body exemple "Exemple" under assemblee {{\n{text}\n  }}\n'
    elif kind == "charter-rule":
        inner = (
            f'  body exemple "Exemple" under assemblee {{\n    decides: exemple\n'
            f"    rule exemple {{\n{text}\n    }}\n  }}\n"
        )
    else:
        inner = text
    declared = {m.group(1): m.group(2) for m in BODY_DECL.finditer(inner)}
    own_root = any(under is None for name, under in declared.items() if name != "exemple")
    bodies = (
        "" if own_root else "".join(src for name, src in BODIES.items() if name not in declared)
    )
    own_params = set(PARAM_DECL.findall(inner))
    parameters = "".join(src for name, src in PARAMETERS.items() if name not in own_params)
    attributes = "" if re.search(r"^\s*attributes\s*\{", inner, re.M) else ATTRIBUTES
    return (
        f'charter "Exemple" {{\n  version "1"\n  language fr\n{attributes}{bodies}'
        f"{parameters}{inner}}}\n"
    )


ALL = examples()
CHECKED_EXAMPLES = [e for e in ALL if e[0] in CHECKED]


def test_the_reference_has_examples_of_every_kind():
    kinds = {kind for kind, _line, _text in CHECKED_EXAMPLES}
    assert kinds == CHECKED, f"kinds present: {sorted(kinds)}"
    assert len(CHECKED_EXAMPLES) >= 30


CHARTER_TEXT = re.compile(
    r"^\s*(?:charter\s+\"|body\s|circle\s|rule\s|budget\s|parameter\s|amendments:|seat:)", re.M
)


def test_every_charter_block_is_marked():
    """A block of charter text without its info string would escape the checks."""
    for kind, line, text in ALL:
        if kind.startswith("charter"):
            assert kind in CHECKED, f"docs/language.md line {line}: unknown info string `{kind}`"
        else:
            assert not CHARTER_TEXT.search(text), (
                f"docs/language.md line {line}: a charter example must be marked ```charter, "
                "```charter-fragment, ```charter-body, ```charter-rule or ```charter-invalid"
            )


@pytest.mark.parametrize(
    ("kind", "line", "text"),
    CHECKED_EXAMPLES,
    ids=[f"line{line}-{kind}" for kind, line, _ in CHECKED_EXAMPLES],
)
def test_example_compiles(kind: str, line: int, text: str):
    source = wrap(kind, text)
    model, diagnostics = compile_source(source, f"docs/language.md:{line}")
    errors = [d for d in diagnostics if d.severity == "error"]
    if kind == "charter-invalid":
        assert errors, f"docs/language.md line {line}: this mistake is not reported"
        return
    assert model is not None and not errors, (
        f"docs/language.md line {line} ({kind}) does not compile:\n"
        + "\n".join(d.render() for d in errors)
        + "\n--- compiled as:\n"
        + source
    )
    # an example in the reference is a model to copy: not even a warning
    assert not diagnostics, (
        f"docs/language.md line {line} ({kind}) compiles with warnings:\n"
        + "\n".join(d.render() for d in diagnostics)
        + "\n--- compiled as:\n"
        + source
    )


# ---------------------------------------------------------------------- the table of short forms
ROW = re.compile(r"^\|\s*`([^`|]+)`\s*\|\s*`([^`|]+)`\s*\|\s*$", re.M)


def short_form_rows() -> list[tuple[str, str]]:
    text = REFERENCE.read_text("utf-8")
    start = text.index("| short form | is exactly the long form |")
    table = text[start : text.index("\n\n", start)]
    return ROW.findall(table)


def _meaning(rule) -> dict:
    """What a rule means: everything but source positions, citations and how it was written."""
    data = rule.model_dump(
        mode="json", exclude={"pos", "cite", "cites", "spans", "short_form", "fraction"}
    )

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("pos", "cite")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(data)


def _rule(source_rule: str) -> object:
    model, diagnostics = compile_source(wrap("charter-body", source_rule))
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    assert isinstance(model, CharterModel)
    return next(b for b in model.bodies if b.id == "exemple").rules[0]


def test_the_short_form_table_is_complete():
    shorts = [short for short, _long in short_form_rows()]
    assert [s.split()[0] for s in shorts] == [
        "consent",
        "consensus",
        "unanimity",
        "majority",
        "2/3",
    ]


@pytest.mark.parametrize(
    "population",
    ["members", "present", "everyone where certifie", "members of conseil except concerned"],
)
@pytest.mark.parametrize(("short", "long"), short_form_rows(), ids=lambda s: s.split(" of ")[0])
def test_short_form_is_exactly_its_long_form(short: str, long: str, population: str):
    short_rule = _rule(f"rule r: {short.replace('P', population)}")
    long_rule = _rule("rule r { " + long.replace("P", population) + " }")
    assert _meaning(short_rule) == _meaning(long_rule)
