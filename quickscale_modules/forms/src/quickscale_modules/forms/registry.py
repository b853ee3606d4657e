"""Forms defined in code: a Django form class registered under a slug, from an app's site_forms.py.

    # myapp/site_forms.py (found at start-up in every installed app)
    from django import forms
    from quickscale_modules.forms.registry import register

    @register("quote", title="Ask for a quote")
    class QuoteForm(forms.Form):
        email = forms.EmailField(label="Your email")
        budget = forms.ChoiceField(choices=[("s", "Small"), ("l", "Large")])

The admin still sets its recipients, webhook and retention; its fields come from the class.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class CodeForm:
    form_class: type[forms.Form]
    title: str


_forms: dict[str, CodeForm] = {}


def register(slug: str, *, title: str = ""):
    """Class decorator: the form `slug` takes its fields from the decorated class."""

    def decorate(form_class: type[forms.Form]) -> type[forms.Form]:
        _forms[slug] = CodeForm(form_class, title or slug.replace("-", " ").capitalize())
        return form_class

    return decorate


def unregister(slug: str) -> None:
    _forms.pop(slug, None)


def code_form(slug: str) -> CodeForm | None:
    return _forms.get(slug)


def registered() -> dict[str, CodeForm]:
    return dict(_forms)
