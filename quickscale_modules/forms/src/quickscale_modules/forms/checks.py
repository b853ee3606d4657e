"""System checks: a rate limit the forms module cannot read stops `manage.py check` and the start-up with one
sentence, instead of failing the first submission."""

from __future__ import annotations

from django.core.checks import Error, register

from quickscale_modules.forms.conf import forms_settings
from quickscale_modules.forms.spam import parse_rate


@register()
def rate_limits_are_readable(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    for name in ("RATE_LIMIT", "NO_JS_RATE_LIMIT"):
        try:
            parse_rate(getattr(forms_settings, name))
        except ValueError as error:
            errors.append(Error(f"QUICKSCALE_FORMS_{name}: {error}", id="quickscale_forms.E001"))
    return errors
