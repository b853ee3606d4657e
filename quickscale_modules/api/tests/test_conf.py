from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from quickscale_modules.api.conf import api_settings


def test_defaults_and_overrides():
    assert api_settings.KEY_RATE == "600/min"
    with override_settings(QUICKSCALE_API_KEY_RATE="10/sec"):
        assert api_settings.KEY_RATE == "10/sec"


def test_an_unknown_setting_names_itself():
    with pytest.raises(AttributeError, match="QUICKSCALE_API_NOPE is not a setting of the api module"):
        _ = api_settings.NOPE


# run_checks() runs every installed app's checks, and dj-stripe's (billing is installed here) read the database.
checks_db = pytest.mark.django_db


@checks_db
def test_the_wired_settings_pass_the_checks():
    assert [message for message in run_checks() if message.id.startswith("quickscale_api")] == []


@checks_db
@override_settings(QUICKSCALE_API_USER_RATE="lots", QUICKSCALE_API_ANON_RATE=5)
def test_a_malformed_rate_is_reported_by_check():
    messages = [message for message in run_checks() if message.id == "quickscale_api.E001"]
    assert [message.msg for message in messages] == [
        "QUICKSCALE_API_USER_RATE = 'lots' is not a rate.",
        "QUICKSCALE_API_ANON_RATE = 5 is not a rate.",
    ]


@checks_db
@override_settings(QUICKSCALE_API_PAGE_SIZE=500)
def test_a_page_size_above_the_maximum_is_reported_by_check():
    assert [message.id for message in run_checks() if message.id.startswith("quickscale_api")] == [
        "quickscale_api.E002"
    ]
