"""Text cleaning: normalising, boilerplate removal, language and duplicate detection."""
