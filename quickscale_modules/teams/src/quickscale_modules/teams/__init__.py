"""QuickScale teams module: teams, roles, invitations and team-scoped models (row-level tenancy)."""

__version__ = "0.1.0"
