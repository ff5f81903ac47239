"""prompts feature."""
