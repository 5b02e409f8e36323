"""Adapters behind the GraphStore port: the embedded networkx store and Neo4j."""
