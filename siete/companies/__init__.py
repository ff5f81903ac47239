"""Companies feature."""
from siete.companies.routes import blp

__all__ = ["blp"]
