"""Admin: transactions (read-only: Stripe holds the truth) with their refunds, and the refund action, which
needs the permission "Can refund transaction" (quickscale_payments.refund_transaction) and is recorded in the
audit log when the admin module is installed."""

import stripe
from django.apps import apps
from django.contrib import admin, messages

from quickscale_modules.payments import services
from quickscale_modules.payments.models import Refund, Transaction


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    can_delete = False
    fields = ["stripe_refund_id", "amount", "status", "reason", "requested_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Transaction)
class TransactionAdmin(admin.ModelAdmin):
    list_display = ["description", "display_amount", "status", "dispute_status", "payer_label", "created_at"]
    list_filter = ["status", "currency", "dispute_status"]
    search_fields = ["description", "payer_label", "public_id", "stripe_payment_intent_id", "stripe_charge_id"]
    date_hierarchy = "created_at"
    inlines = [RefundInline]
    actions = ["refund_in_full"]
    exclude = ["payer_type", "item_type"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Transaction._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_refund_permission(self, request) -> bool:
        return request.user.has_perm("quickscale_payments.refund_transaction")

    @admin.action(description="Refund what remains of the selected purchases", permissions=["refund"])
    def refund_in_full(self, request, queryset) -> None:
        for purchase in queryset:
            try:
                refund = services.refund(purchase, by=request.user)
            except (ValueError, services.PaymentsNotConfigured) as refusal:
                self.message_user(request, f"{purchase}: {refusal}", messages.ERROR)
            except stripe.StripeError as error:
                self.message_user(
                    request, f"{purchase}: Stripe refused the refund ({error.user_message or error}).", messages.ERROR
                )
            else:
                _audit(purchase, refund, request.user)
                self.message_user(request, f"{purchase}: {refund.display_amount} refunded.", messages.SUCCESS)


def _audit(purchase: Transaction, refund: Refund, actor) -> None:
    if apps.is_installed("quickscale_modules.admin"):
        from quickscale_modules.admin.services import record_event

        record_event(
            "payment_refunded",
            obj=purchase,
            actor=actor,
            data={"refund": refund.stripe_refund_id, "amount": refund.amount, "currency": purchase.currency},
        )
