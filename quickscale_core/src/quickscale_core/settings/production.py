"""HTTPS hardening for a site behind a TLS-terminating proxy (see quickscale_core.settings).

Import it after the project's base settings; it defines only production settings,
none of those in quickscale_core.settings.base.
"""

import os as _os

# The proxy terminates TLS and must set X-Forwarded-Proto (overwriting any value sent by the client).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _os.environ.get("SECURE_SSL_REDIRECT", "true").lower() not in ("0", "false", "no", "off")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is hard to undo, so it stays off, and Django's reminder about it is silenced.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]
