from django.contrib.auth import get_user_model
from django.core.validators import ProhibitNullCharactersValidator
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from quickscale_modules.api.resources.me import safe_fields


class StrictCharField(serializers.CharField):
    """A string and only a string: REST framework's CharField would turn 0 into "0".

    Any string, NUL characters too (the note is echoed, never stored), as the schema says.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class NoteSerializer(serializers.Serializer):
    text = StrictCharField(max_length=200, trim_whitespace=False)  # " " is a string of length 1, as the schema says
    length = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        return {**validated_data, "length": len(validated_data["text"])}


class NoteViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """A project's own endpoint: POST /api/v1/notes answers the note with its length."""

    serializer_class = NoteSerializer


class BareView(APIView):
    """The bench's floor: REST framework with no authentication, permission or throttle."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(exclude=True)
    def get(self, request):
        return Response({"id": 1, "email": "bench@example.com"})


class BareMeSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = safe_fields(model)


class BareMeView(APIView):
    """The bench's baseline: GET /me as plain REST framework writes it, with its own token authentication."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = []

    @extend_schema(exclude=True)
    def get(self, request):
        return Response(BareMeSerializer(request.user).data)


class BrokenView(APIView):
    """A bug under /api/: the client must still get the JSON error shape, never Django's HTML 500 page."""

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request):
        raise RuntimeError("a bug in a view")


class ForgetfulTeamViewSet(viewsets.ViewSet):
    """A project's endpoint that reads team data but forgot teams_of(request), and says nothing of team keys:
    with the teams module, GET /api/v1/forgetful-teams lists every team of the user (slugs)."""

    @extend_schema(exclude=True)
    def list(self, request):
        from quickscale_modules.teams.services import teams_for

        return Response(list(teams_for(request.user).values_list("slug", flat=True)))
