"""Extractors: spaCy components that turn a parsed article into records (quotes, figures, sourcing)."""
