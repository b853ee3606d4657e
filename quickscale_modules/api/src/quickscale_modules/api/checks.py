"""`manage.py check` reports a QUICKSCALE_API_* setting that the API could not use, before a request fails."""

from __future__ import annotations

import re

from django.core import checks

from quickscale_modules.api.conf import RATE_SETTINGS, api_settings

# What REST framework's SimpleRateThrottle.parse_rate reads: a count, a slash, a period starting with s, m, h or d.
RATE_PATTERN = re.compile(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)")


def check_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = [
        checks.Error(
            f"{api_settings.setting_name(name)} = {getattr(api_settings, name)!r} is not a rate.",
            hint='Use "<count>/<period>" with period sec, min, hour or day, for example "600/min".',
            id="quickscale_api.E001",
        )
        for name in RATE_SETTINGS
        if not (isinstance(getattr(api_settings, name), str) and RATE_PATTERN.fullmatch(getattr(api_settings, name)))
    ]
    page_size, max_page_size = api_settings.PAGE_SIZE, api_settings.MAX_PAGE_SIZE
    if not (isinstance(page_size, int) and isinstance(max_page_size, int) and 0 < page_size <= max_page_size):
        errors.append(
            checks.Error(
                f"QUICKSCALE_API_PAGE_SIZE = {page_size!r} and QUICKSCALE_API_MAX_PAGE_SIZE = {max_page_size!r} "
                "are not page sizes.",
                hint="Use two positive integers, PAGE_SIZE no larger than MAX_PAGE_SIZE.",
                id="quickscale_api.E002",
            )
        )
    return errors
