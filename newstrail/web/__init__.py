"""newstrail's web pages (templates, static files, HTML rendering)."""
