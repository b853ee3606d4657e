"""QuickScale admin module: audit log, feature flags, runtime settings, operations dashboard, impersonation."""

__version__ = "0.1.0"
