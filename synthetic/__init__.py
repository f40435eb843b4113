"""Synthetic Dutch signals with planted cross-partner overlaps, for tests, demos and benchmarks."""

from signalmatch.synthetic import messages as messages  # the package's texts, registered before any module uses them
