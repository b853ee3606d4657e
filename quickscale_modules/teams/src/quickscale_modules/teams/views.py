"""The module's pages under /t/: team list and creation, a team's members, invitations and settings,
leaving and deleting it, and the invitation link. Team pages rely on access.team_member_required."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quickscale_modules.teams import services
from quickscale_modules.teams.access import team_member_required
from quickscale_modules.teams.exceptions import InvitationUnusable, NotTheInvitee, TeamsError
from quickscale_modules.teams.forms import DeleteTeamForm, InviteForm, RoleForm, TeamNameForm
from quickscale_modules.teams.models import Invitation, Membership
from quickscale_modules.teams.roles import RANK, Role, allows


def team_action(action: str):
    """A team page for members whose role allows `action` (roles.PERMISSIONS); 403 for other members."""

    def decorator(view_func):
        @team_member_required
        @wraps(view_func)
        def wrapper(request, team_slug, **kwargs):
            if not allows(request.membership.role, action):
                raise PermissionDenied(_("Your role in this team does not allow that."))
            return view_func(request, **kwargs)

        return wrapper

    return decorator


def _back(request, name: str, error: TeamsError | None = None):
    if error is not None:
        messages.error(request, str(error))
    return redirect(f"quickscale_teams:{name}", team_slug=request.team.slug)


@login_required
@require_safe
def team_list(request):
    memberships = Membership.objects.filter(user=request.user).select_related("team").order_by("team__name", "pk")
    return render(request, "quickscale_teams/team_list.html", {"memberships": memberships})


@login_required
@require_safe
def current_team(request):
    """The team the user worked in last (else the team list)."""
    team = services.last_used_team(request.user)
    if team is None:
        return redirect("quickscale_teams:team_list")
    return redirect("quickscale_teams:members", team_slug=team.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def create_team(request):
    form = TeamNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = services.create_team(form.cleaned_data["name"], request.user)
        messages.success(request, _("Team %(name)s created.") % {"name": team.name})
        return redirect("quickscale_teams:members", team_slug=team.slug)
    return render(request, "quickscale_teams/team_form.html", {"form": form})


@require_safe
@team_action("view")
def team_home(request):
    return redirect("quickscale_teams:members", team_slug=request.team.slug)


@require_safe
@team_action("view")
def members(request):
    memberships = Membership.objects.filter(team=request.team).select_related("user")
    rows = sorted(memberships, key=lambda m: (-RANK[m.role], m.pk))
    return render(
        request,
        "quickscale_teams/members.html",
        {
            "rows": rows,
            "roles": Role.choices,
            "can_change_roles": allows(request.membership.role, "change_role"),
            "can_remove": allows(request.membership.role, "remove_member"),
            "can_transfer": allows(request.membership.role, "transfer_ownership"),
        },
    )


@require_POST
@team_action("change_role")
def change_role(request, membership_id: int):
    membership = get_object_or_404(Membership, pk=membership_id, team=request.team)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _back(request, "members", TeamsError(_("Choose owner, admin or member.")))
    try:
        services.change_role(membership, form.cleaned_data["role"], by=request.user)
    except TeamsError as error:
        return _back(request, "members", error)
    messages.success(request, _("Role changed."))
    return _back(request, "members")


@require_POST
@team_action("remove_member")
def remove_member(request, membership_id: int):
    membership = get_object_or_404(Membership, pk=membership_id, team=request.team)
    if membership.pk == request.membership.pk:
        return _back(request, "leave")
    try:
        services.remove_member(membership, by=request.user)
    except TeamsError as error:
        return _back(request, "members", error)
    messages.success(request, _("%(user)s was removed from the team.") % {"user": membership.user})
    return _back(request, "members")


@require_POST
@team_action("transfer_ownership")
def transfer_ownership(request, membership_id: int):
    membership = get_object_or_404(Membership, pk=membership_id, team=request.team)
    try:
        services.transfer_ownership(request.team, membership, by=request.user)
    except TeamsError as error:
        return _back(request, "members", error)
    messages.success(request, _("%(user)s now owns the team; you are an admin.") % {"user": membership.user})
    return _back(request, "members")


@require_http_methods(["GET", "HEAD", "POST"])
@team_action("invite")
def invitations(request):
    form = InviteForm(request.POST or None, inviter_role=request.membership.role)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite(
                request.team,
                form.cleaned_data["email"],
                by=request.user,
                role=form.cleaned_data["role"],
                request=request,
            )
        except TeamsError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return _back(request, "invitations")
    pending = Invitation.objects.filter(team=request.team, status=Invitation.Status.PENDING).select_related(
        "invited_by"
    )
    return render(request, "quickscale_teams/invitations.html", {"form": form, "pending": pending})


@require_POST
@team_action("invite")
def resend_invitation(request, invitation_id: int):
    invitation = get_object_or_404(Invitation, pk=invitation_id, team=request.team)
    try:
        services.resend_invitation(invitation, by=request.user, request=request)
    except TeamsError as error:
        return _back(request, "invitations", error)
    messages.success(request, _("Invitation sent again to %(email)s.") % {"email": invitation.email})
    return _back(request, "invitations")


@require_POST
@team_action("invite")
def revoke_invitation(request, invitation_id: int):
    invitation = get_object_or_404(Invitation, pk=invitation_id, team=request.team)
    try:
        services.revoke_invitation(invitation, by=request.user)
    except TeamsError as error:
        return _back(request, "invitations", error)
    messages.success(request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email})
    return _back(request, "invitations")


@require_http_methods(["GET", "HEAD", "POST"])
@team_action("view")
def team_settings(request):
    can_rename = allows(request.membership.role, "rename")
    form = TeamNameForm(request.POST or None, initial={"name": request.team.name})
    if request.method == "POST":
        if not can_rename:
            raise PermissionDenied(_("Your role in this team does not allow that."))
        if form.is_valid():
            try:
                services.rename_team(request.team, form.cleaned_data["name"], by=request.user)
            except TeamsError as error:
                return _back(request, "settings", error)
            messages.success(request, _("Team renamed."))
            return _back(request, "settings")
    context = {"form": form, "can_rename": can_rename, "can_delete": allows(request.membership.role, "delete")}
    return render(request, "quickscale_teams/settings.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@team_action("leave")
def leave_team(request):
    if request.method == "POST":
        try:
            services.leave_team(request.membership)
        except TeamsError as error:
            return _back(request, "leave", error)
        messages.success(request, _("You left %(name)s.") % {"name": request.team.name})
        return redirect("quickscale_teams:team_list")
    return render(request, "quickscale_teams/leave.html")


@require_http_methods(["GET", "HEAD", "POST"])
@team_action("delete")
def delete_team(request):
    form = DeleteTeamForm(request.POST or None, team=request.team)
    if request.method == "POST" and form.is_valid():
        name = request.team.name
        try:
            services.delete_team(request.team, by=request.user)
        except TeamsError as error:
            return _back(request, "delete", error)
        messages.success(request, _("Team %(name)s deleted.") % {"name": name})
        return redirect("quickscale_teams:team_list")
    return render(request, "quickscale_teams/delete.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation(request, token: str):
    """The link in the email: who invited you to what; sign up or log in, then join. Only the account with the
    invited address, verified, may join: another account is told to switch, an unverified one to verify."""
    try:
        invitation = services.invitation_from_token(token)
    except InvitationUnusable as error:
        return _unusable_invitation(request, error)
    problem = services.invitee_problem(invitation, request.user) if request.user.is_authenticated else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.accept_invitation(token, request.user)
        except InvitationUnusable as error:
            return _unusable_invitation(request, error)
        except NotTheInvitee as error:
            return _invitation_page(request, invitation, error, status=403)
        messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.team.name})
        return redirect("quickscale_teams:members", team_slug=invitation.team.slug)
    return _invitation_page(request, invitation, problem)


def _unusable_invitation(request, error: InvitationUnusable):
    return render(request, "quickscale_teams/invitation_unusable.html", {"error": error}, status=410)


def _invitation_page(request, invitation: Invitation, problem: NotTheInvitee | None, status: int = 200):
    here = request.get_full_path()
    context = {
        "invitation": invitation,
        "problem": problem,
        "here": here,
        "signup_url": _url_or_none("account_signup", here),
        "login_url": f"{resolve_url(settings.LOGIN_URL)}?{urlencode({REDIRECT_FIELD_NAME: here})}",
        "logout_url": _url_or_none("account_logout"),
        "email_url": _url_or_none("account_email"),
    }
    return render(request, "quickscale_teams/accept.html", context, status=status)


def _url_or_none(name: str, come_back_to: str = "") -> str | None:
    """The auth module's page `name` (with a way back), or None without it: accounts are then made some other way."""
    try:
        path = reverse(name)
    except NoReverseMatch:
        return None
    return f"{path}?{urlencode({REDIRECT_FIELD_NAME: come_back_to})}" if come_back_to else path
