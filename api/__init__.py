"""The charter HTTP service: `create_app()` builds the Flask application.

Configuration (environment variables, or the same keys in the `config` dict):

- CHARTER_DATABASE_URL    default sqlite:///instance/charter.sqlite3 (under the working directory)
- CHARTER_OPERATOR_TOKEN  the operator's bearer token (creates organisations); unset: no operator
- CHARTER_LOG_LEVEL       default INFO
- CHARTER_MAX_BODY_BYTES  default 1048576 (1 MiB)

The application refuses to start on a database that is not migrated to the current
revision (run `charter db upgrade`).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import BaseConverter, IntegerConverter

from charter_engine.store import DEFAULT_URL, Database
from charter_engine.store import migrate as store_migrate

DEFAULTS: dict[str, Any] = {
    "CHARTER_DATABASE_URL": DEFAULT_URL,
    "CHARTER_OPERATOR_TOKEN": "",
    "CHARTER_LOG_LEVEL": "INFO",
    "CHARTER_MAX_BODY_BYTES": 1024 * 1024,
    "CHARTER_CHECK_MIGRATED": True,
}


class OrgConverter(BaseConverter):
    regex = r"[a-z0-9][a-z0-9\-]{0,62}"


class IdConverter(BaseConverter):
    """Member, project and token ids (see common.json#/$defs/member_id)."""

    regex = r"[A-Za-z0-9_][A-Za-z0-9_.@\-]{0,127}"


class KeyConverter(IntegerConverter):
    """Integer ids of proposals and rounds: 0 .. 2**31-1; larger ones are simply not found.

    A converter that rejects a value makes werkzeug try the other rules, and it then answers
    405 for a URL that another rule would take with another method; raising 404 here says
    what is true (no such proposal or round) and keeps the value out of the database's
    32-bit integer columns."""

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > 2**31 - 1:
            raise NotFound(f"no resource with id {value}")
        return number


class VersionConverter(BaseConverter):
    regex = r"[^/\x00-\x1f]{1,100}"


def load_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    cfg = dict(DEFAULTS)
    for key in DEFAULTS:
        if key in os.environ:
            cfg[key] = os.environ[key]
    cfg.update(overrides or {})
    try:
        cfg["CHARTER_MAX_BODY_BYTES"] = int(cfg["CHARTER_MAX_BODY_BYTES"])
    except (TypeError, ValueError):
        raise RuntimeError("CHARTER_MAX_BODY_BYTES must be an integer number of bytes") from None
    return cfg


def create_app(config: dict[str, Any] | None = None) -> Flask:
    cfg = load_config(config)
    app = Flask(__name__, static_folder=None)
    app.config.update(cfg)
    app.config["MAX_CONTENT_LENGTH"] = cfg["CHARTER_MAX_BODY_BYTES"]
    app.config["MAX_FORM_MEMORY_SIZE"] = cfg["CHARTER_MAX_BODY_BYTES"]
    app.json.sort_keys = False  # type: ignore[attr-defined]  # DefaultJSONProvider's option
    app.url_map.strict_slashes = True
    app.url_map.converters["org"] = OrgConverter
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["version"] = VersionConverter
    app.url_map.converters["key"] = KeyConverter

    level = getattr(logging, str(cfg["CHARTER_LOG_LEVEL"]).upper(), logging.INFO)
    log = logging.getLogger("charter")
    log.setLevel(level)
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
    app.logger.setLevel(level)

    db = Database(cfg["CHARTER_DATABASE_URL"])
    if cfg.get("CHARTER_CHECK_MIGRATED", True):
        try:
            store_migrate.check(db.engine)
        except store_migrate.NotMigrated:
            db.dispose()
            raise
        # no pooled connection may survive into forked workers (gunicorn --preload)
        db.engine.dispose()
    app.extensions["charter.db"] = db

    from api import errors
    from api.routes import register_blueprints

    errors.register(app)
    register_blueprints(app)
    _access_log(app)
    return app


def _access_log(app: Flask) -> None:
    import time

    from flask import g, request

    access = logging.getLogger("charter.access")

    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _log(response):
        if access.isEnabledFor(logging.INFO):
            ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
            access.info("%s %s %s %.1fms", request.method, request.path, response.status_code, ms)
        return response
