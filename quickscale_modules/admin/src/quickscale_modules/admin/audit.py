"""The audit log: who changed what, when and from where, and the security events, in one append-only table.

Model changes are recorded by django-auditlog for the models `audited_models()` lists (the project's user
model and the installed modules' models); security events (sign-in, MFA, impersonation, settings ...) by
`record_event`. Every entry gets the request's actor, client IP and request id from `request_context`, which
quickscale_modules.admin.middleware.AuditContextMiddleware sets for each request.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.db import connections, router

CREATED, UPDATED, DELETED, ACCESSED = 0, 1, 2, 3
ACTION_EVENTS = {CREATED: "created", UPDATED: "updated", DELETED: "deleted", ACCESSED: "accessed"}


@dataclasses.dataclass(frozen=True)
class RequestInfo:
    """What the audit log records about the request that caused an entry."""

    actor: object | None = None
    remote_addr: str | None = None
    request_id: str | None = None
    # The impersonated user while a superuser works on their behalf (the actor is the superuser).
    on_behalf_of: object | None = None


_request: ContextVar[RequestInfo | None] = ContextVar("quickscale_admin_request", default=None)


@contextlib.contextmanager
def request_context(info: RequestInfo) -> Iterator[RequestInfo]:
    token = _request.set(info)
    try:
        yield info
    finally:
        _request.reset(token)


def current_request() -> RequestInfo:
    """The request being served, or an empty RequestInfo outside requests (a command, a Celery task)."""
    return _request.get() or RequestInfo()


@dataclasses.dataclass(frozen=True)
class AuditedModel:
    """A model the audit log follows, when its app is installed, and how its changes are named."""

    app: str
    model: str
    exclude_fields: tuple[str, ...] = ()
    mask_fields: tuple[str, ...] = ()
    m2m_fields: tuple[str, ...] = ()
    # (action, changed field or None, event): the first rule that matches names the entry.
    events: tuple[tuple[int, str | None, str], ...] = ()


def audited_models() -> list[AuditedModel]:
    user_app, user_model = settings.AUTH_USER_MODEL.split(".")
    return [
        AuditedModel(
            user_app,
            user_model.lower(),
            exclude_fields=("last_login",),
            mask_fields=("password",),
            m2m_fields=("groups", "user_permissions"),
            events=(
                (CREATED, None, "user_created"),
                (DELETED, None, "user_deleted"),
                (UPDATED, "password", "password_changed"),
                (UPDATED, "is_superuser", "role_changed"),
                (UPDATED, "is_staff", "role_changed"),
            ),
        ),
        AuditedModel("auth", "group", m2m_fields=("permissions",)),
        AuditedModel(
            "quickscale_teams",
            "membership",
            exclude_fields=("last_used_at",),
            events=(
                (UPDATED, "role", "role_changed"),
                (CREATED, None, "member_added"),
                (DELETED, None, "member_removed"),
            ),
        ),
        AuditedModel("quickscale_teams", "team"),
        AuditedModel(
            "quickscale_api",
            "userapikey",
            exclude_fields=("hashed_key", "last_used_at"),
            events=((CREATED, None, "api_key_created"), (UPDATED, "revoked", "api_key_revoked")),
        ),
        AuditedModel(
            "quickscale_billing",
            "billingcustomer",
            exclude_fields=("updated_at",),
            events=((None, None, "subscription_changed"),),
        ),
        AuditedModel(
            "quickscale_admin",
            "flag",
            exclude_fields=("modified",),
            m2m_fields=("users", "groups"),
            events=((None, None, "flag_changed"),),
        ),
    ]


def _installed(audited: AuditedModel):
    try:
        return apps.get_model(audited.app, audited.model)
    except LookupError:
        return None


def register_audited_models() -> list[str]:
    """Register with django-auditlog every audited model whose app is installed; their labels."""
    from auditlog.registry import auditlog

    registered = []
    for audited in audited_models():
        model = _installed(audited)
        if model is None:
            continue
        auditlog.register(
            model,
            exclude_fields=list(audited.exclude_fields),
            mask_fields=list(audited.mask_fields),
            m2m_fields=set(audited.m2m_fields),
        )
        registered.append(model._meta.label_lower)
    return registered


def event_for(app_label: str, model_name: str, action: int, changes: dict | None) -> str:
    """The event of a model change: the first matching rule of the model, else created/updated/deleted."""
    changed = set(changes or {})
    for audited in audited_models():
        if (audited.app, audited.model) != (app_label, model_name):
            continue
        for rule_action, field, event in audited.events:
            if rule_action in (None, action) and (field is None or field in changed):
                return event
    return ACTION_EVENTS.get(action, "changed")


def record_event(event: str, *, obj=None, actor=None, object_repr: str = "", changes=None, data=None):
    """Add a security event to the log: `obj` is the row it concerns (or None), `actor` who did it (default:
    the request's user), `changes` {field: [before, after]}, `data` any other JSON-serialisable detail."""
    from django.contrib.contenttypes.models import ContentType

    from quickscale_modules.admin.models import AuditEntry

    return AuditEntry.objects.create(
        event=event,
        action=ACCESSED if changes is None else UPDATED,
        actor=actor,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_pk=str(obj.pk) if obj is not None else "",
        object_id=obj.pk if obj is not None and isinstance(obj.pk, int) else None,
        object_repr=object_repr or (str(obj) if obj is not None else ""),
        changes=changes,
        additional_data=data,
    )


def fill_from_request(entry) -> None:
    """Complete a new entry with the request's actor, IP and request id, and name its event."""
    info = current_request()
    if entry.actor_id is None and info.actor is not None and getattr(info.actor, "pk", None) is not None:
        entry.actor = info.actor
    if entry.actor_id is not None and not entry.actor_email:
        entry.actor_email = getattr(entry.actor, "email", None) or str(entry.actor)
    entry.remote_addr = entry.remote_addr or info.remote_addr
    entry.cid = entry.cid or info.request_id
    if info.on_behalf_of is not None:
        entry.additional_data = {**(entry.additional_data or {}), "on_behalf_of": str(info.on_behalf_of)}
    if not entry.event and entry.content_type_id is not None:
        entry.event = event_for(entry.content_type.app_label, entry.content_type.model, entry.action, entry.changes)


# --- the PostgreSQL guard (migration 0002): the two writes it lets through, one transaction at a time ------


def _set_local(entry_model, name: str, value: str) -> None:
    connection = connections[router.db_for_write(entry_model)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


def allow_anonymising() -> None:
    """Let this transaction rewrite the personal fields of entries (a deleted user's name and email)."""
    from quickscale_modules.admin.models import AuditEntry

    _set_local(AuditEntry, "quickscale_admin.anonymise", "on")


def allow_purging(cutoff: datetime) -> None:
    """Let this transaction delete the entries older than `cutoff`, and no other."""
    from quickscale_modules.admin.models import AuditEntry

    _set_local(AuditEntry, "quickscale_admin.purge_before", cutoff.isoformat())
