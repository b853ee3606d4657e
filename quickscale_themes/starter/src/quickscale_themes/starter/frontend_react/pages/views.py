"""The React app's page: one HTML document that loads the app, which shows the page of the address."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe


@require_safe
@ensure_csrf_cookie  # the app sends it back as X-CSRFToken with each change it asks of the API
def app(request, **kwargs):
    """The app at any of its addresses (`kwargs`: the address's parts, read by the app itself)."""
    return render(request, "pages/app.html")


# The app's pages for signed-in people: a visitor signs in first, then comes back (?next=).
signed_in_app = login_required(app)
