"""A project described by quickscale.yml: render it, plan the changes, apply them (generate), show them (preview)."""
