"""Local web consoles for the chair, partner staff and privacy officers (see console/web/app.py)."""

from signalmatch.console.web import messages as messages  # the package's texts, registered before any module uses them
