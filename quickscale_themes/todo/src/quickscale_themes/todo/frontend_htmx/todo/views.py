"""The task list's pages: plain forms and redirects without JavaScript; with htmx, only the changed part is sent.

Every view takes the request's scope (todo.scope: the team in the URL or the signed-in user) and works on its
tasks only: another list's task is a 404.
"""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from todo import scope, services
from todo.forms import TaskForm
from todo.models import Task

SHOWS = ("all", "active", "done")


def _show(request) -> str:
    value = request.POST.get("show") or request.GET.get("show")
    return value if value in SHOWS else "all"


def _partial(request) -> bool:
    """An htmx request that wants a fragment (a history restore wants the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _list_url(request, show: str, **query) -> str:
    query = {"show": show, **query} if show != "all" else query
    url = reverse("todo:list", kwargs=scope.url_kwargs(request))
    return f"{url}?{urlencode(query)}" if query else url


def _task(request, pk: int, deleted: bool = False) -> Task:
    return get_object_or_404(Task.objects.filter(deleted_at__isnull=not deleted, **scope.of(request)), pk=pk)


def _board(request, show: str, form: TaskForm | None = None, deleted: Task | None = None, status: int = 200):
    """The whole list (form, filter, tasks): the page, or only the board for htmx."""
    context = {
        "form": form or TaskForm(),
        "focus": form is None and request.method == "POST",
        "tasks": services.tasks(scope.of(request), show),
        "counts": services.counts(scope.of(request)),
        "show": show,
        "shows": SHOWS,
        "deleted": deleted,
        "todo_scope": scope.url_kwargs(request),
    }
    template = "todo/_board.html" if _partial(request) else "todo/task_list.html"
    return render(request, template, context, status=status)


def _row(request, template: str, task: Task, show: str, **extra):
    """One task's row for htmx, with the counts swapped out of band."""
    context = {
        "task": task,
        "show": show,
        "counts": services.counts(scope.of(request)),
        "todo_scope": scope.url_kwargs(request),
        "oob_counts": True,
        **extra,
    }
    return render(request, template, context)


@scope.member_required
@require_safe
@vary_on_headers("HX-Request")
def task_list(request, **kwargs):
    deleted = services.deleted_task(scope.of(request), request.GET.get("deleted"))  # the undo offer without JS
    return _board(request, _show(request), deleted=deleted)


@scope.member_required
@require_POST
def create(request, **kwargs):
    show = _show(request)
    form = TaskForm(request.POST)
    if not form.is_valid():
        return _board(request, show, form=form, status=200 if _partial(request) else 400)
    services.add_task(scope.of(request), form.cleaned_data["title"])
    return _board(request, show) if _partial(request) else redirect(_list_url(request, show))


@scope.member_required
@require_safe
@vary_on_headers("HX-Request")
def task(request, pk, **kwargs):
    """One task's row (htmx: cancelling an edit); without JavaScript, the list."""
    found, show = _task(request, pk), _show(request)
    return _row(request, "todo/_task.html", found, show) if _partial(request) else redirect(_list_url(request, show))


@scope.member_required
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def edit(request, pk, **kwargs):
    """Rename a task: in its row with htmx, on a page of its own without JavaScript."""
    found, show = _task(request, pk), _show(request)
    form = TaskForm(request.POST) if request.method == "POST" else TaskForm(initial={"title": found.title})
    if form.is_bound and form.is_valid():
        services.rename_task(found, form.cleaned_data["title"])
        if _partial(request):
            return _row(request, "todo/_task.html", found, show)
        return redirect(_list_url(request, show))
    if _partial(request):
        return _row(request, "todo/_task_edit.html", found, show, form=form)
    context = {"task": found, "form": form, "show": show, "todo_scope": scope.url_kwargs(request)}
    return render(request, "todo/task_edit.html", context, status=400 if form.errors else 200)


@scope.member_required
@require_POST
def toggle(request, pk, **kwargs):
    """Complete a task, or make it active again."""
    found, show = services.set_done(_task(request, pk), request.POST.get("done") == "true"), _show(request)
    if not _partial(request):
        return redirect(_list_url(request, show))
    if show != "all" and found.done != (show == "done"):
        return _row(request, "todo/_gone.html", found, show)  # no longer in this filter: the row goes
    return _row(request, "todo/_task.html", found, show)


@scope.member_required
@require_POST
def delete(request, pk, **kwargs):
    found, show = _task(request, pk), _show(request)
    purged = services.delete_task(found)
    if not _partial(request):
        return redirect(_list_url(request, show, deleted=found.pk))
    return _row(request, "todo/_task_deleted.html", found, show, purged=purged)


@scope.member_required
@require_POST
def restore(request, pk, **kwargs):
    """Undo a delete."""
    found, show = services.restore_task(_task(request, pk, deleted=True)), _show(request)
    return _row(request, "todo/_task.html", found, show) if _partial(request) else redirect(_list_url(request, show))
