from django.contrib import admin

from quickscale_modules.notifications.models import Delivery, DeliveryEvent, Notification, OptOut, Suppression


class DeliveryEventInline(admin.TabularInline):
    model = DeliveryEvent
    extra = 0
    can_delete = False
    readonly_fields = ["event_type", "description", "occurred_at", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


BODIES = ("text", "html")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "category", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "category", "sensitive", "created_at"]
    search_fields = ["to", "subject", "provider_message_id", "key"]
    date_hierarchy = "created_at"
    inlines = [DeliveryEventInline]
    readonly_fields = [*(field.name for field in Delivery._meta.fields if field.name != "claim_token"), "body"]

    def get_fields(self, request, obj=None) -> list[str]:
        """The body of a sensitive email is never shown, not even while it waits to be sent: it holds a live link
        (password reset, verification, invitation) that would let a staff member take the account over."""
        hidden = BODIES if obj is None or obj.sensitive else ("body",)
        return [name for name in self.readonly_fields if name not in hidden]

    @admin.display(description="Body")
    def body(self, obj: Delivery) -> str:
        return "Not shown: this email carries a secret link. It is deleted once the email is sent."

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    list_filter = ["read_at", "created_at"]
    search_fields = ["title", "body"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    # expires_at: the end of a pause after soft bounces; empty for good (until the address's owner lifts it).
    list_display = ["email", "reason", "created_at", "expires_at"]
    list_filter = ["reason"]
    search_fields = ["email"]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "category", "created_at"]
    list_filter = ["category"]
    search_fields = ["email"]
