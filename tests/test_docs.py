"""The docs stay true: every environment variable the settings read is in the README's table."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_read_from_the_environment_is_documented_in_the_readme():
    settings_source = (ROOT / "jobly" / "settings.py").read_text()
    names = set(re.findall(r'read_(?:str|int|bool|float|list|choice|database|redis_url|host_ports)\(\s*"([A-Z0-9_]+)"', settings_source))
    readme = (ROOT / "README.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert len(names) > 20, "the settings reader pattern no longer matches: fix this test"
    assert not missing, f"document these in README.md's configuration table: {missing}"


def test_readme_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    assert readme.index("make run") < readme.index("## Configuration")
    assert readme.index("make test") < readme.index("## Configuration")


def test_ci_script_calls_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_audit_action_code_is_documented_in_operations():
    import json

    actions = json.loads((ROOT / "jobly" / "data" / "audit_actions.json").read_text())["actions"]
    operations = (ROOT / "docs" / "OPERATIONS.md").read_text()
    missing = sorted(code for code in actions if f"| `{code}` |" not in operations)
    assert len(actions) >= 15 and not missing, f"add these to docs/OPERATIONS.md's audit table: {missing}"
