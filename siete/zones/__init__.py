"""zones feature."""
