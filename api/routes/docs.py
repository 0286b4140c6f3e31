"""The OpenAPI document and its HTML rendering."""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from api import openapi
from api.http import endpoint, ok

bp = Blueprint("docs", __name__)


@endpoint(bp, "/openapi.json", summary="This API's OpenAPI 3.1 document", auth_="public")
def openapi_json(body):
    return ok(openapi.build(current_app))


@endpoint(bp, "/docs", summary="A readable page of the API", auth_="public", produces="text/html")
def docs_page(body):
    return Response(openapi.render_html(openapi.build(current_app)), mimetype="text/html")
