from django.contrib import admin

from quickscale_modules.notifications.models import Delivery, DeliveryEvent, Notification, OptOut, Suppression


class DeliveryEventInline(admin.TabularInline):
    model = DeliveryEvent
    extra = 0
    can_delete = False
    readonly_fields = ["event_type", "description", "occurred_at", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "category", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "category", "created_at"]
    search_fields = ["to", "subject", "provider_message_id", "key"]
    date_hierarchy = "created_at"
    inlines = [DeliveryEventInline]
    readonly_fields = [field.name for field in Delivery._meta.fields]

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
    list_display = ["email", "reason", "created_at"]
    search_fields = ["email"]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "category", "created_at"]
    list_filter = ["category"]
    search_fields = ["email"]
