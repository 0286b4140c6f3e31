"""Objections and their rulings (design §4 "Objections").

An `object` ballot counted from the electorate is an objection. It stands unless its author
withdraws it or the person the rule names (`objections: none, judged by J`) rules it invalid with
a recorded reason; both stay in the record. The judge `J` is recognised as: the member whose id
is `J`; a member whose `role` attribute is `J`; the proposal's chair when `J` is `chair`. A
ruling by anyone else, an invalid-ruling without a reason, or a ruling on no objection is ignored
and the explanation says why. Silence is consent: nothing is counted for those who cast nothing.
"""

from __future__ import annotations

from ...decision import ObjectionRecord, Quote, Reason
from ..context import ProposalContext


def _is_judge(ctx: ProposalContext, judge: str, by: str, chair: str | None) -> bool:
    if by == judge:
        return True
    if judge == "chair" and chair is not None and by == chair:
        return True
    return ctx.attributes.get(by, {}).get("role") == judge


def rule_objections(
    ctx: ProposalContext, rule, objectors: dict[str, str | None], chair: str | None = None
) -> tuple[list[ObjectionRecord], list[Reason]]:
    """`objectors`: voter -> the reason they gave; `chair`: who chairs the proposal (the
    proposal's, else the body's standing chair). Returns the records and the reasons."""
    records = {
        v: ObjectionRecord(voter=v, reason=r, status="standing") for v, r in objectors.items()
    }
    reasons: list[Reason] = []
    judge = rule.objections_judged_by
    cite = rule.cites.get("objections") or rule.cite
    for ruling in ctx.case.objections:
        v = ruling.voter
        record = records.get(v)
        args = {"voter": v, "by": ruling.by or v, "judge": judge}
        if record is None:
            reasons.append(Reason(code="ruling.no_objection", args=args))
            continue
        if record.status != "standing":
            continue  # the first effective ruling stands
        if ruling.status == "withdrawn":
            if ruling.by is not None and ruling.by != v:
                reasons.append(Reason(code="ruling.not_author", args=args))
                continue
            record.status, record.ruled_by = "withdrawn", v
            record.ruling_reason = ruling.reason
            continue
        if judge is None:
            reasons.append(Reason(code="ruling.no_judge", args=args, cite=cite))
        elif ruling.by is None or not _is_judge(ctx, judge, ruling.by, chair):
            reasons.append(Reason(code="ruling.not_judge", args=args, cite=cite))
        elif not ruling.reason:
            reasons.append(Reason(code="ruling.no_reason", args=args, cite=cite))
        else:
            record.status, record.ruled_by = "invalid", ruling.by
            record.ruling_reason = ruling.reason
    for record in records.values():
        if record.status == "standing":
            reasons.append(
                Reason(
                    code="objection.standing",
                    args={
                        "voter": record.voter,
                        "reason": Quote(record.reason) if record.reason else None,
                    },
                    cite=cite,
                )
            )
        elif record.status == "withdrawn":
            reasons.append(Reason(code="objection.withdrawn", args={"voter": record.voter}))
        else:
            reasons.append(
                Reason(
                    code="objection.invalid",
                    cite=cite,
                    args={
                        "voter": record.voter,
                        "by": record.ruled_by,
                        "judge": judge,
                        "reason": Quote(record.ruling_reason or ""),
                    },
                )
            )
    return list(records.values()), reasons
