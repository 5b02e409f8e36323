"""graph-mtl: a prospecting engine for salespeople, built on a property graph."""

__version__ = "0.1.0"
