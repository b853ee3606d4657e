"""GET /api/v1/keys and /api/v1/keys/{prefix}: the user's API keys, never their secrets or hashes.

Keys are made and revoked on the API keys page (/api/keys/), where a person sees the new key once.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from quickscale_modules.api import services
from quickscale_modules.api.models import UserAPIKey
from quickscale_modules.api.teamkeys import SCOPED, key_team_id


class KeySerializer(serializers.ModelSerializer):
    expires_at = serializers.DateTimeField(source="expiry_date", allow_null=True, read_only=True)
    created_at = serializers.DateTimeField(source="created", read_only=True)
    team = serializers.SerializerMethodField(help_text="The slug of a team key's team; null for a personal key.")

    class Meta:
        model = UserAPIKey
        fields = ["prefix", "name", "created_at", "expires_at", "last_used_at", "revoked", "team"]
        read_only_fields = fields

    def get_team(self, key: UserAPIKey) -> str | None:
        return self.context["team_slugs"].get(key.team_id) if key.team_id is not None else None


@extend_schema_view(
    list=extend_schema(tags=["keys"], description="The current user's API keys, newest first."),
    retrieve=extend_schema(tags=["keys"], description="One of the current user's keys; another user's is 404."),
)
class KeyViewSet(viewsets.ReadOnlyModelViewSet):
    team_keys = SCOPED  # a team key sees its team's keys of the user alone, not which other teams they have
    serializer_class = KeySerializer
    lookup_field = "prefix"
    lookup_value_regex = "[A-Za-z0-9]{8}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the model, with no user
            return UserAPIKey.objects.none()
        keys = services.keys_of(self.request.user)
        team_id = key_team_id(self.request)
        return keys if team_id is None else keys.filter(team_id=team_id)

    def get_serializer_context(self):
        """The slugs of the user's teams, for the team keys (one query, not one per key)."""
        return {**super().get_serializer_context(), "team_slugs": services.team_slugs(self.request.user)}


def register(router) -> None:
    router.register("keys", KeyViewSet, basename="key")
