from django import template

from quickscale_modules.admin.dashboard import dashboard

register = template.Library()


@register.simple_tag
def operations_dashboard() -> dict:
    """{% operations_dashboard as dashboard %}: the checks and the last day's activity (admin/index.html)."""
    return dashboard()
