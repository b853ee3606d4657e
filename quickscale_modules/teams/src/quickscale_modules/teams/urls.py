"""Mounted under the project's url_prefix (t/): /t/ lists teams, /t/<team_slug>/... are one team's pages."""

from django.urls import path

from quickscale_modules.teams import views

app_name = "quickscale_teams"

team = "<slug:team_slug>/"

urlpatterns = [
    path("", views.team_list, name="team_list"),
    path("new/", views.create_team, name="create"),
    path("current/", views.current_team, name="current"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path(team, views.team_home, name="home"),
    path(f"{team}members/", views.members, name="members"),
    path(f"{team}members/<int:membership_id>/role/", views.change_role, name="change_role"),
    path(f"{team}members/<int:membership_id>/remove/", views.remove_member, name="remove_member"),
    path(f"{team}members/<int:membership_id>/make-owner/", views.transfer_ownership, name="transfer_ownership"),
    path(f"{team}invitations/", views.invitations, name="invitations"),
    path(f"{team}invitations/<int:invitation_id>/resend/", views.resend_invitation, name="resend_invitation"),
    path(f"{team}invitations/<int:invitation_id>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path(f"{team}settings/", views.team_settings, name="settings"),
    path(f"{team}leave/", views.leave_team, name="leave"),
    path(f"{team}delete/", views.delete_team, name="delete"),
]
