"""newstrail's HTTP interface: the JSON API and the web pages (``create_app``), and ``serve``."""

from newstrail.api.app import create_app

__all__ = ["create_app"]
