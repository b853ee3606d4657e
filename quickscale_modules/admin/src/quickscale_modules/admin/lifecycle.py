"""What the admin module does when a user is exported or deleted (docs/modules/admin.md, "Deleting a user").

The audit log keeps a deleted user's entries, since they are the record of what happened, with the user's
email replaced by a pseudonym ("deleted user #12") and the values recorded about their account erased.
Teams hold nothing in the audit log of their own: a deleted team's entries stay as they are.
"""

from __future__ import annotations

EXPORTED_ENTRIES = 1000


def export_user_data(user) -> dict:
    """The newest audit entries the user made (their sign-ins, changes and security events)."""
    from quickscale_modules.admin.models import AuditEntry

    entries = AuditEntry.objects.filter(actor_id=user.pk).order_by("-timestamp")[:EXPORTED_ENTRIES]
    return {
        "audit_log": [
            {
                "time": entry.timestamp.isoformat(),
                "event": entry.event,
                "object": entry.object_repr,
                "ip": entry.remote_addr,
                "request_id": entry.cid,
            }
            for entry in entries
        ]
    }


def delete_user_data(user) -> list[str]:
    """Anonymise the user in the audit log (their entries are kept)."""
    from quickscale_modules.admin.retention import anonymise_user_entries, pseudonym

    changed = anonymise_user_entries(user)
    return [f"{changed} audit log entries now name the user {pseudonym(user)}"] if changed else []
