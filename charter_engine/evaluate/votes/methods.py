"""Multi-option methods through a charter (design §8): majority judgment and approval, counted
by the pure modules methods/majority_judgment.py and methods/approval.py.

Options come from the proposal (`options:`); counted ballots carry `grades` (option -> grade
name) or `approve` (a list of options). A missing grade is the lowest grade. Ballots naming an
unknown option or a grade outside the scale are rejected before they get here (ballots.py).
"""

from __future__ import annotations

from ...decision import OptionResult, Reason
from ...messages import register
from ..methods import approval, majority_judgment

register(
    {
        "mj.ranking": {
            "en": "majority judgment: {ranking}",
            "fr": "jugement majoritaire : {ranking}",
        },
        "mj.tie": {
            "en": "{options} have identical grades and stay tied",
            "fr": "{options} ont exactement les mêmes mentions et restent à égalité",
        },
        "approval.ranking": {"en": "approval: {ranking}", "fr": "approbation : {ranking}"},
        "approval.winners": {
            "en": "{seats} to elect: {winners}",
            "fr": "{seats} à élire : {winners}",
        },
        "approval.tie_at_cut": {
            "en": "tie at the cut: {options} have the same approvals for {seats} remaining seat(s); "
            "the count does not break it",
            "fr": "égalité au seuil : {options} ont autant d'approbations pour {seats} siège(s) "
            "restant(s) ; le décompte ne la tranche pas",
        },
        "method.no_options": {
            "en": "invalid: the proposal lists no options to choose between",
            "fr": "invalide : la proposition ne liste aucune option entre lesquelles choisir",
        },
        "method.no_ballots": {
            "en": "no counted ballot: nothing to rank",
            "fr": "aucun bulletin compté : rien à classer",
        },
    }
)


def _quoted(options) -> str:
    return ", ".join(f"`{o}`" for o in options) or "—"


def majority_judgment_result(rule, options: list[str], ballots: list[dict[str, str]]):
    scale = rule.grades
    index = {g: i for i, g in enumerate(scale)}
    counts = {o: [0] * len(scale) for o in options}
    for grades in ballots:
        for option, grade in grades.items():
            counts[option][index[grade]] += 1
    ranking = majority_judgment.rank(counts, n_voters=len(ballots))
    detail = []
    for position, group in enumerate(ranking.groups, 1):
        for option in group:
            detail.append(
                OptionResult(
                    option=option,
                    rank=position,
                    majority_grade=scale[ranking.majority_grades[option]],
                )
            )
    reasons = [
        Reason(
            code="mj.ranking",
            cite=rule.cites.get("method") or rule.cite,
            args={
                "ranking": ", ".join(f"{d.rank}. `{d.option}` ({d.majority_grade})" for d in detail)
            },
        )
    ]
    for group in ranking.groups:
        if len(group) > 1:
            reasons.append(Reason(code="mj.tie", args={"options": _quoted(group)}))
    winners = list(ranking.winners)
    tied = winners if len(winners) > 1 else []
    return list(ranking.order), detail, winners, tied, reasons


def approval_result(rule, options: list[str], ballots: list[list[str]]):
    approvals = {o: 0 for o in options}
    for approved in ballots:
        for option in approved:
            approvals[option] += 1
    result = approval.rank(approvals, rule.winners)
    detail = []
    for position, group in enumerate(result.ranking, 1):
        for option in group:
            detail.append(
                OptionResult(option=option, rank=position, approvals=result.approvals[option])
            )
    cite = rule.cites.get("winners") or rule.cites.get("method") or rule.cite
    reasons = [
        Reason(
            code="approval.ranking",
            cite=rule.cites.get("method") or rule.cite,
            args={"ranking": ", ".join(f"{d.rank}. `{d.option}` ({d.approvals})" for d in detail)},
        )
    ]
    if rule.winners is not None:
        reasons.append(
            Reason(
                code="approval.winners",
                cite=cite,
                args={"seats": rule.winners, "winners": _quoted(result.winners)},
            )
        )
    if result.tied_at_cut:
        reasons.append(
            Reason(
                code="approval.tie_at_cut",
                cite=cite,
                args={"options": _quoted(result.tied_at_cut), "seats": result.seats_left},
            )
        )
    winners = (
        list(result.winners)
        if rule.winners is not None
        else list(result.ranking[0] if result.ranking else [])
    )
    return list(result.order), detail, winners, list(result.tied_at_cut), reasons
