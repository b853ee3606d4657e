"""Feature flags: who a flag is on for agrees with a plain reference (hypothesis over users, groups, teams and
percentages), and the answer reaches Python code, templates, views and the API."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from adminflows import make_user
from django.contrib.auth.models import AnonymousUser, Group
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quickscale_modules.admin import services
from quickscale_modules.admin.models import AuditEntry, Flag

pytestmark = pytest.mark.django_db


def reference(flag: dict, user: dict) -> bool:
    """Whether a flag is on for a user, written plainly from the rules docs/modules/admin.md states."""
    if flag["everyone"] is not None:
        return flag["everyone"]
    if not user["signed_in"]:
        return False
    if flag["authenticated"] or (flag["staff"] and user["staff"]) or (flag["superusers"] and user["superuser"]):
        return True
    if user["index"] in flag["users"] or set(flag["groups"]) & set(user["groups"]):
        return True
    if set(flag["teams"]) & set(user["teams"]):
        return True
    if flag["percent"]:
        place = int(hashlib.sha256(f"{flag['name']}:{user['pk']}".encode()).hexdigest()[:8], 16) % 1000
        return Decimal(place) / 10 < flag["percent"]
    return False


USERS = 4
GROUPS = ("editors", "testers")
TEAMS = ("red", "blue")

flags = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["beta", "new-editor", "dark-launch"]),
        "everyone": st.sampled_from([None, None, None, True, False]),
        "authenticated": st.booleans(),
        "staff": st.booleans(),
        "superusers": st.booleans(),
        "users": st.sets(st.integers(0, USERS - 1), max_size=2),
        "groups": st.sets(st.sampled_from(GROUPS), max_size=2),
        "teams": st.sets(st.sampled_from(TEAMS), max_size=2),
        "percent": st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal("99.9"), places=1)),
    }
)
people = st.lists(
    st.fixed_dictionaries(
        {
            "signed_in": st.booleans(),
            "staff": st.booleans(),
            "superuser": st.booleans(),
            "groups": st.sets(st.sampled_from(GROUPS)),
            "teams": st.sets(st.sampled_from(TEAMS)),
        }
    ),
    min_size=USERS,
    max_size=USERS,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flag=flags, users=people)
def test_who_a_flag_is_on_for_agrees_with_the_reference(django_db_blocker, flag, users):
    from django.db import transaction

    from quickscale_modules.teams.models import Membership, Team

    with transaction.atomic():
        groups = {name: Group.objects.create(name=name) for name in GROUPS}
        teams = {name: Team.objects.create(name=name, slug=name) for name in TEAMS}
        accounts = []
        for index, person in enumerate(users):
            account = make_user(f"u{index}@example.com", is_staff=person["staff"], is_superuser=person["superuser"])
            account.groups.set([groups[name] for name in person["groups"]])
            for name in person["teams"]:
                Membership.objects.create(team=teams[name], user=account)
            person.update(index=index, pk=account.pk)
            accounts.append(account)
        row = Flag.objects.create(
            name=flag["name"],
            everyone=flag["everyone"],
            authenticated=flag["authenticated"],
            staff=flag["staff"],
            superusers=flag["superusers"],
            percent=flag["percent"],
            teams=[teams[name].pk for name in flag["teams"]],
        )
        row.users.set([accounts[index] for index in flag["users"]])
        row.groups.set([groups[name] for name in flag["groups"]])
        for person, account in zip(users, accounts, strict=True):
            who = account if person["signed_in"] else AnonymousUser()
            assert services.flag_is_active(flag["name"], who) == reference(flag, person), (flag, person)
            assert (flag["name"] in services.active_flags(who)) == reference(flag, person)
        transaction.set_rollback(True)
    from django.core.cache import cache

    cache.clear()


def test_a_percentage_keeps_the_same_users_and_grows_with_the_percentage(django_capture_on_commit_callbacks):
    users = [make_user(f"p{index}@example.com") for index in range(200)]
    flag = Flag.objects.create(name="rollout", percent=Decimal("30"), superusers=False)
    thirty = {user.pk for user in users if services.flag_is_active("rollout", user)}
    assert 30 <= len(thirty) <= 90  # about a third of 200
    flag.percent = Decimal("60")
    with django_capture_on_commit_callbacks(execute=True):  # waffle empties its cache when the change commits
        flag.save()
    sixty = {user.pk for user in users if services.flag_is_active("rollout", user)}
    assert thirty < sixty


def test_an_unknown_flag_is_off_and_is_not_created():
    assert services.flag_is_active("nothing-like-it") is False
    assert not Flag.objects.filter(name="nothing-like-it").exists()


def test_templates_views_and_the_api_see_the_flag(client):
    user = make_user()
    flag = Flag.objects.create(name="beta", superusers=False)
    flag.users.add(user)
    assert client.get("/beta/").status_code == 404
    assert 'id="beta-off"' in client.get("/").content.decode()
    assert client.get("/api/v1/flags").status_code == 401

    client.force_login(user)
    assert client.get("/beta/").content == b"the beta page"
    assert 'id="beta-on"' in client.get("/").content.decode()
    assert client.get("/api/v1/flags").json() == {"active": ["beta"]}


def test_every_toggle_is_in_the_audit_log():
    flag = Flag.objects.create(name="beta")
    flag.everyone = True
    flag.save()
    flag.users.add(make_user())
    flag.delete()
    events = list(AuditEntry.objects.filter(content_type__model="flag").order_by("pk").values_list("event", "action"))
    assert events == [("flag_changed", 0), ("flag_changed", 1), ("flag_changed", 1), ("flag_changed", 2)]


def test_the_admin_offers_the_teams_by_name(client):
    from quickscale_modules.teams.models import Team

    team = Team.objects.create(name="Red team", slug="red")
    client.force_login(make_user("root@example.com", is_staff=True, is_superuser=True))
    page = client.get("/admin/quickscale_admin/flag/add/").content.decode()
    assert f'value="{team.pk}"' in page and "Red team" in page
    response = client.post(
        "/admin/quickscale_admin/flag/add/", {"name": "red-only", "teams": [team.pk], "superusers": "on", "note": ""}
    )
    assert response.status_code == 302
    assert Flag.objects.get(name="red-only").teams == [team.pk]


def test_without_the_teams_module_the_flag_form_has_no_teams(client, monkeypatch):
    from quickscale_modules.admin import admin as flag_admin

    installed = flag_admin.apps.is_installed
    monkeypatch.setattr(
        flag_admin.apps, "is_installed", lambda name: name != "quickscale_modules.teams" and installed(name)
    )
    flag = Flag.objects.create(name="beta")
    client.force_login(make_user("root@example.com", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/quickscale_admin/flag/{flag.pk}/change/")
    assert page.status_code == 200 and 'name="teams"' not in page.content.decode()
    response = client.post(
        f"/admin/quickscale_admin/flag/{flag.pk}/change/", {"name": "beta", "percent": "10", "note": ""}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Flag.objects.get(pk=flag.pk).percent == 10
