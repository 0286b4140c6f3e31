"""The layout's one direction of flow, enforced: no import cycle, and no import from a later
stage into an earlier one (README "Layout"). Every import counts, also those inside functions:
a lazy import that reaches up is the same back-edge, only hidden."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. A module may import from its own stage and from the stages before it.
LAYERS: list[tuple[str, ...]] = [
    ("charter_engine.diagnostics",),
    ("charter_engine.model",),  # the compiled charter and the words of the language
    ("charter_engine.decision",),  # the engine's answers and their typed reasons
    ("charter_engine.methods",),  # the voting methods, one registered module each
    ("charter_engine.syntax",),
    ("charter_engine.check",),
    ("charter_engine.compile",),  # text -> checked model
    ("charter_engine.case",),  # the facts of a case: the one case model
    ("charter_engine.evaluate",),
    ("charter_engine.messages",),  # a result in words, en and fr
    ("charter_engine.charter", "charter_engine"),  # the library's front door
    ("charter_engine.summary", "charter_engine.fmt", "charter_engine.scenarios"),
    ("charter_engine.store",),
    ("api",),
    ("charter_engine.cli",),  # the `charter` command: the tools and the service's commands
]


def _layer(module: str) -> int:
    best, found = -1, None
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), index
    assert found is not None, f"{module} belongs to no layer: add it to LAYERS"
    return found


def _modules() -> dict[str, Path]:
    out = {}
    for package in ("charter_engine", "api"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # Alembic's scripts are run by Alembic, not imported
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text("utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                if node.module:
                    base += node.module.split(".")
                package = ".".join(base)
            else:
                package = node.module or ""
            names = []
            for alias in node.names:
                sub = f"{package}.{alias.name}"
                names.append(sub if sub in known else package)
        else:
            continue
        for name in names:
            # the deepest known module the name refers to
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                out.add(name)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {m: _imports(m, p, known) for m, p in modules.items()}


def test_no_import_from_a_later_stage():
    graph = _graph()
    back = sorted(
        f"{m} (stage {_layer(m)}) imports {t} (stage {_layer(t)})"
        for m, targets in graph.items()
        for t in targets
        if _layer(t) > _layer(m)
    )
    assert not back, "\n".join(back)


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target) :] + [target])
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_the_library_needs_no_service():
    """Nothing below the service imports Flask, SQLAlchemy or jsonschema."""
    service_only = ("flask", "werkzeug", "sqlalchemy", "alembic", "psycopg", "jsonschema")
    faults = []
    for module, path in _modules().items():
        if _layer(module) >= _layer("charter_engine.store"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            faults += [f"{module} imports {n}" for n in names if n.split(".")[0] in service_only]
    assert not faults, "\n".join(faults)
