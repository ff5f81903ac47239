"""Loaded by every Python process whose PYTHONPATH has this folder (the benchmark's workers with --patches):
applies the candidate fixes named in BENCH_PATCHES. See fixes.py."""

import os
import sys

if os.environ.get("BENCH_PATCHES"):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import fixes

    fixes.apply([name for name in os.environ["BENCH_PATCHES"].split(",") if name])
    sys.path.pop(0)
    print(f"bench patches applied in pid {os.getpid()}: {os.environ['BENCH_PATCHES']}", file=sys.stderr, flush=True)
