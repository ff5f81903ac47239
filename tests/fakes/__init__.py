"""Test stand-ins shared by the AI, pipeline and benchmark tests."""
