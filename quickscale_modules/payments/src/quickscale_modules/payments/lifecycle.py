"""What payments does when a user's data is exported and when a user or a team is deleted (the lifecycle hooks
that quickscale_modules.auth.hooks collects; docs/modules/payments.md, "Deleting a payer").

Purchases are accounting records: deleting the payer keeps them, without the payer's name or link (the receipt
then says "a deleted account"); Stripe keeps its own copy of the charge. Nothing blocks the deletion.
"""

from __future__ import annotations

from typing import Any

from quickscale_modules.payments import services


def export_user_data(user) -> dict[str, Any]:
    """The user's own purchases (a team's belong to the team)."""
    purchases = [
        {
            "reference": str(p.public_id),
            "description": p.description,
            "amount": p.amount,
            "currency": p.currency,
            "amount_refunded": p.amount_refunded,
            "status": p.status,
            "created": p.created_at.isoformat(),
            "paid": p.paid_at.isoformat() if p.paid_at else None,
        }
        for p in services.history(user)
    ]
    return {"purchases": purchases} if purchases else {}


def delete_user_data(user) -> list[str]:
    return _forget(user, "your")


def delete_team_data(team) -> list[str]:
    return _forget(team, "the team's")


def _forget(payer, whose: str) -> list[str]:
    count = services.forget_payer(payer)
    return [f"kept {count} of {whose} purchases as accounting records, without the payer's name."] if count else []


# --- receivers (connected in apps.py) ----------------------------------------------------------------------


def user_deleted(sender, instance, **kwargs) -> None:
    """pre_delete of the user model."""
    delete_user_data(instance)


def team_deleted(sender, instance, **kwargs) -> None:
    """pre_delete of the teams module's Team."""
    delete_team_data(instance)
