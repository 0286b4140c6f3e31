"""The header: `version` is required, `language` and `legal_form` take known words (design §2)."""

from __future__ import annotations

from ..diagnostics import did_you_mean
from .context import Context

LANGUAGES = ("fr", "en")
LEGAL_FORMS = ("association", "scic", "scop", "cooperative", "collective")
MEETS = ("yearly", "monthly", "weekly", "permanent")


def version_required(ctx: Context) -> None:
    if ctx.model.version is None:
        ctx.error(
            "header.version_missing",
            f"the charter `{ctx.model.name}` has no `version`",
            ctx.model.pos,
            'add a line such as `version "2024-01"` after the opening `{`',
        )


def language_known(ctx: Context) -> None:
    lang = ctx.model.language
    if lang not in LANGUAGES:
        ctx.error(
            "header.language",
            f"unknown language `{lang}`",
            ctx.model.spans.get("language"),
            did_you_mean(lang, LANGUAGES) or "write `language fr` or `language en`",
        )


def legal_form_known(ctx: Context) -> None:
    form = ctx.model.legal_form
    if form not in LEGAL_FORMS:
        ctx.error(
            "header.legal_form",
            f"unknown legal form `{form}`",
            ctx.model.spans.get("legal_form"),
            did_you_mean(form, LEGAL_FORMS)
            or "the legal forms are " + ", ".join(f"`{f}`" for f in LEGAL_FORMS),
        )


def meets_known(ctx: Context) -> None:
    for body in ctx.model.bodies:
        if body.meets is not None and body.meets not in MEETS:
            ctx.error(
                "value.meets",
                f"`meets: {body.meets}` is not a rhythm the engine knows",
                body.spans.get("meets") or body.pos,
                did_you_mean(body.meets, MEETS)
                or "write `yearly`, `monthly`, `weekly` or `permanent`",
            )


CHECKS = [version_required, language_known, legal_form_known, meets_known]
