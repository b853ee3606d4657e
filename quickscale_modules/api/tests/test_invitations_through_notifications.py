"""With the teams and notifications modules installed (as this test project has them), a team invitation is
recorded by the notifications module for its workers as a sensitive email: the delivery keeps no body once sent
(the notifications module's own tests show that part)."""

from __future__ import annotations

from quickscale_modules.notifications.models import Delivery
from quickscale_modules.teams import services as teams


def test_an_invitation_goes_through_notifications_marked_sensitive(user):
    team = teams.create_team("R&D", user)
    invitation = teams.invite(team, "grace@example.com", by=user)
    delivery = Delivery.objects.get(to="grace@example.com")
    assert (delivery.category, delivery.sensitive) == ("activity", True)
    assert delivery.subject == "You are invited to join R&D"
    assert teams.invitation_token(invitation) in delivery.text  # until a worker sends it
