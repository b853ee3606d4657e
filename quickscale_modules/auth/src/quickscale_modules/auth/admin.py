"""Admin: the account deletions, read-only (they are the record). Search by the address someone asks about."""

from django.contrib import admin

from quickscale_modules.auth.models import AccountDeletion


@admin.register(AccountDeletion)
class AccountDeletionAdmin(admin.ModelAdmin):
    list_display = ["deleted_at", "user_id", "actions"]
    date_hierarchy = "deleted_at"
    search_fields = ["user_id"]
    search_help_text = "An email address (compared by its keyed hash; none is stored) or a user id."
    readonly_fields = ["deleted_at", "user_id", "email_hash", "actions"]

    def get_search_results(self, request, queryset, search_term):
        if "@" in search_term:
            return queryset.for_email(search_term), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
