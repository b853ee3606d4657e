"""Every template passes djLint's Django profile, and no page carries inline code a strict CSP would block."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

MODULE = Path(__file__).resolve().parents[1]
TEMPLATES = MODULE / "src" / "quickscale_modules" / "auth" / "templates"
INLINE_CODE = re.compile(r"""\sstyle=|\son[a-z]+=|<style|<script(?![^>]*\ssrc=)""", re.IGNORECASE)


def test_djlint_finds_nothing_in_the_modules_templates():
    djlint = Path(sys.executable).parent / "djlint"
    result = subprocess.run(
        [str(djlint), str(TEMPLATES), "--lint"], cwd=MODULE, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout
    assert re.search(r"Linted [1-9]\d* files, found 0 errors", result.stdout), result.stdout


def test_no_page_template_has_inline_scripts_styles_or_event_handlers():
    pages = [path for path in TEMPLATES.rglob("*.html") if "email" not in path.relative_to(TEMPLATES).parts]
    assert len(pages) > 10
    offenders = {str(path.relative_to(TEMPLATES)): INLINE_CODE.findall(path.read_text()) for path in pages}
    assert {path: found for path, found in offenders.items() if found} == {}
