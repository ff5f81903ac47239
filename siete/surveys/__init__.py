"""surveys feature."""
