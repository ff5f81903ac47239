"""analysis feature."""
