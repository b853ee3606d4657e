"""Code sharing with git subtree: embed the QuickScale repository in a client project, update it, push fixes back.

The public API returns result objects and raises `quickscale_core.errors`
exceptions; it never prints. Pure planning and parsing live in `plans` and
`record`; `git.run_git` is the one function that runs git.
"""

from quickscale_core.sharing.operations import (
    EmbedResult,
    Incoming,
    PushResult,
    UpdateResult,
    apply_update,
    embed_core,
    plan_update,
    sync_push,
    update_core,
)
from quickscale_core.sharing.plans import DEFAULT_PREFIX, REPO_ENV_VAR, Commit, FileChange
from quickscale_core.sharing.record import SubtreeRecord, read_record

__all__ = [
    "DEFAULT_PREFIX",
    "REPO_ENV_VAR",
    "Commit",
    "EmbedResult",
    "FileChange",
    "Incoming",
    "PushResult",
    "SubtreeRecord",
    "UpdateResult",
    "apply_update",
    "embed_core",
    "plan_update",
    "read_record",
    "sync_push",
    "update_core",
]
