"""The sample app's lifecycle hooks, as a project's app writes them: a team with a pinned note is not deleted
until it is unpinned, and deleting a team's data says how many notes went (counted before the team's row goes)."""

from notes.models import Note


def team_deletion_blocker(team) -> str | None:
    if Note.objects.filter(team=team, title__startswith="Pinned").exists():
        return f"Unpin the pinned notes of {team.name} before you delete it."
    return None


def delete_team_data(team) -> list[str]:
    count, _ = Note.objects.filter(team=team).delete()
    return [f"deleted {count} notes of {team.name}"] if count else []
