"""Scorecards feature: the five basic checks plus each company's own criteria, versioned (blueprint in routes.py)."""
