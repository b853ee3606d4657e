"""The current team of a request, and the guards a team-scoped view is written with.

Any URL with a `team_slug` argument (/t/<team_slug>/...) is a team URL: TeamMiddleware resolves
request.team and request.membership for it before the view runs, sends anonymous visitors to the login
page, and answers 404 to everyone who is not a member, whether or not the team exists. The decorator and
the mixin do the same when the middleware is not installed, and add a minimum role.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from quickscale_modules.teams import services
from quickscale_modules.teams.models import Membership
from quickscale_modules.teams.roles import MEMBER, at_least

TEAM_KWARG = "team_slug"


def resolve_team(request, slug: str) -> Membership:
    """Set request.team and request.membership for the team `slug`; Http404 unless the user is a member."""
    membership = (
        Membership.objects.select_related("team").filter(user=request.user, team__slug=slug).first()
        if request.user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404("No such team.")
    services.remember_team(membership)
    request.team, request.membership = membership.team, membership
    return membership


def _guard(request, kwargs, role: str):
    """None when the request may go on; else the response (login redirect) to give instead. Raises 404/403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if TEAM_KWARG not in kwargs:
        raise Http404("No team in this URL.")
    membership = getattr(request, "membership", None)
    if membership is None or membership.team.slug != kwargs[TEAM_KWARG]:
        membership = resolve_team(request, kwargs[TEAM_KWARG])
    if not at_least(membership.role, role):
        raise PermissionDenied("Your role in this team does not allow that.")
    return None


class TeamMiddleware:
    """request.team / request.membership on team URLs (None elsewhere); 404 for non-members."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.team = request.membership = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if TEAM_KWARG not in view_kwargs:
            return None
        return _guard(request, view_kwargs, MEMBER)


def team_member_required(view=None, *, role: str = MEMBER):
    """Decorate a view under /t/<team_slug>/: members with `role` or above get in, others do not.

    Anonymous: login page. Not a member (or no such team): 404. A member below `role`: 403."""

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            return _guard(request, kwargs, role) or view_func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


class TeamMemberRequiredMixin:
    """The class-based form of team_member_required; `team_role` is the minimum role.

    With a `model` that is team-scoped, get_queryset() holds only the current team's rows, so a
    DetailView of another team's object is a 404 without further code."""

    team_role: str = MEMBER

    def dispatch(self, request, *args, **kwargs):
        return _guard(request, kwargs, self.team_role) or super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return team_queryset(self.request, super().get_queryset())


def team_queryset(request, model_or_queryset: type[Model] | QuerySet) -> QuerySet:
    """The rows of the request's team: start every query of team data here."""
    if getattr(request, "team", None) is None:
        raise Http404("No team in this URL.")
    queryset = model_or_queryset._default_manager.all() if isinstance(model_or_queryset, type) else model_or_queryset
    return queryset.filter(team=request.team)


def get_team_object_or_404(request, model_or_queryset, **lookup):
    """One row of the request's team, else 404 (also when it exists in another team)."""
    return get_object_or_404(team_queryset(request, model_or_queryset), **lookup)
