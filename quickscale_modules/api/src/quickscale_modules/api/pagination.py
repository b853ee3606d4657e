"""Every list is paginated: ?page=N and ?page_size=M (up to QUICKSCALE_API_MAX_PAGE_SIZE)."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination

from quickscale_modules.api.conf import api_settings


class PagePagination(PageNumberPagination):
    page_size_query_param = "page_size"

    def get_page_size(self, request) -> int:
        self.page_size = api_settings.PAGE_SIZE
        self.max_page_size = api_settings.MAX_PAGE_SIZE
        return super().get_page_size(request)
