"""Benchmarks, side by side with networkx."""
