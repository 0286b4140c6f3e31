"""Every terminal of the grammar, in words: no internal token name ever reaches a user."""

from __future__ import annotations

# Named terminals of grammar/charter.lark; keywords are described from their own text.
DESCRIPTIONS: dict[str, str] = {
    "NAME": "a name",
    "STRING": "a text in double quotes",
    "DATE": "a date (YYYY-MM-DD)",
    "MONEY": "an amount of money such as `430 EUR`",
    "TIMESPAN": "a duration such as `15 days`",
    "PERCENT": "a percentage such as `50%`",
    "FRACTION": "a fraction such as `2/3`",
    "DECIMAL": "a decimal number such as `0.9`",
    "INT": "a whole number",
    "COMPARE_OP": "a comparison (`=`, `!=`, `<`, `<=`, `>`, `>=`)",
    "ADD_OP": "`+` or `-`",
    "MUL_OP": "`*` or `/`",
    "STAR": "`*`",
    "DOT": "`.`",
    "_SEMICOLON": "`;`",
    "SECTION": "`§`",
    "LBRACE": "`{`",
    "RBRACE": "`}`",
    "COLON": "`:`",
    "COMMA": "`,`",
    "LPAR": "`(`",
    "RPAR": "`)`",
    "LSQB": "`[`",
    "RSQB": "`]`",
    "LESSTHAN": "`<`",
    "$END": "the end of the file",
    "COMMENT": "a comment",
    "WS": "white space",
}


def describe(terminal: str, pattern: str | None = None) -> str:
    """`RBRACE` -> "`}`"; a keyword terminal (`DECIDES`) -> "`decides`"."""
    if terminal in DESCRIPTIONS:
        return DESCRIPTIONS[terminal]
    if pattern is not None:
        return f"`{pattern}`"
    return f"`{terminal.lower()}`"
