"""Budget rounds (design §7): `judge(ctx) -> BudgetResult`.

rounds.py picks the budget, its windows and projects and holds the messages; allocation.py
judges allocation rounds (envelopes, cuts, the funded test); support.py judges support budgets
(distinct supporters, the fundable threshold, reimbursement claims).
"""

from .rounds import judge

__all__ = ["judge"]
