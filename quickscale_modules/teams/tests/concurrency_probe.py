"""Run by test_concurrency.py against a fresh PostgreSQL database (DATABASE_URL): migrate, then race pairs of
real requests, each in its own thread with its own connection, and print what happened as JSON."""

from __future__ import annotations

import json
import os
import sys
import threading

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teams_testproject.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from teamflows import make_team, make_user, membership, owners, url  # noqa: E402

from quickscale_modules.teams.roles import OWNER  # noqa: E402


def race(requests) -> list[int]:
    """Send each (user, path) POST at the same moment from its own thread; the status codes."""
    barrier, statuses = threading.Barrier(len(requests)), [0] * len(requests)

    def send(index, user, path):
        client = Client()
        client.force_login(user)
        barrier.wait()
        statuses[index] = client.post(path).status_code
        connection.close()

    threads = [threading.Thread(target=send, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def main(rounds: int) -> None:
    call_command("migrate", verbosity=0)
    results = []
    for number in range(rounds):
        a, b = make_user(f"a{number}@example.com"), make_user(f"b{number}@example.com")
        team = make_team(f"Race {number}", a, owner=[b])
        if number % 2:  # each owner removes the other
            requests = [
                (a, url("remove_member", team, membership_id=membership(b, team).pk)),
                (b, url("remove_member", team, membership_id=membership(a, team).pk)),
            ]
        else:  # both owners leave
            requests = [(a, url("leave", team)), (b, url("leave", team))]
        statuses = race(requests)
        results.append({"statuses": statuses, "owners": owners(team), "role": OWNER})
    print(json.dumps(results))


if __name__ == "__main__":
    main(int(sys.argv[1]))
