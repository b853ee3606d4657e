"""Issue 16: the generated CI and deploy workflows follow GitHub's hardening guidance (the schema check is in
test_static_checks.py): least privilege, actions pinned to commit SHAs, no persisted token, no injection."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from quickscale_core.scaffold.render import render_project
from quickscale_core.themes import choose_theme, find_themes
from quickscale_core.themes.render import theme_context

REPO = Path(__file__).resolve().parents[3]

WORKFLOWS = (".github/workflows/ci.yml", ".github/workflows/deploy.yml")
PINNED = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>\S+)\s+# v(?P<version>\d+\.\d+\.\d+)\s*$"
)
# The current major version of each action the workflows use.
CURRENT_MAJORS = {
    "actions/checkout": 7,
    "actions/setup-node": 6,
    "astral-sh/setup-uv": 9,
    "docker/login-action": 4,
    "docker/metadata-action": 6,
    "docker/build-push-action": 7,
}
WRITE_ALLOWED = {("deploy.yml", "image"): {"packages"}}


@pytest.fixture(scope="module", params=[None, "react"], ids=["plain", "react-frontend"])
def workflows(request) -> dict[str, tuple[str, dict]]:
    """The workflows of a plain project, and of one with the starter's React frontend (its frontend job)."""
    theme = theme_context(*choose_theme(find_themes(REPO), "starter", request.param)) if request.param else None
    files = render_project("acme", theme=theme)
    texts = {path: files[next(p for p in files if str(p) == path)] for path in WORKFLOWS}
    return {path.rsplit("/", 1)[1]: (text, yaml.safe_load(text)) for path, text in texts.items()}


def steps(workflow: dict):
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, step


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version(workflows):
    for name, (text, _) in workflows.items():
        uses_lines = [line for line in text.splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
        assert uses_lines, name
        for line in uses_lines:
            pinned = PINNED.match(line)
            assert pinned, f"{name}: not pinned as <action>@<sha> # vX.Y.Z: {line.strip()}"
            assert re.fullmatch(r"[0-9a-f]{40}", pinned["sha"]), f"{name}: {line.strip()}"
            assert int(pinned["version"].split(".")[0]) == CURRENT_MAJORS[pinned["action"]], line


def test_the_same_action_is_pinned_to_the_same_commit_everywhere(workflows):
    pins: dict[str, set[str]] = {}
    for text, _ in workflows.values():
        for pinned in filter(None, map(PINNED.match, text.splitlines())):
            pins.setdefault(pinned["action"], set()).add(pinned["sha"])
    assert {action: len(shas) for action, shas in pins.items()} == dict.fromkeys(pins, 1)


def test_permissions_are_empty_by_default_and_granted_per_job(workflows):
    for name, (_, workflow) in workflows.items():
        assert workflow["permissions"] == {}, name
        for job_name, job in workflow["jobs"].items():
            assert "permissions" in job, f"{name}: job {job_name} states no permissions"
            granted = job["permissions"]
            assert set(granted.values()) <= {"read", "write"}, f"{name}: {job_name}"
            written = {scope for scope, access in granted.items() if access == "write"}
            assert written == WRITE_ALLOWED.get((name, job_name), set()), f"{name}: {job_name} writes {written}"


def test_checkout_never_keeps_the_token(workflows):
    checkouts = [
        step
        for _, (_, workflow) in workflows.items()
        for _, step in steps(workflow)
        if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert len(checkouts) == 3 + ("frontend" in workflows["ci.yml"][1]["jobs"])  # a React frontend adds its job
    assert all(step.get("with", {}).get("persist-credentials") is False for step in checkouts)


def test_no_expression_is_expanded_inside_a_script(workflows):
    for name, (_, workflow) in workflows.items():
        for job_name, step in steps(workflow):
            assert "${{" not in step.get("run", ""), f"{name}: {job_name}: {step['run']}"


def test_each_workflow_has_a_concurrency_group(workflows):
    for name, (_, workflow) in workflows.items():
        assert "${{ github.workflow }}" in workflow["concurrency"]["group"], name
    assert workflows["ci.yml"][1]["concurrency"]["cancel-in-progress"] is True
    assert workflows["deploy.yml"][1]["concurrency"]["cancel-in-progress"] is False


def test_ci_installs_from_the_lock_and_lints_the_templates(workflows):
    runs = [step.get("run", "") for _, step in steps(workflows["ci.yml"][1])]
    assert "uv sync --locked" in runs
    assert "uv sync --locked --only-group dev" in runs
    assert "uv run --no-sync djlint templates --lint" in runs
    assert not any(run.startswith("uv sync") and "--locked" not in run for run in runs)


def test_the_react_frontend_is_linted_type_checked_tested_and_built_in_ci(workflows):
    frontend = workflows["ci.yml"][1]["jobs"].get("frontend")
    if frontend is None:
        assert "npm" not in workflows["ci.yml"][0]
        return
    runs = [step.get("run", "") for step in frontend["steps"]]
    checks = ["npm ci", "npm run lint", "npm run typecheck", "npm test", "npm run api:check", "npm run build"]
    assert runs[-6:] == checks
