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


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_claims_modules(path: Path, known: set[str]) -> set[str]:
    """The modules of claims/ that `path` imports anywhere, inside functions too: an import
    moved into a function to dodge a circle still ties the two modules together."""
    package = module_name(path).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else base)
    return {name for name in found if name in known}


def test_no_module_of_claims_imports_one_that_imports_it_back():
    """The layout has floors: a circle of imports (even one hidden in a function) means two
    modules share a job that belongs in a module below both."""
    paths = [
        path
        for path in (ROOT / "claims").rglob("*.py")
        if "migrations" not in path.parts and path.name != "__init__.py"
    ]
    known = {module_name(path) for path in paths}
    graph = {module_name(path): imported_claims_modules(path, known) for path in paths}

    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), list(graph[start])
        while stack:
            name = stack.pop()
            if name == goal:
                return True
            if name not in seen:
                seen.add(name)
                stack.extend(graph.get(name, ()))
        return False

    circles = sorted(
        f"{name} -> {other} -> ... -> {name}"
        for name in graph
        for other in graph[name]
        if other != name and reaches(other, name)
    )
    assert circles == []
