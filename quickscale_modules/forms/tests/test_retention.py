"""Submissions older than their form's retention are deleted by forms_purge; 0 keeps them."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from quickscale_modules.forms import tasks
from quickscale_modules.forms.models import Form, Submission

pytestmark = pytest.mark.django_db


def aged(form: Form, days: float) -> Submission:
    submission = Submission.objects.create(form=form, data={"n": str(days)})
    Submission.objects.filter(pk=submission.pk).update(created_at=timezone.now() - timedelta(days=days))
    return submission


def purge(*args: str) -> str:
    out = StringIO()
    call_command("forms_purge", *args, stdout=out)
    return out.getvalue()


def test_purge_deletes_what_is_past_each_forms_retention(contact):
    contact.retention_days = 30
    contact.save()
    forever = Form.objects.create(slug="keep", title="Keep", retention_days=0)
    kept = [aged(contact, 29), aged(forever, 4000)]
    aged(contact, 31)
    aged(contact, 400)
    assert purge("--dry-run") == "Would delete 2 submissions of the form contact.\n"
    assert Submission.objects.count() == 4
    assert purge() == "Deleted 2 submissions of the form contact.\n"
    assert set(Submission.objects.all()) == set(kept)
    assert purge() == "No submission is past its form's retention.\n"


def test_a_new_form_takes_the_default_retention(db, settings):
    settings.QUICKSCALE_FORMS_RETENTION_DAYS = 7
    assert Form.objects.create(slug="f", title="F").retention_days == 7


def test_the_celery_task_purges_too(contact):
    contact.retention_days = 1
    contact.save()
    aged(contact, 2)
    assert tasks.purge.apply().get() == 1
    assert not Submission.objects.exists()
