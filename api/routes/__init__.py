"""Blueprints, one per resource."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from api.routes import (
        audit,
        budgets,
        charters,
        docs,
        evaluate,
        health,
        members,
        organisations,
        proposals,
        queries,
    )

    for mod in (
        health,
        docs,
        organisations,
        charters,
        members,
        proposals,
        budgets,
        queries,
        evaluate,
        audit,
    ):
        app.register_blueprint(mod.bp)
