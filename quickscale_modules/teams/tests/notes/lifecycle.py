"""The sample app's lifecycle hooks, as a project's app writes them: a team with a pinned note is not deleted
until it is unpinned, and deleting a team's data says how many notes went (counted before the team's row goes);
an archived note cannot be removed (kept elsewhere), so its team's deletion is refused then."""

from notes.models import Note
from quickscale_modules.auth.hooks import DeletionRefused


def team_deletion_blocker(team) -> str | None:
    if Note.objects.filter(team=team, title__startswith="Pinned").exists():
        return f"Unpin the pinned notes of {team.name} before you delete it."
    return None


def delete_team_data(team) -> list[str]:
    if Note.objects.filter(team=team, title__startswith="Archived").exists():
        raise DeletionRefused(f"The archived notes of {team.name} could not be removed; try again tomorrow.")
    count, _ = Note.objects.filter(team=team).delete()
    return [f"deleted {count} notes of {team.name}"] if count else []
