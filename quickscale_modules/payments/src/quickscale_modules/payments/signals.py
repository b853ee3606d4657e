"""Signals of the payments module, each sent once per change, after it is committed, for your fulfilment code.

payment_succeeded  kwargs transaction: the purchase is paid (deliver what was sold: transaction.item).
payment_refunded   kwargs transaction, amount: `amount` more minor units were refunded (transaction.amount_refunded
                   is the total so far).
dispute_opened     kwargs transaction: the buyer's bank disputes the charge (transaction.dispute_status).
"""

from django.dispatch import Signal

payment_succeeded = Signal()
payment_refunded = Signal()
dispute_opened = Signal()
