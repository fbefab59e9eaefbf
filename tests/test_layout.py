"""The house's rules of layout, checked on the code itself."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_extraction_imports_nothing_from_django_or_the_rest_of_the_app():
    """claims/extraction/ is pure Python: it reads text and knows no database."""
    for path in sorted((ROOT / "claims" / "extraction").glob("*.py")):
        for name in imported_modules(path):
            assert not name.startswith("django"), f"{path.name} imports {name}"
            if name.startswith("claims."):
                assert name.startswith("claims.extraction"), f"{path.name} imports {name}"


def test_extraction_runs_without_django_installed_in_the_process():
    """Importing the extractor loads no Django module at all."""
    script = (
        "import sys; import claims.extraction.extractor, claims.extraction.anchoring; "
        "print(sorted(name for name in sys.modules if name.startswith('django')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
