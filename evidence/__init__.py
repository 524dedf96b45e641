"""The domain of Kriteria 1.7.1: catalogue, records, rules and use cases.

This package imports neither Prefect, FastAPI, minio nor the filesystem (tests/unit/test_layers.py
enforces it); use cases receive their adapters as arguments (see `evidence.ports`).
"""
