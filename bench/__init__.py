"""Benchmarks (issue #5): each script compares against a baseline measured in the same run; see bench/README.md."""
