"""The notes app's lifecycle hooks: a project app's own part of "download my data" and "delete my account"."""

from notes.models import Note
from quickscale_modules.auth.hooks import DeletionRefused


def export_user_data(user) -> dict:
    return {"notes": list(Note.objects.filter(user=user).order_by("pk").values_list("text", flat=True))}


def user_deletion_blocker(user) -> str | None:
    if Note.objects.filter(user=user, shared=True).exists():
        return "Unshare your shared notes first: other people are reading them."
    return None


def delete_user_data(user) -> list[str]:
    deleted, _ = Note.objects.filter(user=user, archived=False).delete()
    if Note.objects.filter(user=user, archived=True).exists():
        raise DeletionRefused("Your archived notes could not be removed from the archive; try again tomorrow.")
    return [f"{deleted} note(s) deleted"] if deleted else []
