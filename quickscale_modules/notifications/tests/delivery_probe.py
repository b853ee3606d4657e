"""Run inside the test project (DJANGO_SETTINGS_MODULE and DATABASE_URL from the environment):

python -m delivery_probe queue 500     # 500 notifications to user0..user499@example.com, in one transaction
python -m delivery_probe queue 1 7     # one to user7@example.com
python -m delivery_probe statuses      # JSON {status: count} of every delivery
"""

from __future__ import annotations

import json
import sys
from collections import Counter

import django


def queue(count: int, first: int = 0) -> None:
    from django.db import transaction

    from quickscale_modules.notifications import services

    with transaction.atomic():
        for number in range(first, first + count):
            services.send_email(
                f"user{number}@example.com", f"Message {number}", f"Body of message {number}", category="activity"
            )


def statuses() -> dict[str, int]:
    from quickscale_modules.notifications.models import Delivery

    return dict(Counter(Delivery.objects.values_list("status", flat=True)))


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "queue":
        queue(*map(int, sys.argv[2:]))
    else:
        print(json.dumps(statuses()))
