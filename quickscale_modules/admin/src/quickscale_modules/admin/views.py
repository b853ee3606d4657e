"""/healthz/ready: the readiness of every part the project runs on, as JSON, for uptime monitors."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from quickscale_modules.admin.health import report


@never_cache
@require_safe
def ready(request):
    """200 with every check's result when all pass; 503 with the same body when one fails."""
    healthy, body = report()
    return JsonResponse(body, status=200 if healthy else 503)
