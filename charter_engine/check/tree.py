"""The tree of bodies: `under X` links form one tree with one root, without cycles (§3)."""

from __future__ import annotations

from .context import Context, at


def some_body(ctx: Context) -> None:
    if not ctx.model.bodies:
        ctx.error(
            "tree.no_body",
            f"the charter `{ctx.model.name}` declares no body",
            ctx.model.pos,
            "every decision is taken by a body: add "
            "`body assembly { members: everyone; decides: * }`",
        )


def no_cycles(ctx: Context) -> None:
    reported: set[str] = set()
    for body in ctx.model.bodies:
        if body.id in reported:
            continue
        path: list[str] = []
        current: str | None = body.id
        while current is not None and current in ctx.bodies and current not in path:
            path.append(current)
            current = ctx.bodies[current].parent
        if current is None or current not in path:
            continue  # reaches a root, or an unknown parent (reported by names.py)
        cycle = path[path.index(current) :]
        if reported & set(cycle):
            continue
        reported.update(cycle)
        first = min(
            (ctx.bodies[b] for b in cycle),
            key=lambda b: (b.pos.line, b.pos.column) if b.pos else (0, 0),
        )
        ring = " → ".join(f"`{b}`" for b in [*_rotate(cycle, first.id), first.id])
        span = at(first.spans.get("under"), first.parent, end=True) or first.pos
        ctx.error(
            "tree.cycle",
            f"the bodies are under each other in a cycle: {ring}",
            span,
            "one of them must be the root of the tree: remove its `under` clause"
            if len(cycle) > 1
            else f"a body cannot be under itself: remove `under {first.id}`",
        )


def _rotate(cycle: list[str], start: str) -> list[str]:
    i = cycle.index(start)
    return cycle[i:] + cycle[:i]


def one_root(ctx: Context) -> None:
    roots = [b for b in ctx.model.bodies if b.parent is None]
    seen: set[str] = set()
    unique = []
    for b in roots:
        if b.id not in seen:
            seen.add(b.id)
            unique.append(b)
    if len(unique) <= 1:
        return
    names = ", ".join(f"`{b.id}`" for b in unique[:-1]) + f" and `{unique[-1].id}`"
    first = unique[0]
    for extra in unique[1:]:
        ctx.error(
            "tree.roots",
            f"`{extra.id}` is a second root: {names} are under no body",
            at(extra.pos, extra.kind),
            f"the bodies form one tree with one root: write `{extra.kind} {extra.id} "
            f"under {first.id}` (or put `{first.id}` under another body)",
        )


CHECKS = [some_body, no_cycles, one_root]
