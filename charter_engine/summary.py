"""A readable summary of a compiled charter: the tree of bodies, who decides what, the rules."""

from __future__ import annotations

from .model.charter import DEFAULT_METHOD
from .model.expr import number_text, source


def test_words(t) -> str:
    if t.comparator == "none":
        return f"{t.label}: none"
    if t.comparator == "all":
        return f"{t.label}: all of {t.base}"
    amount = t.parameter or (number_text(t.amount, t.percent) if t.amount is not None else "?")
    of = f" of {t.base}" if t.base else ""
    return f"{t.label}: {t.comparator.words} {amount}{of}"


def rule_words(rule) -> str:
    parts = [f"voters: {rule.voters.source()}"]
    if rule.method != DEFAULT_METHOD:
        parts.insert(0, f"method: {rule.method.replace('_', ' ')}")
    parts += [test_words(t) for t in rule.tests]
    if rule.refer_to:
        parts.append(f"otherwise: refer to {rule.refer_to}")
    return "; ".join(parts)


def summary(charter) -> str:
    model = charter.model
    lines = [f"{model.name} (version {model.version}, {model.language}, {model.legal_form})"]
    if model.effective:
        lines[0] += f", effective {model.effective.isoformat()}"
    lines.append("")
    lines.append("Bodies:")

    def walk(body_id: str, depth: int) -> None:
        body = charter.bodies[body_id]
        title = f' "{body.title}"' if body.title else ""
        lines.append(f"{'  ' * (depth + 1)}{body.kind} {body.id}{title}")
        pad = "  " * (depth + 2)
        if body.decides:
            lines.append(f"{pad}decides: {', '.join(body.decides)}")
        if body.members:
            lines.append(f"{pad}members: {body.members.source()}")
        if body.seat:
            lines.append(f"{pad}seat: {source(body.seat.expr)}")
        for rule in body.rules:
            lines.append(f"{pad}rule {rule.name}: {rule_words(rule)}")
        for child in model.bodies:
            if child.parent == body_id:
                walk(child.id, depth + 1)

    for body in model.bodies:
        if body.parent is None or body.parent not in charter.bodies:
            walk(body.id, 0)
    if model.colleges:
        lines += ["", "Colleges:"]
        lines += [f"  {c.id}: {number_text(c.weight, True)}" for c in model.colleges]
    if model.budgets:
        lines += ["", "Budgets:"]
        lines += [f"  {b.id} ({b.kind})" for b in model.budgets]
    if model.parameters:
        lines += ["", "Parameters:"]
        lines += [f"  {p.name} = {source(p.value)}, set by {p.set_by}" for p in model.parameters]
    if model.amendments:
        lines += [
            "",
            f"Amendments: by {model.amendments.body}; {rule_words(model.amendments.rule)}",
        ]
    return "\n".join(lines)
