"""Surveys feature."""
from siete.surveys.routes import blp

__all__ = ["blp"]
