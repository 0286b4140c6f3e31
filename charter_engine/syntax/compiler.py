"""Lark tree -> CharterModel. Structure only: names and meanings are checked in check/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

from lark import Token, Transformer, Tree, v_args

from .. import model as m
from ..diagnostics import Diagnostic
from ..model.charter import ShortForm
from ..model.words import Base, Comparator, Count

HALF = Fraction(1, 2)


@dataclass
class Item:
    """One clause of a block, before the block folds its clauses into a model."""

    key: str
    value: Any
    cite: str | None
    span: m.Span


@dataclass
class Cite:
    text: str
    line: int
    own_line: bool  # written on a line of its own: it cites the enclosing block, not a clause
    pos: int = 0  # offset in the text: the innermost block around it claims it


def span_of(meta_or_token) -> m.Span:
    return m.Span(
        line=meta_or_token.line,
        column=meta_or_token.column,
        end_line=meta_or_token.end_line,
        end_column=meta_or_token.end_column,
    )


def unquote(token: Token) -> str:
    body = str(token)[1:-1]
    out, i = [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append({"n": "\n", "t": "\t"}.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def split_cite(children: list) -> tuple[list, str | None]:
    """A clause's trailing citation. One written on a line of its own is left to the block
    (see ToModel.claim_detached), as in the design's `rule budget { … cite "Art. 12" }`."""
    if children and isinstance(children[-1], Cite) and not children[-1].own_line:
        return children[:-1], children[-1].text
    if children and isinstance(children[-1], Cite):
        return children[:-1], None
    return children, None


def share_value(token: Token) -> tuple[Fraction, bool]:
    text = str(token)
    if text.endswith("%"):
        return Fraction(text[:-1]) / 100, True
    return Fraction(text), False


@v_args(meta=True)
class ToModel(Transformer):
    """Each clause becomes an Item; each block folds its Items into a pydantic model."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.diagnostics: list[Diagnostic] = []
        self.lines = text.split("\n")  # Lark counts lines at "\n" only
        self.detached: list[Cite] = []  # own-line citations not yet claimed by a block

    def claim_detached(self, meta) -> str | None:
        """The block's citation written on a line of its own, inside the block."""
        mine = [c for c in self.detached if meta.start_pos <= c.pos < meta.end_pos]
        self.detached = [c for c in self.detached if c not in mine]
        return mine[-1].text if mine else None

    # ------------------------------------------------------------------ helpers
    def error(self, code: str, message: str, span: m.Span, help_: str | None = None) -> None:
        self.diagnostics.append(
            Diagnostic(
                "error",
                code,
                message,
                help_,
                line=span.line,
                column=span.column,
                end_line=span.end_line,
                end_column=span.end_column,
            )
        )

    def item(self, key: str, meta, value, cite: str | None) -> Item:
        return Item(key, value, cite, span_of(meta))

    def fold(self, items: list[Item], repeatable: set[str], where: str) -> dict[str, list[Item]]:
        """Group a block's clauses by keyword; a clause written twice is an error."""
        grouped: dict[str, list[Item]] = {}
        for it in items:
            if not isinstance(it, Item):
                continue
            if it.key in grouped and it.key not in repeatable:
                first = grouped[it.key][0].span
                self.error(
                    "structure.duplicate_clause",
                    f"`{it.key}` is given twice in {where}",
                    it.span,
                    f"the first `{it.key}` is on line {first.line}; keep one",
                )
                continue
            grouped.setdefault(it.key, []).append(it)
        return grouped

    @staticmethod
    def one(grouped: dict[str, list[Item]], key: str, default=None):
        return grouped[key][0].value if key in grouped else default

    @staticmethod
    def record(grouped: dict[str, list[Item]], keys) -> tuple[dict, dict]:
        cites = {k: grouped[k][0].cite for k in keys if k in grouped and grouped[k][0].cite}
        spans = {k: grouped[k][0].span for k in keys if k in grouped}
        return cites, spans

    # ------------------------------------------------------------------ tokens and literals
    def citation(self, meta, children):
        line = self.lines[meta.line - 1] if meta.line <= len(self.lines) else ""
        own_line = not line[: meta.column - 1].strip() if meta.column else False
        cite = Cite(unquote(children[-1]), meta.line, own_line, meta.start_pos)
        if own_line:
            self.detached.append(cite)
        return cite

    def citation_clause(self, meta, children):
        self.detached = [c for c in self.detached if c is not children[0]]
        return self.item("cite", meta, children[0].text, None)

    def subject(self, meta, children):
        return ".".join(str(c) for c in children if c.type == "NAME")

    def subject_item(self, meta, children):
        child = children[0]
        return "*" if isinstance(child, Token) and child.type == "STAR" else child

    def _word(self, meta, children):
        return " ".join(str(c) for c in children)

    body_kind = short_kind = count = base = comparator = population_base = _word
    ballot_mode = period = before_after = round_kind = yes_no = function = boolean = _word

    def quantity(self, meta, children):
        child = children[0]
        if isinstance(child, tuple):  # a share
            return ("share", *child)
        if child.type == "INT":
            return ("count", Fraction(int(child)), False)
        return ("parameter", str(child), False)

    def share(self, meta, children):
        return share_value(children[0])

    def literal(self, meta, children):
        child = children[0]
        if isinstance(child, str) and not isinstance(child, Token):  # boolean rule
            return m.BoolLit(value=child == "true")
        kind, text = child.type, str(child)
        if kind == "STRING":
            return m.TextLit(value=unquote(child))
        if kind in ("INT", "DECIMAL", "FRACTION"):
            return m.NumberLit(value=Fraction(text))
        if kind == "PERCENT":
            return m.NumberLit(value=Fraction(text[:-1]) / 100, percent=True)
        if kind == "MONEY":
            return m.MoneyLit(value=m.Money.parse(text))
        if kind == "TIMESPAN":
            return m.DurationLit(value=m.Duration.parse(text))
        if kind == "DATE":
            return m.DateLit(value=self.date(child))
        raise AssertionError(kind)  # pragma: no cover - the grammar has no other literal

    def date(self, token: Token) -> dt.date:
        try:
            return dt.date.fromisoformat(str(token))
        except ValueError:
            self.error(
                "value.date",
                f"`{token}` is not a date in the calendar",
                span_of(token),
                "dates are written YYYY-MM-DD, e.g. `2023-09-27`",
            )
            return dt.date(1, 1, 1)

    # ------------------------------------------------------------------ expressions
    def name(self, meta, children):
        return m.Name(name=str(children[0]), pos=span_of(meta))

    def today(self, meta, children):
        return m.Today()

    def member_of(self, meta, children):
        return m.MemberOf(body=str(children[-1]), pos=span_of(meta))

    def not_(self, meta, children):
        return m.Not(arg=children[-1])

    def or_expr(self, meta, children):
        return m.Or(args=children)

    def and_expr(self, meta, children):
        return m.And(args=children)

    def compare(self, meta, children):
        left, op, right = children
        return m.Compare(op=str(op), left=left, right=right, pos=span_of(meta))

    def in_(self, meta, children):
        return m.In(arg=children[0], items=children[-1], pos=span_of(meta))

    def list_lit(self, meta, children):
        return [c for c in children if c is not None]

    def arith(self, meta, children):
        left, op, right = children
        return m.Arith(op=str(op), left=left, right=right, pos=span_of(meta))

    def call(self, meta, children):
        return m.Call(function=children[0], args=children[1:], pos=span_of(meta))

    # ------------------------------------------------------------------ populations
    def members_of(self, meta, children):
        return ("of", str(children[-1]))

    def where(self, meta, children):
        return ("where", children[-1])

    def except_concerned(self, meta, children):
        return ("except", True)

    def population(self, meta, children):
        span = span_of(meta)
        pop = m.Population(base=children[0], pos=span)
        for key, value in children[1:]:
            if key == "of":
                pop.of_body = value
            elif key == "where":
                pop.where = value
            else:
                pop.except_concerned = True
        if pop.of_body and pop.base != "members":
            self.error(
                "structure.population",
                f"`{pop.base} of {pop.of_body}` is not a population",
                span,
                f"write `members of {pop.of_body}`",
            )
        return pop

    def eligibility(self, meta, children):
        child = children[0]
        if isinstance(child, m.Population):
            return child
        return m.Population(base="everyone", where=child, pos=span_of(meta))

    # ------------------------------------------------------------------ tests
    def test_none(self, meta, children):
        return {"comparator": Comparator.NONE}

    def test_all(self, meta, children):
        return {"comparator": Comparator.ALL, "base": children[-1]}

    def test_compare(self, meta, children):
        comparator, (kind, amount, percent) = Comparator.from_words(children[0]), children[1]
        out: dict[str, Any] = {"comparator": comparator, "percent": percent}
        if kind == "parameter":
            out["parameter"] = amount
        else:
            out["amount"] = amount
        if len(children) > 2:
            out["base"] = children[2]
        elif kind == "share":
            self.error(
                "structure.share_without_base",
                "a share needs a base to be a share of",
                span_of(meta),
                "add "
                + ", ".join(f"`of {b}`" for b in list(Base)[:-1])
                + f" or `of {list(Base)[-1]}`",
            )
        return out

    def make_test(self, label: str, value: dict, meta, cite) -> m.Test:
        return m.Test(
            label=label,
            count=Count.from_label(label),
            cite=cite,
            pos=span_of(meta),
            **value,
        )

    def test(self, meta, children):
        children, cite = split_cite(children)
        label, value = children
        return self.item("test", meta, self.make_test(label, value, meta, cite), cite)

    def judged_by(self, meta, children):
        return ("judged_by", str(children[-1]))

    def objections(self, meta, children):
        children, cite = split_cite(children)
        test = self.make_test("objections", children[0], meta, cite)
        judge = children[1][1] if len(children) > 1 else None
        return self.item("objections", meta, (test, judge), cite)

    # ------------------------------------------------------------------ rule clauses
    def short_form(self, meta, children):
        kind, population = children[0], children[-1]
        return (kind, None, population, span_of(meta))

    def fraction_majority(self, meta, children):
        (fraction, percent), population = children[0], children[-1]
        return ("fraction_majority", (fraction, percent), population, span_of(meta))

    def short_form_clause(self, meta, children):
        children, cite = split_cite(children)
        return self.item("short_form", meta, children[0], cite)

    @staticmethod  # a factory of transformer methods, called in the class body
    def _cited_clause(key: str):
        """A clause whose value (a population, a window) carries its own citation."""

        def method(self, meta, children):
            children, cite = split_cite(children)
            value = children[0]
            value.cite = cite
            return self.item(key, meta, value, cite)

        return method

    voters = _cited_clause("voters")
    advisory = _cited_clause("advisory")
    body_members = _cited_clause("members")
    may_propose = _cited_clause("may_propose")
    may_vote = _cited_clause("may_vote")

    @staticmethod
    def _time_test(key: str):
        def method(self, meta, children):
            children, cite = split_cite(children)
            value = m.TimeTest(
                comparator=Comparator.from_words(children[0]),
                length=m.Duration.parse(children[1]),
                cite=cite,
                pos=span_of(meta),
            )
            return self.item(key, meta, value, cite)

        return method

    notice = _time_test("notice")
    duration = _time_test("duration")

    def consultation(self, meta, children):
        children, cite = split_cite(children)
        value = m.Consultation(
            comparator=Comparator.from_words(children[0]),
            length=m.Duration.parse(children[1]),
            open_to=children[2],
            cite=cite,
            pos=span_of(meta),
        )
        return self.item("consultation", meta, value, cite)

    def proxies(self, meta, children):
        children, cite = split_cite(children)
        return self.item("proxies", meta, int(children[-1]), cite)

    def tie(self, meta, children):
        children, cite = split_cite(children)
        return self.item("tie", meta, True, cite)

    def ballots(self, meta, children):
        children, cite = split_cite(children)
        return self.item("ballots", meta, children[0], cite)

    def second_call_no_quorum(self, meta, children):
        children, cite = split_cite(children)
        return self.item("second_call", meta, m.SecondCall(cite=cite, pos=span_of(meta)), cite)

    def second_call(self, meta, children):
        children, cite = split_cite(children)
        inner_cite = None
        if len(children) > 1 and isinstance(children[1], Cite):
            inner_cite = children[1].text
        quorum = self.make_test("quorum", children[0], meta, inner_cite or cite)
        value = m.SecondCall(quorum=quorum, cite=cite, pos=span_of(meta))
        return self.item("second_call", meta, value, cite)

    def otherwise_rejected(self, meta, children):
        children, cite = split_cite(children)
        return self.item("otherwise", meta, None, cite)

    def otherwise_refer(self, meta, children):
        children, cite = split_cite(children)
        return self.item("otherwise", meta, str(children[-1]), cite)

    def method_name(self, meta, children):
        return " ".join(str(c) for c in children)

    def method(self, meta, children):
        """`method: WORDS { options }`: the method's key is its words joined by `_`
        (`majority judgment` -> `majority_judgment`); the checker looks it up."""
        children, cite = split_cite(children)
        options = children[1] if len(children) > 1 else []
        return self.item("method", meta, (children[0].replace(" ", "_"), options), cite)

    def method_options(self, meta, children):
        return [c for c in children if isinstance(c, m.MethodOption)]

    def method_option(self, meta, children):
        children, cite = split_cite(children)
        return m.MethodOption(
            name=str(children[0]), values=children[1:], cite=cite, pos=span_of(meta)
        )

    def option_atom(self, meta, children):
        token = children[0]
        if token.type == "NAME":
            return m.Name(name=str(token), pos=span_of(token))
        if token.type == "STRING":
            return m.TextLit(value=unquote(token))
        if token.type == "PERCENT":
            return m.NumberLit(value=Fraction(str(token)[:-1]) / 100, percent=True)
        return m.NumberLit(value=Fraction(str(token)))

    def option_item(self, meta, children):
        return children[0]

    def option_range(self, meta, children):
        low, high = children[0], children[-1]
        if not (isinstance(low, m.NumberLit) and isinstance(high, m.NumberLit)):
            self.error(
                "structure.option_range",
                "a range is written with two numbers: `LOW to HIGH`",
                span_of(meta),
                "for example `range: 0 to 10`",
            )
            return m.NumberLit(value=0)
        return m.OptionRange(low=low, high=high)

    def option_order(self, meta, children):
        texts = [m.TextLit(value=unquote(c)) for c in children if c.type == "STRING"]
        return m.OptionOrder(items=texts)

    def grades(self, meta, children):
        """`grades: "A" < "B"`: the option `grades` of the rule's method."""
        children, cite = split_cite(children)
        order = self.option_order(meta, children)
        option = m.MethodOption(name="grades", values=[order], cite=cite, pos=span_of(meta))
        return self.item("grades", meta, option, cite)

    def winners(self, meta, children):
        """`winners: 3`: the option `winners` of the rule's method."""
        children, cite = split_cite(children)
        number = m.NumberLit(value=Fraction(int(children[0])))
        option = m.MethodOption(name="winners", values=[number], cite=cite, pos=span_of(meta))
        return self.item("winners", meta, option, cite)

    def weighted(self, meta, children):
        children, cite = split_cite(children)
        return self.item("weighted", meta, True, cite)

    def build_rule(self, name: str, items: list, meta, cite: str | None) -> m.Rule:
        g = self.fold(items, {"test", "cite"}, f"rule `{name}`")
        rule = m.Rule(name=name, cite=cite, pos=span_of(meta))
        if "cite" in g and rule.cite is None:
            rule.cite = g["cite"][0].value
        detached = self.claim_detached(meta)
        if rule.cite is None:
            rule.cite = detached
        if "short_form" in g:
            kind, fraction, population, span = g["short_form"][0].value
            self.apply_short_form(
                rule, kind, fraction, population, span, g["short_form"][0].cite or cite
            )
            if "voters" in g:
                first = g["voters"][0].span
                self.error(
                    "structure.duplicate_clause",
                    f"rule `{name}` names its voters twice",
                    first,
                    f"`{kind.replace('_', ' ')} of …` already says who votes; "
                    "remove `voters:` or write the rule in long form",
                )
        if "voters" in g:
            rule.voters = g["voters"][0].value
        rule.advisory = self.one(g, "advisory")
        rule.tests.extend(it.value for it in g.get("test", []))
        if "objections" in g:
            test, judge = g["objections"][0].value
            rule.tests = [t for t in rule.tests if t.count != "objections"] + [test]
            rule.objections_judged_by = judge
        rule.notice = self.one(g, "notice")
        rule.duration = self.one(g, "duration")
        rule.consultation = self.one(g, "consultation")
        rule.proxies_per_voter = self.one(g, "proxies")
        rule.tie_chair_decides = self.one(g, "tie", False)
        rule.ballots_final = self.one(g, "ballots") == "final"
        rule.second_call = self.one(g, "second_call")
        rule.refer_to = self.one(g, "otherwise")
        rule.method, rule.method_options = self.one(g, "method", (m.DEFAULT_METHOD, []))
        rule.method_options = list(rule.method_options) + [
            g[key][0].value for key in ("grades", "winners") if key in g
        ]
        rule.weighted_by_college = self.one(g, "weighted", False)
        rule.cites, rule.spans = self.record(g, g.keys() - {"test", "cite"})
        return rule

    def apply_short_form(self, rule: m.Rule, kind: ShortForm, fraction, population, span, cite):
        """Each short form is exactly its long form (design §4, the table of short forms)."""
        rule.short_form = kind
        rule.voters = population

        def test(label: str, comparator: Comparator, amount=None, base=None) -> m.Test:
            return m.Test(
                label=label,
                count=Count(label),
                comparator=comparator,
                amount=amount,
                base=base,
                cite=cite,
                pos=span,
            )

        none, all_, at_least = Comparator.NONE, Comparator.ALL, Comparator.AT_LEAST
        if kind == "consent":
            rule.tests.append(test("objections", none))
        elif kind == "consensus":
            rule.tests += [
                test("participation", all_, base="voters"),
                test("against", none),
                test("objections", none),
            ]
        elif kind == "unanimity":
            rule.tests.append(test("for", all_, base="voters"))
        elif kind == "majority":
            rule.tests.append(test("for", Comparator.MORE_THAN, HALF, "expressed"))
        else:
            rule.fraction, percent = fraction
            rule.tests.append(test("for", at_least, rule.fraction, "expressed"))
            rule.tests[-1].percent = percent

    def rule(self, meta, children):
        children, cite = split_cite(children)
        name, items = children[0], children[1:]
        if items and isinstance(items[0], tuple):  # `rule NAME: short form`
            kind, fraction, population, span = items[0]
            items = [Item("short_form", items[0], None, span)]
        return self.build_rule(name, items, meta, cite)

    # ------------------------------------------------------------------ bodies
    def under(self, meta, children):
        return ("under", str(children[-1]), span_of(meta))

    def meets(self, meta, children):
        children, cite = split_cite(children)
        return self.item("meets", meta, str(children[0]), cite)

    def decides(self, meta, children):
        children, cite = split_cite(children)
        return self.item("decides", meta, list(children), cite)

    def seat(self, meta, children):
        children, cite = split_cite(children)
        return self.item(
            "seat", meta, m.Condition(expr=children[0], cite=cite, pos=span_of(meta)), cite
        )

    def chair(self, meta, children):
        children, cite = split_cite(children)
        return self.item("chair", meta, str(children[0]), cite)

    def body(self, meta, children):
        children, cite = split_cite(children)
        kind, ident = children[0], children[1]
        rest = children[2:]
        title = None
        if rest and isinstance(rest[0], Token) and rest[0].type == "STRING":
            title, rest = unquote(rest[0]), rest[1:]
        parent = None
        if rest and isinstance(rest[0], tuple) and rest[0][0] == "under":
            parent, rest = rest[0][1], rest[1:]
        rules = [r for r in rest if isinstance(r, m.Rule)]
        g = self.fold([r for r in rest if isinstance(r, Item)], {"cite"}, f"{kind} `{ident}`")
        body = m.Body(
            id=str(ident),
            title=title,
            kind=kind,
            parent=parent,
            cite=cite,
            pos=span_of(meta),
            rules=rules,
        )
        if "cite" in g and body.cite is None:
            body.cite = g["cite"][0].value
        body.cite = body.cite or self.claim_detached(meta)
        body.members = self.one(g, "members")
        body.meets = self.one(g, "meets")
        body.decides = self.one(g, "decides", [])
        body.seat = self.one(g, "seat")
        body.may_propose = self.one(g, "may_propose")
        body.may_vote = self.one(g, "may_vote")
        body.chair = self.one(g, "chair")
        body.cites, body.spans = self.record(g, g.keys() - {"cite"})
        if parent is not None:
            body.spans["under"] = children[2 if title is None else 3][2]
        first: dict[str, m.Span] = {}  # rule name -> where it is first given
        for r in rules:
            where = cast(m.Span, r.pos)  # a rule the compiler built has its position
            if r.name in first:
                self.error(
                    "structure.duplicate_rule",
                    f"rule `{r.name}` is given twice in {kind} `{ident}`",
                    where,
                    f"the first is on line {first[r.name].line}",
                )
            else:
                first[r.name] = where
        return body

    # ------------------------------------------------------------------ colleges
    def college(self, meta, children):
        children, cite = split_cite(children)
        title = unquote(children[1]) if len(children) > 2 else None
        weight, percent = children[-1]
        return m.College(
            id=str(children[0]),
            title=title,
            weight=weight,
            percent=percent,
            cite=cite,
            pos=span_of(meta),
        )

    def colleges(self, meta, children):
        children, cite = split_cite(children)
        return self.item("colleges", meta, children, cite)

    # ------------------------------------------------------------------ budgets
    def per_member(self, meta, children):
        return ("per_member", True)

    def per_period(self, meta, children):
        return ("period", children[-1])

    def envelope(self, meta, children):
        children, cite = split_cite(children)
        env = m.Envelope(amount=children[0], cite=cite, pos=span_of(meta))
        for key, value in children[1:]:
            setattr(env, key, value)
        return self.item("envelope", meta, env, cite)

    def proposers(self, meta, children):
        children, cite = split_cite(children)
        where = children[2][1] if len(children) > 2 else None
        value = m.ProposerRule(
            comparator=Comparator.from_words(children[0]),
            count=int(children[1]),
            where=where,
            cite=cite,
            pos=span_of(meta),
        )
        return self.item("proposers", meta, value, cite)

    def bound_relative(self, meta, children):
        return m.Bound(kind="relative", offset=m.Duration.parse(children[0]), direction=children[1])

    def bound_meeting(self, meta, children):
        return m.Bound(kind="meeting")

    def bound_date(self, meta, children):
        return m.Bound(kind="date", date=self.date(children[0]))

    def window(self, meta, children):
        return m.Window(start=children[0], end=children[1], pos=span_of(meta))

    proposals_window = _cited_clause("proposals")
    allocations_window = _cited_clause("allocations")

    def round(self, meta, children):
        children, cite = split_cite(children)
        return self.item("round", meta, children[0], cite)

    @staticmethod
    def _share_test(key: str):
        def method(self, meta, children):
            children, cite = split_cite(children)
            kind, amount, percent = children[1]
            test = m.ShareTest(
                comparator=Comparator.from_words(children[0]),
                percent=percent,
                cite=cite,
                pos=span_of(meta),
            )
            if kind == "parameter":
                test.parameter = amount
            else:
                test.amount = amount
            return self.item(key, meta, test, cite)

        return method

    funded = _share_test("funded")
    fundable = _share_test("fundable")

    def overfunding(self, meta, children):
        children, cite = split_cite(children)
        return self.item("overfunding", meta, children[0] == "yes", cite)

    def total(self, meta, children):
        children, cite = split_cite(children)
        return self.item("total", meta, m.Money.parse(children[0]), cite)

    def support(self, meta, children):
        children, cite = split_cite(children)
        return self.item("support", meta, "approval", cite)

    def reimburse(self, meta, children):
        children, cite = split_cite(children)
        return self.item("reimburse", meta, True, cite)

    def budget(self, meta, children):
        children, cite = split_cite(children)
        ident, rest = str(children[0]), children[1:]
        title = None
        if rest and isinstance(rest[0], Token) and rest[0].type == "STRING":
            title, rest = unquote(rest[0]), rest[1:]
        g = self.fold(rest, {"cite"}, f"budget `{ident}`")
        b = m.Budget(id=ident, title=title, cite=cite, pos=span_of(meta))
        if "cite" in g and b.cite is None:
            b.cite = g["cite"][0].value
        b.cite = b.cite or self.claim_detached(meta)
        for key, attr in [
            ("envelope", "envelope"),
            ("may_propose", "may_propose"),
            ("proposers", "proposers"),
            ("proposals", "proposals"),
            ("allocations", "allocations"),
            ("funded", "funded"),
            ("total", "total"),
            ("voters", "voters"),
            ("support", "support"),
            ("fundable", "fundable"),
        ]:
            setattr(b, attr, self.one(g, key))
        b.round = self.one(g, "round", "meeting")
        b.overfunding = self.one(g, "overfunding", True)
        b.reimburse_goal_per_supporter = self.one(g, "reimburse", False)
        b.cites, b.spans = self.record(g, g.keys() - {"cite"})
        return self.item("budget", meta, b, cite)

    # ------------------------------------------------------------------ charter
    def parameter(self, meta, children):
        children, cite = split_cite(children)
        value = m.Parameter(
            name=str(children[0]),
            value=children[1],
            set_by=str(children[2]),
            cite=cite,
            pos=span_of(meta),
        )
        return self.item("parameter", meta, value, cite)

    def amendments(self, meta, children):
        children, cite = split_cite(children)
        body, rest = str(children[0]), children[1:]
        if rest and isinstance(rest[0], tuple):
            rest = [Item("short_form", rest[0], None, rest[0][3])]
        rule = self.build_rule("amendment", rest, meta, cite)
        return self.item(
            "amendments",
            meta,
            m.Amendments(body=body, rule=rule, cite=cite, pos=span_of(meta)),
            cite,
        )

    def attribute_decl(self, meta, children):
        children, cite = split_cite(children)
        return m.Attribute(
            name=str(children[0]), type=str(children[1]), cite=cite, pos=span_of(meta)
        )

    def attributes(self, meta, children):
        return self.item("attributes", meta, children, None)

    def version(self, meta, children):
        children, cite = split_cite(children)
        return self.item("version", meta, unquote(children[0]), cite)

    def effective(self, meta, children):
        children, cite = split_cite(children)
        return self.item("effective", meta, self.date(children[0]), cite)

    def language(self, meta, children):
        children, cite = split_cite(children)
        return self.item("language", meta, str(children[0]), cite)

    def legal_form(self, meta, children):
        children, cite = split_cite(children)
        return self.item("legal_form", meta, str(children[0]), cite)

    def charter(self, meta, children):
        name, items = unquote(children[0]), children[1:]
        bodies = [it.value for it in items if isinstance(it, Item) and it.key == "body"]
        g = self.fold(items, {"budget", "parameter", "cite", "body"}, "the charter")
        model = m.CharterModel(name=name, pos=span_of(meta))
        model.version = self.one(g, "version")
        model.effective = self.one(g, "effective")
        model.language = self.one(g, "language", "en")
        model.legal_form = self.one(g, "legal_form", "association")
        model.attributes = self.one(g, "attributes", [])
        model.bodies = [b for b in children if isinstance(b, m.Body)] or bodies
        model.colleges = self.one(g, "colleges", [])
        model.budgets = [it.value for it in g.get("budget", [])]
        model.parameters = [it.value for it in g.get("parameter", [])]
        model.amendments = self.one(g, "amendments")
        if "cite" in g:
            model.cite = g["cite"][0].value
        model.cite = model.cite or self.claim_detached(meta)
        model.cites, model.spans = self.record(
            g, g.keys() - {"cite", "budget", "parameter", "body"}
        )
        return model

    def start(self, meta, children):
        return children[0]


def compile_tree(tree: Tree, text: str) -> tuple[m.CharterModel, list[Diagnostic]]:
    transformer = ToModel(text)
    model = transformer.transform(tree)
    return model, transformer.diagnostics
