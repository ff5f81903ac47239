"""Delivery feature: outbound e-mail and SMS beside in-app notifications (its blueprint is `blp` in routes.py)."""
