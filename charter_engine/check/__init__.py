"""Semantic checks over the compiled charter (names, cycles, types, weights, thresholds)."""

from ..diagnostics import Diagnostic
from ..model import CharterModel


def check(model: CharterModel) -> list[Diagnostic]:
    """Every semantic error and warning of the charter. (Filled in by the checker module.)"""
    return []
