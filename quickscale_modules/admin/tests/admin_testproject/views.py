from django.http import HttpResponse, JsonResponse
from waffle.decorators import waffle_flag


def healthz(request):
    return JsonResponse({"status": "ok"})


@waffle_flag("beta")
def beta(request):
    """A view behind the flag "beta": 404 while the flag is off for the visitor."""
    return HttpResponse("the beta page")
