"""One row by the numeric id in a URL, for the resources' get_object."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import Http404

# The largest id a row can have (a 64-bit primary key). A larger one is simply not found: asked of the
# database, it would be an error (a 500) rather than a 404.
MAX_ID = 2**63 - 1


def by_id_or_404(queryset: QuerySet, pk: str, message: str) -> Model:
    """The row of `queryset` with the id `pk` (digits, as the route's lookup_value_regex allows), else 404."""
    number = int(pk)
    found = queryset.filter(pk=number).first() if number <= MAX_ID else None
    if found is None:
        raise Http404(message)
    return found
