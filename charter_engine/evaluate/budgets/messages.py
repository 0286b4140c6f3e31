"""The sentences of budget results, in English and French (rendered by charter_engine/messages)."""

from __future__ import annotations

from typing import Any

from ...messages import register


def _cited(template: str):
    """A template whose sentence ends with the clause it rests on, when there is one."""

    def render(args: dict[str, Any]) -> str:
        out = template.format(**args)
        return out + (f" ({args['cite']})" if args.get("cite") else "")

    return render


def _pair(en: str, fr: str) -> dict[str, Any]:
    return {"en": _cited(en), "fr": _cited(fr)}


register(
    {
        # ------------------------------------------------------------------ the round
        "budget.round": {
            "en": "budget `{budget}`: {kind} budget",
            "fr": "budget `{budget}` : budget {kind_fr}",
        },
        "budget.window": {
            "en": "{clause}: from {start} until {end}, both included",
            "fr": "{clause} : du {start} au {end} inclus",
        },
        "budget.permanent": {
            "en": "permanent round: no meeting, proposals and allocations at any time",
            "fr": "tour permanent : pas de réunion, propositions et affectations à tout moment",
        },
        "budget.provisional": {
            "en": "allocations are still open until {end}: the funding shown is provisional",
            "fr": "les affectations restent ouvertes jusqu'au {end} : le financement indiqué est "
            "provisoire",
        },
        # ------------------------------------------------------------------ projects
        "budget.project.duplicate": _pair(
            "project `{id}` is refused: another project with the same id comes first",
            "le projet `{id}` est refusé : un autre projet du même identifiant le précède",
        ),
        "budget.project.goal_not_positive": _pair(
            "project `{id}` is refused: its goal {goal} is not more than zero",
            "le projet `{id}` est refusé : son objectif {goal} n'est pas supérieur à zéro",
        ),
        "budget.project.currency": _pair(
            "project `{id}` is refused: its goal is in {currency}, the budget counts in {expected}",
            "le projet `{id}` est refusé : son objectif est en {currency}, le budget compte en "
            "{expected}",
        ),
        "budget.project.no_proposer": _pair(
            "project `{id}` is refused: it names no proposer",
            "le projet `{id}` est refusé : il n'a aucun porteur",
        ),
        "budget.project.unknown_proposer": _pair(
            "project `{id}` is refused: its proposer `{proposer}` is not a member",
            "le projet `{id}` est refusé : son porteur `{proposer}` n'est pas membre",
        ),
        "budget.project.may_not_propose": _pair(
            "project `{id}` is refused: `{proposer}` may not propose (may propose: {who})",
            "le projet `{id}` est refusé : `{proposer}` ne peut pas proposer (may propose : {who})",
        ),
        "budget.project.proposers": _pair(
            "project `{id}` is refused: {count} of its proposers meet `{where}`, {rule} needed",
            "le projet `{id}` est refusé : {count} de ses porteurs remplissent `{where}`, il en "
            "faut {rule_fr}",
        ),
        "budget.project.outside_window": _pair(
            "project `{id}` is refused: proposed on {at}, outside the proposals window "
            "({start} – {end})",
            "le projet `{id}` est refusé : proposé le {at}, hors de la période de propositions "
            "({start} – {end})",
        ),
        "budget.project.funded": {
            "en": "project `{project}`: {allocated} allocated of a {goal} goal ({share}); "
            "{rule} of goal needs {needed}: funded",
            "fr": "projet `{project}` : {allocated} affectés sur un objectif de {goal} ({share}) ; "
            "{rule_fr} de l'objectif demande {needed} : financé",
        },
        "budget.project.not_funded": {
            "en": "project `{project}`: {allocated} allocated of a {goal} goal ({share}); "
            "{rule} of goal needs {needed}: not funded",
            "fr": "projet `{project}` : {allocated} affectés sur un objectif de {goal} ({share}) ; "
            "{rule_fr} de l'objectif demande {needed} : non financé",
        },
        "budget.project.fundable": {
            "en": "action `{project}`: {supporters} distinct supporters, {rule} needed: fundable; "
            "each supporter is committed to run it ({who})",
            "fr": "action `{project}` : {supporters} soutiens distincts, {rule_fr} requis : "
            "finançable ; chaque soutien s'engage à la mener ({who})",
        },
        "budget.project.not_fundable": {
            "en": "action `{project}`: {supporters} distinct supporters, {rule} needed: "
            "not fundable",
            "fr": "action `{project}` : {supporters} soutiens distincts, {rule_fr} requis : "
            "non finançable",
        },
        # ------------------------------------------------------------------ allocations
        "budget.allocation.unknown_member": _pair(
            "allocation by `{id}` to `{project}` refused: `{id}` is not a member",
            "affectation de `{id}` à `{project}` refusée : `{id}` n'est pas membre",
        ),
        "budget.allocation.not_allocation_budget": _pair(
            "allocation by `{id}` to `{project}` refused: `{budget}` is a support budget, "
            "nobody allocates in it",
            "affectation de `{id}` à `{project}` refusée : `{budget}` est un budget de soutiens, "
            "on n'y affecte pas",
        ),
        "budget.allocation.outside_window": _pair(
            "allocation by `{id}` to `{project}` on {at} refused: outside the allocations window "
            "({start} – {end})",
            "affectation de `{id}` à `{project}` le {at} refusée : hors de la période "
            "d'affectation ({start} – {end})",
        ),
        "budget.allocation.unknown_project": _pair(
            "allocation by `{id}` refused: there is no project `{project}`",
            "affectation de `{id}` refusée : il n'y a pas de projet `{project}`",
        ),
        "budget.allocation.rejected_project": _pair(
            "allocation by `{id}` to `{project}` refused: the project was refused",
            "affectation de `{id}` à `{project}` refusée : le projet a été refusé",
        ),
        "budget.allocation.before_proposed": _pair(
            "allocation by `{id}` to `{project}` on {at} refused: the project was only proposed "
            "on {proposed}",
            "affectation de `{id}` à `{project}` le {at} refusée : le projet n'a été proposé que "
            "le {proposed}",
        ),
        "budget.allocation.no_envelope": _pair(
            "allocation by `{id}` to `{project}` refused: `{id}` holds no envelope "
            "(envelope: {envelope}){missing}",
            "affectation de `{id}` à `{project}` refusée : `{id}` n'a pas d'enveloppe "
            "(envelope : {envelope}){missing_fr}",
        ),
        "budget.allocation.not_voter": _pair(
            "allocation by `{id}` to `{project}` refused: `{id}` is not among those who allocate "
            "({who})",
            "affectation de `{id}` à `{project}` refusée : `{id}` ne fait pas partie de ceux qui "
            "affectent ({who})",
        ),
        "budget.allocation.currency": _pair(
            "allocation by `{id}` to `{project}` refused: {amount} is not in {expected}, the "
            "envelope's currency",
            "affectation de `{id}` à `{project}` refusée : {amount} n'est pas en {expected}, la "
            "monnaie de l'enveloppe",
        ),
        "budget.allocation.not_positive": _pair(
            "allocation by `{id}` to `{project}` refused: {amount} is not more than zero",
            "affectation de `{id}` à `{project}` refusée : {amount} n'est pas supérieur à zéro",
        ),
        "budget.allocation.envelope_spent": _pair(
            "allocation by `{id}` of {amount} to `{project}` refused: the envelope of {envelope}"
            "{period} is spent, nothing is left",
            "affectation de `{id}` de {amount} à `{project}` refusée : l'enveloppe de {envelope}"
            "{period_fr} est épuisée",
        ),
        "budget.allocation.cut_envelope": _pair(
            "allocation by `{id}` of {amount} to `{project}` cut to {cut_to}: only {left} was left "
            "of the envelope of {envelope}{period}, which is never overspent",
            "affectation de `{id}` de {amount} à `{project}` réduite à {cut_to} : il ne restait que "
            "{left} de l'enveloppe de {envelope}{period_fr}, qui n'est jamais dépassée",
        ),
        "budget.allocation.goal_reached": _pair(
            "allocation by `{id}` of {amount} to `{project}` refused: the project has reached its "
            "goal of {goal} and overfunding is not allowed",
            "affectation de `{id}` de {amount} à `{project}` refusée : le projet a atteint son "
            "objectif de {goal} et le surfinancement n'est pas permis",
        ),
        "budget.allocation.cut_goal": _pair(
            "allocation by `{id}` of {amount} to `{project}` cut to {cut_to}, what the goal of "
            "{goal} still missed: overfunding is not allowed",
            "affectation de `{id}` de {amount} à `{project}` réduite à {cut_to}, ce qui manquait "
            "pour l'objectif de {goal} : le surfinancement n'est pas permis",
        ),
        # ------------------------------------------------------------------ supports
        "budget.support.not_support_budget": {
            "en": "support by `{voter}` for `{project}` refused: `{budget}` is an allocation "
            "budget, it takes no supports",
            "fr": "soutien de `{voter}` à `{project}` refusé : `{budget}` est un budget "
            "d'affectation, il ne reçoit pas de soutiens",
        },
        "budget.support.unknown_project": {
            "en": "support by `{voter}` refused: there is no action `{project}`",
            "fr": "soutien de `{voter}` refusé : il n'y a pas d'action `{project}`",
        },
        "budget.support.rejected_project": {
            "en": "support by `{voter}` for `{project}` refused: the action was refused",
            "fr": "soutien de `{voter}` à `{project}` refusé : l'action a été refusée",
        },
        "budget.support.unknown_member": {
            "en": "support by `{voter}` for `{project}` refused: `{voter}` is not a member",
            "fr": "soutien de `{voter}` à `{project}` refusé : `{voter}` n'est pas membre",
        },
        "budget.support.not_voter": {
            "en": "support by `{voter}` for `{project}` refused: `{voter}` is not among the "
            "supporters ({who})",
            "fr": "soutien de `{voter}` à `{project}` refusé : `{voter}` ne fait pas partie de ceux "
            "qui soutiennent ({who})",
        },
        "budget.support.repeated": {
            "en": "support by `{voter}` for `{project}` refused: `{voter}` already supports it "
            "(one support each)",
            "fr": "soutien de `{voter}` à `{project}` refusé : `{voter}` la soutient déjà (un "
            "soutien chacun)",
        },
        # ------------------------------------------------------------------ claims
        "budget.claim.not_support_budget": _pair(
            "claim `{id}` refused: `{budget}` is an allocation budget, it reimburses nothing",
            "demande `{id}` refusée : `{budget}` est un budget d'affectation, il ne rembourse rien",
        ),
        "budget.claim.no_reimbursement": _pair(
            "claim `{id}` refused: budget `{budget}` has no `reimburse:` clause",
            "demande `{id}` refusée : le budget `{budget}` n'a pas de clause `reimburse:`",
        ),
        "budget.claim.unknown_project": _pair(
            "claim `{id}` refused: there is no action `{project}`",
            "demande `{id}` refusée : il n'y a pas d'action `{project}`",
        ),
        "budget.claim.rejected_project": _pair(
            "claim `{id}` refused: the action `{project}` was refused",
            "demande `{id}` refusée : l'action `{project}` a été refusée",
        ),
        "budget.claim.not_supporter": _pair(
            "claim `{id}` refused: `{by}` does not (validly) support `{project}`, so it is not "
            "committed to run it",
            "demande `{id}` refusée : `{by}` ne soutient pas (valablement) `{project}` et ne s'est "
            "donc pas engagé à la mener",
        ),
        "budget.claim.not_fundable": _pair(
            "claim `{id}` refused: the action `{project}` is not fundable ({supporters} "
            "supporters, {rule} needed)",
            "demande `{id}` refusée : l'action `{project}` n'est pas finançable ({supporters} "
            "soutiens, {rule_fr} requis)",
        ),
        "budget.claim.currency": _pair(
            "claim `{id}` refused: {amount} is not in {expected}",
            "demande `{id}` refusée : {amount} n'est pas en {expected}",
        ),
        "budget.claim.not_positive": _pair(
            "claim `{id}` refused: {amount} is not more than zero",
            "demande `{id}` refusée : {amount} n'est pas supérieur à zéro",
        ),
        "budget.claim.over_goal": _pair(
            "claim `{id}` of {amount} refused: `{by}` already claimed {claimed} on `{project}`, "
            "and a supporter is reimbursed up to the action's goal of {goal} ({left} left)",
            "demande `{id}` de {amount} refusée : `{by}` a déjà demandé {claimed} pour "
            "`{project}`, et un soutien est remboursé dans la limite du budget de l'action, {goal} "
            "(reste {left})",
        ),
        "budget.claim.total_exhausted": _pair(
            "claim `{id}` of {amount} refused whole: only {left} is left of the budget's total of "
            "{total}",
            "demande `{id}` de {amount} refusée en entier : il ne reste que {left} sur le total "
            "de {total} du budget",
        ),
    }
)
