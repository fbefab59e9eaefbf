"""axe-core (WCAG 2.1 AA) in the page and the W3C Nu validator over collected HTML.

Both come from the npm registry (package.json), installed into node_modules/ by `make browser`.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require_tool(path: Path) -> None:
    """Skip when a tool is missing on a developer's machine; in CI a missing tool fails."""
    if path.exists() and (path != VNU or shutil.which("java")):
        return
    message = f"{path.relative_to(ROOT)} or Java is missing: run `make browser`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def axe_violations(page) -> list[str]:
    """Run axe-core in the page as it is now; one line per violating node."""
    require_tool(AXE)
    # evaluate() runs through the DevTools protocol, which the page's CSP does not govern,
    # so the desk's strict policy stays on while axe is injected.
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [
        f"{violation['id']}: {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1]}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def nu_errors(documents: dict[str, str], directory: Path) -> list[str]:
    """Validate every document in one run of the Nu validator; one line per error."""
    require_tool(VNU)
    names = {}
    for number, (name, html) in enumerate(documents.items()):
        path = directory / f"state-{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    run = subprocess.run(
        # --no-langdetect: guessing each page's language is most of the run's time, and the
        # pages' lang attributes are the desk's own business (tests/test_language.py).
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--no-langdetect",
            "--format",
            "json",
            "--stdout",
        ]
        + [str(directory / file_name) for file_name in names],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [
        f"{names.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}"
        f":{message.get('lastLine')}: {message['message']} [{message.get('extract', '').strip()}]"
        for message in json.loads(run.stdout)["messages"]
    ]
