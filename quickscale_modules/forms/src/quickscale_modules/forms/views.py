"""A form's public page: shown with a fresh spam challenge, sent, and thanked."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from quickscale_modules.forms import services, spam


@require_http_methods(["GET", "HEAD", "POST"])
def form_page(request, slug: str):
    form = services.active_form(slug)
    if request.method == "POST":
        result = services.submit(form, request)
        if result.submission is not None:
            return redirect("quickscale_forms:thanks", slug=form.slug, permanent=False)
        return _show(request, form, result.bound, status=400)
    return _show(request, form, services.blank(form))


def _show(request, form, bound, status: int = 200):
    context = {"site_form": form, "form": bound, "challenge": spam.issue(form.slug), "spam": spam}
    return render(request, "quickscale_forms/form.html", context, status=status)


@require_safe
def thanks(request, slug: str):
    return render(request, "quickscale_forms/thanks.html", {"site_form": services.active_form(slug)})
