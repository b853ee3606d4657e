"""{% vite_assets "src/main.tsx" %}: the tags that load an entry of the React app (frontend/).

In production, from the build (npm run build writes static/app/ and its manifest, .vite/manifest.json): the
entry's script, the scripts it imports (preloaded) and its style sheets, as static files WhiteNoise serves, under
the names Vite gave them (already hashed: the scripts import each other by those names).
With settings.VITE_DEV_SERVER (local settings, `npm run dev`), from Vite's server, with hot reload.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django import template
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

BUILD = "app/"  # the build's folder under the static files (vite.config.ts: build.outDir, base)
MANIFEST = Path(BUILD, ".vite", "manifest.json")


@register.simple_tag(takes_context=True)
def vite_assets(context, entry: str) -> SafeString:
    nonce = getattr(context.get("request"), "csp_nonce", "")
    if settings.VITE_DEV_SERVER:
        # Vite's server serves the app under the same path as the build (vite.config.ts: base).
        return dev_server_tags(settings.VITE_DEV_SERVER.rstrip("/") + built_url(""), entry, nonce)
    return built_tags(manifest(), entry)


def dev_server_tags(origin: str, entry: str, nonce: str) -> SafeString:
    """Vite's client (hot reload), React's refresh preamble and the entry, from the dev server. The preamble is the
    one inline script, allowed by the page's CSP nonce; Vite reads the nonce from the meta tag for its styles."""
    return format_html(
        '<meta property="csp-nonce" nonce="{nonce}">\n'
        '<script type="module" nonce="{nonce}">import RefreshRuntime from "{origin}@react-refresh";'
        "RefreshRuntime.injectIntoGlobalHook(window);window.$RefreshReg$ = () => {{}};"
        "window.$RefreshSig$ = () => (type) => type;window.__vite_plugin_react_preamble_installed__ = true;</script>\n"
        '<script type="module" src="{origin}@vite/client"></script>\n'
        '<script type="module" src="{origin}{entry}"></script>',
        nonce=nonce,
        origin=origin,
        entry=entry,
    )


def built_tags(chunks: dict, entry: str) -> SafeString:
    if entry not in chunks:
        raise ImproperlyConfigured(f"The app's build has no entry {entry}: run npm run build in frontend/.")
    imported = list(dict.fromkeys(_imports(chunks, entry)))
    styles = [css for name in (entry, *imported) for css in chunks[name].get("css", [])]
    links = [("stylesheet", css) for css in dict.fromkeys(styles)]
    links += [("modulepreload", chunks[name]["file"]) for name in imported]
    return format_html(
        '{}\n<script type="module" src="{}"></script>',
        format_html_join("\n", '<link rel="{}" href="{}">', ((rel, built_url(path)) for rel, path in links)),
        built_url(chunks[entry]["file"]),
    )


def built_url(path: str) -> str:
    return f"{settings.STATIC_URL}{BUILD}{path}"


def _imports(chunks: dict, name: str):
    for imported in chunks[name].get("imports", []):
        yield imported
        yield from _imports(chunks, imported)


@cache
def manifest() -> dict:
    """The build's manifest, read once per process (a new build comes with a restart, as a deployment does)."""
    named = getattr(settings, "VITE_MANIFEST", None)  # the test settings name one: the tests run without a build
    candidates = [Path(named)] if named else [Path(folder, MANIFEST) for folder in _static_folders()]
    path = next((candidate for candidate in candidates if candidate.is_file()), None)
    if path is None:
        raise ImproperlyConfigured(
            f"The React app is not built (no static/{MANIFEST}): run npm ci && npm run build in frontend/, "
            "or set VITE_DEV_SERVER to use npm run dev."
        )
    return json.loads(path.read_text(encoding="utf-8"))


def _static_folders() -> list[Path]:
    """Where the manifest may be: the collected static files (production), else the project's static/ folder."""
    return [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]
