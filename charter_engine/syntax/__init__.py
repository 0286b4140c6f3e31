"""Text -> tree -> model: the Lark parser, the compiler and their diagnostics."""

from .compiler import compile_tree
from .parser import parse

__all__ = ["compile_tree", "parse"]
