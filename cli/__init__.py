"""The `signalmatch` command (installed as `signalmatch.cli`): the one place that wires the
applications together, so the shared kernel (`signalmatch/`) imports none of them."""

from signalmatch.cli import messages as messages  # the package's texts, registered before any module uses them
from signalmatch.cli.main import main

__all__ = ["main"]
