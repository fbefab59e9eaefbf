"""Peak memory of the import for every file of the hostile corpus, at full size (PostgreSQL).

    python bench/bench_hostile.py

Writes the corpus of tests/hostile_files.py with `--full-size` (a 54 MB header of 5 million
column names, a 1 MB workbook that inflates to 1 GB, ...) to bench/data/hostile/, imports
each file in a process of its own and reports that process's peak memory, the worst file
last. Exits non-zero when any import is written, gives no error, or passes 300 MB.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

from benchdb import ROOT, peak_mb, setup

DATABASE = "factcheck_bench_hostile"
MAX_MEMORY_MB = 300
DIRECTORY = Path(__file__).resolve().parent / "data" / "hostile"


def child(path: str) -> None:
    setup(DATABASE)
    from claims.importers import import_file

    baseline = peak_mb()
    started = time.perf_counter()
    with open(path, "rb") as stream:
        report = import_file(stream, name=Path(path).name)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "peak_mb": peak_mb(),
                "baseline_mb": baseline,
                "written": report.written,
                "errors": report.errors.count,
                "first_error": (report.errors.kept or [""])[0][:90],
            }
        )
    )


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return 0
    setup(DATABASE)  # migrate once, before the children
    sys.path.insert(0, str(ROOT))
    subprocess.run(
        [sys.executable, str(ROOT / "tests" / "hostile_files.py"), str(DIRECTORY), "--full-size"],
        check=True,
    )
    results = []
    for path in sorted(DIRECTORY.iterdir()):
        run = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            print(f"{path.name}: the import crashed\n{run.stderr[-2000:]}")
            return 1
        result = json.loads(run.stdout.strip().splitlines()[-1])
        results.append((result["peak_mb"], path, result))
    results.sort(key=lambda item: item[0])
    for peak, path, result in results:
        size = path.stat().st_size / 1e6
        print(
            f"{path.name:32} {size:8.2f} MB  peak {peak:5.0f} MB  {result['seconds']:6.2f} s  "
            f"{result['first_error']}"
        )
    worst_peak, worst, _ = results[-1]
    baseline = results[0][2]["baseline_mb"]
    print(f"files: {len(results)}; a process after Django start-up: {baseline:.0f} MB")
    print(
        f"worst file: {worst.name}, peak memory {worst_peak:.0f} MB (target < {MAX_MEMORY_MB} MB)"
    )
    failures = [
        f"{path.name}: {'written' if result['written'] else 'no error'}"
        for _peak, path, result in results
        if result["written"] or not result["errors"]
    ]
    if worst_peak >= MAX_MEMORY_MB:
        failures.append(f"{worst.name}: peak memory {worst_peak:.0f} MB")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
