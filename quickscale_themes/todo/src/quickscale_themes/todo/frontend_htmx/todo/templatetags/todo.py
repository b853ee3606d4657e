"""{% todo_url "edit" task %}: a URL of the task list, with the list's scope (the team's slug with teams)."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def todo_url(context, name: str, task=None) -> str:
    kwargs = dict(context.get("todo_scope") or {})
    if task is not None:
        kwargs["pk"] = task.pk
    return reverse(f"todo:{name}", kwargs=kwargs)
