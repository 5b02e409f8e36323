"""Demo data and the synthetic-graph generator (see seed/generate.py, seed/make_demo.py)."""
