"""Who decides a subject (design §3 "Competence"), and which rule applies there (§4)."""

from __future__ import annotations

from ..decision import Competence, Ids, Reason
from ..model import Rule

BUILTIN_SUBJECTS = ("admission", "exclusion", "amendment")


def _covers(entry: str, subject: str) -> bool:
    return subject == entry or subject.startswith(entry + ".")


def nearest_common_ancestor(charter, bodies: list[str]) -> str | None:
    chains = [charter.ancestors(b) for b in bodies]
    for candidate in chains[0]:
        if all(candidate in chain for chain in chains[1:]):
            return candidate
    return charter.root


def competent(charter, subject: str, stated_body: str | None = None) -> Competence:
    """The competent body. For admission and exclusion (membership of the deciding body itself)
    the stated body decides, else the root; amendments go to the `amendments:` body."""
    model = charter.model
    if subject in ("admission", "exclusion"):
        body = stated_body if stated_body in charter.bodies else charter.root
        return Competence(
            subject=subject,
            body=body,
            how="builtin",
            reasons=[Reason(code="competence.builtin", args={"subject": subject, "body": body})],
        )
    if subject == "amendment":
        body = model.amendments.body if model.amendments else charter.root
        cite = model.amendments.cite if model.amendments else None
        return Competence(
            subject=subject,
            body=body,
            how="builtin",
            reasons=[
                Reason(
                    code="competence.builtin", args={"subject": subject, "body": body}, cite=cite
                )
            ],
        )
    if subject.startswith("parameters."):
        name = subject.split(".", 1)[1]
        for p in model.parameters:
            if p.name == name:
                return Competence(
                    subject=subject,
                    body=p.set_by,
                    how="perimeter",
                    matched=subject,
                    reasons=[
                        Reason(
                            code="competence.parameter",
                            args={"parameter": name, "body": p.set_by},
                            cite=p.cite,
                        )
                    ],
                )
    best, matches = 0, []
    for body in model.bodies:
        for entry in body.decides:
            if entry != "*" and _covers(entry, subject):
                depth = entry.count(".") + 1
                if depth > best:
                    best, matches = depth, [(body, entry)]
                elif depth == best:
                    matches.append((body, entry))
    by_body = {b.id: (b, entry) for b, entry in reversed(matches)}  # first entry per body
    if len(by_body) == 1:
        body, entry = next(iter(by_body.values()))
        return Competence(
            subject=subject,
            body=body.id,
            how="perimeter",
            matched=entry,
            reasons=[
                Reason(
                    code="competence.perimeter",
                    args={"subject": subject, "body": body.id, "matched": entry},
                    cite=body.cites.get("decides"),
                )
            ],
        )
    if by_body:
        ids = list(by_body)[::-1]
        body = nearest_common_ancestor(charter, ids)
        return Competence(
            subject=subject,
            body=body,
            how="in_doubt",
            candidates=ids,
            reasons=[
                Reason(
                    code="competence.in_doubt",
                    args={
                        "subject": subject,
                        "body": body,
                        "candidates": Ids(ids),
                    },
                )
            ],
        )
    residual = [b for b in model.bodies if "*" in b.decides]
    if residual:
        body = residual[0]
        return Competence(
            subject=subject,
            body=body.id,
            how="residual",
            matched="*",
            reasons=[
                Reason(
                    code="competence.residual",
                    args={"subject": subject, "body": body.id},
                    cite=body.cites.get("decides"),
                )
            ],
        )
    return Competence(
        subject=subject,
        body=None,
        how="outside",
        reasons=[Reason(code="competence.outside", args={"subject": subject})],
    )


def select_rule(charter, body_id: str, subject: str) -> Rule | None:
    """The rule of `body_id` for `subject`: the amendment rule for amendments; else the rule
    named by the longest prefix of the subject (admission and exclusion are names too); else the
    body's `default`; else the nearest ancestor's `default` (a body without rules inherits)."""
    if subject == "amendment" and charter.model.amendments is not None:
        return charter.model.amendments.rule
    body = charter.bodies.get(body_id)
    if body is None:
        return None
    best: Rule | None = None
    for rule in body.rules:
        if (
            rule.name != "default"
            and _covers(rule.name, subject)
            and (best is None or rule.name.count(".") > best.name.count("."))
        ):
            best = rule
    if best is not None:
        return best
    for ancestor in charter.ancestors(body_id):
        for rule in charter.bodies[ancestor].rules:
            if rule.name == "default":
                return rule
    return None
