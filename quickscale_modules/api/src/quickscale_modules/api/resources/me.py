"""GET /api/v1/me: who the request is authenticated as."""

from __future__ import annotations

import copy

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quickscale_modules.api.teamkeys import NO_TEAM_DATA

# What a client may see of its own user, where the user model has it (never the password or permissions).
SAFE_FIELDS = ("id", "email", "first_name", "last_name", "date_joined")


def safe_fields(model) -> list[str]:
    names = {field.name for field in model._meta.get_fields()}
    return [name for name in SAFE_FIELDS if name in names]


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = safe_fields(model)
        read_only_fields = fields

    _model_fields: dict | None = None

    def get_fields(self) -> dict:
        # ModelSerializer inspects the model again for every instance, which is most of this endpoint's cost;
        # the user model's fields do not change while the process runs.
        if MeSerializer._model_fields is None:
            MeSerializer._model_fields = super().get_fields()
        return copy.deepcopy(MeSerializer._model_fields)


class MeView(APIView):
    team_keys = NO_TEAM_DATA  # the key's own user

    @extend_schema(operation_id="me_retrieve", responses=MeSerializer, tags=["me"])
    def get(self, request: Request) -> Response:
        """The current user: the key's owner with an API key, the signed-in user with a session."""
        return Response(MeSerializer(request.user).data)
