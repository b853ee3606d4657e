"""Admin: billing customers (closed ones are the records of deleted payers), webhook events with their
processing status (and a reprocess action), usage; and read-only lists of the Stripe objects dj-stripe mirrors
(customers, subscriptions, products, prices, invoices, events).

dj-stripe's own admin (forty models, editing forms and "custom action" pages that fail when opened directly)
is replaced: Stripe holds these objects, the dashboard or `manage.py billing_sync` changes them.
"""

from django.contrib import admin, messages
from djstripe import models as djstripe_models

from quickscale_modules.billing import webhooks
from quickscale_modules.billing.models import BillingCustomer, EventStatus, UsageRecord, WebhookEvent


class RecordedBySystem:
    """Rows that checkouts, webhooks and usage write: staff read them, nobody adds one by hand."""

    def has_add_permission(self, request) -> bool:
        return False


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
class BillingCustomerAdmin(RecordedBySystem, admin.ModelAdmin):
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
class WebhookEventAdmin(RecordedBySystem, admin.ModelAdmin):
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
class UsageRecordAdmin(RecordedBySystem, admin.ModelAdmin):
    list_display = ["customer", "feature", "quantity", "created", "reported_at"]
    list_filter = ["feature"]
    search_fields = ["idempotency_key"]
    readonly_fields = [f.name for f in UsageRecord._meta.concrete_fields]


class StripeMirrorAdmin(RecordedBySystem, admin.ModelAdmin):
    """A Stripe object as dj-stripe last synced it: staff look, nobody edits a copy."""

    list_filter = ["livemode"]
    search_fields = ["id"]
    ordering = ["-created"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StripeCustomerAdmin(StripeMirrorAdmin):
    list_display = ["id", "email", "livemode", "created"]
    search_fields = ["id", "email"]


class StripeSubscriptionAdmin(StripeMirrorAdmin):
    list_display = ["id", "customer", "livemode", "created"]
    search_fields = ["id", "customer__id", "customer__email"]


class StripeProductAdmin(StripeMirrorAdmin):
    list_display = ["name", "id", "active", "livemode"]
    search_fields = ["id", "name"]


class StripePriceAdmin(StripeMirrorAdmin):
    list_display = ["lookup_key", "id", "product", "currency", "active", "livemode"]
    search_fields = ["id", "lookup_key", "nickname"]


class StripeInvoiceAdmin(StripeMirrorAdmin):
    list_display = ["id", "customer", "subscription", "livemode", "created"]
    search_fields = ["id", "customer__id", "customer__email"]


class StripeEventAdmin(StripeMirrorAdmin):
    list_display = ["id", "type", "livemode", "created"]
    search_fields = ["id", "type"]


STRIPE_MIRRORS = {
    djstripe_models.Customer: StripeCustomerAdmin,
    djstripe_models.Subscription: StripeSubscriptionAdmin,
    djstripe_models.Product: StripeProductAdmin,
    djstripe_models.Price: StripePriceAdmin,
    djstripe_models.Invoice: StripeInvoiceAdmin,
    djstripe_models.Event: StripeEventAdmin,
}


def replace_djstripe_admin(site: admin.AdminSite = admin.site) -> None:
    """Unregister dj-stripe's admin and register the read-only mirrors instead (from the app's ready(), after
    every app's admin module has run, dj-stripe's included)."""
    for model in [model for model in site._registry if model._meta.app_label == "djstripe"]:
        site.unregister(model)
    for model, model_admin in STRIPE_MIRRORS.items():
        site.register(model, model_admin)
