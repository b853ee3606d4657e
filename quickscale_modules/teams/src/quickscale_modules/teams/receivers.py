"""Signal receivers the app connects in ready(), only for the apps that are installed."""

from quickscale_modules.teams import services


def create_personal_team(sender, request, user, **kwargs) -> None:
    """allauth's user_signed_up: give the new user a team of their own."""
    services.create_personal_team(user)
