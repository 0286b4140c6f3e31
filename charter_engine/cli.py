"""The `charter` command. Exit codes: 0 ok, 1 errors found (or a failing case), 2 usage error."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .charter import compile_source, load
from .diagnostics import CharterError, Diagnostic

EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        print(
            f"error: cannot read `{path}`: {getattr(err, 'strerror', None) or err}", file=sys.stderr
        )
        return None


def _print_diagnostics(diagnostics: list[Diagnostic], fmt: str, out=None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        return
    for d in diagnostics:
        print(d.render(), file=out)
        print(file=out)


def cmd_check(args) -> int:
    """Compile and check each file; print every diagnostic."""
    status, report = EXIT_OK, []
    for path in args.files:
        text = _read(path)
        if text is None:
            return EXIT_USAGE
        _model, diagnostics = compile_source(text, path)
        if any(d.severity == "error" for d in diagnostics):
            status = EXIT_FOUND
        report.append({"file": path, "diagnostics": [d.to_dict() for d in diagnostics]})
        _print_diagnostics(diagnostics, args.format)
        if args.format == "text":
            errors = sum(d.severity == "error" for d in diagnostics)
            warnings = len(diagnostics) - errors
            verdict = "ok" if not errors else f"{errors} error{'s' * (errors != 1)}"
            extra = f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
            print(f"{path}: {verdict}{extra}")
    if args.format == "json":
        print(json.dumps(report if len(report) != 1 else report[0], indent=2, ensure_ascii=False))
    return status


def cmd_show(args) -> int:
    """The compiled charter as JSON, or a readable summary."""
    try:
        charter = load(args.file)
    except CharterError as err:
        _print_diagnostics(err.diagnostics, "text", sys.stderr)
        return EXIT_FOUND
    if args.format == "json":
        print(json.dumps(charter.to_json(), indent=2, ensure_ascii=False))
    else:
        from .summary import summary

        print(summary(charter))
    return EXIT_OK


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="charter", description="Check, format and evaluate organisation charters."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("check", help="compile and check charters; report every error")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("show", help="print the compiled charter (summary or JSON)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_show)

    for register in _extensions(argv):
        register(sub)
    return parser


# The service's subcommands (api/commands.py) and the one-line help each gets when the service
# extra is not installed.
SERVICE_COMMANDS = {
    "serve": "run the HTTP service",
    "db": "database administration",
    "audit": "audit log tools",
}
# What `import api.commands` and the service commands need (the `service` extra of pyproject.toml)
SERVICE_MODULES = ("flask", "werkzeug", "sqlalchemy", "alembic", "jsonschema")
SERVICE_MISSING = (
    "error: the HTTP service is not installed; "
    "install it with: pip install 'charter-engine[service]'"
)


def _service_installed() -> bool:
    """Whether the service extra's modules can be imported (found, without importing them)."""
    import importlib.util

    for name in SERVICE_MODULES:
        try:
            if importlib.util.find_spec(name) is None:
                return False
        except (ImportError, ValueError):  # blocked, or a module without a spec
            return False
    return True


def _service_missing(args) -> int:
    print(SERVICE_MISSING, file=sys.stderr)
    return EXIT_USAGE


def _service_placeholders(subparsers) -> None:
    """`serve`, `db`, `audit` without the service extra: listed by `--help`; running one says
    how to install the service (exit 2) whatever its arguments."""
    for name, help_ in SERVICE_COMMANDS.items():
        p = subparsers.add_parser(name, help=f"{help_} (needs the service extra)", add_help=False)
        p.set_defaults(func=_service_missing, any_arguments=True)


def _extensions(argv: list[str] | None):
    """Subcommands that live with their own layer (formatter, scenarios, service). The service
    commands load Flask and SQLAlchemy: only when one of them (or the help) is asked for, so
    that `charter check` starts fast. Without the service extra they are placeholders that say
    how to install it."""
    from . import fmt, scenarios

    yield fmt.register
    yield scenarios.register
    words = [a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")]
    if words and words[0] not in SERVICE_COMMANDS:
        return
    if not _service_installed():
        yield _service_placeholders
        return
    try:
        from api.commands import register as service_commands
    except ImportError as err:  # found but not loadable: not installed either; a bug propagates
        if (err.name or "").partition(".")[0] not in (*SERVICE_MODULES, "api"):
            raise
        yield _service_placeholders
        return
    yield service_commands


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(argv)
    try:
        args, extra = parser.parse_known_args(argv)
        if extra and not getattr(args, "any_arguments", False):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
