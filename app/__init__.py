"""Domain rules and use-case services of Mediation Station (no Qt, no UI)."""
