"""Local web consoles for the chair, partner staff and privacy officers (see console/web/app.py)."""
