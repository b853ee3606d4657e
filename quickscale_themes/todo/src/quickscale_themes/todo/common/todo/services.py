"""The todo app's business logic: views, the admin, the API and the tests call these, never the ORM directly."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from todo.models import Task

FILTERS = {"all": Q(), "active": Q(done=False), "done": Q(done=True)}


def tasks(scope: dict, show: str = "all"):
    """The tasks of `scope` (Task.SCOPE -> its owner) that `show` (all, active, done) asks for."""
    return Task.objects.alive().filter(FILTERS[show], **scope)


def counts(scope: dict) -> dict[str, int]:
    """How many tasks of `scope` are active and done, in one query."""
    return (
        Task.objects.alive()
        .filter(**scope)
        .aggregate(active=Count("pk", filter=Q(done=False)), done=Count("pk", filter=Q(done=True)))
    )


def add_task(scope: dict, title: str) -> Task:
    return Task.objects.create(title=title.strip(), **scope)


def rename_task(task: Task, title: str) -> Task:
    task.title = title.strip()
    task.save(update_fields=["title"])
    return task


def set_done(task: Task, done: bool) -> Task:
    task.done = done
    task.save(update_fields=["done"])
    return task


def scope_of(task: Task) -> dict:
    return {Task.SCOPE: getattr(task, Task.SCOPE)}


@transaction.atomic
def delete_task(task: Task) -> list[int]:
    """Delete `task` so that it can still be restored; tasks deleted before it in its list go for good.

    Returns the ids of those removed for good (their undo is no longer possible)."""
    earlier = Task.objects.filter(deleted_at__isnull=False, **scope_of(task)).exclude(pk=task.pk)
    purged = list(earlier.values_list("pk", flat=True))
    earlier.delete()
    task.deleted_at = timezone.now()
    task.save(update_fields=["deleted_at"])
    return purged


def restore_task(task: Task) -> Task:
    task.deleted_at = None
    task.save(update_fields=["deleted_at"])
    return task


def deleted_task(scope: dict, pk) -> Task | None:
    """The deleted task `pk` of `scope` that can still be restored, else None."""
    if not str(pk or "").isdigit():
        return None
    return Task.objects.filter(deleted_at__isnull=False, pk=pk, **scope).first()
