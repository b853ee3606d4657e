"""Signals of the billing module.

subscription_changed is sent (after the change is committed) when a customer's subscription status, plan
or cancel-at-period-end flag changes: kwargs customer (BillingCustomer), previous_status, status.
"""

from django.dispatch import Signal

subscription_changed = Signal()
