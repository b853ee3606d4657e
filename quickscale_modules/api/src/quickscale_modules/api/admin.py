from django.contrib import admin
from rest_framework_api_key.models import APIKey

from quickscale_modules.api.models import UserAPIKey

# The library's own APIKey model belongs to no user and is not used: keep it out of the admin.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


@admin.register(UserAPIKey)
class UserAPIKeyAdmin(admin.ModelAdmin):
    """Staff see and revoke keys; only their owners create them (on the API keys page), so no key passes here."""

    list_display = ["name", "prefix", "user", "team_id", "created", "expiry_date", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "prefix", "user__email"]
    fields = ["name", "prefix", "user", "team_id", "created", "expiry_date", "last_used_at", "revoked"]
    readonly_fields = ["name", "prefix", "user", "team_id", "created", "expiry_date", "last_used_at"]
    list_select_related = ["user"]

    def has_add_permission(self, request) -> bool:
        return False
