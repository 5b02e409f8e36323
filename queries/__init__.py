"""Cypher for the Neo4j store and the Neo4j Browser, one statement per file."""
