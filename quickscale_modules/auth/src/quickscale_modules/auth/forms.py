from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my data are deleted for good."),
        error_messages={"required": _("Tick the box to confirm that you want your account deleted.")},
    )
