"""Cloudflare Stream: direct creator uploads, signed webhooks that start the pipeline, audio downloads (`blp` in routes.py)."""
