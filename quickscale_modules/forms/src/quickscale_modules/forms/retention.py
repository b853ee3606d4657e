"""Each form keeps its submissions retention_days days (0: until deleted by hand); older ones are deleted by
`manage.py forms_purge` (daily from cron) or the quickscale_forms.purge task (Celery beat)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from quickscale_modules.forms.models import Form, Submission


def purge(dry_run: bool = False) -> dict[str, int]:
    """Delete the submissions past their form's retention; how many, per form slug (forms with none left out)."""
    now = timezone.now()
    deleted: dict[str, int] = {}
    for form in Form.objects.filter(retention_days__gt=0).only("slug", "retention_days"):
        expired = Submission.objects.filter(form=form, created_at__lt=now - timedelta(days=form.retention_days))
        count = expired.count() if dry_run else expired.delete()[1].get("quickscale_forms.Submission", 0)
        if count:
            deleted[form.slug] = count
    return deleted
