"""Admin: billing customers (closed ones are the records of deleted payers), webhook events with their
processing status (and a reprocess action), usage.

dj-stripe's own admin lists Stripe customers, subscriptions, products and prices (the plans).
"""

from django.contrib import admin, messages

from quickscale_modules.billing import webhooks
from quickscale_modules.billing.models import BillingCustomer, EventStatus, UsageRecord, WebhookEvent


class ClosedFilter(admin.SimpleListFilter):
    title = "payer deleted"
    parameter_name = "closed"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(closed_at__isnull=self.value() == "no")
        return queryset


@admin.register(BillingCustomer)
class BillingCustomerAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "lookup_keys",
        "quantity",
        "current_period_end",
        "cancel_at_period_end",
        "closed_at",
        "closed_reason",
    ]
    list_filter = ["status", "cancel_at_period_end", ClosedFilter]
    search_fields = ["stripe_customer_id", "subscription_id", "owner_id"]
    readonly_fields = [f.name for f in BillingCustomer._meta.concrete_fields]


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["stripe_id", "type", "status", "attempts", "created", "processed_at"]
    list_filter = ["status", "type"]
    search_fields = ["stripe_id", "type"]
    readonly_fields = [f.name for f in WebhookEvent._meta.concrete_fields]
    actions = ["reprocess"]

    @admin.action(description="Process the selected events again")
    def reprocess(self, request, queryset):
        failed = sum(webhooks.reprocess(event).status == EventStatus.FAILED for event in queryset)
        if failed:
            self.message_user(request, f"{failed} event(s) failed again; see their last error.", messages.WARNING)
        else:
            self.message_user(request, "Processed.", messages.SUCCESS)


@admin.register(UsageRecord)
class UsageRecordAdmin(admin.ModelAdmin):
    list_display = ["customer", "feature", "quantity", "created", "reported_at"]
    list_filter = ["feature"]
    search_fields = ["idempotency_key"]
    readonly_fields = [f.name for f in UsageRecord._meta.concrete_fields]
