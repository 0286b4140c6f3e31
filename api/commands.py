"""The service's `charter` subcommands: `serve`, `db upgrade`, `audit verify`.

`charter_engine.cli` calls `register(subparsers)`; each subcommand sets `func(args) -> int`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import secrets
import sys
from pathlib import Path
from typing import Any

CHARTERS_DIR = Path(__file__).resolve().parents[1] / "charters"
DEFAULT_PORT = 8000


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser(
        "serve",
        help="run the HTTP service (development server; use gunicorn in production)",
        description="Serve the charter HTTP API. Configuration comes from CHARTER_* variables.",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument(
        "--port", type=int, help=f"default: the PORT environment variable, else {DEFAULT_PORT}"
    )
    serve.add_argument("--database-url", help="overrides CHARTER_DATABASE_URL")
    serve.add_argument(
        "--demo",
        action="store_true",
        help="migrate the database, load charters/*.charter as example organisations with "
        "members, then serve; once listening, print the URL, the operator token and each "
        "organisation's admin token",
    )
    serve.add_argument("--charters", type=Path, default=CHARTERS_DIR, help=argparse.SUPPRESS)
    serve.set_defaults(func=cmd_serve)

    db = subparsers.add_parser("db", help="database administration")
    db.set_defaults(func=lambda args: _usage(db))
    db_sub = db.add_subparsers(dest="db_command")
    up = db_sub.add_parser("upgrade", help="migrate the database to the current schema")
    up.add_argument("--database-url", help="overrides CHARTER_DATABASE_URL")
    up.add_argument("--revision", default="head")
    up.set_defaults(func=cmd_db_upgrade)

    audit = subparsers.add_parser("audit", help="audit log tools")
    audit.set_defaults(func=lambda args: _usage(audit))
    audit_sub = audit.add_subparsers(dest="audit_command")
    verify = audit_sub.add_parser(
        "verify", help="recompute the hash chain; exit 1 if any entry was altered or deleted"
    )
    verify.add_argument("--database-url", help="overrides CHARTER_DATABASE_URL")
    verify.add_argument("--organisation", help="only this organisation's chain")
    verify.set_defaults(func=cmd_audit_verify)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def database_url(args: argparse.Namespace) -> str:
    from charter_engine.store import DEFAULT_URL

    return (
        getattr(args, "database_url", None) or os.environ.get("CHARTER_DATABASE_URL") or DEFAULT_URL
    )


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from charter_engine.store import normalise_url, upgrade

    url = database_url(args)
    shown = make_url(normalise_url(url)).render_as_string(hide_password=True)
    try:
        revision = upgrade(url, args.revision)
    except Exception as e:  # noqa: BLE001 - a CLI reports, it does not trace back
        print(f"charter db upgrade: {shown}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(f"{shown}: at revision {revision}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from charter_engine.store import Database, audit

    db = Database(database_url(args))
    try:
        with db.read() as s:
            result = audit.verify(s, args.organisation)
    except Exception as e:  # noqa: BLE001
        print(f"charter audit verify: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    finally:
        db.dispose()
    for chain, info in sorted(result.chains.items()):
        print(f"{chain}: {info['entries']} entries, head {info['head']}")
    for p in result.problems:
        where = f" entry {p['seq']}" if p["seq"] is not None else ""
        print(f"FAULT {p['chain']}{where}: {p['message']}", file=sys.stderr)
    if result.ok:
        print("audit log intact" + ("" if result.chains else " (empty)"))
        return 0
    print(f"audit log damaged: {len(result.problems)} fault(s)", file=sys.stderr)
    return 1


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, dt.datetime):
        return obj.isoformat().replace("+00:00", "Z")
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def demo_members(charter_path: Path) -> list[dict[str, Any]]:
    """The members of the charter's scenario file, or a few plain ones."""
    import yaml

    scen = charter_path.with_suffix(".scenarios.yaml")
    if scen.is_file():
        try:
            members = (yaml.safe_load(scen.read_text("utf-8")) or {}).get("members") or []
            if members:
                return _jsonable(members)
        except yaml.YAMLError:
            pass
    return [{"id": name} for name in ("alice", "bruno", "chloe", "driss", "emma")]


def demo_setup(app, operator: str, charters_dir: Path = CHARTERS_DIR) -> dict[str, str]:
    """Create one organisation per charters/*.charter (idempotent) through the API itself;
    returns {organisation id: a fresh admin token}."""
    client = app.test_client()
    op = {"Authorization": f"Bearer {operator}"}
    tokens: dict[str, str] = {}
    for path in sorted(charters_dir.glob("*.charter")):
        org = path.stem.replace("_", "-").lower()[:63]
        r = client.post("/v1/organisations", json={"id": org, "name": path.stem}, headers=op)
        if r.status_code == 201:
            tokens[org] = r.get_json()["admin_token"]["token"]
        else:
            r = client.post(
                f"/v1/organisations/{org}/tokens",
                json={"name": "demo admin", "scopes": ["admin"]},
                headers=op,
            )
            if r.status_code != 201:
                print(f"  {org}: skipped ({r.get_json().get('detail')})", file=sys.stderr)
                continue
            tokens[org] = r.get_json()["token"]
        admin = {"Authorization": f"Bearer {tokens[org]}"}
        r = client.post(
            f"/v1/organisations/{org}/charters",
            json={"source": path.read_text("utf-8")},
            headers=admin,
        )
        if r.status_code not in (201, 409):
            print(f"  {org}: charter refused: {r.get_json().get('detail')}", file=sys.stderr)
            continue
        for m in demo_members(path):
            r = client.post(f"/v1/organisations/{org}/members", json=m, headers=admin)
            if r.status_code == 422 and m.get("bodies"):  # a seat the charter refuses
                r = client.post(
                    f"/v1/organisations/{org}/members",
                    json={k: v for k, v in m.items() if k != "bodies"},
                    headers=admin,
                )
    return tokens


def serve_port(args: argparse.Namespace) -> int:
    """`--port`, else the PORT environment variable, else 8000; ValueError if not a port."""
    port = args.port
    if port is None:
        raw = os.environ.get("PORT", "").strip()
        try:
            port = int(raw) if raw else DEFAULT_PORT
        except ValueError:
            raise ValueError(f"PORT={raw!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise ValueError(f"port {port} is out of range (0-65535)")
    return port


def _base_url(host: str, port: int) -> str:
    """The URL a local client uses: a wildcard address is reached through the loopback."""
    host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def startup_banner(base: str, operator: str, tokens: dict[str, str]) -> str:
    """What `serve --demo` prints once the server listens: the tokens and how to use them."""
    lines = [
        "",
        "=" * 72,
        f"Demo service ready at {base}",
        f"  API document: {base}/openapi.json   readable: {base}/docs",
        "",
        f"Operator token:  {operator}",
        "Admin tokens, one per organisation (shown once, stored hashed):",
    ]
    width = max((len(org) for org in tokens), default=0)
    lines += [f"  {org:{width}}  {token}" for org, token in tokens.items()]
    lines += [
        "",
        "Try:",
        f'  curl -H "Authorization: Bearer {operator}" {base}/v1/organisations',
    ]
    if tokens:
        org, token = next(iter(tokens.items()))
        lines.append(
            f'  curl -H "Authorization: Bearer {token}" {base}/v1/organisations/{org}/members'
        )
    lines += ["=" * 72, ""]
    return "\n".join(lines)


def cmd_serve(args: argparse.Namespace) -> int:
    from werkzeug.serving import make_server

    from api import create_app
    from charter_engine.store import NotMigrated, upgrade

    try:
        port = serve_port(args)
    except ValueError as e:
        print(f"charter serve: {e}", file=sys.stderr)
        return 2
    url = database_url(args)
    config: dict[str, Any] = {"CHARTER_DATABASE_URL": url}
    operator = os.environ.get("CHARTER_OPERATOR_TOKEN", "")
    if args.demo:
        upgrade(url)
        if not operator:
            operator = "op_" + secrets.token_urlsafe(24)
        config["CHARTER_OPERATOR_TOKEN"] = operator
    try:
        app = create_app(config)
    except NotMigrated as e:
        print(f"charter serve: {e}", file=sys.stderr)
        return 1
    tokens: dict[str, str] = {}
    if args.demo:  # through the app, without a hundred access-log lines before the banner
        access = logging.getLogger("charter.access")
        was, access.disabled = access.disabled, True
        try:
            tokens = demo_setup(app, operator, args.charters)
        finally:
            access.disabled = was
    try:
        server = make_server(args.host, port, app, threaded=True)
    except OSError as e:  # the port is taken, the address is not ours…
        print(f"charter serve: cannot listen on {args.host}:{port}: {e}", file=sys.stderr)
        return 1
    bound = server.server_port  # the one asked for (or the free one chosen for port 0)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    # The server listens from here on: requests queue until serve_forever() takes them, so the
    # access log (on stderr) cannot start before this line and the banner.
    print(
        f"charter serve: listening on http://{shown}:{bound} (development server; Ctrl-C to stop)",
        flush=True,
    )
    base = _base_url(args.host, bound)
    if args.demo:
        print(startup_banner(base, operator, tokens), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (`python -m api.commands ...`) until `charter` wires these in."""
    parser = argparse.ArgumentParser(prog="charter")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
