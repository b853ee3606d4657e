"""QuickScale api module: a versioned REST API for the project and the modules it has installed."""

__version__ = "0.1.0"
