"""Ingest: turn files people keep (the canonical CSV bundle) into validated bundles."""

from graph_mtl.ingest.csv_bundle import Known, read_bundle

__all__ = ["Known", "read_bundle"]
