"""Invented data that tests and benches both read (never a test module)."""
