"""Linguistic analysis: the spaCy pipeline newstrail's extractors plug into."""
