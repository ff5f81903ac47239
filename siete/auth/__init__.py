"""Auth feature."""
from siete.auth.routes import blp

__all__ = ["blp"]
