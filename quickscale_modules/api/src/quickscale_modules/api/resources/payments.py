"""/api/v1/payments/transactions: the purchases the user may see (their own and their teams'), read-only.

    GET /payments/transactions              newest first, paginated
    GET /payments/transactions/{reference}  one of them, by its reference (a UUID); anyone else's is a 404

What it reads is the local rows the payments webhooks keep current: a request here never calls Stripe. A team key
is refused: the list spans every team of the user.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from quickscale_modules.api.teamkeys import REFUSE
from quickscale_modules.payments import services
from quickscale_modules.payments.models import Status, Transaction


class TransactionSerializer(serializers.ModelSerializer):
    reference = serializers.UUIDField(source="public_id", read_only=True)
    payer = serializers.SerializerMethodField(help_text='Who paid: "user", "team", or null once the payer is deleted.')
    amount = serializers.IntegerField(read_only=True, help_text="In the currency's minor units (cents; yen for JPY).")
    amount_refunded = serializers.IntegerField(read_only=True, help_text="In minor units, every refund so far.")
    display_amount = serializers.CharField(
        read_only=True, help_text='The amount as people read it: "$15.00", "¥1,500".'
    )
    status = serializers.ChoiceField(Status.choices, read_only=True)

    class Meta:
        model = Transaction
        fields = [
            "reference",
            "description",
            "amount",
            "currency",
            "display_amount",
            "amount_refunded",
            "status",
            "dispute_status",
            "payer",
            "created_at",
            "paid_at",
        ]
        read_only_fields = fields

    def get_payer(self, purchase: Transaction) -> str | None:
        if purchase.payer_type is None:
            return None
        return "team" if purchase.payer_type.model == "team" else "user"


@extend_schema_view(
    list=extend_schema(tags=["payments"], description="The purchases of the user and of their teams, newest first."),
    retrieve=extend_schema(tags=["payments"], description="One purchase, by its reference; another's is 404."),
)
class TransactionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    team_keys = REFUSE  # the list spans every team of the user: not for a key of one team
    serializer_class = TransactionSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "reference"
    lookup_value_regex = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the model, with no user
            return Transaction.objects.none()
        return services.visible_to(self.request.user).select_related("payer_type")


def register(router) -> None:
    router.register("payments/transactions", TransactionViewSet, basename="payments-transaction")
