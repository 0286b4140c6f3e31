"""Hypothesis strategies for the formatter's property tests: random valid charters as text.

A generated charter is valid (it compiles with no error) by construction: bodies form a tree,
names are declared before they are used, expressions are well typed, thresholds can be met,
college weights sum to 100 %. Its *layout* is random: whitespace and newlines between any two
tokens, `;` or nothing between clauses, comments on their own lines and at the end of lines,
strings with every escape the language has, `cite` and `§`.
"""

from __future__ import annotations

import json
from fractions import Fraction

from hypothesis import strategies as st

from charter_engine import compile_source

ATTRIBUTES = {
    "active": "bool",
    "certified": "bool",
    "employee": "bool",
    "role": "text",
    "college": "text",
    "joined": "date",
    "age": "number",
    "seniority": "duration",
    "dues": "money",
}
COMPARATORS = ["at least", "more than", "at most", "fewer than"]
COUNTS = ["quorum", "for", "against", "abstain", "blocks", "participation", "expressed", "cast"]
BASES = ["members", "voters", "present", "expressed", "cast"]
SUBJECTS = [
    "budget",
    "strategy",
    "communication",
    "communication.web",
    "events",
    "recruitment",
    "missions",
    "statutes",
    "projets.été",
    "operations",
]
# Every college layout here is legal even for a SCIC: 3 to 10 colleges, each 10-50 %.
COLLEGE_WEIGHTS = [
    [30, 30, 20, 20],
    [50, 25, 25],
    [40, 30, 30],
    [20, 20, 20, 20, 20],
    [10, 20, 30, 40],
    [30, 30, 20, 10, 10],
]
TEXT_CHARS = 'abcé Ü"\\\t\n#;{}§«»—'  # every character a text may hold, escapes included
LAYOUT_WS = [" ", " ", " ", "  ", "\n", "\n    ", "\t", " \n\n  "]
CLAUSE_SEPS = ["\n", "\n", "\n  ", " ", "; ", ";", " ;\n", "\n\n", ";;\n", "\n;"]


def strip_positions(value):
    """A compiled model's JSON without the `pos` / `spans` keys (they move when text is moved)."""
    if isinstance(value, dict):
        return {k: strip_positions(v) for k, v in value.items() if k not in ("pos", "spans")}
    if isinstance(value, list):
        return [strip_positions(v) for v in value]
    return value


def meaning(text: str):
    """(the compiled model without positions, the error messages) of a charter text."""
    model, diagnostics = compile_source(text)
    dumped = (
        None
        if model is None
        else json.dumps(
            strip_positions(model.model_dump(mode="json")), sort_keys=True, ensure_ascii=False
        )
    )
    return dumped, sorted(d.message for d in diagnostics if d.severity == "error")


class Gen:
    """Draws of one charter: the structure through Hypothesis (it shrinks), the layout through a
    seeded random generator (fast; Hypothesis still replays it from the seed)."""

    def __init__(self, draw):
        self.draw = draw
        self.rnd = draw(st.randoms(use_true_random=True))
        self.comments = draw(st.booleans())
        self.params: dict[str, str] = {}
        self.bodies: list[str] = []
        self.has_colleges = False

    # -------------------------------------------------------------- helpers
    def pick(self, items):
        return self.rnd.choice(items)

    def maybe(self, p: float = 0.5) -> bool:
        return self.rnd.random() < p

    def text(self) -> str:
        """A string literal: random content, each character written one of the legal ways."""
        value = "".join(self.rnd.choice(TEXT_CHARS) for _ in range(self.rnd.randint(0, 8)))
        out = []
        for ch in value:
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\t":
                out.append(self.rnd.choice(["\\t", "\t"]))
            elif ch.isalpha() and self.maybe(0.1):
                out.append("\\" + ch)  # a needless escape: `\é` is `é`
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'

    def cite(self, p: float = 0.3) -> list[str]:
        if not self.maybe(p):
            return []
        return [self.rnd.choice(["cite", "cite", "§"]), self.text()]

    def comment(self) -> str:
        words = ["# note", "#", "#x", '# é { } ; cite "a"', "#   spaced   ", "# §"]
        return self.rnd.choice(words)

    def ws(self) -> str:
        """What separates two tokens: white space, newlines, sometimes a comment."""
        if self.comments and self.maybe(0.04):
            return (
                self.rnd.choice([" ", "  ", ""])
                + self.comment()
                + "\n"
                + self.rnd.choice(["", "  ", "\n"])
            )
        return self.rnd.choice(LAYOUT_WS)

    def sep(self) -> str:
        """What separates two clauses."""
        s = self.rnd.choice(CLAUSE_SEPS)
        if self.comments and self.maybe(0.15):
            s += self.rnd.choice(["  ", " ", "\n", "\n\n"]) + self.comment() + "\n"
        return s

    def join(self, tokens: list[str]) -> str:
        out = [tokens[0]]
        for tok in tokens[1:]:
            out.append(self.ws())
            out.append(tok)
        return "".join(out)

    def block(self, head: list[str], clauses: list[str], tail: list[str] | None = None) -> str:
        inner = ""
        for c in clauses:
            inner += self.rnd.choice([" ", "\n", "\n  "]) if not inner else self.sep()
            inner += c
        if clauses and self.maybe(0.3):
            inner += self.rnd.choice([";", " ;", ";;"])
        text = self.join(head + ["{"]) + inner + self.rnd.choice([" ", "\n", "\n  ", ""]) + "}"
        if tail:
            text += self.ws() + self.join(tail)
        return text

    # -------------------------------------------------------------- values
    def share(self) -> str:
        """A share strictly between 0 and 1, in one of the three notations."""
        kind = self.pick(["fraction", "decimal", "percent", "percent_decimal"])
        if kind == "fraction":
            d = self.rnd.randint(2, 12)
            return f"{self.rnd.randint(1, d - 1)}/{d}"
        if kind == "decimal":
            return (
                f"0.{self.rnd.randint(1, 99):02d}".rstrip("0")
                if self.maybe()
                else f"0.{self.rnd.randint(1, 9)}"
            )
        if kind == "percent":
            return f"{self.rnd.randint(1, 99)}%"
        return f"{self.rnd.randint(1, 98)}.{self.rnd.randint(1, 9)}%"

    def money(self) -> str:
        amount = str(self.rnd.randint(0, 5000))
        if self.maybe(0.2):
            amount += f".{self.rnd.randint(0, 99):02d}"
        return amount + self.rnd.choice([" ", "  ", "\t"]) + self.rnd.choice(["EUR", "CHF"])

    def timespan(self, low: int = 1) -> str:
        n = self.rnd.randint(low, 60)
        unit = self.rnd.choice(["day", "days", "week", "weeks", "month", "months", "year"])
        return f"{n}{self.rnd.choice([' ', '  ', chr(9)])}{unit}"

    def date(self) -> str:
        return (
            f"{self.rnd.randint(1990, 2040)}-{self.rnd.randint(1, 12):02d}-"
            f"{self.rnd.randint(1, 28):02d}"
        )

    # -------------------------------------------------------------- expressions
    def expr(self, kind: str, depth: int = 0) -> list[str]:
        leaf = depth >= 2 or self.maybe(0.4)
        if kind == "bool":
            if leaf:
                return self.pick(
                    [
                        lambda: [self.pick(["active", "certified", "employee"])],
                        lambda: [self.pick(["true", "false"])],
                        lambda: ["role", self.pick(["=", "!="]), self.text()],
                        lambda: [
                            "role",
                            "in",
                            "[",
                            *self.commas([self.text() for _ in range(self.rnd.randint(0, 3))]),
                            "]",
                        ],
                        lambda: ["member", "of", self.pick(self.bodies)],
                    ]
                )()
            return self.pick(
                [
                    lambda: ["not", *self.expr("bool", depth + 1)],
                    lambda: [
                        *self.expr("bool", depth + 1),
                        self.pick(["and", "or"]),
                        *self.expr("bool", depth + 1),
                    ],
                    lambda: ["(", *self.expr("bool", depth + 1), ")"],
                    lambda: self.compare(self.pick(["number", "date", "money", "duration"]), depth),
                ]
            )()
        if kind == "number":
            if leaf:
                params = [p for p, t in self.params.items() if t == "number"]
                return [
                    self.pick(["age", str(self.rnd.randint(0, 99)), "0.5", "2/3", "50%", *params])
                ]
            return self.pick(
                [
                    lambda: [
                        *self.expr("number", depth + 1),
                        self.pick(["+", "-", "*", "/"]),
                        *self.expr("number", depth + 1),
                    ],
                    lambda: ["(", *self.expr("number", depth + 1), ")"],
                    lambda: [
                        self.pick(["min", "max"]),
                        "(",
                        *self.commas(
                            [
                                " ".join(self.expr("number", depth + 1))
                                for _ in range(self.rnd.randint(1, 3))
                            ]
                        ),
                        ")",
                    ],
                ]
            )()
        if kind == "money":
            if leaf:
                params = [p for p, t in self.params.items() if t == "money"]
                return [self.pick(["dues", self.money(), *params])]
            return self.pick(
                [
                    lambda: [
                        *self.expr("money", depth + 1),
                        self.pick(["+", "-"]),
                        *self.expr("money", depth + 1),
                    ],
                    lambda: [
                        *self.expr("money", depth + 1),
                        self.pick(["*", "/"]),
                        *self.expr("number", 2),
                    ],
                ]
            )()
        if kind == "date":
            if leaf:
                return [self.pick(["joined", "today", self.date()])]
            return [*self.expr("date", depth + 1), self.pick(["+", "-"]), self.timespan()]
        return [self.pick(["seniority", self.timespan()])]  # duration

    def compare(self, kind: str, depth: int) -> list[str]:
        return [
            *self.expr(kind, depth + 1),
            self.pick(["=", "!=", "<", "<=", ">", ">="]),
            *self.expr(kind, depth + 1),
        ]

    @staticmethod
    def commas(items: list[str]) -> list[str]:
        out: list[str] = []
        for i, item in enumerate(items):
            if i:
                out.append(",")
            out.append(item)
        return out

    # -------------------------------------------------------------- populations and tests
    def population(self, own: str | None = None, budget: bool = False) -> list[str]:
        bases = ["everyone"] if budget else ["members", "present", "everyone"]
        others = [b for b in self.bodies if b != own]
        kind = self.pick([*bases, "of"] if others else bases)
        tokens = ["members", "of", self.pick(others)] if kind == "of" else [kind]
        if self.maybe(0.3):
            tokens += ["where", *self.expr("bool")]
        if not budget and self.maybe(0.2):
            tokens += ["except", "concerned"]
        return tokens

    def test_value(self, allow_none: bool = True) -> list[str]:
        kind = self.pick(["share", "share", "count", "none", "all", "param"])
        if kind == "none" and allow_none:
            return ["none"]
        if kind == "all":
            return ["all", "of", self.pick(BASES)]
        comparator = self.pick(COMPARATORS)
        numbers = [p for p, t in self.params.items() if t == "number"]
        if kind == "param" and numbers:
            return [*comparator.split(), self.pick(numbers)]
        if kind == "count":
            return [*comparator.split(), str(self.rnd.randint(1, 9))]
        return [*comparator.split(), self.share(), "of", self.pick(BASES)]

    # -------------------------------------------------------------- rules
    def short_form(self, own: str | None) -> list[str]:
        kind = self.pick(["consent", "consensus", "unanimity", "majority", "fraction"])
        head = [self.share(), "majority"] if kind == "fraction" else [kind]
        return [*head, "of", *self.population(own)]

    def rule(self, name: str, own: str | None) -> str:
        if self.maybe(0.5):
            return self.join(["rule", *self.dotted(name), ":", *self.short_form(own), *self.cite()])
        return self.block(["rule", *self.dotted(name)], self.rule_clauses(own), self.cite(0.2))

    @staticmethod
    def dotted(name: str) -> list[str]:
        out: list[str] = []
        for part in name.split("."):
            out += [".", part] if out else [part]
        return out

    def rule_clauses(self, own: str | None) -> list[str]:
        method = self.pick(["vote", "vote", "vote", "majority judgment", "approval"])
        clauses: list[list[str]] = []
        if method != "vote" or self.maybe(0.2):
            clauses.append(["method", ":", *method.split(), *self.cite()])
        if method == "majority judgment":
            grades = [
                f'"g{i}{self.rnd.choice(["", "é", " bien"])}"'
                for i in range(self.rnd.randint(2, 5))
            ]
            tokens = ["grades", ":"]
            for i, g in enumerate(grades):
                tokens += ["<", g] if i else [g]
            clauses.append(tokens + self.cite())
        if method == "approval":
            clauses.append(["winners", ":", str(self.rnd.randint(1, 5)), *self.cite()])
        short = method == "vote" and self.maybe(0.2)
        covered: set[str] = set()
        if short:
            sf = self.short_form(own)
            covered = {"for", "against", "participation", "objections"}
            clauses.append([*sf, *self.cite()])
        elif self.maybe(0.7):
            clauses.append(["voters", ":", *self.population(own), *self.cite()])
        if method == "vote":
            counts = [c for c in COUNTS if c not in covered]
            for count in self.draw(st.lists(st.sampled_from(counts), unique=True, max_size=3)):
                clauses.append([count, ":", *self.test_value(), *self.cite()])
            if "objections" not in covered and self.maybe(0.3):
                judged = [",", "judged", "by", "facilitator"] if self.maybe(0.3) else []
                clauses.append(["objections", ":", "none", *judged, *self.cite()])
        optional = [
            lambda: ["advisory", ":", *self.population(own)],
            lambda: ["notice", ":", *self.pick(COMPARATORS[:2]).split(), self.timespan()],
            lambda: ["duration", ":", *self.pick(COMPARATORS).split(), self.timespan()],
            lambda: [
                "consultation",
                ":",
                "at",
                "least",
                self.timespan(),
                "open",
                "to",
                *self.population(own),
            ],
            lambda: ["ballots", ":", self.pick(["final", "changeable"])],
            lambda: (
                ["otherwise", ":", "rejected"]
                if self.maybe(0.3)
                else ["otherwise", ":", "refer", "to", self.pick(self.bodies)]
            ),
        ]
        if method == "vote":
            optional += [
                lambda: ["proxies", ":", "at", "most", str(self.rnd.randint(1, 3)), "per", "voter"],
                lambda: ["tie", ":", "chair", "decides"],
                lambda: (
                    ["second", "call", ":", "no", "quorum"]
                    if self.maybe()
                    else self.second_call_block()
                ),
            ]
            if self.has_colleges:
                optional.append(lambda: ["weighted", "by", "college"])
        chosen = self.draw(st.lists(st.integers(0, len(optional) - 1), unique=True, max_size=4))
        for i in chosen:
            built = optional[i]()
            clauses.append(
                built if isinstance(built, list) and built[-1] == "}" else [*built, *self.cite()]
            )
        if self.maybe(0.15):
            clauses.append(self.cite(1.0))
        self.rnd.shuffle(clauses)
        return [c if isinstance(c, str) else self.join(c) for c in clauses]

    def second_call_block(self) -> list[str]:
        inner = self.join(["quorum", ":", *self.test_value(allow_none=False), *self.cite()])
        return ["second", "call", "{", inner + self.rnd.choice(["", ";", " "]), "}"] + self.cite(
            0.2
        )

    # -------------------------------------------------------------- the charter
    def body(self, i: int, subjects: list[str], residual: bool) -> str:
        own = self.bodies[i]
        head = [self.pick(["body", "circle"]), own]
        if self.maybe(0.6):
            head.append(self.text())
        if i:
            head += ["under", self.pick(self.bodies[:i])]
        clauses: list[list[str]] = []
        if self.maybe(0.6):
            members = self.pick(["everyone", "where", "of"] if i else ["everyone", "where"])
            pop = (
                ["everyone"]
                if members == "everyone"
                else ["everyone", "where", *self.expr("bool")]
                if members == "where"
                else ["members", "of", self.pick([b for b in self.bodies if b != own])]
            )
            clauses.append(["members", ":", *pop])
        if self.maybe(0.5):
            clauses.append(["meets", ":", self.pick(["yearly", "monthly", "weekly", "permanent"])])
        items = [*subjects, *(["*"] if residual else [])]
        if items:
            clauses.append(["decides", ":", *self.commas(items)])
        if self.maybe(0.3):
            clauses.append(["seat", ":", *self.expr("bool")])
        if self.maybe(0.3):
            clauses.append(["may", "propose", ":", *self.eligibility(own)])
        if self.maybe(0.2):
            clauses.append(["may", "vote", ":", *self.eligibility(own)])
        if self.maybe(0.1):
            clauses.append(["chair", ":", "president"])
        clauses = [[*c, *self.cite()] for c in clauses]
        if self.maybe(0.1):
            clauses.append(self.cite(1.0))
        names = self.draw(
            st.lists(
                st.sampled_from(["default", "admission", "exclusion", *subjects]),
                unique=True,
                max_size=3,
            )
        )
        texts = [self.join(c) for c in clauses] + [self.rule(n, own) for n in names]
        self.rnd.shuffle(texts)
        return self.block(head, texts, self.cite(0.15))

    def eligibility(self, own: str) -> list[str]:
        return self.population(own) if self.maybe() else self.expr("bool")

    def colleges(self) -> str:
        weights = self.pick(COLLEGE_WEIGHTS)
        clauses = []
        for i, w in enumerate(weights):
            notation = self.pick(["percent", "percent", "fraction", "decimal"])
            share = (
                f"{w}%"
                if notation == "percent"
                else str(Fraction(w, 100))
                if notation == "fraction"
                else f"{w / 100:g}"
            )
            title = [self.text()] if self.maybe() else []
            clauses.append(self.join([f"c{i}", *title, ":", share, *self.cite()]))
        return self.block(["colleges"], clauses, self.cite(0.2))

    def window(self) -> list[str]:
        a, b = sorted(self.rnd.sample(range(-60, 30), 2))

        def bound(days: int) -> list[str]:
            if days == 0:
                return ["meeting"]
            span = (
                f"{abs(days) // 7} weeks" if days % 7 == 0 and self.maybe() else f"{abs(days)} days"
            )
            return [span, "before" if days < 0 else "after", "meeting"]

        if self.maybe(0.2):
            first, second = sorted([self.date(), self.date()])
            if first != second:
                return ["from", first, "until", second]
        return ["from", *bound(a), "until", *bound(b)]

    def budget(self, i: int) -> str:
        head = ["budget", f"fund{i}"] + ([self.text()] if self.maybe() else [])
        clauses: list[list[str]] = []
        if self.maybe():  # an allocation budget
            env = ["envelope", ":", *self.expr("money")]
            if self.maybe():
                env += ["per", "member"]
            if self.maybe():
                env += ["per", self.pick(["year", "month"])]
            if self.maybe(0.3):
                env += ["where", *self.expr("bool")]
            clauses.append(env)
            overfunding = self.pick(["yes", "no", None])
            if overfunding:
                clauses.append(["overfunding", ":", overfunding])
            if self.maybe():
                clauses.append(
                    [
                        "funded",
                        ":",
                        "allocated",
                        "at",
                        "least",
                        self.pick([self.share(), "100%", "1"]),
                        "of",
                        "goal",
                    ]
                )
            if self.maybe(0.4):
                clauses.append(
                    [
                        "proposers",
                        ":",
                        "at",
                        "least",
                        str(self.rnd.randint(1, 4)),
                        *(["where", *self.expr("bool")] if self.maybe(0.3) else []),
                    ]
                )
            if self.maybe(0.4):
                clauses.append(["round", ":", self.pick(["meeting", "permanent"])])
            if self.maybe(0.4):
                clauses.append(["proposals", ":", *self.window()])
            if self.maybe(0.4):
                clauses.append(["allocations", ":", *self.window()])
        else:  # a support budget
            numbers = [p for p, t in self.params.items() if t == "number"]
            clauses += [
                ["total", ":", self.money()],
                ["voters", ":", *self.population(budget=True)],
                ["support", ":", "approval"],
                [
                    "fundable",
                    ":",
                    "supporters",
                    "at",
                    "least",
                    self.pick([str(self.rnd.randint(1, 30)), *numbers]),
                ],
            ]
            if self.maybe():
                clauses.append(["reimburse", ":", "up", "to", "goal", "per", "supporter"])
        if self.maybe(0.4):
            clauses.append(["may", "propose", ":", *self.population(budget=True)])
        self.rnd.shuffle(clauses)
        return self.block(head, [self.join([*c, *self.cite()]) for c in clauses], self.cite(0.15))

    def charter(self) -> str:
        n = self.draw(st.integers(1, 4))
        self.bodies = [
            self.pick(["assembly", "council", "conseil", "équipe", "web"]) + str(i)
            for i in range(n)
        ]
        for i in range(self.draw(st.integers(0, 2))):
            self.params[f"threshold{i}"] = self.pick(["number", "money"])
        self.has_colleges = self.maybe(0.3)
        pool = list(SUBJECTS)
        self.rnd.shuffle(pool)
        residual = self.rnd.randrange(n) if self.maybe(0.8) else None
        items: list[str] = []
        header = [["version", self.text()]]
        if self.maybe():
            header.append(["effective", self.date()])
        if self.maybe():
            header.append(["language", self.pick(["fr", "en"])])
        if self.maybe():
            forms = ["association", "scop", "cooperative", "collective"]
            header.append(
                ["legal_form", self.pick([*forms, "scic"] if self.has_colleges else forms)]
            )
        items += [self.join([*h, *self.cite()]) for h in header]
        if self.maybe(0.1):
            items.append(self.join(self.cite(1.0)))
        attrs = list(ATTRIBUTES.items())
        self.rnd.shuffle(attrs)
        items.append(
            self.block(["attributes"], [self.join([a, ":", t, *self.cite(0.1)]) for a, t in attrs])
        )
        for i in range(n):
            subjects = [pool.pop() for _ in range(self.rnd.randint(0, 2))]
            items.append(self.body(i, subjects, residual == i))
        if self.has_colleges:
            items.append(self.colleges())
        for i in range(self.draw(st.integers(0, 2))):
            items.append(self.budget(i))
        for name, kind in self.params.items():
            value = str(self.rnd.randint(1, 40)) if kind == "number" else self.money()
            items.append(
                self.join(
                    [
                        "parameter",
                        name,
                        ":",
                        value,
                        "set",
                        "by",
                        self.pick(self.bodies),
                        *self.cite(),
                    ]
                )
            )
        if self.maybe(0.6):
            who = self.pick(self.bodies)
            if self.maybe():
                items.append(
                    self.join(["amendments", ":", who, "by", *self.short_form(None), *self.cite()])
                )
            else:
                items.append(
                    self.block(
                        ["amendments", ":", who, "by"], self.rule_clauses(None), self.cite(0.2)
                    )
                )
        lead = (self.comment() + "\n" + self.rnd.choice(["", "\n"])) if self.comments else ""
        end = self.rnd.choice(["\n", "", ";\n", "\n# the end\n" if self.comments else "\n"])
        return lead + self.block(["charter", self.text()], items) + end


@st.composite
def charters(draw) -> str:
    return Gen(draw).charter()
