from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from quickscale_modules.teams import services
from quickscale_modules.teams.exceptions import TeamsError
from quickscale_modules.teams.models import Team
from quickscale_modules.teams.roles import OWNER, Role


class TeamNameForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=services.TEAM_NAME_MAX_LENGTH)

    def clean_name(self) -> str:
        try:
            return services.clean_team_name(self.cleaned_data["name"])
        except TeamsError as error:
            raise forms.ValidationError(str(error)) from None


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)

    def __init__(self, *args, inviter_role: str, **kwargs):
        super().__init__(*args, **kwargs)
        if inviter_role != OWNER:
            self.fields["role"].choices = [c for c in Role.choices if c[0] != OWNER]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class DeleteTeamForm(forms.Form):
    confirm_name = forms.CharField(label=_("Type the team's name to confirm"), max_length=100)

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team

    def clean_confirm_name(self) -> str:
        typed = self.cleaned_data["confirm_name"]
        if typed.strip() != self.team.name:
            raise forms.ValidationError(_("That is not this team's name; type it exactly to delete the team."))
        return typed
