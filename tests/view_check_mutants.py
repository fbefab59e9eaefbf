"""Mutation testing of the views' permission checks, which mutmut cannot reach.

mutmut leaves decorated functions alone, and every view is decorated (`@require_POST` and
the like), so the checks a view makes before it calls a service are mutated here instead:
each mutant below removes or inverts one check, the suite's permission tests run against
it in a copy of the project, and a mutant is killed when a test fails.

    python -m tests.view_check_mutants             (make mutation-views)
    python -m tests.view_check_mutants duplicate   (only the mutants whose name has "duplicate")
"""

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["claims", "factcheck", "templates", "static", "fixtures", "tests", "manage.py"]
TESTS = [
    "tests/test_authorisation.py",
    "tests/test_claim_page.py",
    "tests/test_claim_actions.py",
    "tests/test_articles.py",
    "tests/test_pages.py",
    "tests/test_exports.py",
    "tests/test_permissions.py",
    "tests/test_view_checks.py",
    "tests/test_handoffs.py",
    "tests/test_deadlines.py",
    "tests/test_checked_before.py",
    "tests/test_source_pages.py",
    "tests/test_statistics.py",
    "tests/test_inbox.py",
]
FORBIDDEN = "        return HttpResponseForbidden(str(error))"


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    original: str
    mutated: str
    occurrence: int = 0  # which occurrence of `original` in the file

    def apply(self, root: Path) -> None:
        file = root / self.path
        text = file.read_text(encoding="utf-8")
        start = -1
        for _ in range(self.occurrence + 1):
            start = text.index(self.original, start + 1)
        file.write_text(
            text[:start] + self.mutated + text[start + len(self.original) :], encoding="utf-8"
        )


ACTIONS = "claims/views/claim_actions.py"
SOURCES = "claims/views/sources.py"
EDITORS_ONLY = "if not is_editor(request.user):"
MUTANTS = [
    Mutant(
        "article pages: editors_only lets anyone in",
        "claims/views/article_edit.py",
        "if not is_editor(request.user):",
        "if False:",
    ),
    Mutant(
        "bulk actions: no editor check",
        "claims/views/bulk.py",
        "if not is_editor(request.user):",
        "if False:",
    ),
    Mutant(
        "claim edit: no role check before the form",
        ACTIONS,
        "if not can_edit_claim(request.user, claim):",
        "if False:",
    ),
    Mutant(
        "verdict form: no role check before the form",
        ACTIONS,
        "if not can_work_on(request.user, claim):",
        "if False:",
    ),
    Mutant(
        "evidence edit: no role check before the form",
        ACTIONS,
        "if not can_change_evidence(request.user, evidence):",
        "if False:",
    ),
    *(
        Mutant(
            f"{view}: a refusal by role answers like a success",
            ACTIONS,
            FORBIDDEN,
            "        return done(request, claim)",
            occurrence,
        )
        for occurrence, view in enumerate(
            [
                "assign",
                "claim edit",
                "verdict",
                "transition",
                "evidence add",
                "evidence edit",
                "evidence remove",
                "comment",
                "due date",
                "short claim fix",
            ]
        )
    ),
    Mutant(
        "claim page: every evidence row offered for editing",
        "claims/views/claim_page.py",
        "row.editable = can_change_evidence(self.user, row)",
        "row.editable = True",
    ),
    Mutant(
        "queue: the bulk bar offered to everyone",
        "claims/views/claims.py",
        '"can_bulk": is_editor(request.user),',
        '"can_bulk": True,',
    ),
    Mutant(
        "article page: suggestions shown to everyone",
        "claims/views/articles.py",
        "if is_editor(request.user):",
        "if True:",
    ),
    Mutant(
        "dashboard: the review queue shown to everyone",
        "claims/views/dashboard.py",
        "if is_editor(request.user):",
        "if True:",
    ),
    *(
        Mutant(f"{view}: a refusal by role answers like a success", path, FORBIDDEN, success, n)
        for view, path, success, n in [
            ("evidence reuse", "claims/views/search.py", "        return redirect(claim)", 0),
            ("duplicate", "claims/views/search.py", "        return redirect(claim)", 1),
            ("check now", SOURCES, "        return redirect(source)", 0),
            ("fill details", SOURCES, "        return redirect(source)", 1),
        ]
    ),
    Mutant(
        "publisher registry: a refusal by role answers like a success",
        SOURCES,
        "                return HttpResponseForbidden(str(error))",
        '                return redirect("claims:publisher_list")',
    ),
    Mutant(
        "source page: check now offered to everyone",
        SOURCES,
        '"can_check": is_editor(request.user)',
        '"can_check": True',
    ),
    Mutant(
        "publisher registry: the form offered to everyone",
        SOURCES,
        '"can_edit": is_editor(request.user),',
        '"can_edit": True,',
    ),
    Mutant("statistics page: no editor check", "claims/views/stats.py", EDITORS_ONLY, "if False:"),
    Mutant(
        "statistics CSV: no editor check", "claims/views/stats.py", EDITORS_ONLY, "if False:", 1
    ),
    Mutant(
        "inbox: anyone's notification opened and marked read",
        "claims/views/inbox.py",
        "get_object_or_404(Notification, pk=pk, recipient=request.user)",
        "get_object_or_404(Notification, pk=pk)",
    ),
    Mutant(
        "export: no restriction to published claims for reviewers",
        "claims/views/exports.py",
        "claims_for_export(selected, user=request.user)",
        "claims_for_export(selected, user=None)",
    ),
]


def killed(mutant: Mutant, pristine: Path, work: Path) -> bool:
    """Whether the permission tests fail against the project with `mutant` applied."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(pristine, work)
    mutant.apply(work)
    environment = {**os.environ, "PYTHONPATH": str(work), "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "--no-cov", "-p", "no:cacheprovider"]
        + ["-m", "not e2e", *TESTS],
        cwd=work,
        env=environment,
        capture_output=True,
    )
    return result.returncode != 0


def main(only: str = "") -> int:
    mutants = [mutant for mutant in MUTANTS if only in mutant.name]
    with tempfile.TemporaryDirectory() as scratch:
        pristine = Path(scratch) / "pristine"
        pristine.mkdir()
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(
                    source, pristine / name, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                shutil.copy2(source, pristine / name)
        (pristine / "pyproject.toml").write_text(
            (ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8"
        )
        survivors = []
        for mutant in mutants:
            outcome = killed(mutant, pristine, Path(scratch) / "work")
            print(f"{'killed  ' if outcome else 'SURVIVED'} {mutant.name}", flush=True)
            if not outcome:
                survivors.append(mutant.name)
    total = len(mutants)
    print(f"views' permission checks: {total - len(survivors)}/{total} killed")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(" ".join(sys.argv[1:])))
