"""signalmatch shared kernel: configuration, mTLS transport, errors and generated stubs."""

from signalmatch import messages as messages  # the package's texts, registered before any module uses them

__version__ = "0.1.0"
