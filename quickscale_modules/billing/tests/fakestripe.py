"""A small local Stripe API for the tests: the endpoints this module and dj-stripe call, speaking Stripe's
documented JSON (form-encoded requests, `{"object": "list", ...}` lists, `{"error": {...}}` errors).

localstripe (on the package index) installs and runs with stripe 15, but it has no Prices, Checkout
Sessions, Billing Portal sessions or Billing Meter events, which everything here is built on; so the tests
run the real stripe-python and dj-stripe against this server instead (see docs/modules/billing.md).
The test process drives what a customer does on stripe.com through FakeStripe's methods
(complete_checkout, advance ...).
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

MONTH = 30 * 24 * 3600
YEAR = 365 * 24 * 3600


def unflatten(pairs: list[tuple[str, str]]) -> dict:
    """Stripe's form encoding (items[0][price]=x, expand[]=y, metadata[k]=v) back into nested data."""
    result: dict = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+|\[\]", key)
        node = result
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if part == "[]":
                continue
            following = parts[index + 1] if not last else None
            if last or following == "[]":
                if following == "[]":
                    node.setdefault(part, []).append(value)
                else:
                    node[part] = value
                break
            node = node.setdefault(part, {})
    return _listify(result)


def _listify(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_listify(node[k]) for k in sorted(node, key=int)]
        return {k: _listify(v) for k, v in node.items()}
    return node


class FakeStripe:
    """The server's state; thread-safe; every request is appended to `requests` as (method, path)."""

    def __init__(self):
        self.lock = threading.RLock()
        self.objects: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []
        # (path, parameters) of every POST, for tests that check what was asked of Stripe.
        self.posted: list[tuple[str, dict]] = []
        self.meter_events: dict[str, dict] = {}
        self.fail_next: list[int] = []
        self.counter = itertools.count(1)
        self.server: ThreadingHTTPServer | None = None
        self.url = ""
        self.idempotent: dict[str, dict] = {}
        # Seconds each answer waits (Stripe is a network away; the concurrency tests widen their races with it).
        self.latency = 0.0
        self.holds: dict[tuple[str, str], Hold] = {}

    # --- lifecycle
    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, and no Nagle delay between headers and body (each request would wait ~40 ms).
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def _answer(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                parts = urlsplit(self.path)
                params = unflatten(parse_qsl(body, keep_blank_values=True) + parse_qsl(parts.query))
                status, payload = fake.dispatch(method, parts.path, params, self.headers.get("Idempotency-Key"))
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", f"req_{next(fake.counter)}")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._answer("GET")

            def do_POST(self):
                self._answer("POST")

            def do_DELETE(self):
                self._answer("DELETE")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        return self.url

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def reset(self) -> None:
        with self.lock:
            self.objects.clear()
            self.requests.clear()
            self.posted.clear()
            self.meter_events.clear()
            self.fail_next.clear()
            self.idempotent: dict[str, dict] = {}
            self.holds.clear()
            self.latency = 0.0

    # --- helpers the tests call directly (what happens on stripe.com)
    def new_id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self.counter):06d}"

    def hold(self, method: str, path: str) -> Hold:
        """Hold the next answer to `method path` (computed when the request arrives) until released."""
        hold = Hold()
        with self.lock:
            self.holds[(method, path)] = hold
        return hold

    def add_price(self, lookup_key: str, amount: int, interval: str = "month", name: str = "Pro", **extra) -> dict:
        with self.lock:
            product = next(
                (o for o in self.objects.values() if o["object"] == "product" and o["name"] == name), None
            ) or self._product({"name": name})
            return self._price(
                {
                    "product": product["id"],
                    "unit_amount": amount,
                    "currency": "usd",
                    "lookup_key": lookup_key,
                    "recurring": {"interval": interval, "usage_type": extra.pop("usage_type", "licensed")},
                    **extra,
                }
            )

    def complete_checkout(self, session_id: str) -> dict:
        """The customer pays on Checkout: Stripe creates the subscription the session describes, or (payment
        mode) a PaymentIntent that succeeded, with its charge."""
        with self.lock:
            session = self.objects[session_id]
            if session["status"] != "open":
                raise CheckoutNotOpen(f"Checkout Session {session_id} is {session['status']}: it cannot be paid.")
            if session["mode"] == "payment":
                declined = self.objects.pop(session.get("payment_intent") or "", None)
                intent = self._payment_intent(session, succeeded=True, intent_id=declined and declined["id"])
                session.update(status="complete", payment_intent=intent["id"], payment_status="paid")
                return session
            line = session["line_items"][0]
            subscription_data = session.get("subscription_data") or {}
            subscription = self._subscription(
                {
                    "customer": session["customer"],
                    "items": [{"price": line["price"], "quantity": line.get("quantity", "1")}],
                    "trial_period_days": subscription_data.get("trial_period_days"),
                    "metadata": subscription_data.get("metadata") or {},
                }
            )
            session.update(status="complete", subscription=subscription["id"], payment_status="paid")
            return session

    def decline_checkout(self, session_id: str) -> dict:
        """The customer's card is declined on Checkout (payment mode): a PaymentIntent with the error; the session
        stays open for another card."""
        with self.lock:
            session = self.objects[session_id]
            intent = self._payment_intent(session, succeeded=False)
            session["payment_intent"] = intent["id"]
            return intent

    def open_dispute(self, payment_intent_id: str) -> dict:
        """The cardholder's bank disputes the charge of a PaymentIntent."""
        with self.lock:
            intent = self.objects[payment_intent_id]
            charge = self.objects[intent["latest_charge"]]
            charge["disputed"] = True
            return self._store(
                "dp",
                "dispute",
                {
                    "amount": charge["amount"],
                    "currency": charge["currency"],
                    "charge": charge["id"],
                    "payment_intent": payment_intent_id,
                    "reason": "fraudulent",
                    "status": "needs_response",
                },
            )

    def advance(self, subscription_id: str, **changes) -> dict:
        """Change a subscription as time or Stripe would (status, period end ...)."""
        with self.lock:
            subscription = self.objects[subscription_id]
            period_end = changes.pop("current_period_end", None)
            subscription.update(changes)
            if period_end is not None:
                for item in subscription["items"]["data"]:
                    item["current_period_end"] = period_end
            return json.loads(json.dumps(subscription))

    def count(self, method: str, path: str) -> int:
        with self.lock:
            return sum(1 for request in self.requests if request == (method, path))

    # --- the API
    def dispatch(self, method: str, path: str, params: dict, idempotency_key: str | None):
        answer = self._answer(method, path, params, idempotency_key)
        with self.lock:
            hold = self.holds.pop((method, path), None)
        if hold is not None:
            hold.wait()
        if self.latency:
            time.sleep(self.latency)
        return answer

    def _answer(self, method: str, path: str, params: dict, idempotency_key: str | None):
        with self.lock:
            self.requests.append((method, path))
            if method == "POST":
                self.posted.append((path, params))
            if self.fail_next:
                return self.fail_next.pop(0), _error("api_error", "Injected failure.")
            if idempotency_key and method == "POST":
                previous = getattr(self, "idempotent", {}).get(idempotency_key)
                if previous is not None:
                    return 200, previous
            status, payload = self._route(method, path, params)
            if idempotency_key and method == "POST" and status == 200:
                self.idempotent = getattr(self, "idempotent", {})
                self.idempotent[idempotency_key] = payload
            return status, json.loads(json.dumps(payload))

    def _route(self, method, path, params):
        routes = [
            ("GET", r"/v1/account", lambda: self._account()),
            ("POST", r"/v1/customers", lambda: self._customer(params)),
            ("POST", r"/v1/products", lambda: self._product(params)),
            ("POST", r"/v1/prices", lambda: self._price(params)),
            ("POST", r"/v1/subscriptions", lambda: self._subscription(params)),
            ("POST", r"/v1/checkout/sessions", lambda: self._checkout_session(params)),
            ("POST", r"/v1/billing_portal/sessions", lambda: self._portal_session(params)),
        ]
        if (method, path) == ("POST", "/v1/refunds"):
            return self._refund(params)
        if (method, path) == ("POST", "/v1/billing/meter_events"):
            return self._meter_event(params)
        for verb, pattern, action in routes:
            if verb == method and re.fullmatch(pattern, path):
                return 200, action()
        expire = re.fullmatch(r"/v1/checkout/sessions/([^/]+)/expire", path)
        if method == "POST" and expire:
            return self._expire_session(expire[1])
        match = re.fullmatch(
            r"/v1/(customers|products|prices|subscriptions|subscription_items|checkout/sessions|payment_intents|charges"
            r"|refunds|disputes)(?:/([^/]+))?",
            path,
        )
        if match:
            kind, object_id = match.groups()
            if object_id is None and method == "GET":
                return 200, self._list(LIST_OBJECTS[kind], params)
            stored = self.objects.get(object_id or "")
            if stored is None:
                return 404, _error(
                    "invalid_request_error", f"No such {kind[:-1]}: '{object_id}'", code="resource_missing"
                )
            if method == "POST":
                self._update(stored, params)
            elif method == "DELETE" and kind == "subscriptions":
                stored.update(status="canceled", canceled_at=int(time.time()), ended_at=int(time.time()))
            return 200, stored
        return 404, _error("invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def _list(self, object_name, params):
        """Objects of one kind, newest first, filtered by customer and status as Stripe's list endpoints are."""
        data = [o for o in self.objects.values() if o["object"] == object_name]
        for key in ("customer", "payment_intent"):
            if params.get(key):
                data = [o for o in data if o.get(key) == params[key]]
        status = params.get("status")
        if object_name == "subscription" and not status:
            status = "not canceled"  # Stripe lists the subscriptions that are not canceled unless told otherwise
        if status == "not canceled":
            data = [o for o in data if o["status"] != "canceled"]
        elif status and status != "all":
            data = [o for o in data if o["status"] == status]
        data.sort(key=lambda o: o["id"], reverse=True)
        return {"object": "list", "data": data, "has_more": False, "url": f"/v1/{object_name}s"}

    def _expire_session(self, session_id):
        session = self.objects.get(session_id)
        if session is None:
            return 404, _error("invalid_request_error", f"No such checkout.session: '{session_id}'")
        if session["status"] != "open":
            return 400, _error("invalid_request_error", f"Only open Checkout Sessions can be expired ({session_id}).")
        session["status"] = "expired"
        return 200, session

    def _account(self):
        return {
            "id": "acct_fake",
            "object": "account",
            "business_profile": {"name": "Fake"},
            "settings": {"dashboard": {"display_name": "Fake"}},
            "charges_enabled": True,
            "country": "US",
            "default_currency": "usd",
            "email": "owner@example.com",
            "type": "standard",
            "created": int(time.time()),
            "livemode": False,
            "metadata": {},
        }

    def _store(self, prefix, object_name, fields):
        obj = {"id": self.new_id(prefix), "object": object_name, "livemode": False, "created": int(time.time())}
        obj.update({"metadata": {}, **fields})
        self.objects[obj["id"]] = obj
        return obj

    def _customer(self, params):
        return self._store(
            "cus",
            "customer",
            {
                "email": params.get("email"),
                "name": params.get("name"),
                "metadata": params.get("metadata") or {},
                "balance": 0,
                "currency": None,
                "delinquent": False,
                "invoice_settings": {"default_payment_method": None},
                "default_source": None,
            },
        )

    def _product(self, params):
        return self._store(
            "prod", "product", {"name": params["name"], "active": True, "description": None, "type": "service"}
        )

    def _price(self, params):
        recurring = params.get("recurring") or {}
        price = self._store(
            "price",
            "price",
            {
                "active": True,
                "currency": params.get("currency", "usd"),
                "unit_amount": int(params["unit_amount"]),
                "unit_amount_decimal": str(params["unit_amount"]),
                "lookup_key": params.get("lookup_key"),
                "nickname": None,
                "product": params["product"],
                "type": "recurring",
                "billing_scheme": "per_unit",
                "tax_behavior": "unspecified",
                "recurring": {
                    "interval": recurring.get("interval", "month"),
                    "interval_count": 1,
                    "usage_type": recurring.get("usage_type", "licensed"),
                    "meter": recurring.get("meter"),
                },
            },
        )
        # The same account holds live-mode and test-mode objects; a test may add a live one beside a test one.
        price["livemode"] = params.get("livemode") in (True, "true")
        return price

    def _subscription(self, params):
        now = int(time.time())
        trial_days = int(params.get("trial_period_days") or 0)
        subscription = self._store(
            "sub",
            "subscription",
            {
                "customer": params["customer"],
                "status": "trialing" if trial_days else "active",
                "cancel_at_period_end": False,
                "cancel_at": None,
                "canceled_at": None,
                "ended_at": None,
                "start_date": now,
                "billing_cycle_anchor": now,
                "collection_method": "charge_automatically",
                "currency": "usd",
                "trial_start": now if trial_days else None,
                "trial_end": now + trial_days * 86400 if trial_days else None,
                "latest_invoice": None,
                "default_payment_method": None,
                "default_tax_rates": [],
                "metadata": params.get("metadata") or {},
                "items": {"object": "list", "data": [], "has_more": False, "url": "/v1/subscription_items"},
            },
        )
        for line in params.get("items") or []:
            price = self.objects[line["price"]]
            period = YEAR if price["recurring"]["interval"] == "year" else MONTH
            item = self._store(
                "si",
                "subscription_item",
                {
                    "price": price,
                    "quantity": int(line.get("quantity") or 1),
                    "subscription": subscription["id"],
                    "current_period_start": now,
                    "current_period_end": now + period,
                    "tax_rates": [],
                },
            )
            subscription["items"]["data"].append(item)
        return subscription

    def _update(self, stored, params):
        for key, value in params.items():
            if key == "cancel_at_period_end":
                stored["cancel_at_period_end"] = value == "true"
                stored["canceled_at"] = int(time.time()) if value == "true" else None
            elif key == "items" and stored["object"] == "subscription":
                for change in value:
                    for item in stored["items"]["data"]:
                        if item["id"] == change["id"] and "quantity" in change:
                            item["quantity"] = int(change["quantity"])
            elif key in ("metadata", "name", "email", "active"):
                stored[key] = value if key != "active" else value == "true"

    def _checkout_session(self, params):
        session = self._store(
            "cs",
            "checkout.session",
            {
                "mode": params.get("mode"),
                "customer": params.get("customer"),
                "client_reference_id": params.get("client_reference_id"),
                "line_items": params.get("line_items") or [],
                "subscription_data": params.get("subscription_data") or {},
                "payment_method_collection": params.get("payment_method_collection", "always"),
                "success_url": params.get("success_url"),
                "cancel_url": params.get("cancel_url"),
                "status": "open",
                "subscription": None,
                "payment_intent": None,
                "payment_status": "unpaid",
                "metadata": params.get("metadata") or {},
                "payment_intent_data": params.get("payment_intent_data") or {},
            },
        )
        session["url"] = f"https://checkout.stripe.com/c/pay/{session['id']}"
        return session

    def _payment_intent(self, session, succeeded: bool, intent_id: str | None = None) -> dict:
        """The PaymentIntent (and, paid, its charge) of a payment-mode Checkout Session's one line; a session
        keeps its PaymentIntent (`intent_id`) from a declined card to the one that pays."""
        price_data = session["line_items"][0]["price_data"]
        amount, currency = int(price_data["unit_amount"]), price_data["currency"]
        metadata = (session.get("payment_intent_data") or {}).get("metadata") or {}
        intent = self._store(
            "pi",
            "payment_intent",
            {
                "amount": amount,
                "currency": currency,
                "customer": session["customer"],
                "status": "succeeded" if succeeded else "requires_payment_method",
                "latest_charge": None,
                "last_payment_error": None if succeeded else {"code": "card_declined", "message": "Declined."},
                "metadata": metadata,
            },
        )
        if intent_id:
            del self.objects[intent["id"]]
            intent["id"] = intent_id
            self.objects[intent_id] = intent
        if succeeded:
            charge = self._store(
                "ch",
                "charge",
                {
                    "amount": amount,
                    "amount_refunded": 0,
                    "currency": currency,
                    "customer": session["customer"],
                    "payment_intent": intent["id"],
                    "paid": True,
                    "refunded": False,
                    "disputed": False,
                    "status": "succeeded",
                    "metadata": metadata,
                },
            )
            intent["latest_charge"] = charge["id"]
        return intent

    def _refund(self, params):
        """A refund of a PaymentIntent's charge; Stripe refuses more than remains unrefunded."""
        intent = self.objects.get(params.get("payment_intent") or "")
        if intent is None or not intent.get("latest_charge"):
            return 400, _error("invalid_request_error", "This PaymentIntent has no successful charge to refund.")
        charge = self.objects[intent["latest_charge"]]
        remaining = charge["amount"] - charge["amount_refunded"]
        amount = int(params.get("amount") or remaining)
        if amount > remaining:
            return 400, _error(
                "invalid_request_error",
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
                code="amount_too_large",
            )
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        refund = self._store(
            "re",
            "refund",
            {
                "amount": amount,
                "currency": charge["currency"],
                "charge": charge["id"],
                "payment_intent": intent["id"],
                "reason": params.get("reason"),
                "status": "succeeded",
                "metadata": params.get("metadata") or {},
            },
        )
        return 200, refund

    def _portal_session(self, params):
        portal = self._store(
            "bps", "billing_portal.session", {"customer": params["customer"], "return_url": params.get("return_url")}
        )
        portal["url"] = f"https://billing.stripe.com/p/session/{portal['id']}"
        return portal

    def _meter_event(self, params):
        identifier = params.get("identifier") or self.new_id("mev")
        if len(identifier) > 100:
            return 400, _error("invalid_request_error", "identifier: must be at most 100 characters.")
        # Stripe counts one meter event per identifier (a duplicate within 24 hours is ignored).
        event = self.meter_events.setdefault(
            identifier,
            {
                "object": "billing.meter_event",
                "identifier": identifier,
                "event_name": params["event_name"],
                "payload": params["payload"],
                "timestamp": int(params.get("timestamp") or time.time()),
                "created": int(time.time()),
                "livemode": False,
            },
        )
        return 200, event


LIST_OBJECTS = {
    "customers": "customer",
    "products": "product",
    "prices": "price",
    "subscriptions": "subscription",
    "subscription_items": "subscription_item",
    "checkout/sessions": "checkout.session",
    "payment_intents": "payment_intent",
    "charges": "charge",
    "refunds": "refund",
    "disputes": "dispute",
}


class CheckoutNotOpen(Exception):
    """The customer tries to pay a Checkout Session that expired or was paid already (Stripe shows an error page)."""


class Hold:
    """One held answer: `arrived` is set when the request came in, the answer goes out on release()."""

    def __init__(self):
        self.arrived = threading.Event()
        self.released = threading.Event()

    def wait(self) -> None:
        self.arrived.set()
        if not self.released.wait(timeout=60):
            raise RuntimeError("A held Stripe answer was never released.")

    def release(self) -> None:
        self.released.set()


def _error(kind: str, message: str, code: str | None = None) -> dict:
    return {"error": {"type": kind, "message": message, **({"code": code} if code else {})}}
