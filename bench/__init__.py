"""Benchmarks, side by side with networkx."""

from graph_mtl.bootstrap import wire

wire()  # the benchmarks build their stores themselves
