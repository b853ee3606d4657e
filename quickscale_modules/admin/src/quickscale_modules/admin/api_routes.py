"""GET /api/v1/flags (with the api module): the names of the feature flags that are on for the caller.

The api module imports `api_routes` of every installed app when its URLs load (quickscale_modules.api.routers).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from quickscale_modules.admin import services
from quickscale_modules.api.routers import router


class FlagsSerializer(serializers.Serializer):
    active = serializers.ListField(child=serializers.CharField(), help_text="Names of the flags on for you.")


class FlagViewSet(viewsets.ViewSet):
    @extend_schema(tags=["flags"], responses=FlagsSerializer, description="The feature flags on for the caller.")
    def list(self, request):
        return Response({"active": services.active_flags(request.user)})


router.register("flags", FlagViewSet, basename="flag")
