"""Evaluation: a compiled charter and the facts of a case in, a result with its reasons out.

engine.py is the one entry point. The facts: case.py (the scenario format, validated) and
context.py (facts bound to a charter: typed attributes, who sits where, parameters in force),
expressions.py (conditions over a member). The questions: competence.py (who decides),
eligibility.py (may sit, propose, vote), votes/ (a proposal put to a vote), methods/ (majority
judgment and approval as pure counting), budgets/ (allocation rounds and support budgets).
This package knows nothing of Flask or SQLAlchemy.
"""
