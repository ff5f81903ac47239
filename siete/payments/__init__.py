"""payments feature."""
