"""newstrail: who said what, which figures were claimed by whom, and how stories travel."""

__version__ = "0.1.0"
