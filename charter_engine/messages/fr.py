"""Français : les mots et les phrases de chaque raison que donne le moteur (les phrases propres
aux méthodes de vote sont dans leurs modules, charter_engine/methods/).

The charter's own words (a condition, a clause keyword) are quoted as written, in backticks:
they are the charter's text, not English."""

from __future__ import annotations

from typing import Any

from ..decision import TestResult
from ..model import Comparator, Population, PopulationBase, Test
from ..model.expr import source
from .words import Template, Words


class French(Words):
    code = "fr"
    AND = "et"
    OF = "de"
    UNKNOWN = "—"
    COMPARATORS = {
        Comparator.AT_LEAST: "au moins",
        Comparator.MORE_THAN: "plus de",
        Comparator.AT_MOST: "au plus",
        Comparator.FEWER_THAN: "moins de",
        Comparator.NONE: "aucun",
        Comparator.ALL: "tous",
    }
    COUNTS = {
        "present": "présents",
        "for": "voix pour",
        "against": "voix contre",
        "abstain": "abstentions",
        "objections": "objections maintenues",
        "blocks": "blocages",
        "participation": "participants",
        "expressed": "suffrages exprimés",
        "cast": "votes",
        "members": "membres",
        "voters": "votants",
    }
    BASE_ONE = {
        "expressed": "suffrage exprimé",
        "cast": "vote",
        "members": "membre",
        "voters": "votant",
        "present": "présent",
    }
    POPULATIONS = {
        PopulationBase.MEMBERS: "les membres",
        PopulationBase.PRESENT: "les présents",
        PopulationBase.EVERYONE: "tous les membres",
    }
    UNITS = {
        "day": ("jour", "jours"),
        "week": ("semaine", "semaines"),
        "month": ("mois", "mois"),
        "year": ("an", "ans"),
    }
    MISSING_FACTS = {
        "announced": "quand elle a été annoncée",
        "opens": "quand le vote s'est ouvert",
        "closes": "quand il se clôt",
    }
    WINDOWS = {"proposals": "propositions", "allocations": "affectations"}
    BUDGET_KINDS = {"allocation": "d'affectation", "support": "de soutiens"}

    def singular(self, n: Any) -> bool:
        return n in (0, 1)  # « 0 voix », « 1 bulletin », « 2 bulletins »

    def join(self, items: list[str]) -> str:
        if not items:
            return "—"
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]

    def quote(self, text: str) -> str:
        return f"« {text} »"

    def population(self, pop: Population) -> str:
        out = (
            self.POPULATIONS[pop.base] if pop.of_body is None else f"les membres de `{pop.of_body}`"
        )
        if pop.where is not None:
            out += f" remplissant `{source(pop.where)}`"
        if pop.except_concerned:
            out += ", sauf les personnes concernées"
        return out

    def of(self, base: str) -> str:
        """`des membres`, `des suffrages exprimés`."""
        return "des " + self.COUNTS.get(base, base)

    def test_spec(self, t: Test, amount: Any = None) -> str:
        return f"`{t.label}` : {self.threshold_of(t, amount)}"

    def threshold_of(self, t: Test, amount: Any = None) -> str:
        if t.comparator is Comparator.NONE:
            return "aucun"
        if t.comparator is Comparator.ALL:
            return f"tous {self.of(t.base or '')}"
        figure = self.figure(amount if amount is not None else t.amount, t.percent, t.parameter)
        return f"{self.COMPARATORS[t.comparator]} {figure}" + (
            f" {self.of(t.base)}" if t.base else ""
        )

    def figure(self, amount: Any, percent: bool, parameter: str | None) -> str:
        if amount is None:
            return f"`{parameter}`" if parameter else "?"
        shown = self.percent(amount) if percent else self.fraction(amount)
        return f"`{parameter}` = {shown}" if parameter else shown

    def parameter(self, name: str) -> str:
        return f"`{name}`"

    def missing(self, keys: list[str]) -> str:
        return " ni ".join(self.MISSING_FACTS[k] for k in keys)

    # ------------------------------------------------------------------ a test's figures
    def test(self, t: TestResult) -> str:
        what = self.COUNTS.get(t.count, t.count)
        if t.weighted_share is not None:
            share = self.share(t.weighted_share)
            comparator = self.COMPARATORS[Comparator(t.comparator)]
            rule = f"part pondérée {share} des {self.COUNTS.get(t.base or '', t.base)}, "
            rule += f"{comparator} {t.threshold} requis"
        elif t.comparator == "none":
            rule = "aucun admis"
        elif t.comparator == "all":
            rule = f"tous les {t.base_size} {self.COUNTS.get(t.base or '', t.base)} requis"
        else:
            comparator = Comparator(t.comparator)
            of = f" de {t.base_size} {self.COUNTS.get(t.base or '', t.base)}" if t.base else ""
            bound = "requis" if comparator.is_lower_bound else "admis au plus"
            rule = f"{t.needed} {bound} ({self.COMPARATORS[comparator]} {t.threshold}{of})"
        verdict = "atteint" if t.passed else "non atteint"
        return f"`{t.name}` : {t.reached} {what}, {rule} : {verdict}"

    MESSAGES: dict[str, Template] = {}


def _because(args: dict[str, Any], w: Words) -> str:
    return f" : {w.value(args['reason'])}" if args.get("reason") else ""


def _pending(args: dict[str, Any], w: Words) -> str:
    act = "voter" if args["final"] else "voter ou changer leur bulletin"
    why = (
        "le résultat peut encore changer"
        if args["monotone"]
        else "le résultat peut encore changer (les conditions de cette règle ne sont pas toutes "
        "monotones : la certitude n'est acquise que lorsque plus personne ne peut agir)"
    )
    until = w.fill(" jusqu'au {closes:iso}", closes=args["closes"]) if args["closes"] else ""
    return w.fill(
        "le vote est ouvert{until} : {remaining:|votant peut|votants peuvent} encore {act} ; {why}",
        until=until,
        remaining=args["remaining"],
        act=act,
        why=why,
    )


def _certain(args: dict[str, Any], w: Words, one: str, many: str) -> str:
    """« déjà certain … : même si les 3 votants qui peuvent encore agir votaient tous pour »"""
    n = args["remaining"]
    who = (
        f"le seul votant qui peut encore agir {one}"
        if n == 1
        else f"les {n} votants qui peuvent encore agir {many}"
    )
    if args["closes"] is None:
        return f"déjà certain alors que le vote est ouvert : même si {who}"
    return w.fill("déjà certain alors que le vote est ouvert jusqu'au {closes:iso}", **args) + (
        f" : même si {who}"
    )


def _second_call(args: dict[str, Any], w: Words) -> str:
    quorum = w.test_spec(args["quorum"], args.get("amount"))
    return f"seconde convocation : le quorum {quorum} remplace le premier"


def _weighted(args: dict[str, Any], w: Words) -> str:
    share = args["share"]
    total = "—" if share is None else w.share(share)
    details = ", ".join(
        f"{c.college} {c.count}/{c.base} × {w.percent(c.scaled_weight)}"
        if c.share is not None
        else f"{c.college} —"
        for c in args["colleges"]
    )
    return f"`{args['test']}` pondéré par collège : {total} ({details})"


def _dropped(args: dict[str, Any], w: Words) -> str:
    return (
        f"le collège `{args['college']}` n'a aucun "
        f"{French.BASE_ONE.get(args['base'], args['base'])} et ne compte pas ; les autres "
        "poids sont ramenés à 100 %"
    )


def _no_envelope(args: dict[str, Any], w: Words) -> str:
    out = w.fill(
        "affectation de `{id}` à `{project}` refusée : `{id}` n'a pas d'enveloppe "
        "(enveloppe : {envelope})",
        **args,
    )
    if args.get("missing"):
        out += " ; la fiche du membre n'a pas de valeur pour " + w.join(
            [f"`{a}`" for a in args["missing"]]
        )
    return out


def _period(args: dict[str, Any]) -> str:
    return f" pour {args['period']}" if args.get("period") else ""


French.MESSAGES = {
    # ------------------------------------------------------------------ compétence
    "competence.perimeter": "`{subject}` relève du périmètre de `{body}` (qui décide de "
    "`{matched}`)",
    "competence.in_doubt": "`{subject}` est revendiqué à égalité par {candidates} : dans le "
    "doute, il revient à leur plus proche ancêtre commun `{body}`",
    "competence.residual": "aucun organe ne cite `{subject}` : `{body}` détient la compétence "
    "résiduelle (`*`)",
    "competence.builtin": "`{subject}` est décidé par `{body}`",
    "competence.parameter": "le paramètre `{parameter}` est fixé par `{body}`",
    "competence.outside": "aucun organe ne décide de `{subject}` et aucun ne détient `*` : le "
    "sujet est hors de la charte",
    # ------------------------------------------------------------------ éligibilité
    "eligibility.unknown_body": "il n'y a pas d'organe `{body}`",
    "seat.no_condition": "`{body}` ne pose aucune condition à ses sièges",
    "seat.meets": "`{member}` remplit la condition pour siéger à `{body}` : {condition}",
    "seat.fails": "`{member}` ne peut pas siéger à `{body}` : la condition {condition} n'est pas "
    "remplie",
    "condition.value": "`{attribute}` vaut {value}",
    "condition.missing": "la fiche du membre n'a pas de valeur pour `{attribute}` : la condition "
    "est fausse",
    "propose.allowed": "`{member}` peut faire une proposition à `{body}`",
    "propose.refused": "`{member}` ne peut pas faire de proposition à `{body}` (peuvent "
    "proposer : {who})",
    "vote.allowed": "`{member}` fait partie du corps électoral de `{body}` ({who})",
    "vote.refused": "`{member}` ne fait pas partie du corps électoral de `{body}` ({who})",
    # ------------------------------------------------------------------ validité
    "invalid.outside": "invalide : `{subject}` est hors de la charte (aucun organe n'en décide)",
    "invalid.body": "invalide : `{stated}` n'est pas compétent pour `{subject}` ; `{body}` l'est",
    "invalid.amendment": "invalide : la nouvelle charte que porte cet amendement a "
    "{count:|erreur|erreurs}",
    "amendment.error": "nouvelle charte, ligne {line}, colonne {column} : {message}",
    "invalid.no_rule": "invalide : `{body}` n'a pas de règle pour `{subject}` et aucune règle par "
    "défaut ne s'applique",
    "invalid.proposer": "invalide : `{member}` ne peut pas faire de proposition à `{body}` "
    "(peuvent proposer : {who})",
    "invalid.seat": "invalide : admettre `{member}` à `{body}` enfreindrait sa condition pour "
    "siéger",
    "rule.applied": "la règle `{rule}` de `{body}` s'applique",
    "notice.met": "préavis : annoncé le {announced}, vote ouvert le {opens} : {comparator} "
    "{length} requis, respecté",
    "notice.failed": "invalide : préavis non respecté : annoncé le {announced}, vote ouvert le "
    "{opens}, {comparator} {length} requis",
    "notice.unknown": lambda a, w: (
        w.fill(
            "invalide : la règle exige un préavis ({comparator} {length}) mais la proposition "
            "n'indique pas ",
            **a,
        )
        + w.missing(a["missing"])
    ),
    "duration.met": "durée : vote ouvert du {opens} au {closes} : {comparator} {length} requis, "
    "respectée",
    "duration.failed": "invalide : vote ouvert du {opens} au {closes}, {comparator} {length} "
    "requis",
    "duration.unknown": lambda a, w: (
        w.fill(
            "invalide : la règle exige que le vote reste ouvert {comparator} {length} mais la "
            "proposition n'indique pas ",
            **a,
        )
        + w.missing(a["missing"])
    ),
    "consultation.met": "consultation du {start} au {until}, ouverte à {open_to} : {comparator} "
    "{length} d'ouverture à {who} requis, respectée",
    "consultation.too_short": "invalide : la consultation a duré du {start} au {until} ; "
    "{comparator} {length} requis",
    "consultation.too_narrow": "invalide : la consultation était ouverte à {open_to}, mais la "
    "règle exige qu'elle le soit à {who} ({count:|exclu|exclus}, par ex. `{example}`)",
    "consultation.missing": "invalide : la règle exige une consultation ({comparator} {length} "
    "ouverte à {who}) et la proposition n'en mentionne aucune",
    "consultation.unreadable": "invalide : impossible de savoir à qui la consultation était "
    "ouverte ({open_to}) : écrire `everyone`, `members`, `members of ORGANE` ou un organe",
    # ------------------------------------------------------------------ bulletins
    "ballot.not_member": "bulletin de `{voter}` non compté : `{voter}` n'est pas membre de "
    "l'organisation",
    "ballot.outside": "bulletin de `{voter}` non compté : `{voter}` ne fait pas partie du corps "
    "électoral ({who})",
    "ballot.concerned": "bulletin de `{voter}` non compté : la proposition concerne `{voter}`, "
    "qui ne vote pas (sauf les personnes concernées)",
    "ballot.late": "bulletin de `{voter}` non compté : déposé le {at:iso}, après la clôture "
    "({closes:iso})",
    "ballot.early": "bulletin de `{voter}` non compté : déposé le {at:iso}, avant l'ouverture "
    "({opens:iso})",
    "ballot.future": "bulletin de `{voter}` non compté : déposé le {at:iso}, après le moment de "
    "la question ({asked:iso})",
    "ballot.final": "second bulletin de `{voter}` non compté : les bulletins sont définitifs, le "
    "premier est retenu",
    "ballot.unknown_option": "bulletin de `{voter}` non compté : `{option}` n'est pas une option "
    "de la proposition",
    "ballot.no_college": "bulletin de `{voter}` non compté : les votes sont pondérés par collège "
    "et `{voter}` n'a pas de collège déclaré ({college})",
    "ballots.replaced": "{count:|bulletin antérieur remplacé|bulletins antérieurs remplacés} par "
    "le dernier bulletin du même votant",
    # ------------------------------------------------------------------ procurations
    "proxy.not_allowed": "procuration de `{represented}` portée par `{voter}` non comptée : la règle "
    "n'admet pas de procuration",
    "proxy.too_many": "procuration de `{represented}` portée par `{voter}` non comptée : au plus "
    "{limit} procurations par votant",
    "proxy.voted_in_person": "procuration de `{represented}` portée par `{voter}` non comptée : "
    "`{represented}` a voté en personne",
    "proxy.not_member": "procuration de `{represented}` portée par `{voter}` non comptée : `{represented}` "
    "n'est pas membre de l'organisation",
    "proxy.outside": "procuration de `{represented}` portée par `{voter}` non comptée : `{represented}` ne "
    "fait pas partie du corps électoral ({who})",
    "proxy.carrier_absent": "procuration de `{represented}` portée par `{voter}` non comptée : "
    "`{voter}` n'est pas inscrit comme présent",
    "proxy.carrier_not_counted": "procuration de `{represented}` portée par `{voter}` non comptée : "
    "le bulletin du porteur n'est pas compté",
    "proxy.twice": "procuration de `{represented}` portée par `{voter}` non comptée : `{represented}` a déjà "
    "donné procuration à `{first}`",
    "proxy.self": "procuration de `{represented}` non comptée : on ne peut porter sa propre procuration",
    "proxy.no_college": "procuration de `{represented}` portée par `{voter}` non comptée : les "
    "votes sont pondérés par collège et `{represented}` n'a pas de collège déclaré ({college})",
    # ------------------------------------------------------------------ objections
    "objection.standing": lambda a, w: (
        f"l'objection de `{a['voter']}` est maintenue" + _because(a, w)
    ),
    "objection.withdrawn": "objection de `{voter}` retirée par son auteur",
    "objection.invalid": "objection de `{voter}` jugée non valable par `{by}` (`{judge}`) : "
    "{reason}",
    "ruling.not_judge": "décision de `{by}` sur l'objection de `{voter}` ignorée : seul·e "
    "`{judge}` peut juger une objection non valable",
    "ruling.no_judge": "décision sur l'objection de `{voter}` ignorée : la règle ne désigne "
    "personne pour juger les objections",
    "ruling.no_reason": "décision de `{by}` sur l'objection de `{voter}` ignorée : une décision "
    "doit indiquer son motif",
    "ruling.not_author": "retrait de l'objection de `{voter}` par `{by}` ignoré : seul son auteur "
    "peut la retirer",
    "ruling.no_objection": "décision concernant `{voter}` ignorée : `{voter}` n'a pas d'objection "
    "comptée",
    "objection.silence": "{count:|membre du corps électoral ne s'est pas exprimé|membres du corps "
    "électoral ne se sont pas exprimés} : qui ne dit mot consent",
    # ------------------------------------------------------------------ le vote
    "method.no_options": "invalide : la proposition ne liste aucune option entre lesquelles "
    "choisir",
    "method.no_ballots": "aucun bulletin compté : rien à classer",
    "method.unknown": "invalide : la méthode de vote `{method}` de la règle n'est pas connue du "
    "moteur",
    "vote.adopted": "adoptée : toutes les conditions de la règle sont remplies",
    "vote.adopted_by_chair": "adoptée par la voix prépondérante du président ({tests} non "
    "rempli(s) à lui seul)",
    "vote.rejected": "rejetée : {tests} non rempli(s)",
    "vote.referred": "{tests} non rempli(s) : la proposition est renvoyée à `{body}`",
    "vote.second_call": _second_call,
    "vote.second_call_none": "seconde convocation : la règle ne fixe aucun quorum pour la seconde "
    "réunion",
    "vote.second_call_missing": "seconde convocation, mais la règle n'a pas de clause "
    "`second call:` : le premier quorum s'applique",
    "vote.advisory": "{count:|avis consultatif compté|avis consultatifs comptés} à part ; "
    "ils ne décident pas",
    "chair.standing": "la proposition ne désigne pas de président·e de séance : `{chair}`, qui "
    "préside `{body}`, la préside",
    "tie.chair_for": "égalité ({for} pour, {against} contre) : la voix du président `{chair}`, "
    "pour, est prépondérante",
    "tie.chair_against": "égalité ({for} pour, {against} contre) : la voix du président "
    "`{chair}`, contre, est prépondérante",
    "tie.no_chair": "égalité ({for} pour, {against} contre) : aucun président n'est désigné, "
    "l'égalité demeure",
    "tie.chair_silent": "égalité ({for} pour, {against} contre) : le président `{chair}` n'a voté "
    "ni pour ni contre, l'égalité demeure",
    "weighted.share": _weighted,
    "weighted.dropped": _dropped,
    "weighted.no_colleges": "invalide : la règle pondère les votes par collège mais la charte ne "
    "déclare aucun collège",
    "pending.open": _pending,
    "certain.adopted": lambda a, w: (
        _certain(
            a,
            w,
            "votait contre, objectait ou bloquait",
            "votaient tous contre, objectaient ou bloquaient",
        )
        + ", toutes les conditions seraient remplies"
    ),
    "certain.failed": lambda a, w: (
        _certain(a, w, "votait pour", "votaient tous pour")
        + " (et si toutes les objections étaient retirées), "
        + w.fill("{tests} ne serai(en)t pas rempli(s)", **a)
    ),
    "certain.final": lambda a, w: (
        (
            w.fill("déjà certain alors que le vote est ouvert jusqu'au {closes:iso}", **a)
            if a["closes"]
            else "déjà certain alors que le vote est ouvert"
        )
        + " : plus personne ne peut voter ni changer son bulletin"
    ),
    "duration.open": "durée : vote ouvert le {opens} et toujours ouvert ; {comparator} {length} "
    "requis, jugé à la clôture",
    "invalid.unknown_body": lambda a, w: (
        f"invalide : il n'y a pas d'organe `{a['body']}`"
        + (f" ; vouliez-vous dire `{a['near']}` ?" if a.get("near") else "")
    ),
    # ------------------------------------------------------------------ budgets : le tour
    "budget.round": lambda a, w: (
        f"budget `{a['budget']}` : budget " + French.BUDGET_KINDS[a["kind"]]
    ),
    "budget.window": lambda a, w: w.fill(
        "période des {clause} : du {start} au {end} inclus",
        **{**a, "clause": French.WINDOWS[a["clause"]]},
    ),
    "budget.permanent": "tour permanent : pas de réunion, propositions et affectations à tout "
    "moment",
    "budget.provisional": "les affectations restent ouvertes jusqu'au {end} : le financement "
    "indiqué est provisoire",
    # ------------------------------------------------------------------ budgets : projets
    "budget.project.duplicate": "le projet `{id}` est refusé : un autre projet du même "
    "identifiant le précède",
    "budget.project.goal_not_positive": "le projet `{id}` est refusé : son objectif {goal} n'est "
    "pas supérieur à zéro",
    "budget.project.currency": "le projet `{id}` est refusé : son objectif est en {currency}, le "
    "budget compte en {expected}",
    "budget.project.no_proposer": "le projet `{id}` est refusé : il n'a aucun porteur",
    "budget.project.unknown_proposer": "le projet `{id}` est refusé : son porteur `{proposer}` "
    "n'est pas membre",
    "budget.project.may_not_propose": "le projet `{id}` est refusé : `{proposer}` ne peut pas "
    "proposer (peuvent proposer : {who})",
    "budget.project.proposers": "le projet `{id}` est refusé : {count} de ses porteurs "
    "remplissent {where}, il en faut {comparator} {needed}",
    "budget.project.outside_window": "le projet `{id}` est refusé : proposé le {at}, hors de la "
    "période de propositions ({start} – {end})",
    "budget.project.funded": "projet `{project}` : {allocated} affectés sur un objectif de "
    "{goal} ({share:~%}) ; {comparator} {threshold} de l'objectif demande {needed} : financé",
    "budget.project.not_funded": "projet `{project}` : {allocated} affectés sur un objectif de "
    "{goal} ({share:~%}) ; {comparator} {threshold} de l'objectif demande {needed} : non financé",
    "budget.project.fundable": lambda a, w: (
        w.fill(
            "action `{project}` : {supporters} soutiens distincts, {comparator} {threshold} requis : "
            "finançable ; chaque soutien s'engage à la mener ({who}",
            **a,
        )
        + (f", … et {a['more']} autres)" if a["more"] else ")")
    ),
    "budget.project.not_fundable": "action `{project}` : {supporters} soutiens distincts, "
    "{comparator} {threshold} requis : non finançable",
    # ------------------------------------------------------------------ budgets : affectations
    "budget.allocation.unknown_member": "affectation de `{id}` à `{project}` refusée : `{id}` "
    "n'est pas membre",
    "budget.allocation.not_allocation_budget": "affectation de `{id}` à `{project}` refusée : "
    "`{budget}` est un budget de soutiens, on n'y affecte pas",
    "budget.allocation.outside_window": "affectation de `{id}` à `{project}` le {at} refusée : "
    "hors de la période d'affectation ({start} – {end})",
    "budget.allocation.unknown_project": "affectation de `{id}` refusée : il n'y a pas de projet "
    "`{project}`",
    "budget.allocation.rejected_project": "affectation de `{id}` à `{project}` refusée : le "
    "projet a été refusé",
    "budget.allocation.before_proposed": "affectation de `{id}` à `{project}` le {at} refusée : "
    "le projet n'a été proposé que le {proposed}",
    "budget.allocation.no_envelope": _no_envelope,
    "budget.allocation.not_voter": "affectation de `{id}` à `{project}` refusée : `{id}` ne fait "
    "pas partie de ceux qui affectent ({who})",
    "budget.allocation.currency": "affectation de `{id}` à `{project}` refusée : {amount} n'est "
    "pas en {expected}, la monnaie de l'enveloppe",
    "budget.allocation.not_positive": "affectation de `{id}` à `{project}` refusée : {amount} "
    "n'est pas supérieur à zéro",
    "budget.allocation.envelope_spent": lambda a, w: (
        w.fill(
            "affectation de `{id}` de {amount} à `{project}` refusée : l'enveloppe de {envelope}",
            **a,
        )
        + _period(a)
        + " est épuisée"
    ),
    "budget.allocation.cut_envelope": lambda a, w: (
        w.fill(
            "affectation de `{id}` de {amount} à `{project}` réduite à {cut_to} : il ne restait que "
            "{left} de l'enveloppe de {envelope}",
            **a,
        )
        + _period(a)
        + ", qui n'est jamais dépassée"
    ),
    "budget.allocation.goal_reached": "affectation de `{id}` de {amount} à `{project}` refusée : "
    "le projet a atteint son objectif de {goal} et le surfinancement n'est pas permis",
    "budget.allocation.cut_goal": "affectation de `{id}` de {amount} à `{project}` réduite à "
    "{cut_to}, ce qui manquait pour l'objectif de {goal} : le surfinancement n'est pas permis",
    # ------------------------------------------------------------------ budgets : soutiens
    "budget.support.not_support_budget": "soutien de `{voter}` à `{project}` refusé : `{budget}` "
    "est un budget d'affectation, il ne reçoit pas de soutiens",
    "budget.support.unknown_project": "soutien de `{voter}` refusé : il n'y a pas d'action "
    "`{project}`",
    "budget.support.rejected_project": "soutien de `{voter}` à `{project}` refusé : l'action a "
    "été refusée",
    "budget.support.unknown_member": "soutien de `{voter}` à `{project}` refusé : `{voter}` n'est "
    "pas membre",
    "budget.support.not_voter": "soutien de `{voter}` à `{project}` refusé : `{voter}` ne fait "
    "pas partie de ceux qui soutiennent ({who})",
    "budget.support.repeated": "soutien de `{voter}` à `{project}` refusé : `{voter}` la soutient "
    "déjà (un soutien chacun)",
    # ------------------------------------------------------------------ budgets : demandes
    "budget.claim.not_support_budget": "demande `{id}` refusée : `{budget}` est un budget "
    "d'affectation, il ne rembourse rien",
    "budget.claim.no_reimbursement": "demande `{id}` refusée : le budget `{budget}` n'a pas de "
    "clause `reimburse:`",
    "budget.claim.unknown_project": "demande `{id}` refusée : il n'y a pas d'action `{project}`",
    "budget.claim.rejected_project": "demande `{id}` refusée : l'action `{project}` a été refusée",
    "budget.claim.not_supporter": "demande `{id}` refusée : `{by}` ne soutient pas (valablement) "
    "`{project}` et ne s'est donc pas engagé à la mener",
    "budget.claim.not_fundable": "demande `{id}` refusée : l'action `{project}` n'est pas "
    "finançable ({supporters} soutiens, {comparator} {threshold} requis)",
    "budget.claim.currency": "demande `{id}` refusée : {amount} n'est pas en {expected}",
    "budget.claim.not_positive": "demande `{id}` refusée : {amount} n'est pas supérieur à zéro",
    "budget.claim.over_goal": "demande `{id}` de {amount} refusée : `{by}` a déjà demandé "
    "{claimed} pour `{project}`, et un soutien est remboursé dans la limite du budget de "
    "l'action, {goal} (reste {left})",
    "budget.claim.total_exhausted": "demande `{id}` de {amount} refusée en entier : il ne reste "
    "que {left} sur le total de {total} du budget",
}

WORDS = French()
