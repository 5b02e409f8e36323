"""Ingest: turn files people keep (the canonical CSV bundle) into validated bundles
(`csv_bundle.read_bundle`), and a store back into files (`export`)."""
