"""Signal receivers the app connects in ready(), only for the apps that are installed."""

from quickscale_modules.teams import services


def create_personal_team(sender, request, user, **kwargs) -> None:
    """allauth's user_signed_up: give the new user a team of their own."""
    services.create_personal_team(user)


def withdraw_invitations_of_deleted_user(sender, instance, **kwargs) -> None:
    """pre_delete of the user model, whatever deletes the account (the Django admin too): the invitations the user
    sent die with it (accepting also checks the inviter, so this keeps the pending lists true)."""
    services.revoke_invitations_sent_by(instance)
