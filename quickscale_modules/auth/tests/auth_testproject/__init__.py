"""A small Django project shaped like QuickScale's starter, with the auth module wired in from module.toml."""
