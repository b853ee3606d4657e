"""Every list is paginated: ?page=N (from 1) and ?page_size=M (1 to QUICKSCALE_API_MAX_PAGE_SIZE).

Anything else in them is a 400 that says what to send, rather than a silent fallback; a page past the last is 404.
"""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from quickscale_modules.api.conf import api_settings


def whole_number(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= (maximum or int(raw)):
        return int(raw)
    limit = f"from 1 to {maximum}" if maximum else "of 1 or more"
    raise ValidationError({name: [f"Use a whole number {limit}."]})


class PagePagination(PageNumberPagination):
    page_size_query_param = "page_size"

    def get_page_size(self, request) -> int:
        return whole_number(request, self.page_size_query_param, api_settings.PAGE_SIZE, api_settings.MAX_PAGE_SIZE)

    def get_page_number(self, request, paginator) -> int:
        return whole_number(request, self.page_query_param, 1)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        page, page_size = super().get_schema_operation_parameters(view)
        page["schema"]["minimum"] = 1
        page_size["schema"].update(minimum=1, maximum=api_settings.MAX_PAGE_SIZE)
        return [page, page_size]
