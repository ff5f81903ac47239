"""API documentation UIs (Swagger UI, ReDoc) served from packaged assets, no CDN, strict CSP."""
from siete.docs.routes import bp

__all__ = ["bp"]
