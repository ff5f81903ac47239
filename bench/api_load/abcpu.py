"""In-process A/B of the app's CPU per request between two source trees, for a shared machine (issue #18).

Usage: python -m bench.api_load.abcpu A_TREE [B_TREE] [--endpoint list|detail] [--role admin|manager|shopper]
                                      [--bursts 30] [--requests 40]

One child process per tree (its own `siete`, checked) builds the app on the benchmark database that
`python -m bench.api_load.run` prepares, logs in and warms up; then the parent alternates bursts of sequential
test-client requests between the two (A B, B A, ...), so both see the same machine load, and reports the
process CPU time per request (time.process_time: the app's Python and its client side of PostgreSQL and Redis,
not the servers' CPU) as min / p25 / median over the bursts. A tree is e.g. `git archive <commit> | tar -x -C dir`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r'''
import json, os, sys, time
root = sys.argv[1]
sys.path.insert(0, root)
from bench.api_load import data, loadgen
from bench.api_load.run import PAGES, list_path, real_env
dbname = data.database_for(data.FULL_SIZE)
facts = data.prepare_database(data.Params.sized(data.FULL_SIZE), log=lambda m: None)["facts"]
env = real_env(dbname, data.var_dir())
env.pop("PROMETHEUS_MULTIPROC_DIR")
os.environ.update(env)
import siete
assert siete.__file__.startswith(root), siete.__file__
app = siete.create_app()
client = app.test_client()
domain = facts["main"]["admin_email"].split("@", 1)[1]
email = {"admin": facts["main"]["admin_email"], "manager": facts["main"]["manager_email"],
         "shopper": "shopper1@" + domain}[os.environ["ABCPU_ROLE"]]
token = client.post("/api/v1/auth/login", json={"email": email, "password": data.PASSWORD}).get_json()["access_token"]
headers = {"Authorization": "Bearer " + token}
ids = loadgen.shuffled(data.sample_ids(dbname, facts["main"]["id"]))
paths = ([list_path(p) for p in PAGES] if os.environ["ABCPU_ENDPOINT"] == "list"
         else ["/api/v1/evaluations/%d" % i for i in ids[:200]])
for i in range(100):
    assert client.get(paths[i % len(paths)], headers=headers).status_code == 200
print("READY", flush=True)
i = 0
for line in sys.stdin:
    n = int(line)
    started = time.process_time()
    for _ in range(n):
        client.get(paths[i % len(paths)], headers=headers)
        i += 1
    print(json.dumps(1000 * (time.process_time() - started) / n), flush=True)
'''


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a")
    parser.add_argument("b", nargs="?", default=str(Path(__file__).resolve().parents[2]))
    parser.add_argument("--endpoint", choices=("list", "detail"), default="list")
    parser.add_argument("--role", choices=("admin", "manager", "shopper"), default="admin")
    parser.add_argument("--bursts", type=int, default=30)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args(argv)
    trees = {"A": str(Path(args.a).resolve()), "B": str(Path(args.b).resolve())}
    env = {"ABCPU_ENDPOINT": args.endpoint, "ABCPU_ROLE": args.role}
    children = {name: subprocess.Popen([sys.executable, "-c", CHILD, tree], cwd=tree, stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True,
                                       env={**os.environ, **env, "PYTHONPATH": tree})
                for name, tree in trees.items()}
    try:
        for name, child in children.items():
            if not child.stdout.readline().startswith("READY"):
                raise RuntimeError(f"tree {name} ({trees[name]}) did not start")
        figures = {name: [] for name in children}
        for burst in range(args.bursts):
            for name in ("A", "B") if burst % 2 == 0 else ("B", "A"):
                children[name].stdin.write(f"{args.requests}\n")
                children[name].stdin.flush()
                figures[name].append(json.loads(children[name].stdout.readline()))
    finally:
        for child in children.values():
            child.stdin.close()
            child.wait(timeout=60)
    for name, values in figures.items():
        values.sort()
        print(f"{name} {trees[name]}: app CPU ms/request min {values[0]:.3f}  p25 {values[len(values) // 4]:.3f}  "
              f"median {statistics.median(values):.3f}  ({args.endpoint}, {args.role}, {args.bursts} x "
              f"{args.requests} requests)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
