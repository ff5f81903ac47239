"""Health feature."""
from siete.health.routes import blp

__all__ = ["blp"]
