"""Is the proposal validly before the body at all? (design §3 competence, §4 `notice:`,
`duration:`, `consultation:`, §6 `may propose:`). Each failure makes the decision `invalid`.

Choices where the design is silent:
* a rule that asks for `notice:` (or `duration:`, `consultation:`) on a proposal that does not give
  the dates needed to check it is invalid: the clause cannot be shown to be met;
* durations use calendar arithmetic (`1 month` after 31 January is the last day of February);
  `notice: at least 15 days` holds when `announced + 15 days <= opens`;
* without `closes`, the vote is taken as closed when asked (`at`), so `duration:` is measured to
  `at`;
* admitting a person (`admission`, `concerns:`) who fails the body's `seat:` condition is
  invalid, before any vote is counted;
* `consultation: … open to P` holds when the case's consultation lasted long enough and was open
  to a population containing every member of P. The case states `open_to` as `everyone`,
  `members` (of the deciding body), `members of X` or a body id `X`.
"""

from __future__ import annotations

import datetime as dt

from ...compile import compile_source
from ...decision import Reason
from ...messages import COMPARATOR_WORDS, duration_fr, register
from ...model import Comparator, Consultation, Duration, TimeTest
from ..context import Context
from ..eligibility import population_text, propose, seat
from .electorate import body_members, population_set

register(
    {
        "invalid.outside": {
            "en": "invalid: `{subject}` is outside the charter (no body decides it)",
            "fr": "invalide : `{subject}` est hors de la charte (aucun organe n'en décide)",
        },
        "invalid.body": {
            "en": "invalid: `{stated}` is not competent for `{subject}`; `{body}` is",
            "fr": "invalide : `{stated}` n'est pas compétent pour `{subject}` ; `{body}` l'est",
        },
        "invalid.amendment": {
            "en": "invalid: the new charter this amendment carries has {count} error(s)",
            "fr": "invalide : la nouvelle charte que porte cet amendement a {count} erreur(s)",
        },
        "amendment.error": {
            "en": "new charter, line {line}, column {column}: {message}",
            "fr": "nouvelle charte, ligne {line}, colonne {column} : {message}",
        },
        "invalid.no_rule": {
            "en": "invalid: `{body}` has no rule for `{subject}` and no default rule applies",
            "fr": "invalide : `{body}` n'a pas de règle pour `{subject}` et aucune règle par défaut "
            "ne s'applique",
        },
        "invalid.proposer": {
            "en": "invalid: `{member}` may not propose to `{body}` (may propose: {who})",
            "fr": "invalide : `{member}` ne peut pas faire de proposition à `{body}` "
            "(may propose: {who})",
        },
        "invalid.seat": {
            "en": "invalid: admitting `{member}` to `{body}` would break its seat condition",
            "fr": "invalide : admettre `{member}` à `{body}` enfreindrait sa condition pour siéger",
        },
        "rule.applied": {
            "en": "rule `{rule}` of `{body}` applies",
            "fr": "la règle `{rule}` de `{body}` s'applique",
        },
        "notice.met": {
            "en": "notice: announced {announced}, voting opened {opens}: {comparator} {length} "
            "required, met",
            "fr": "préavis : annoncé le {announced}, vote ouvert le {opens} : {comparator_fr} {length_fr} "
            "requis, respecté",
        },
        "notice.failed": {
            "en": "invalid: notice not met: announced {announced}, voting opened {opens}, "
            "{comparator} {length} required",
            "fr": "invalide : préavis non respecté : annoncé le {announced}, vote ouvert le {opens}, "
            "{comparator_fr} {length_fr} requis",
        },
        "notice.unknown": {
            "en": "invalid: the rule requires notice ({comparator} {length}) but the proposal does "
            "not say {missing}",
            "fr": "invalide : la règle exige un préavis ({comparator_fr} {length_fr}) mais la proposition "
            "n'indique pas {missing}",
        },
        "duration.met": {
            "en": "duration: voting open from {opens} to {closes}: {comparator} {length} required, "
            "met",
            "fr": "durée : vote ouvert du {opens} au {closes} : {comparator_fr} {length_fr} requis, "
            "respectée",
        },
        "duration.failed": {
            "en": "invalid: voting open from {opens} to {closes}, {comparator} {length} required",
            "fr": "invalide : vote ouvert du {opens} au {closes}, {comparator_fr} {length_fr} requis",
        },
        "duration.unknown": {
            "en": "invalid: the rule requires voting to stay open {comparator} {length} but the "
            "proposal does not say {missing}",
            "fr": "invalide : la règle exige que le vote reste ouvert {comparator_fr} {length_fr} mais la "
            "proposition n'indique pas {missing}",
        },
        "consultation.met": {
            "en": "consultation from {start} to {until}, open to {open_to}: {comparator} {length} "
            "open to {who} required, met",
            "fr": "consultation du {start} au {until}, ouverte à {open_to} : {comparator_fr} {length_fr} "
            "ouverte à {who} requise, respectée",
        },
        "consultation.too_short": {
            "en": "invalid: the consultation ran from {start} to {until}; {comparator} {length} "
            "required",
            "fr": "invalide : la consultation a duré du {start} au {until} ; {comparator_fr} {length_fr} "
            "requis",
        },
        "consultation.too_narrow": {
            "en": "invalid: the consultation was open to {open_to}, but the rule requires it open to "
            "{who} ({count} left out, e.g. `{example}`)",
            "fr": "invalide : la consultation était ouverte à {open_to}, mais la règle exige qu'elle "
            "le soit à {who} ({count} exclu(s), par ex. `{example}`)",
        },
        "consultation.missing": {
            "en": "invalid: the rule requires a consultation ({comparator} {length} open to {who}) "
            "and the proposal records none",
            "fr": "invalide : la règle exige une consultation ({comparator_fr} {length_fr} ouverte à "
            "{who}) et la proposition n'en mentionne aucune",
        },
        "consultation.unreadable": {
            "en": "invalid: cannot tell who the consultation was open to (`{open_to}`): write "
            "everyone, members, members of BODY or a body",
            "fr": "invalide : impossible de savoir à qui la consultation était ouverte "
            "(`{open_to}`) : écrire everyone, members, members of ORGANE ou un organe",
        },
    }
)


def show(moment: dt.datetime | None) -> str:
    if moment is None:
        return "?"
    if moment.hour == moment.minute == moment.second == 0:
        return moment.date().isoformat()
    return moment.isoformat().replace("+00:00", "Z")


def _time_words(comparator: Comparator, length: Duration) -> dict[str, str]:
    """`at least 14 days` in English and `au moins 14 jours` in French."""
    return {
        "comparator": comparator.words,
        "length": str(length),
        "comparator_fr": COMPARATOR_WORDS["fr"][comparator],
        "length_fr": duration_fr(length),
    }


def span_ok(test: TimeTest | Consultation, start: dt.datetime, end: dt.datetime) -> bool:
    """`notice: at least 15 days` from `start` to `end`: `end` against `start + 15 days` by the
    clause's comparator (calendar arithmetic)."""
    return test.comparator.holds(end, test.length.add_to(start))


def check_body(ctx: Context, competence, stated: str | None) -> list[Reason]:
    subject = ctx.case.proposal.subject
    if competence.body is None:
        return [Reason(code="invalid.outside", args={"subject": subject})]
    if stated is not None and stated != competence.body:
        return [
            Reason(
                code="invalid.body",
                args={"stated": stated, "subject": subject, "body": competence.body},
            )
        ]
    return []


def check_proposer(ctx: Context, body_id: str) -> list[Reason]:
    proposer = ctx.case.proposal.proposer
    if proposer is None:
        return []
    result = propose(ctx, proposer, body_id)
    if result.allowed:
        return []
    body = ctx.charter.bodies[body_id]
    who = population_text(body.may_propose) if body.may_propose else "everyone"
    return [
        Reason(
            code="invalid.proposer",
            args={"member": proposer, "body": body_id, "who": who},
            cite=body.cites.get("may_propose"),
        )
    ] + result.reasons[1:]


def check_admission(ctx: Context, body_id: str) -> list[Reason]:
    """§3: admitting someone who fails the body's `seat:` condition (a red line) is invalid.
    A person without a member record has no attribute values, so a condition on them is false."""
    p = ctx.case.proposal
    body = ctx.charter.bodies[body_id]
    if p.subject != "admission" or body.seat is None:
        return []
    out: list[Reason] = []
    for person in p.concerns:
        result = seat(ctx, person, body_id)
        if not result.allowed:
            out.append(
                Reason(
                    code="invalid.seat",
                    args={"member": person, "body": body_id},
                    cite=body.seat.cite,
                )
            )
            out += result.reasons
    return out


def check_amendment(ctx: Context) -> list[Reason]:
    """§9: an amendment carries the new charter text; one that does not compile cannot be
    adopted, so the proposal is invalid, with the first errors of the new text."""
    p = ctx.case.proposal
    if p.subject != "amendment" or p.charter is None:
        return []
    _model, diagnostics = compile_source(p.charter, "proposal.charter")
    errors = [d for d in diagnostics if d.severity == "error"]
    if not errors:
        return []
    return [Reason(code="invalid.amendment", args={"count": len(errors)})] + [
        Reason(
            code="amendment.error",
            args={"line": d.line or 0, "column": d.column or 0, "message": d.message},
        )
        for d in errors[:5]
    ]


def check_times(ctx: Context, rule, closes: dt.datetime | None) -> tuple[list[Reason], bool]:
    """Reasons for notice / duration / consultation, and whether all hold."""
    p = ctx.case.proposal
    reasons, ok = [], True
    if rule.notice is not None:
        t = rule.notice
        args = {
            **_time_words(t.comparator, t.length),
            "announced": show(p.announced),
            "opens": show(p.opens),
        }
        cite = t.cite or rule.cite
        if p.announced is None or p.opens is None:
            missing = " and ".join(
                n
                for n, v in (
                    ("when it was announced", p.announced),
                    ("when voting opened", p.opens),
                )
                if v is None
            )
            reasons.append(
                Reason(code="notice.unknown", args={**args, "missing": missing}, cite=cite)
            )
            ok = False
        elif span_ok(t, p.announced, p.opens):
            reasons.append(Reason(code="notice.met", args=args, cite=cite))
        else:
            reasons.append(Reason(code="notice.failed", args=args, cite=cite))
            ok = False
    if rule.duration is not None:
        t = rule.duration
        args = {
            **_time_words(t.comparator, t.length),
            "opens": show(p.opens),
            "closes": show(closes),
        }
        cite = t.cite or rule.cite
        if p.opens is None or closes is None:
            missing = " and ".join(
                n
                for n, v in (("when voting opened", p.opens), ("when it closes", closes))
                if v is None
            )
            reasons.append(
                Reason(code="duration.unknown", args={**args, "missing": missing}, cite=cite)
            )
            ok = False
        elif span_ok(t, p.opens, closes):
            reasons.append(Reason(code="duration.met", args=args, cite=cite))
        else:
            reasons.append(Reason(code="duration.failed", args=args, cite=cite))
            ok = False
    return reasons, ok


def check_consultation(ctx: Context, rule, body_id: str) -> tuple[list[Reason], bool]:
    c = rule.consultation
    if c is None:
        return [], True
    p = ctx.case.proposal
    cite = c.cite or rule.cite
    who = population_text(c.open_to)
    args = {**_time_words(c.comparator, c.length), "who": who}
    facts = p.consultation
    if facts is None:
        return [Reason(code="consultation.missing", args=args, cite=cite)], False
    args |= {"start": show(facts.from_), "until": show(facts.until), "open_to": facts.open_to}
    if not span_ok(c, facts.from_, facts.until):
        return [Reason(code="consultation.too_short", args=args, cite=cite)], False
    opened = _opened_to(ctx, facts.open_to.strip(), body_id)
    if opened is None:
        return [Reason(code="consultation.unreadable", args=args, cite=cite)], False
    concerned = set(p.concerns)
    required = population_set(ctx, c.open_to, body_id, set(ctx.members), concerned)
    left_out = sorted(required - opened)
    if left_out:
        return [
            Reason(
                code="consultation.too_narrow",
                cite=cite,
                args={**args, "count": len(left_out), "example": left_out[0]},
            )
        ], False
    return [Reason(code="consultation.met", args=args, cite=cite)], True


def _opened_to(ctx: Context, text: str, body_id: str) -> set[str] | None:
    words = text.split()
    if words == ["everyone"]:
        return set(ctx.members)
    if words == ["members"]:
        target = body_id
    elif len(words) == 3 and words[:2] == ["members", "of"]:
        target = words[2]
    elif len(words) == 1:
        target = words[0]
    else:
        return None
    if target not in ctx.charter.bodies:
        return None
    found = body_members(ctx, target)
    return found if found is not None else set(ctx.members_of(target))
