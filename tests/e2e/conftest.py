"""The end-to-end tests: the real app on a real X server (``xvfb_display`` is in
tests/conftest.py)."""
