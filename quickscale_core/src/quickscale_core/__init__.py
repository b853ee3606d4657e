"""QuickScale generator engine and shared utilities."""

__version__ = "0.56.0"
