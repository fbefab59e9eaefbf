"""Kill rate per module from the last mutation run; `make mutation` prints it at the end.

Reads `mutmut results --all true` on stdin. A module's rate is killed / (mutants - timeouts -
equivalent mutants): a timeout is a mutant that loops without end, which any time limit on
the suite catches, and an equivalent mutant is one no behaviour can tell from the original,
listed with the reason in tests/equivalent_mutants.txt.
"""

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

EQUIVALENT_LIST = Path(__file__).with_name("equivalent_mutants.txt")
# "claims.exports.verdicts.x_export_rows__mutmut_3: survived", or "xǁClassǁmethod__mutmut_3".
RESULT_LINE = re.compile(r"^\s*(?P<module>[\w.]+)\.x[_ǁ](?P<rest>\S*): (?P<status>.+)$")


def read_results(lines):
    """Map each module path to {mutant name: status}."""
    results = defaultdict(dict)
    for line in lines:
        match = RESULT_LINE.match(line)
        if match:
            name = line.strip().rsplit(": ", 1)[0]
            path = match["module"].replace(".", "/") + ".py"
            results[path][name] = match["status"].strip()
    return results


def read_equivalent(path=EQUIVALENT_LIST):
    """Names of the mutants listed as equivalent, each line `name  reason`."""
    if not path.exists():
        return set()
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.add(line.split()[0])
    return names


def module_rows(results, equivalent):
    """One row per module: counts by outcome and the kill rate."""
    for path, statuses in sorted(results.items()):
        counts = Counter(statuses.values())
        listed = {name for name, status in statuses.items() if name in equivalent}
        excused = {name for name in listed if statuses[name] == "survived"}
        counted = len(statuses) - counts["timeout"] - len(excused)
        not_killed = sorted(
            (name, status)
            for name, status in statuses.items()
            if status not in ("killed", "timeout", "not checked") and name not in excused
        )
        yield {
            "module": path,
            "total": len(statuses),
            "killed": counts["killed"],
            "timeouts": counts["timeout"],
            "equivalent": len(excused),
            "counted": counted,
            "rate": counts["killed"] / counted if counted else 0.0,
            "not_killed": not_killed,
            "unchecked": counts["not checked"],
            "stale": sorted(listed - excused),
        }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="module paths to report (default: all run)")
    args = parser.parse_args(argv)

    results = read_results(sys.stdin)
    missing = [module for module in args.modules if module not in results]
    if missing:
        for module in missing:
            print(f"No mutants for {module}: is it listed in [tool.mutmut] only_mutate?")
        return 1
    if args.modules:
        results = {module: results[module] for module in args.modules}

    rows = list(module_rows(results, read_equivalent()))
    print()
    print("Kill rate = killed / (mutants - timeouts - equivalent); `mutmut show NAME` shows one.")
    print(f"{'module':<40} {'killed/counted':>14} {'rate':>6}  total timeouts equivalent")
    for row in rows:
        fraction = f"{row['killed']}/{row['counted']}"
        print(
            f"{row['module']:<40} {fraction:>14} {row['rate']:>6.1%}  {row['total']:>5}"
            f" {row['timeouts']:>8} {row['equivalent']:>10}"
        )
    for row in rows:
        for name, status in row["not_killed"]:
            print(f"  {status}: {name}")
        if row["unchecked"]:
            print(f"  {row['module']}: {row['unchecked']} mutants not checked (run interrupted?)")
        for name in row["stale"]:
            print(f"  listed as equivalent but killed now: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
