"""signalmatch shared kernel: CLI, configuration, mTLS transport, errors and generated stubs."""

__version__ = "0.1.0"
