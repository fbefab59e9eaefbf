"""A side-by-side, line by line comparison of two versions of a source's text."""

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffRow:
    change: str  # "same", "changed", "removed", "added"
    before: str
    after: str


def side_by_side(before: str, after: str, context: int = 2) -> list[DiffRow | None]:
    """Rows of the two texts' lines, changes with `context` unchanged lines around them;
    None stands for a run of unchanged lines left out."""
    old, new = before.splitlines(), after.splitlines()
    rows: list[DiffRow | None] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if rows:
            rows.append(None)
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(DiffRow("same", line, line) for line in old[i1:i2])
            elif tag == "delete":
                rows.extend(DiffRow("removed", line, "") for line in old[i1:i2])
            elif tag == "insert":
                rows.extend(DiffRow("added", "", line) for line in new[j1:j2])
            else:
                left, right = old[i1:i2], new[j1:j2]
                for n in range(max(len(left), len(right))):
                    rows.append(
                        DiffRow(
                            "changed",
                            left[n] if n < len(left) else "",
                            right[n] if n < len(right) else "",
                        )
                    )
    return rows
