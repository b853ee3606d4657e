from django.contrib import admin

from todo.models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", Task.SCOPE, "done", "created_at", "deleted_at")
    list_filter = ("done",)
    search_fields = ("title",)
    list_select_related = (Task.SCOPE,)
    raw_id_fields = (Task.SCOPE,)
