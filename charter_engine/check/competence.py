"""Who decides what (design §3 "Competence", §4): perimeters, the residual `*`, rule subjects."""

from __future__ import annotations

from ..diagnostics import did_you_mean
from .context import BUILTIN_RULES, Context, at, rules


def _covers(entry: str, subject: str) -> bool:
    return subject == entry or subject.startswith(entry + ".")


def nearest_common_ancestor(ctx: Context, ids: list[str]) -> str | None:
    chains = [ctx.ancestors(b) for b in ids]
    for candidate in chains[0]:
        if all(candidate in chain for chain in chains[1:]):
            return candidate
    roots = [b.id for b in ctx.model.bodies if b.parent is None]
    return roots[0] if roots else None


def deciders(ctx: Context, subject: str) -> list[str]:
    """The bodies whose perimeter holds the longest prefix of `subject` (as the engine does)."""
    best, found = 0, []
    for body in ctx.model.bodies:
        for entry in body.decides:
            if entry != "*" and _covers(entry, subject):
                depth = entry.count(".") + 1
                if depth > best:
                    best, found = depth, [body.id]
                elif depth == best and body.id not in found:
                    found.append(body.id)
    return found


def residual_bodies(ctx: Context) -> list[str]:
    return [b.id for b in ctx.model.bodies if "*" in b.decides]


def in_doubt(ctx: Context) -> None:
    """Two bodies listing the same subject: proposals on it go to their common ancestor."""
    claims: dict[str, list] = {}
    for body in ctx.model.bodies:
        seen: set[str] = set()
        for entry in body.decides:
            if entry in seen:
                ctx.warning(
                    "competence.duplicate",
                    f"`{body.id}` lists `{entry}` twice in `decides:`",
                    body.spans.get("decides") or body.pos,
                    "remove one",
                )
                continue
            seen.add(entry)
            if entry != "*":
                claims.setdefault(entry, []).append(body)
    for subject, bodies in claims.items():
        if len(bodies) < 2:
            continue
        ids = [b.id for b in bodies]
        judge = nearest_common_ancestor(ctx, ids)
        names = ", ".join(f"`{i}`" for i in ids[:-1]) + f" and `{ids[-1]}`"
        ctx.warning(
            "competence.in_doubt",
            f"`{subject}` is decided by both {names}: proposals on it are in doubt and "
            f"go to `{judge}`, their nearest common ancestor",
            bodies[-1].spans.get("decides") or bodies[-1].pos,
            f"keep `{subject}` in one perimeter, or give each body a narrower subject "
            f"(`{subject}.something`)",
        )


def one_residual(ctx: Context) -> None:
    holders = residual_bodies(ctx)
    if len(holders) > 1:
        body = ctx.bodies[holders[1]]
        ctx.warning(
            "competence.residual_twice",
            "more than one body holds the residual competence `*`: "
            + ", ".join(f"`{h}`" for h in holders)
            + f"; only `{holders[0]}` (the first) will decide what no perimeter names",
            body.spans.get("decides") or body.pos,
            "keep `*` in one body only",
        )


def undecided_subjects(ctx: Context) -> None:
    """With no `*`, a subject named by a rule that no perimeter holds is outside the charter.
    (`parameters.NAME` is always decided by the body that `set by` names.)"""
    if residual_bodies(ctx):
        return
    parameters = {f"parameters.{p.name}" for p in ctx.model.parameters}
    for body in ctx.model.bodies:
        for rule in body.rules:
            if rule.name in BUILTIN_RULES or rule.name in parameters:
                continue
            if not deciders(ctx, rule.name) and not _perimeter_touches(body.decides, rule.name):
                ctx.warning(
                    "competence.undecided",
                    f"no body decides `{rule.name}` and none holds `*`: rule "
                    f"`{rule.name}` of `{body.id}` can never apply",
                    rule.pos,
                    f"add `{rule.name}` to the `decides:` of `{body.id}`, or `*` to one body",
                )


def _perimeter_touches(decides: list[str], subject: str) -> bool:
    """Some subject under `subject` (or above it) is in the perimeter."""
    return any(e != "*" and (_covers(e, subject) or _covers(subject, e)) for e in decides)


def rules_apply(ctx: Context) -> None:
    """A rule named after a subject must be able to meet a proposal in its body."""
    parameters = {f"parameters.{p.name}": p.set_by for p in ctx.model.parameters}
    residual = residual_bodies(ctx)
    amendments = ctx.model.amendments
    referred = {r.refer_to for _, r in rules(ctx.model) if r.refer_to}
    for body in ctx.model.bodies:
        for rule in body.rules:
            name = rule.name
            if name in ("default", "admission", "exclusion"):
                continue
            if name == "amendment":
                if amendments is not None:
                    ctx.warning(
                        "rule.never_applies",
                        f"rule `amendment` of `{body.id}` never applies: amendments "
                        f"follow the `amendments:` clause (`{amendments.body}`)",
                        rule.pos,
                        "move its tests into `amendments:`, or remove it",
                    )
                continue
            if name in parameters and parameters[name] == body.id:
                continue
            if _perimeter_touches(body.decides, name):
                continue
            if body.id in referred:
                continue  # a proposal referred here is judged by this body's rule for it
            winners = deciders(ctx, name)
            if not winners and body.id in residual[:1]:
                continue  # the residual `*` brings it here
            if len(winners) > 1 and nearest_common_ancestor(ctx, winners) == body.id:
                continue  # in doubt, the case comes here
            if not winners and not residual:
                continue  # reported by undecided_subjects
            where = (
                f"`{name}` is decided by `{winners[0]}`"
                if len(winners) == 1
                else f"`{name}` goes to `{residual[0]}`, which holds `*`"
                if not winners
                else "`" + name + "` is in doubt between " + ", ".join(winners)
            )
            ctx.warning(
                "rule.never_applies",
                f"rule `{name}` of `{body.id}` can never apply: {where}",
                rule.pos,
                did_you_mean_subject(ctx, body, name),
            )


def did_you_mean_subject(ctx: Context, body, name: str) -> str:
    subjects = [e for e in body.decides if e != "*"]
    return (
        did_you_mean(name, subjects)
        or f"add `{name}` to the `decides:` of `{body.id}`, or move the rule to the body "
        "that decides it"
    )


def referrals(ctx: Context) -> None:
    for body in ctx.model.bodies:
        for rule in body.rules:
            if rule.refer_to == body.id:
                ctx.warning(
                    "rule.refer_self",
                    f"rule `{rule.name}` of `{body.id}` refers a failed proposal to "
                    f"`{body.id}` itself",
                    rule.spans.get("otherwise") or rule.pos,
                    "refer to another body (usually the parent), or write `otherwise: rejected`",
                )


def body_populations(ctx: Context) -> None:
    """`members: members` (or `present`) says nothing about who sits in a body."""
    for body in ctx.model.bodies:
        pop = body.members
        if pop is not None and pop.of_body is None and pop.base in ("members", "present"):
            ctx.error(
                "population.body_members",
                f"`members: {pop.base}` of `{body.id}` defines the body's members by themselves",
                at(body.spans.get("members") or pop.pos, "members"),
                "write `members: everyone`, `members: everyone where …`, `members: "
                "members of OTHER_BODY`, or omit it (seats come from member records)",
            )
        if pop is not None and pop.of_body == body.id:
            ctx.error(
                "population.body_members",
                f"`members: members of {body.id}` defines `{body.id}` by itself",
                body.spans.get("members") or pop.pos,
                "omit `members:` to seat members from their records",
            )
    for budget in ctx.model.budgets:
        for key, pop in (("may propose", budget.may_propose), ("voters", budget.voters)):
            if pop is not None and pop.base in ("members", "present") and pop.of_body is None:
                ctx.error(
                    "population.budget_members",
                    f"`{key}: {pop.base}` of budget `{budget.id}` has no body to be the members of",
                    budget.spans.get(key.replace(" ", "_")) or pop.pos,
                    "a budget belongs to no body: write `everyone`, `everyone where …` "
                    "or `members of BODY`",
                )


def parameter_subjects(ctx: Context) -> None:
    """`parameters.NAME` in a perimeter must name a parameter, and agree with its `set by`:
    the engine gives a proposal on `parameters.NAME` to the body that `set by` names."""
    for body in ctx.model.bodies:
        for entry in body.decides:
            if not entry.startswith("parameters."):
                continue
            name = entry.split(".", 1)[1]
            span = body.spans.get("decides") or body.pos
            if name not in ctx.parameters:
                ctx.warning(
                    "name.unknown_parameter",
                    f"`{body.id}` decides `{entry}`, but no parameter is called `{name}`",
                    span,
                    did_you_mean(name, ctx.parameters)
                    or f"declare it: `parameter {name}: 20 set by {body.id}`",
                )
                continue
            setter = next(p.set_by for p in ctx.model.parameters if p.name == name)
            if setter != body.id:
                ctx.warning(
                    "competence.parameter",
                    f"`{body.id}` decides `{entry}`, but parameter `{name}` is set by "
                    f"`{setter}`, which will decide it",
                    span,
                    f"write `set by {body.id}` or remove `{entry}` from `{body.id}`",
                )


CHECKS = [
    in_doubt,
    parameter_subjects,
    one_residual,
    undecided_subjects,
    rules_apply,
    referrals,
    body_populations,
]
