"""evaluations feature."""
