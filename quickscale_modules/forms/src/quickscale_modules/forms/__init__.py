"""QuickScale forms: contact and lead forms defined in the admin or in code, rendered by the theme, protected by a
honeypot, a proof-of-work challenge and per-IP rate limits, with stored submissions (CSV export in the admin),
emails to the form's recipients, signed webhooks with retries and per-form retention."""

__version__ = "0.1.0"
