"""The canonical printer behind `charter fmt` (being written)."""


def register(subparsers) -> None:
    return None
