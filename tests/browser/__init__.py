"""Browser tests: headless Chromium and Node against built sites (see conftest.py)."""
