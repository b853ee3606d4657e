"""What the services refuse, as exceptions whose message is one sentence a user can act on."""

from __future__ import annotations


class TeamsError(Exception):
    """Base class: the message is shown to the user as it is."""


class NotAllowed(TeamsError):
    """The acting member's role does not allow the action."""


class LastOwnerError(TeamsError):
    """The action would leave the team without an owner."""


class TeamDeletionBlocked(TeamsError):
    """An installed module's team_deletion_blocker refuses the deletion: the message is its sentences."""


class AlreadyMember(TeamsError):
    """The invited address belongs to a member of the team."""


class AlreadyInvited(TeamsError):
    """A pending invitation to the team already exists for the address."""


class InvitationUnusable(TeamsError):
    """The invitation link is expired, revoked, used, replaced or forged; `reason` says which."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class NotTheInvitee(TeamsError):
    """The signed-in account may not accept the invitation: `reason` is "other_account" (the invitation is for an
    address the account does not have) or "unverified" (the account has the address but has not verified it)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
