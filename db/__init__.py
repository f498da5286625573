"""Models, engine and migrations. Knows nothing of the layers above it."""
