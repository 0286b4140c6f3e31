"""Multi-option counting methods as pure functions over counts (design §8): majority judgment
and approval. They know nothing of charters; votes/methods.py applies them to a rule."""
