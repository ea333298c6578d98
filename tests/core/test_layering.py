"""core is the ground floor: every app may import it, it imports no app of the project."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PROJECT_APPS = {name for name in settings.INSTALLED_APPS if "." not in name and (ROOT / name).is_dir()}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_core_imports_no_app_of_the_project():
    for path in (ROOT / "core").rglob("*.py"):
        apps = {name.split(".")[0] for name in imported_modules(path)} & PROJECT_APPS
        assert not apps, f"{path.relative_to(ROOT)} imports {sorted(apps)}"


def test_accounts_masks_personal_data_without_participants():
    for path in (ROOT / "accounts").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        assert not {name for name in imported_modules(path) if name.split(".")[0] == "participants"}, path


def test_the_audit_trail_masks_with_core_privacy():
    assert settings.AUDITLOG_MASK_CALLABLE == "core.privacy.mask_value"
