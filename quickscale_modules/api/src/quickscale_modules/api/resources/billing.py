"""GET /api/v1/billing/subscription: the current payer's subscription status and entitlements; GET
/api/v1/billing/plans: the plans on sale, as the pricing page lists them (public). Read-only.

The payer is the billing module's: services.payer_for_request (the user, or their team when
QUICKSCALE_BILLING_CUSTOMER = "team"), and what it reads is the local summary row that the billing webhooks
keep current: a request here never calls Stripe. A team key's payer, with per-team billing, is its team.
"""

from __future__ import annotations

from django.apps import apps
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from quickscale_modules.api.teamkeys import SCOPED, key_team_id
from quickscale_modules.billing import services
from quickscale_modules.billing.conf import billing_settings
from quickscale_modules.billing.models import SubscriptionStatus


class SubscriptionSerializer(serializers.Serializer):
    payer = serializers.ChoiceField(
        ["user", "team"], allow_null=True, help_text='Who pays: "user" or "team"; null when there is no payer yet.'
    )
    team = serializers.CharField(allow_null=True, help_text="The paying team's slug, when a team pays.")
    status = serializers.ChoiceField(
        SubscriptionStatus.choices, allow_blank=True, help_text='Stripe\'s status of the subscription; "" for none.'
    )
    has_access = serializers.BooleanField(help_text="Whether the subscription grants its entitlements now.")
    plans = serializers.ListField(child=serializers.CharField(), help_text="Lookup keys of the subscribed prices.")
    entitlements = serializers.DictField(help_text="What the current plans grant: features (booleans), limits.")
    current_period_end = serializers.DateTimeField(allow_null=True)
    trial_end = serializers.DateTimeField(allow_null=True)
    cancel_at_period_end = serializers.BooleanField()


class PlanSerializer(serializers.Serializer):
    lookup_key = serializers.CharField(
        source="price.lookup_key", help_text="The price's lookup key, what checkout sells."
    )
    name = serializers.CharField(source="price.product.name", help_text="The product's name.")
    description = serializers.CharField(source="price.product.description", allow_blank=True, default="")
    amount = serializers.CharField(help_text='The price as the pricing page shows it: "15.00 USD / month".')
    interval = serializers.ChoiceField(list(services.INTERVALS), source="price.recurring.interval")
    includes = serializers.ListField(
        child=serializers.CharField(), help_text='What the plan includes, one line each: "Export", "10 projects".'
    )
    trial_days = serializers.IntegerField(allow_null=True, help_text="The free trial a checkout gives, in days.")
    card_required = serializers.BooleanField(help_text="Whether the trial asks for a card.")


INTERVAL = OpenApiParameter(
    "interval", str, OpenApiParameter.QUERY, enum=list(services.INTERVALS), description="month (default) or year."
)


def summary(payer) -> dict:
    customer = services.find_customer(payer)
    is_team = payer is not None and payer._meta.label == "quickscale_teams.Team"
    return {
        "payer": None if payer is None else "team" if is_team else "user",
        "team": payer.slug if is_team else None,
        "status": services.subscription_status(payer),
        "has_access": services.has_subscription(payer),
        "plans": list(customer.lookup_keys) if customer else [],
        "entitlements": services.entitlements(payer),
        "current_period_end": customer.current_period_end if customer else None,
        "trial_end": customer.trial_end if customer else None,
        "cancel_at_period_end": customer.cancel_at_period_end if customer else False,
    }


class BillingViewSet(viewsets.ViewSet):
    """A viewset of one read-only action, so that the router holds it like every other resource."""

    team_keys = SCOPED  # a team key's payer is its team (teams_of), or with per-user billing its own user

    @extend_schema(operation_id="billing_subscription_retrieve", responses=SubscriptionSerializer, tags=["billing"])
    @action(detail=False, methods=["get"])
    def subscription(self, request: Request) -> Response:
        """The payer's subscription and what it grants (empty entitlements without a current subscription)."""
        if billing_settings.CUSTOMER == "team" and apps.is_installed("quickscale_modules.teams"):
            from quickscale_modules.api.resources.teams import teams_of

            if key_team_id(request) is not None:
                # A team key bills its team: what billing's team resolver reads first (request.team).
                request.team = teams_of(request).first()
                if request.team is None:  # the key's user is no longer in the team: nobody pays here
                    return Response(SubscriptionSerializer(summary(None)).data)
        return Response(SubscriptionSerializer(summary(services.payer_for_request(request))).data)

    @extend_schema(
        operation_id="billing_plans_list",
        parameters=[INTERVAL],
        responses=PlanSerializer(many=True),
        tags=["billing"],
        description="The plans on sale for the interval, cheapest first, as the pricing page lists them, with the "
        "trial the payer would get (none once it had one). Public.",
    )
    @action(detail=False, methods=["get"], permission_classes=[AllowAny])
    def plans(self, request: Request) -> Response:
        interval = request.query_params.get("interval", "month")
        if interval not in services.INTERVALS:
            raise serializers.ValidationError({"interval": ["Choose month or year."]})
        if not billing_settings.configured:
            return Response([])
        customer = (
            services.find_customer(services.payer_for_request(request)) if request.user.is_authenticated else None
        )
        plans = services.plans_for_sale(interval, customer)
        return Response(PlanSerializer(plans, many=True).data)


def register(router) -> None:
    router.register("billing", BillingViewSet, basename="billing")
