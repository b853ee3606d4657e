from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views import View

from quickscale_modules.billing.gating import SubscriptionRequiredMixin, subscription_required


def home(request):
    return TemplateResponse(request, "home.html")


def ping(request):
    """The bench's trivial baseline view."""
    return HttpResponse("pong", content_type="text/plain")


@subscription_required
def reports(request):
    return HttpResponse("reports for subscribers", content_type="text/plain")


@subscription_required(feature="export")
def export(request):
    return HttpResponse("export for plans with export", content_type="text/plain")


class ExportView(SubscriptionRequiredMixin, View):
    subscription_feature = "export"

    def get(self, request):
        return HttpResponse("export (class-based)", content_type="text/plain")
