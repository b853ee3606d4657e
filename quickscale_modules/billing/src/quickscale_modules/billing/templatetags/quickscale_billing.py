"""Template tags: `{% load quickscale_billing %}` then

    {% has_feature "export" as can_export %}{% if can_export %}...{% endif %}
    {% plan_limit "projects" as max_projects %}
    {% has_subscription as subscribed %}

for whoever pays for the current request (the user, or their team).
"""

from django import template

from quickscale_modules.billing import services

register = template.Library()


def _payer(context):
    request = context.get("request")
    return services.payer_for_request(request) if request is not None else None


@register.simple_tag(takes_context=True)
def has_feature(context, feature: str) -> bool:
    return services.has_feature(_payer(context), feature)


@register.simple_tag(takes_context=True)
def plan_limit(context, name: str) -> int:
    return services.limit(_payer(context), name)


@register.simple_tag(takes_context=True)
def has_subscription(context) -> bool:
    return services.has_subscription(_payer(context))
