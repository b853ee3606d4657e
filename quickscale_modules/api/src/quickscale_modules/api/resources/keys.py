"""/api/v1/keys: the user's API keys, never their secrets or hashes.

    GET  /keys                    the user's keys, newest first
    GET  /keys/{prefix}           one of them
    POST /keys                    make one: the answer holds the full key, this once
    POST /keys/{prefix}/revoke    revoke one

Making and revoking keys is for a signed-in person (a session, as on the API keys page /api/keys/), never for a
key: a leaked key cannot make itself a successor or revoke its owner's other keys (403).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from quickscale_modules.api import services
from quickscale_modules.api.forms import NewKeyForm
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


class NewKeyRequestSerializer(serializers.Serializer):
    """What the API keys page's form asks (NewKeyForm validates it, the same rules)."""

    name = serializers.CharField(max_length=50, help_text="What the key is for, e.g. CI deploys.")
    expires_on = serializers.DateField(
        required=False, allow_null=True, help_text="The key stops working at the end of this day (UTC)."
    )
    team = serializers.CharField(
        required=False, allow_null=True, help_text="A team's slug: a team key (the teams the user manages)."
    )


class NewKeySerializer(KeySerializer):
    key = serializers.CharField(help_text="The full key: shown this once, never again.")

    class Meta(KeySerializer.Meta):
        fields = ["key", *KeySerializer.Meta.fields]
        read_only_fields = fields


class SignedInPerson(permissions.BasePermission):
    """A person with a session: a request made with an API key may not make or revoke keys."""

    message = "API keys are made and revoked by a signed-in person, not with an API key."

    def has_permission(self, request, view) -> bool:
        return request.auth is None and bool(request.user and request.user.is_authenticated)


@extend_schema_view(
    list=extend_schema(tags=["keys"], description="The current user's API keys, newest first."),
    retrieve=extend_schema(tags=["keys"], description="One of the current user's keys; another user's is 404."),
)
class KeyViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
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

    def get_permissions(self):
        changes = self.action in ("create", "revoke")
        return [*super().get_permissions(), *([SignedInPerson()] if changes else [])]

    def get_serializer_context(self):
        """The slugs of the user's teams, for the team keys (one query, not one per key)."""
        return {**super().get_serializer_context(), "team_slugs": services.team_slugs(self.request.user)}

    @extend_schema(
        tags=["keys"],
        request=NewKeyRequestSerializer,
        responses={201: NewKeySerializer},
        description="Make a key for the signed-in user (a session, not a key): the answer shows it this once.",
    )
    def create(self, request):
        request_data = NewKeyRequestSerializer(data=request.data)
        request_data.is_valid(raise_exception=True)
        teams = services.key_teams(request.user)
        fields = {name: value for name, value in request_data.validated_data.items() if value is not None}
        form = NewKeyForm(fields, teams=teams)
        if not form.is_valid():
            raise exceptions.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        key, secret = services.create_key(
            request.user, form.cleaned_data["name"], form.expires_at(), team=form.cleaned_data.get("team")
        )
        key.key = secret
        return Response(NewKeySerializer(key, context=self.get_serializer_context()).data, status.HTTP_201_CREATED)

    @extend_schema(
        tags=["keys"],
        request=None,
        responses={204: None},
        description="Revoke one of the user's keys (a session, not a key): requests with it then get 401.",
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, prefix: str):
        if not services.revoke_key(request.user, prefix):
            raise exceptions.NotFound("You have no usable key with that prefix.")
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router) -> None:
    router.register("keys", KeyViewSet, basename="key")
