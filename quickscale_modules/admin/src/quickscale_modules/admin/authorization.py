"""Who may reach the admin module's URLs, for the project's authorization test (tests/urlaccess.py in a
generated project explains the format). Its admin pages (the dashboard, the audit log and its CSV export,
flags, runtime settings) are under admin/, which the project's own rows cover: staff only."""

ACTORS = ("anonymous", "user", "member", "admin", "owner", "staff")

ROWS = {
    # For uptime monitors: the readiness of every part, to anyone (no secrets in it).
    "quickscale_admin_ready": {"GET": "public"},
    # Impersonation: superusers only, never of another superuser (the world's staff user is a superuser).
    "hijack:acquire": {
        "POST": {"level": "staff", "user": "403", "member": "403", "admin": "403", "owner": "403"},
        "data": lambda target: {"user_pk": target.world.users["user"].pk},
    },
    # Ending an impersonation: refused to whoever is not impersonating someone.
    "hijack:release": {"POST": {"level": "public", **dict.fromkeys(ACTORS, "403")}},
    # django-constance serves its settings form at its "add" address too.
    "admin:constance_config_add": {"GET,POST": "staff"},
    "quickscale_api:v1:flag-list": {"GET": {"level": "signed in", "anonymous": "401"}},
}
