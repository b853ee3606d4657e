"""Project views that use the module's services, as a project's own code would."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views import View

from quickscale_modules.auth.services import VerifiedEmailRequiredMixin, verified_email_required


def home(request):
    return render(request, "home.html")


@verified_email_required
def members_only(request):
    return HttpResponse("members only")


class MembersOnlyView(VerifiedEmailRequiredMixin, View):
    def get(self, request):
        return HttpResponse("members only (class-based)")
