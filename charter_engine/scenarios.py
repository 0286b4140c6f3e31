"""The scenario runner behind `charter test` (being written)."""


def register(subparsers) -> None:
    return None
