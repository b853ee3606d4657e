"""Who may reach the starter theme's pages (tests/urlaccess.py explains the format)."""

ROWS = {
    "home": {"GET": "public"},
    "pricing": {"GET": "public"},
}
