"""Use-case services: one verb per function, a Session first; the caller owns the transaction."""
