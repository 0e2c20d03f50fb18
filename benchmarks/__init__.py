"""Benchmarks: `python -m benchmarks [name ...]` prints figures; nothing here asserts a time."""
