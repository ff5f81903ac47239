"""Operator tooling around the worker platform (Flower)."""
