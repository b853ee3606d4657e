"""Issue 24, "account lifecycle users expect": a signed-in user downloads what every installed app holds about
them, and deletes the account after confirming the password again; the apps' blockers and refusals stop the
deletion with their sentence, and the deletion is recorded without the address.

The `notes` app of the test project plays a project's own app with lifecycle hooks (tests/notes/lifecycle.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.socialaccount.models import SocialAccount, SocialToken
from authflows import PASSWORD, enable_totp, log_in, make_user, reauthenticate
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from notes.models import Note

from quickscale_modules.auth.hooks import lifecycle_hooks
from quickscale_modules.auth.models import AccountDeletion, email_hash
from quickscale_modules.auth.services import delete_account

EXPORT = "/accounts/data/"
DELETE = "/accounts/delete/"
REAUTHENTICATE = "/accounts/reauthenticate/?next=%2Faccounts%2Fdelete%2F"
THEME_TEMPLATES = (
    Path(__file__)
    .resolve()
    .parents[3]
    .joinpath("quickscale_themes/starter/src/quickscale_themes/starter/common/templates")
)
SHARED = "Unshare your shared notes first: other people are reading them."
ARCHIVED = "Your archived notes could not be removed from the archive; try again tomorrow."


@pytest.fixture(params=["module", "starter theme"])
def pages(request, settings):
    """The module's own templates, or the starter theme's copies found first (as in a generated project)."""
    if request.param == "starter theme":
        engine = settings.TEMPLATES[0]
        settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], THEME_TEMPLATES]}]
    return request.param


def exported(client) -> dict:
    response = client.get(EXPORT)
    assert response.status_code == 200
    return json.loads(response.content)


def everything_of(user) -> dict[str, int]:
    """How many rows of each kind the user has (the account itself included)."""
    return {
        "user": get_user_model().objects.filter(pk=user.pk).count(),
        "email addresses": EmailAddress.objects.filter(user_id=user.pk).count(),
        "authenticators": Authenticator.objects.filter(user_id=user.pk).count(),
        "social accounts": SocialAccount.objects.filter(user_id=user.pk).count(),
        "notes": Note.objects.filter(user_id=user.pk).count(),
    }


NOTHING = {"user": 0, "email addresses": 0, "authenticators": 0, "social accounts": 0, "notes": 0}


def connect_github(user) -> SocialAccount:
    account = SocialAccount.objects.create(user=user, provider="github", uid="583231", extra_data={"login": "ada"})
    SocialToken.objects.create(account=account, token="gho_access-token-secret", token_secret="ghr_refresh-secret")
    return account


# --- download my data ----------------------------------------------------------------------------------------


def test_the_export_is_a_json_file_named_after_the_site_and_the_day(signed_in):
    response = signed_in.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    today = timezone.now().strftime("%Y-%m-%d")
    assert response["Content-Disposition"] == f'attachment; filename="testserver-account-{today}.json"'
    assert "no-store" in response["Cache-Control"]  # personal data stays out of shared caches
    document = json.loads(response.content)
    assert document["site"] == "testserver"
    assert document["exported_at"].startswith(today)


def test_the_export_holds_the_account_its_addresses_two_factor_and_connected_accounts(signed_in, user):
    enable_totp(signed_in)  # allauth turns it on only while every address is verified
    EmailAddress.objects.create(user=user, email="ada@work.example", primary=False, verified=False)
    connect_github(user)
    user.refresh_from_db()

    auth = exported(signed_in)["apps"]["quickscale_auth"]

    assert auth == {
        "account": {
            "email": "ada@example.com",
            "first_name": "",
            "last_name": "",
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat(),
        },
        "email_addresses": [
            {"email": "ada@example.com", "verified": True, "primary": True},
            {"email": "ada@work.example", "verified": False, "primary": False},
        ],
        "two_factor": ["recovery_codes", "totp"],
        "social_accounts": [{"provider": "github", "uid": "583231"}],
    }


def test_the_export_holds_no_password_hash_totp_secret_recovery_code_or_token(signed_in, user):
    secret = enable_totp(signed_in)
    connect_github(user)
    user.refresh_from_db()
    codes = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")).get_unused_codes()
    assert len(codes) == 10

    text = signed_in.get(EXPORT).content.decode()

    assert user.password and user.password not in text
    assert user.password.split("$")[-1] not in text
    assert secret not in text
    assert [code for code in codes if code in text] == []
    for token in ("gho_access-token-secret", "ghr_refresh-secret"):
        assert token not in text
    assert PASSWORD not in text


def test_a_project_apps_export_hook_adds_its_part_under_its_label(signed_in, user):
    Note.objects.create(user=user, text="Buy milk")
    Note.objects.create(user=user, text="Call Grace")
    Note.objects.create(user=make_user("grace@example.com"), text="Not Ada's")

    apps = exported(signed_in)["apps"]

    assert list(apps) == ["quickscale_auth", "notes"]  # INSTALLED_APPS order
    assert apps["notes"] == {"notes": ["Buy milk", "Call Grace"]}


def test_the_export_needs_a_login_and_only_answers_get_and_head(client, signed_in):
    anonymous = Client()
    response = anonymous.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={EXPORT}"
    assert signed_in.head(EXPORT).status_code == 200
    for method in ("post", "put", "delete"):
        assert getattr(signed_in, method)(EXPORT).status_code == 405, method


# --- delete my account -----------------------------------------------------------------------------------------


def test_the_deletion_page_explains_and_asks_for_confirmation(signed_in, pages):
    response = signed_in.get(DELETE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This deletes your account for good." in html
    assert f'href="{EXPORT}"' in html
    assert 'data-testid="delete-account-form"' in html
    assert 'name="confirm"' in html
    assert "Delete my account" in html
    assert 'data-testid="deletion-blockers"' not in html


def test_the_account_page_links_to_the_export_and_the_deletion(signed_in, pages):
    html = signed_in.get("/accounts/").content.decode()
    section = re.search(r'data-testid="your-data".*?</section>', html, flags=re.DOTALL)[0]
    assert "Your data" in section
    assert f'href="{EXPORT}"' in section and f'href="{DELETE}"' in section


def test_deleting_removes_the_account_everything_of_it_and_signs_out(reauthenticated, user, pages):
    EmailAddress.objects.create(user=user, email="ada@work.example", primary=False, verified=True)
    connect_github(user)
    enable_totp(reauthenticated)
    Note.objects.create(user=user, text="Buy milk")
    Note.objects.create(user=user, text="Call Grace")
    reauthenticate(reauthenticated)
    session_key = reauthenticated.session.session_key

    response = reauthenticated.post(DELETE, {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert everything_of(user) == NOTHING
    assert not Session.objects.filter(session_key=session_key).exists()  # this browser's session is ended
    assert SocialToken.objects.count() == 0
    home = reauthenticated.get("/").content.decode()
    assert "Your account has been deleted." in home
    assert 'href="/accounts/login/"' in home  # signed out
    assert reauthenticated.get("/accounts/").status_code == 302


def test_the_deletion_is_recorded_with_what_each_app_did_and_without_the_address(reauthenticated, user):
    user_id = user.pk
    connect_github(user)
    Note.objects.create(user=user, text="Buy milk")

    before = timezone.now()
    reauthenticated.post(DELETE, {"confirm": "on"})

    (record,) = AccountDeletion.objects.all()
    assert record.user_id == str(user_id)
    assert record.deleted_at >= before
    assert record.actions == [
        "quickscale_auth: 1 email address(es) deleted",
        "quickscale_auth: connected account(s) removed (github)",
        "notes: 1 note(s) deleted",
    ]
    stored = json.dumps([record.user_id, record.email_hash, record.actions, str(record)])
    assert "example.com" not in stored and "ada@" not in stored
    # Support can still answer "did ada@example.com delete her account?", however the address is typed.
    assert record.email_hash == email_hash("ada@example.com")
    assert list(AccountDeletion.objects.for_email("  Ada@Example.COM ")) == [record]
    assert not AccountDeletion.objects.for_email("grace@example.com").exists()


def test_the_record_is_found_after_the_secret_key_is_rotated(user, settings):
    delete_account(user)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation"
    assert AccountDeletion.objects.for_email("ada@example.com").count() == 1


def test_the_users_other_sessions_stop_working(reauthenticated, user):
    phone = Client()
    log_in(phone)
    assert phone.get("/accounts/").status_code == 200

    reauthenticated.post(DELETE, {"confirm": "on"})

    response = phone.get("/accounts/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/"
    assert phone.get(EXPORT).status_code == 302


def test_nothing_is_deleted_without_the_confirmation(reauthenticated, user, pages):
    response = reauthenticated.post(DELETE, {})
    assert response.status_code == 200
    assert "Tick the box to confirm that you want your account deleted." in response.content.decode()
    assert everything_of(user)["user"] == 1
    assert not AccountDeletion.objects.exists()


def test_deleting_asks_for_the_password_again_then_finishes(signed_in, user):
    """Signed in a while ago (allauth's reauthentication): the POST waits for the password, then goes through."""
    response = signed_in.post(DELETE, {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == REAUTHENTICATE
    assert everything_of(user)["user"] == 1
    assert "Enter your password" in signed_in.get(response["Location"]).content.decode()

    wrong = signed_in.post(response["Location"], {"password": "not-my-password"})
    assert wrong.status_code == 200
    assert everything_of(user)["user"] == 1

    done = signed_in.post(response["Location"], {"password": PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/"
    assert everything_of(user)["user"] == 0
    assert AccountDeletion.objects.count() == 1


def test_reauthentication_lapses_after_allauths_timeout(reauthenticated, user, settings):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    response = reauthenticated.post(DELETE, {"confirm": "on"})
    assert response["Location"] == REAUTHENTICATE
    assert everything_of(user)["user"] == 1


def test_a_blocker_shows_its_sentence_and_no_delete_button(reauthenticated, user, pages):
    Note.objects.create(user=user, text="Team plan", shared=True)

    html = reauthenticated.get(DELETE).content.decode()
    assert SHARED in html
    assert 'data-testid="deletion-blockers"' in html
    assert "Delete my account" not in html and 'name="confirm"' not in html

    response = reauthenticated.post(DELETE, {"confirm": "on"})
    assert response.status_code == 200
    assert SHARED in response.content.decode()
    assert everything_of(user) == {**NOTHING, "user": 1, "email addresses": 1, "notes": 1}
    assert not AccountDeletion.objects.exists()


def test_a_hook_that_refuses_leaves_everything_in_place(reauthenticated, user, pages):
    """The notes hook runs after the auth module's (which deleted the addresses) and after deleting the
    unarchived note: its DeletionRefused rolls all of that back."""
    connect_github(user)
    Note.objects.create(user=user, text="Buy milk")
    Note.objects.create(user=user, text="2019 diary", archived=True)

    response = reauthenticated.post(DELETE, {"confirm": "on"})

    assert response.status_code == 200
    html = response.content.decode()
    assert ARCHIVED in html
    assert "Delete my account" in html  # they can try again later
    assert everything_of(user) == {**NOTHING, "user": 1, "email addresses": 1, "social accounts": 1, "notes": 2}
    assert SocialToken.objects.count() == 1
    assert not AccountDeletion.objects.exists()
    assert reauthenticated.get("/accounts/").status_code == 200  # still signed in


def test_the_deletion_page_needs_a_login(db):
    for method in ("get", "post"):
        response = getattr(Client(), method)(DELETE)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={DELETE}"


def test_the_deletion_page_only_answers_get_and_post(reauthenticated, user):
    for method in ("put", "patch", "delete"):
        assert getattr(reauthenticated, method)(DELETE).status_code == 405, method
    assert everything_of(user)["user"] == 1


def test_a_second_deletion_of_the_same_account_records_nothing(user):
    """A double submit: the second request holds the user it loaded before the first one committed."""
    stale = get_user_model().objects.get(pk=user.pk)
    assert delete_account(user) is not None
    assert delete_account(stale) is None
    assert AccountDeletion.objects.count() == 1


# --- the record in the admin -----------------------------------------------------------------------------------


@pytest.fixture
def staff_client(db):
    admin = get_user_model().objects.create_superuser("root@example.com", PASSWORD)
    client = Client()
    client.force_login(admin)
    return client


def test_the_admin_lists_the_records_read_only_and_finds_them_by_address(staff_client, user):
    record = delete_account(user)
    base = "/admin/quickscale_auth/accountdeletion/"

    listing = staff_client.get(base)
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert staff_client.get(f"{base}add/").status_code == 403
    assert staff_client.get(f"{base}{record.pk}/delete/").status_code == 403
    assert staff_client.post(f"{base}{record.pk}/change/", {"user_id": "1"}).status_code == 403
    assert 'name="user_id"' not in staff_client.get(f"{base}{record.pk}/change/").content.decode()

    def found(query: str) -> int:
        return staff_client.get(base, {"q": query}).context["cl"].result_count

    assert found("ADA@example.com") == 1
    assert found("grace@example.com") == 0
    assert found(record.user_id) == 1


def test_the_auth_module_has_no_pending_migrations(db):
    call_command("makemigrations", "quickscale_auth", "--check", "--dry-run", verbosity=0)


def test_an_unknown_hook_name_is_a_mistake_said_at_once():
    with pytest.raises(ValueError, match="Unknown lifecycle hook 'delete_user'"):
        lifecycle_hooks("delete_user")
