"""Transcription vocabulary feature: a company's own names for Whisper (its blueprint is `blp` in routes.py)."""
