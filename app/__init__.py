"""Domain rules and use-case services of Mediation Station (no Qt, no UI)."""
from app import clock as _clock  # noqa: F401  (first: every stored timestamp comes from the one clock)
