"""Users feature."""
from siete.users.routes import blp

__all__ = ["blp"]
