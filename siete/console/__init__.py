"""The web console (Angular build in web/dist) served at / with an SPA fallback and a strict CSP."""
from siete.console.routes import bp

__all__ = ["bp"]
