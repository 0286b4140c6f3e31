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


SERVICE_COMMANDS = {"serve", "db", "audit"}


def _extensions(argv: list[str] | None):
    """Subcommands that live with their own layer (formatter, scenarios, service). The service
    commands load Flask and SQLAlchemy: only when one of them (or the help) is asked for, so
    that `charter check` starts fast."""
    from . import fmt, scenarios

    yield fmt.register
    yield scenarios.register
    words = [a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")]
    if words and words[0] not in SERVICE_COMMANDS:
        return
    try:
        from api.commands import register as service_commands
    except ImportError:  # the service is optional for the language tools
        return
    yield service_commands


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
