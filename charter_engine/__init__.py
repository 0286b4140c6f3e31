"""charter engine: statutes in, decisions and their reasons out.

import charter_engine
charter = charter_engine.load("charters/action_commune.charter")
decision = charter.evaluate(case)          # a case in the scenario format
print(decision.outcome, decision.explanation)
"""

from .charter import Charter, load
from .compile import compile_source
from .diagnostics import CaseError, CharterError, Diagnostic

__all__ = ["CaseError", "Charter", "CharterError", "Diagnostic", "compile_source", "load"]
__version__ = "0.1.0"
