"""Run every benchmark in turn, each writing its own section of ``benchmarks/RESULTS.md``::

    pip install -e ".[bench]"
    python benchmarks/run_all.py            # about 10 minutes on 2 cores

Each script runs in its own process (so one's imports and memory do not colour the next)
with its default settings; the first failure stops the run with its exit code.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ("bench_writer.py", "bench_chiso.py", "bench_render.py", "mau_round_trip.py", "bench_pdf.py")


def main() -> int:
    for script in SCRIPTS:
        print(f"=== {script}", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / script)])
        if code:
            print(f"{script} failed ({code})", file=sys.stderr)
            return code
        print(f"=== {script}: {time.perf_counter() - start:.0f} s", flush=True)
    print(f"results: {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
