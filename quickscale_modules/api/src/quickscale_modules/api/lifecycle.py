"""The api module's part when a user's data is exported, or their account or a team deleted (the lifecycle
protocol: quickscale_modules.auth.hooks collects these functions from every installed app)."""

from __future__ import annotations

from quickscale_modules.api import services


def export_user_data(user) -> dict:
    """The user's API keys as the keys page lists them: never the key itself or its hash."""
    slugs = services.team_slugs(user)
    return {
        "api_keys": [
            {
                "name": key.name,
                "prefix": key.prefix,
                "team": slugs.get(key.team_id) if key.team_id is not None else None,
                "created_at": key.created.isoformat(),
                "expires_at": key.expiry_date.isoformat() if key.expiry_date else None,
                "last_used_at": key.last_used_at.isoformat() if key.last_used_at else None,
                "revoked": key.revoked,
            }
            for key in services.keys_of(user)
        ]
    }


def delete_user_data(user) -> list[str]:
    """Revoke every key of the user (the rows go with the account)."""
    revoked = services.revoke_user_keys(user)
    return [f"revoked {revoked} API key(s)"] if revoked else []


def delete_team_data(team) -> list[str]:
    """Revoke the team's keys. Also connected to the team's pre_delete (apps.py), whatever deletes it."""
    revoked = services.revoke_team_keys(team.pk)
    return [f"revoked {revoked} API key(s) of the team"] if revoked else []
