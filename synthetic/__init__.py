"""Synthetic Dutch signals with planted cross-partner overlaps, for tests, demos and benchmarks."""
