"""Who may reach the billing module's URLs, for the project's authorization test (tests/urlaccess.py in a
generated project explains the format). With QUICKSCALE_BILLING_CUSTOMER = "team" the payer is the user's
current team, and only its owners manage the subscription (teams' manage_billing)."""

import json
import time

import stripe

from quickscale_modules.billing.conf import billing_settings

WEBHOOK_SECRET = "whsec_authorization_test"


def _manage_billing() -> str | dict:
    """Who may start a checkout, open the portal, cancel or resume: the payer, or a team payer's owners."""
    if billing_settings.CUSTOMER != "team":
        return "signed in"
    # The user and staff are in no team: they are told to create one first (a redirect, not a refusal).
    return {"level": "signed in", "member": "403", "admin": "403"}


def _signed_event(target) -> tuple[bytes, dict, str]:
    """A well-formed Stripe event of a type billing ignores, signed with the row's webhook secret."""
    body = json.dumps(
        {
            "id": "evt_authorization",
            "object": "event",
            "type": "ping",
            "created": int(time.time()),
            "data": {"object": {}},
        }
    )
    timestamp = int(time.time())
    signature = stripe.WebhookSignature._compute_signature(f"{timestamp}.{body}", WEBHOOK_SECRET)
    return body.encode(), {"Stripe-Signature": f"t={timestamp},v1={signature}"}, "application/json"


ROWS = {
    "quickscale_billing:pricing": {"GET": "public"},
    "quickscale_billing:success": {"GET": "signed in"},
    "quickscale_billing:cancel": {"GET": "signed in"},
    "quickscale_billing:manage": {"GET": "signed in"},
    "quickscale_billing:checkout": {"POST": _manage_billing()},
    "quickscale_billing:portal": {"POST": _manage_billing()},
    "quickscale_billing:cancel_subscription": {"POST": _manage_billing()},
    "quickscale_billing:resume_subscription": {"POST": _manage_billing()},
    "quickscale_billing:webhook": {
        "POST": "webhook",
        "webhook": _signed_event,
        "settings": {"STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET},
    },
}
