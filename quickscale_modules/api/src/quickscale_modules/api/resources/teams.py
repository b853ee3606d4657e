"""/api/v1/teams: the user's teams and their members, through the teams module's services and role table.

    GET    /teams                              the user's teams (with the user's role in each)
    GET    /teams/{slug}                       one of them
    PATCH  /teams/{slug}                       rename it (roles allowed to "rename")
    POST   /teams/{slug}/leave                 leave it (the last owner cannot: 409)
    GET    /teams/{slug}/memberships           its members: role and email
    PATCH  /teams/{slug}/memberships/{id}      change a member's role (roles allowed to "change_role")
    DELETE /teams/{slug}/memberships/{id}      remove a member (roles allowed to "remove_member")

A team key (docs/modules/api.md, "Keys per team") reaches its team alone: the user's other teams are 404 to it.
A team the user does not belong to is a 404, whether it exists or not, and so is a membership of another
team; a member whose role does not allow the action gets a 403. The services decide the rest (only an owner
acts on an owner; a team keeps an owner: 409).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from quickscale_modules.api.resources.lookup import by_id_or_404
from quickscale_modules.api.schema import ErrorResponseSerializer
from quickscale_modules.api.teamkeys import SCOPED, key_team_id
from quickscale_modules.teams import services
from quickscale_modules.teams.exceptions import NotAllowed, TeamsError
from quickscale_modules.teams.models import Membership, Team
from quickscale_modules.teams.roles import Role


class Conflict(exceptions.APIException):
    """The change would break a rule of the team's state (a team keeps an owner)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The team's current state does not allow that."


CONFLICT = OpenApiResponse(
    ErrorResponseSerializer, description="Not possible in the team's current state: a team keeps an owner."
)


@contextmanager
def answering_refusals() -> Iterator[None]:
    """A refusal of the teams services inside the block becomes the API's answer, with the services' sentence:
    403 when the role does not allow it, 409 when the team's state does not."""
    try:
        yield
    except NotAllowed as error:
        raise exceptions.PermissionDenied(str(error)) from None
    except TeamsError as error:
        raise Conflict(str(error)) from None


def teams_of(request) -> QuerySet[Team]:
    """The teams a request may reach: the user's teams (services.teams_for); with a team key, that team alone."""
    teams = services.teams_for(request.user)
    team_id = key_team_id(request)
    return teams if team_id is None else teams.filter(pk=team_id)


def membership_in(request, slug: str) -> Membership:
    """The request user's membership of the team `slug`; 404 unless they are a member (or the team is absent)."""
    team = teams_of(request).filter(slug=slug).first()
    membership = services.get_membership(request.user, team) if team is not None else None
    if membership is None:
        raise Http404("No such team.")
    return membership


def require(membership: Membership, permission: str) -> None:
    if not services.can(membership, permission):
        raise exceptions.PermissionDenied("Your role in this team does not allow that.")


class TeamSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField(help_text="The current user's role in the team.")

    class Meta:
        model = Team
        fields = ["slug", "name", "is_personal", "created_at", "role"]
        read_only_fields = fields

    def get_role(self, team: Team) -> str:
        return self.context["roles"][team.pk]


class TeamNameField(serializers.RegexField):
    """A team name as the teams services check it (services.clean_team_name, with its sentence), and only a string,
    as the schema says (REST framework's CharField would turn 0 into "0"). The schema carries the services' own
    pattern, so a client knows beforehand."""

    def __init__(self, **kwargs):
        super().__init__(services.TEAM_NAME_PATTERN, max_length=services.TEAM_NAME_MAX_LENGTH, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            return services.clean_team_name(super().to_internal_value(data))
        except TeamsError as error:
            raise serializers.ValidationError(str(error)) from None


class TeamRenameSerializer(serializers.Serializer):
    name = TeamNameField(
        trim_whitespace=False,  # the services strip the name
        help_text="The team's new name, one line (its slug, and so its URLs, stay the same).",
    )


class MembershipSerializer(serializers.ModelSerializer):
    email = serializers.SerializerMethodField(help_text="The member's email address.")
    joined_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "email", "role", "joined_at"]
        read_only_fields = fields

    def get_email(self, membership: Membership) -> str:
        return getattr(membership.user, get_user_model().get_email_field_name(), "") or ""


class RoleChangeSerializer(serializers.Serializer):
    role = serializers.ChoiceField(Role.choices, help_text="owner, admin or member.")


@extend_schema_view(
    list=extend_schema(tags=["teams"], description="The teams the current user belongs to, by name."),
    retrieve=extend_schema(
        tags=["teams"], description="One of the user's teams, by its slug; a team the user is not in is 404."
    ),
    partial_update=extend_schema(
        tags=["teams"],
        request=TeamRenameSerializer,
        responses={200: TeamSerializer, 409: CONFLICT},
        description="Rename the team: owners and admins (403 for members).",
    ),
)
class TeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    team_keys = SCOPED  # teams_of(request)
    serializer_class = TeamSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the model, with no user
            return Team.objects.none()
        return teams_of(self.request)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and self.request.user.is_authenticated:
            memberships = Membership.objects.filter(user=self.request.user)
            context["roles"] = dict(memberships.values_list("team_id", "role"))
        return context

    def get_object(self) -> Team:
        self.membership = membership_in(self.request, self.kwargs["slug"])
        return self.membership.team

    def partial_update(self, request, slug: str):
        team = self.get_object()
        require(self.membership, "rename")
        rename = TeamRenameSerializer(data=request.data, partial=True)
        rename.is_valid(raise_exception=True)
        if "name" in rename.validated_data:
            with answering_refusals():
                team = services.rename_team(team, rename.validated_data["name"], by=request.user)
        return Response(self.get_serializer(team).data)

    @extend_schema(
        tags=["teams"],
        request=None,
        responses={204: None, 409: CONFLICT},
        description="Leave the team. Its last owner cannot (409): make someone else an owner first.",
    )
    @action(detail=True, methods=["post"])
    def leave(self, request, slug: str):
        self.get_object()
        require(self.membership, "leave")
        with answering_refusals():
            services.leave_team(self.membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


# The URL argument is `team`, not `team_slug`: the teams module's TeamMiddleware guards every view with a
# `team_slug` argument by the session alone (login redirect), while the API authenticates keys too.
TEAM_SLUG = OpenApiParameter(
    "team", str, OpenApiParameter.PATH, pattern="^[-a-zA-Z0-9_]+$", description="The team's slug."
)


@extend_schema(parameters=[TEAM_SLUG])
@extend_schema_view(
    list=extend_schema(tags=["teams"], description="The members of one of the user's teams, in joining order."),
    partial_update=extend_schema(
        tags=["teams"],
        request=RoleChangeSerializer,
        responses={200: MembershipSerializer, 409: CONFLICT},
        description="Change a member's role: owners and admins; only an owner makes or unmakes an owner.",
    ),
    destroy=extend_schema(
        tags=["teams"],
        responses={204: None, 409: CONFLICT},
        description="Remove a member: owners and admins; only an owner removes an owner. To leave, use leave.",
    ),
)
class MembershipViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    team_keys = SCOPED  # membership_in: teams_of(request)
    serializer_class = MembershipSerializer
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.membership = membership_in(request, kwargs["team"])  # after authentication: 404 for outsiders
        require(self.membership, "view")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        return (
            Membership.objects.filter(team=self.membership.team)
            .select_related("user", "team")
            .order_by("created_at", "pk")
        )

    def get_object(self) -> Membership:
        """A membership of this team; another team's (or a number no row can have) is 404."""
        return by_id_or_404(self.get_queryset(), self.kwargs["pk"], "No such member.")

    def partial_update(self, request, team: str, pk: str):
        require(self.membership, "change_role")
        target = self.get_object()
        change = RoleChangeSerializer(data=request.data, partial=True)
        change.is_valid(raise_exception=True)
        if "role" in change.validated_data:
            with answering_refusals():
                target = services.change_role(target, change.validated_data["role"], by=request.user)
        return Response(self.get_serializer(target).data)

    def destroy(self, request, team: str, pk: str):
        require(self.membership, "remove_member")
        target = self.get_object()
        with answering_refusals():
            services.remove_member(target, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router) -> None:
    router.register("teams", TeamViewSet, basename="team")
    router.register(r"teams/(?P<team>[-a-zA-Z0-9_]+)/memberships", MembershipViewSet, basename="team-membership")
