"""Benchmarks: `zhifa bench …`, each comparing against the raw limit and a peer in the same run."""
