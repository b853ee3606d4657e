"""The teams module's Python API: every change to teams, memberships and invitations goes through here.

Functions that act on behalf of someone take `by` (the acting user) and check the role table in
roles.py inside the transaction, after locking the team's row: so two requests racing to remove the
last two owners are serialised and the second is refused. Refusals raise a TeamsError subclass whose
message is one sentence for the user.
"""

from __future__ import annotations

import logging
import re
import secrets
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from quickscale_modules.teams.conf import teams_settings
from quickscale_modules.teams.exceptions import (
    AlreadyInvited,
    AlreadyMember,
    InvitationUnusable,
    LastOwnerError,
    NotAllowed,
    NotTheInvitee,
    TeamDeletionBlocked,
    TeamsError,
)
from quickscale_modules.teams.models import Invitation, Membership, Team
from quickscale_modules.teams.roles import ADMIN, MEMBER, OWNER, Role, allows, may_invite_as
from quickscale_modules.teams.signals import member_added, member_removed

INVITATION_SALT = "quickscale_teams.invitation"

logger = logging.getLogger(__name__)

# A team name is one line (it goes into email subjects, which are headers): no control character (line breaks,
# tabs, NUL) and no Unicode line or paragraph separator. The patterns are written with \u escapes so that the api
# module can put TEAM_NAME_PATTERN in its OpenAPI schema as it is; clean_team_name is the check itself.
NOT_ONE_LINE = r"\u0000-\u001f\u007f-\u009f\u2028\u2029"
# Every character str.strip() removes (and the control characters): a name needs one character besides these.
BLANK = r"\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TEAM_NAME_PATTERN = rf"^[^{NOT_ONE_LINE}]*[^{BLANK}][^{NOT_ONE_LINE}]*$"
TEAM_NAME_MAX_LENGTH = Team._meta.get_field("name").max_length
_BREAKS_THE_LINE = re.compile(f"[{NOT_ONE_LINE}]")


# Reading


def teams_for(user) -> QuerySet[Team]:
    """The teams `user` belongs to, by name."""
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user).order_by("name", "pk")


def get_membership(user, team: Team) -> Membership | None:
    """`user`'s membership of `team`, or None."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, team=team).select_related("team").first()


def member_count(team: Team) -> int:
    """How many members `team` has (its seats, for billing)."""
    return Membership.objects.filter(team=team).count()


def can(membership: Membership | None, action: str) -> bool:
    """Whether the holder of `membership` may do `action` (a key of roles.PERMISSIONS)."""
    return membership is not None and allows(membership.role, action)


def teams_allowing(user, action: str) -> QuerySet[Team]:
    """The teams of `user` in which their role allows `action` (a key of roles.PERMISSIONS), by name."""
    if not user.is_authenticated:
        return Team.objects.none()
    roles = [role for role in Role.values if allows(role, action)]
    return Team.objects.filter(memberships__user=user, memberships__role__in=roles).order_by("name", "pk")


def last_used_team(user) -> Team | None:
    """The team `user` worked in last, else their first team, else None."""
    membership = (
        Membership.objects.filter(user=user)
        .select_related("team")
        .order_by("-last_used_at", "team__name", "pk")
        .first()
    )
    return membership.team if membership else None


def remember_team(membership: Membership) -> None:
    """Record that the member is working in this team now (the switcher and /t/ lead back to it)."""
    now = timezone.now()
    Membership.objects.filter(pk=membership.pk).update(last_used_at=now)
    membership.last_used_at = now


# Teams


def clean_team_name(name: str) -> str:
    """The name without the spaces around it, or TeamsError saying what is wrong: the forms, the services and the
    api module all check a team name here. The name as given must match TEAM_NAME_PATTERN and be at most
    TEAM_NAME_MAX_LENGTH long (what the api module's schema says), so a line break is refused even at the end."""
    if _BREAKS_THE_LINE.search(name):
        raise TeamsError("A team name is one line: remove the line breaks and control characters.")
    if len(name) > TEAM_NAME_MAX_LENGTH:
        raise TeamsError(f"A team name has at most {TEAM_NAME_MAX_LENGTH} characters; shorten it.")
    name = name.strip()
    if not name:
        raise TeamsError("Give the team a name.")
    return name


def create_team(name: str, owner, *, personal: bool = False, slug_base: str = "") -> Team:
    """A new team called `name` with `owner` as its owner and first member; its slug comes from
    `slug_base` (else the name), made unique with -2, -3 ..."""
    name = clean_team_name(name)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                team = Team.objects.create(name=name, slug=_unique_slug(slug_base or name), is_personal=personal)
                membership = Membership.objects.create(team=team, user=owner, role=OWNER)
                _announce(member_added, membership)
                return team
        except IntegrityError:
            continue  # another request took the same slug at the same moment
    raise TeamsError("Could not find a free address for this team; try another name.")


def rename_team(team: Team, name: str, *, by) -> Team:
    name = clean_team_name(name)
    with transaction.atomic():
        team = _lock(team)
        _require(by, team, "rename")
        team.name = name
        team.save(update_fields=["name"])
    return team


def delete_team(team: Team, *, by) -> list[str]:
    """Delete the team with its memberships, invitations and team-scoped rows (foreign keys cascade), after every
    installed module's lifecycle hooks: a team_deletion_blocker refuses (TeamDeletionBlocked, its sentences), then each
    delete_team_data runs in this transaction. Returns what those hooks did, a line each.

    No member_removed signal is sent for the members of a deleted team: listen to Team's post_delete."""
    with transaction.atomic():
        team = _lock(team)
        _require(by, team, "delete")
        return _delete_locked_team(team)


def create_personal_team(user) -> Team | None:
    """The user's personal team, created once (QUICKSCALE_TEAMS_PERSONAL_TEAM turns this off)."""
    if not teams_settings.PERSONAL_TEAM:
        return None
    existing = Team.objects.filter(is_personal=True, memberships__user=user, memberships__role=OWNER).first()
    if existing:
        return existing
    email = getattr(user, get_user_model().get_email_field_name(), "") or ""
    # Its address is the owner's name (/t/ada/, /t/ada-2/ ...).
    return create_team(_("Personal"), user, personal=True, slug_base=email.split("@")[0])


# Members


def change_role(membership: Membership, role: str, *, by) -> Membership:
    """Give the member `role`; only an owner may make or unmake an owner; the last owner stays owner."""
    if role not in Role.values:
        raise TeamsError(f"{role!r} is not a role; choose owner, admin or member.")
    with transaction.atomic():
        team = _lock(membership.team)
        actor = _require(by, team, "change_role")
        membership = _current(membership)
        if OWNER in (membership.role, role) and actor.role != OWNER:
            raise NotAllowed("Only an owner can make someone an owner or change an owner's role.")
        if membership.role == OWNER and role != OWNER:
            _keep_an_owner(team, "demote")
        membership.role = role
        membership.save(update_fields=["role"])
        _withdraw_what_they_may_no_longer_grant(team, membership.user, role)
    return membership


def remove_member(membership: Membership, *, by) -> None:
    """Take the member out of the team; admins may remove members and admins, owners anyone but the last owner."""
    with transaction.atomic():
        team = _lock(membership.team)
        actor = _require(by, team, "remove_member")
        membership = _current(membership)
        if membership.role == OWNER and actor.role != OWNER:
            raise NotAllowed("Only an owner can remove an owner.")
        _delete_membership(team, membership, "remove")


def leave_team(membership: Membership) -> None:
    """The member leaves the team themselves; the last owner must first make someone else owner."""
    with transaction.atomic():
        team = _lock(membership.team)
        membership = _current(membership)
        _delete_membership(team, membership, "leave")


def leave_or_delete_team(membership: Membership) -> list[str] | None:
    """The member leaves the team (None), or deletes it when they are its only member (their account is going) as
    delete_team does, every module's team hooks first: then what those hooks did, a line each."""
    with transaction.atomic():
        team = _lock(membership.team)
        membership = _current(membership)
        if Membership.objects.filter(team=team).exclude(pk=membership.pk).exists():
            _delete_membership(team, membership, "leave")
            return None
        return _delete_locked_team(team)


def transfer_ownership(team: Team, to: Membership, *, by) -> Membership:
    """Make `to` an owner and the acting owner an admin."""
    with transaction.atomic():
        team = _lock(team)
        actor = _require(by, team, "transfer_ownership")
        to = _current(to)
        if to.team_id != team.pk:
            raise TeamsError("That person is not a member of this team.")
        if to.pk == actor.pk:
            raise TeamsError("You already own this team; choose another member.")
        to.role = OWNER
        to.save(update_fields=["role"])
        actor.role = ADMIN
        actor.save(update_fields=["role"])
        _withdraw_what_they_may_no_longer_grant(team, actor.user, ADMIN)
    return to


# Invitations


def invite(team: Team, email: str, *, by, role: str = MEMBER, request=None) -> Invitation:
    """Invite `email` to the team and send the invitation email.

    `request` gives the links their scheme and host; without one, QUICKSCALE_TEAMS_BASE_URL does."""
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    if role not in Role.values:
        raise TeamsError(f"{role!r} is not a role; choose owner, admin or member.")
    with transaction.atomic():
        team = _lock(team)
        actor = _require(by, team, "invite")
        if not may_invite_as(actor.role, role):
            raise NotAllowed("Only an owner can invite an owner.")
        email_field = get_user_model().get_email_field_name()
        if Membership.objects.filter(team=team, **{f"user__{email_field}__iexact": email}).exists():
            raise AlreadyMember(f"{email} is already a member of {team.name}.")
        pending = Invitation.objects.filter(team=team, email=email, status=Invitation.Status.PENDING).first()
        if pending and not pending.is_expired:
            raise AlreadyInvited(f"{email} is already invited to {team.name}; resend the invitation instead.")
        if pending:
            pending.status = Invitation.Status.REVOKED
            pending.save(update_fields=["status"])
        invitation = Invitation.objects.create(
            team=team, email=email, role=role, invited_by=by, key=_new_key(), expires_at=_expiry()
        )
        # Rendered before the commit: a template or URL error undoes the invitation with it.
        email = invitation_email(invitation, accept_url(invitation, request))
    _send_or_undo(
        invitation,
        email,
        undo=invitation.delete,
        failure="The invitation email could not be sent, so no invitation was made; try again later.",
    )
    return invitation


def resend_invitation(invitation: Invitation, *, by, request=None) -> Invitation:
    """Send the invitation again with a new link valid for the full period; the earlier link stops working."""
    with transaction.atomic():
        team = _lock(invitation.team)
        _require(by, team, "invite")
        invitation = _pending(invitation)
        earlier = {"key": invitation.key, "expires_at": invitation.expires_at}
        invitation.key = _new_key()
        invitation.expires_at = _expiry()
        invitation.save(update_fields=["key", "expires_at"])
        email = invitation_email(invitation, accept_url(invitation, request))
    _send_or_undo(
        invitation,
        email,
        undo=lambda: Invitation.objects.filter(pk=invitation.pk, key=invitation.key).update(**earlier),
        failure="The invitation email could not be sent; the earlier link still works, try again later.",
    )
    return invitation


def revoke_invitation(invitation: Invitation, *, by) -> Invitation:
    with transaction.atomic():
        team = _lock(invitation.team)
        _require(by, team, "invite")
        invitation = _pending(invitation)
        invitation.status = Invitation.Status.REVOKED
        invitation.save(update_fields=["status"])
    return invitation


def revoke_invitations_sent_by(user) -> int:
    """Revoke every pending invitation `user` sent, in every team (their account is going); how many."""
    pending = Invitation.objects.filter(invited_by=user, status=Invitation.Status.PENDING)
    return pending.update(status=Invitation.Status.REVOKED)


def invitation_token(invitation: Invitation) -> str:
    """The signed token in the invitation link."""
    return signing.Signer(salt=INVITATION_SALT).sign(invitation.key)


def invitation_from_token(token: str, *, lock: bool = False) -> Invitation:
    """The pending invitation the token stands for; InvitationUnusable says why it cannot be used."""
    try:
        key = signing.Signer(salt=INVITATION_SALT).unsign(token)
    except signing.BadSignature:
        raise InvitationUnusable(
            "invalid", "This invitation link is not valid; check that you copied all of it."
        ) from None
    invitations = Invitation.objects.select_related("team", "invited_by")
    invitation = (invitations.select_for_update(of=("self",)) if lock else invitations).filter(key=key).first()
    if invitation is None:
        raise InvitationUnusable(
            "replaced", "This invitation link is no longer valid: it was replaced by a newer one or the team is gone."
        )
    if invitation.status == Invitation.Status.ACCEPTED:
        raise InvitationUnusable("used", "This invitation has already been used.")
    if invitation.status == Invitation.Status.REVOKED:
        raise InvitationUnusable("revoked", "This invitation was withdrawn by the team.")
    if invitation.is_expired:
        raise InvitationUnusable("expired", "This invitation has expired; ask the team for a new one.")
    if not _inviter_may_still_grant(invitation):
        raise InvitationUnusable("revoked", "This invitation was withdrawn by the team.")
    return invitation


def invitee_problem(invitation: Invitation, user) -> NotTheInvitee | None:
    """Why the signed-in `user` may not accept `invitation`, or None: it is for the account that has the invited
    address, verified (allauth's EmailAddress; without allauth, the account's own email field), in any case."""
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        address = EmailAddress.objects.filter(user=user, email__iexact=invitation.email).order_by("-verified").first()
        if address is not None and not address.verified:
            return NotTheInvitee(
                "unverified",
                f"Verify {address.email} before you join: open the link in the confirmation email sent to it, or"
                " send a new one from your account's email addresses page.",
            )
        has_address = address is not None
    else:
        own = getattr(user, get_user_model().get_email_field_name(), "") or ""
        has_address = own.lower() == invitation.email
    if has_address:
        return None
    return NotTheInvitee(
        "other_account",
        "This invitation is for another email address: log out, then open the link again and sign in or sign up"
        " with the address it was sent to.",
    )


def accept_invitation(token: str, user) -> Membership:
    """Join the invitation's team as `user` with the invited role; the link then stops working.

    Only the account with the invited address, verified, may (NotTheInvitee says why not), and only while the
    inviter may still grant the role (InvitationUnusable "revoked")."""
    with transaction.atomic():
        _lock(invitation_from_token(token).team)  # role changes of the inviter wait, or happened before
        invitation = invitation_from_token(token, lock=True)
        problem = invitee_problem(invitation, user)
        if problem is not None:
            raise problem
        membership = Membership.objects.filter(team=invitation.team, user=user).first()
        if membership is None:
            membership = Membership.objects.create(team=invitation.team, user=user, role=invitation.role)
            _announce(member_added, membership)
        invitation.status = Invitation.Status.ACCEPTED
        invitation.accepted_by = user
        invitation.save(update_fields=["status", "accepted_by"])
    return membership


def accept_url(invitation: Invitation, request=None) -> str:
    path = reverse("quickscale_teams:accept_invitation", kwargs={"token": invitation_token(invitation)})
    if request is not None:
        return request.build_absolute_uri(path)
    return teams_settings.BASE_URL.rstrip("/") + path


def invitation_email(invitation: Invitation, url: str) -> tuple[str, str, str]:
    """The invitation's subject, plain text on one line whatever the name held when it was saved (a header
    cannot take a line break), its text and its HTML."""
    context = {"invitation": invitation, "team": invitation.team, "url": url, "inviter": invitation.invited_by}
    subject = " ".join(render_to_string("quickscale_teams/email/invitation_subject.txt", context).split())
    text = render_to_string("quickscale_teams/email/invitation.txt", context)
    html = render_to_string("quickscale_teams/email/invitation.html", context)
    return subject, text, html


def _deliver(invitation: Invitation, subject: str, text: str, html: str) -> None:
    """Send the invitation, as plain text and HTML: through the notifications module when it is installed
    (recorded, sent by its workers, "activity" category), else through Django's email backend (EMAIL_URL)."""
    if apps.is_installed("quickscale_modules.notifications"):
        from quickscale_modules.notifications.services import send_email

        # sensitive: the link lets whoever reads it join, so the delivery keeps no body once sent.
        send_email(invitation.email, subject, text, html=html, category="activity", sensitive=True)
        return
    message = EmailMultiAlternatives(subject=subject, body=text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()


# Internals


def _send_or_undo(invitation: Invitation, email: tuple[str, str, str], *, undo, failure: str) -> None:
    """Send the rendered invitation email after its row is committed (no lock held while a mail server answers);
    when sending fails, undo the change and say so in one sentence rather than leave a link nobody received."""
    try:
        _deliver(invitation, *email)
    except Exception as error:  # whatever the email backend raises: SMTP, a provider's API, a bad header
        logger.exception("Could not send the invitation email for invitation %s", invitation.pk)
        undo()
        raise TeamsError(failure) from error


def _lock(team: Team) -> Team:
    """Lock the team's row until the transaction ends: changes to one team's members happen one at a time."""
    try:
        return Team.objects.select_for_update().get(pk=team.pk)
    except Team.DoesNotExist:
        raise TeamsError("This team no longer exists.") from None


def _require(user, team: Team, action: str) -> Membership:
    membership = Membership.objects.filter(team=team, user=user).first() if user is not None else None
    if membership is None or not allows(membership.role, action):
        raise NotAllowed("Your role in this team does not allow that.")
    return membership


def _current(membership: Membership) -> Membership:
    """The membership as it is now, after the team's lock (it may have changed or gone meanwhile)."""
    current = Membership.objects.select_related("team", "user").filter(pk=membership.pk).first()
    if current is None:
        raise TeamsError("That person is no longer a member of this team.")
    return current


def _pending(invitation: Invitation) -> Invitation:
    current = Invitation.objects.select_related("team").filter(pk=invitation.pk).first()
    if current is None or current.status != Invitation.Status.PENDING:
        raise TeamsError("That invitation is no longer pending.")
    return current


def _inviter_may_still_grant(invitation: Invitation) -> bool:
    """Whether the inviter is still a member of the team whose role may invite someone as the invited role."""
    role = (
        Membership.objects.filter(team_id=invitation.team_id, user_id=invitation.invited_by_id)
        .values_list("role", flat=True)
        .first()
        if invitation.invited_by_id is not None
        else None
    )
    return may_invite_as(role, invitation.role)


def _withdraw_what_they_may_no_longer_grant(team: Team, user, role: str | None) -> int:
    """Revoke the pending invitations `user` sent to `team` that a member with `role` (None: no longer a member)
    may not send: their role changed, or they left."""
    grantable = [invited for invited in Role.values if may_invite_as(role, invited)]
    pending = Invitation.objects.filter(team=team, invited_by=user, status=Invitation.Status.PENDING)
    return pending.exclude(role__in=grantable).update(status=Invitation.Status.REVOKED)


def _delete_locked_team(team: Team) -> list[str]:
    from quickscale_modules.auth.hooks import DeletionRefused, delete_data, deletion_blockers

    reasons = deletion_blockers("team_deletion_blocker", team)
    if reasons:
        raise TeamDeletionBlocked(" ".join(reasons))
    try:
        done = delete_data("delete_team_data", team)
    except DeletionRefused as refusal:  # a module could not do its part: nothing is deleted (the caller's atomic)
        raise TeamDeletionBlocked(str(refusal)) from refusal
    team.delete()
    return done


def _keep_an_owner(team: Team, verb: str) -> None:
    if Membership.objects.filter(team=team, role=OWNER).count() <= 1:
        raise LastOwnerError(f"A team needs an owner: make someone else an owner before you {verb} the last one.")


def _delete_membership(team: Team, membership: Membership, verb: str) -> None:
    if membership.role == OWNER:
        _keep_an_owner(team, verb)
    removed = Membership(pk=membership.pk, team=team, user=membership.user, role=membership.role)
    membership.delete()
    _withdraw_what_they_may_no_longer_grant(team, removed.user, None)
    _announce(member_removed, removed)


def _announce(signal, membership: Membership) -> None:
    """Send `signal` once the transaction commits, so listeners never see a change that was rolled back."""
    transaction.on_commit(
        lambda: signal.send(sender=Team, team=membership.team, user=membership.user, membership=membership)
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50].strip("-") or "team"
    if base in teams_settings.RESERVED_SLUGS:
        base = f"{base}-team"
    taken = set(Team.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _new_key() -> str:
    return secrets.token_urlsafe(32)


def _expiry():
    return timezone.now() + timedelta(days=teams_settings.INVITATION_DAYS)
