"""Audit log feature (its blueprint is `blp` in routes.py)."""
