"""Teams, memberships, invitations, and the abstract base that makes a project's own model team-scoped."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quickscale_modules.teams.roles import Role


def validate_team_name(name: str) -> None:
    """The services' check of a team name (services.clean_team_name), for the model's forms: the Django admin."""
    from quickscale_modules.teams.exceptions import TeamsError
    from quickscale_modules.teams.services import clean_team_name  # services import this module

    try:
        clean_team_name(name)
    except TeamsError as error:
        raise ValidationError(str(error)) from None


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, validators=[validate_team_name])
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    is_personal = models.BooleanField(_("personal team"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("joined"), default=timezone.now, editable=False)
    # The team a user last worked in is the one with the latest last_used_at: where /t/ and sign-in lead.
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["team", "pk"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="quickscale_teams_one_membership")]
        indexes = [models.Index(fields=["user", "last_used_at"], name="quickscale_teams_last_used")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.get_role_display()})"


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The secret in the link; a resend replaces it, so earlier links stop working.
    key = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "email"],
                condition=Q(status="pending"),
                name="quickscale_teams_one_pending_invitation",
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} to {self.team}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class TeamScopedQuerySet(models.QuerySet):
    def for_team(self, team: Team) -> TeamScopedQuerySet:
        """Only the rows of `team`: the one filter every view of team data starts from."""
        return self.filter(team=team)

    def for_user(self, user) -> TeamScopedQuerySet:
        """The rows of every team `user` belongs to (for cross-team pages such as a personal dashboard)."""
        return self.filter(team__memberships__user=user)


class TeamScopedModel(models.Model):
    """Abstract base for a project's model whose rows belong to one team (row-level tenancy).

    class Project(TeamScopedModel):
        name = models.CharField(max_length=100)

    Project.objects.for_team(request.team) is the queryset a view should start from.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s_set")

    objects = TeamScopedQuerySet.as_manager()

    class Meta:
        abstract = True
