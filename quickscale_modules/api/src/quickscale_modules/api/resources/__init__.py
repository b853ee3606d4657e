"""The API's resources: its own (me, keys) and, when those modules are installed, teams, billing, notifications,
blog and forms.

Each installed module's endpoints live here, in resources/<module>.py, as a `register(router)` function, and
are registered only when that module is installed (see MODULE_RESOURCES in routers.py).
"""
