"""axe-core in the page (vendored: tests/vendor/axe-core), and the screenshots kept as test artifacts.

`assert_accessible(page, name)` injects axe, runs the WCAG 2.1 A/AA and best-practice rules and fails on
any serious or critical violation, naming the rule, its help text and the first offending elements.
`screenshot(page, test, name)` saves a full-page PNG under var/test-artifacts/<test>/ (or
$JOBLY_TEST_ARTIFACTS), which CI keeps.
"""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("JOBLY_TEST_ARTIFACTS", ROOT / "var" / "test-artifacts"))
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}
SAFE = re.compile(r"[^\w.-]+")


def violations(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})).violations",
        TAGS,
    )


def describe(found):
    lines = []
    for violation in found:
        targets = [" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at {', '.join(targets)}")
    return "\n".join(lines)


def problems(page, name):
    """"" when the page has no serious or critical violation, else what to fix."""
    blocking = [violation for violation in violations(page) if violation["impact"] in BLOCKING]
    return f"{name} ({page.url}):\n{describe(blocking)}" if blocking else ""


def assert_accessible(page, name):
    found = problems(page, name)
    assert not found, f"serious or critical accessibility violations on {found}"


def screenshot(page, test, name):
    folder = ARTIFACTS / SAFE.sub("-", test)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (SAFE.sub("-", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path
