"""The QuickScale starter theme; its frontends (frontend_<variant>/) are copied into projects by quickscale create."""
