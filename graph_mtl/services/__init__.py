"""Domain services: the features, as functions over the port's protocols (graph_mtl/domain/ports.py)."""
