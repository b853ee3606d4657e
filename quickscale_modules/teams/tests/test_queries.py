"""Pages read the database a constant number of times: the members page as a team grows from 1 to 200
members, the switcher (on every page) and the team list as a user joins 1 to 50 teams."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from teamflows import make_team, url

from quickscale_modules.teams.models import Membership, Team
from quickscale_modules.teams.roles import MEMBER


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def _add_members(team, count: int) -> None:
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"m{team.pk}-{i}@example.com") for i in range(count)
    )
    Membership.objects.bulk_create(Membership(team=team, user=user, role=MEMBER) for user in users)


def _add_teams(user, count: int) -> None:
    teams = Team.objects.bulk_create(Team(name=f"Team {i:02}", slug=f"team-{i:02}") for i in range(count))
    Membership.objects.bulk_create(Membership(team=team, user=user, role=MEMBER) for team in teams)


def test_members_page_queries_do_not_grow_with_the_team(as_owner, owner, django_assert_num_queries):
    team = make_team("Acme", owner)
    path = url("members", team)
    alone = _queries(as_owner, path)
    _add_members(team, 199)
    with django_assert_num_queries(alone):
        response = as_owner.get(path)
    assert response.content.decode().count('class="qs-teams-member"') == 200


def test_switcher_and_team_list_queries_do_not_grow_with_the_teams(as_owner, owner, django_assert_num_queries):
    team = make_team("Acme", owner)
    members_page, team_list = url("members", team), url("team_list")
    one = _queries(as_owner, members_page), _queries(as_owner, team_list)
    _add_teams(owner, 49)
    with django_assert_num_queries(one[0]):
        page = as_owner.get(members_page).content.decode()
    with django_assert_num_queries(one[1]):
        listing = as_owner.get(team_list).content.decode()
    switcher = page.split('class="qs-teams-switcher"', 1)[1].split("</ul>", 1)[0]
    assert switcher.count("/members/") == 50 and 'aria-current="true"' in switcher
    assert listing.split("<main>", 1)[1].count('/members/">Team ') == 49
