"""The quickscale command-line interface."""

__version__ = "0.56.0"
