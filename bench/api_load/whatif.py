"""Measured what-ifs for the findings: the real app with one candidate fix applied at start-up (monkeypatched here,
never in siete/), under the same load as the real list endpoint, against the minimal endpoint of the same run.

Usage: python -m bench.api_load.whatif [--variants baseline,no_count,...] [--seconds 20] [--evaluations 100000]

Variants (BENCH_WHATIF, comma-separated; `all` = every fix that keeps the API's answers):
  baseline       the app as it is
  cached_count   X-Pagination total cached in Redis for 30 s per (tenant scope, filters) instead of COUNT per request
  no_count       no COUNT at all (what keyset / "has more" pagination costs: page_size + 1 rows)
  pool           SQLAlchemy pool sized for the threads (pool_size 16, max_overflow 4) instead of 5 + 10 overflow
  no_preping     pool_pre_ping off (pool_recycle 1800 instead): one round trip less per request
  light_user     the per-request user reload as one Core row (id, role, company_id, subscription) instead of an ORM
                 entity with a joined company and populate_existing (still reloaded every request)
  fast_dump      the list/detail schema dumped by a precomputed field list instead of marshmallow's generic dump
  scope_cache    tenancy's with_loader_criteria options built once per Scope (lru_cache) instead of on every execute
  core_rows      the page query selects the mapped columns (still ORM-enabled, so tenancy applies) and returns row
                 mappings instead of materialising Evaluation entities into the identity map
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

VARIANTS = ("baseline", "cached_count", "no_count", "pool", "no_preping", "light_user", "fast_dump", "scope_cache",
            "core_rows")
ALL = ("cached_count", "pool", "no_preping", "light_user", "fast_dump", "scope_cache", "core_rows")
COUNT_TTL_S = 30


def _cached_count(app):
    import redis
    from flask import request

    from siete.core import tenancy
    from siete.core.pagination import SelectPage
    from siete.extensions import db
    from sqlalchemy import func, select

    client = redis.Redis.from_url(app.config["REDIS_URL"])

    def item_count(self):
        scope = tenancy.current_scope()
        filters = sorted((k, v) for k, v in request.args.items(multi=True) if k not in ("page", "page_size"))
        key = f"siete:count:{request.endpoint}:{scope.company_id}:{scope.role}:{scope.user_id}:{json.dumps(filters)}"
        cached = client.get(key)
        if cached is not None:
            return int(cached)
        counted = self.collection.order_by(None).subquery()
        total = db.session.scalar(select(func.count()).select_from(counted))
        client.set(key, total, ex=COUNT_TTL_S)
        return total

    SelectPage.item_count = property(item_count)


def _no_count(_app):
    from siete.core.pagination import SelectPage

    SelectPage.item_count = property(lambda self: 10**9)


def _light_user(app):
    from sqlalchemy import text

    from siete.core import tenancy
    from siete.extensions import db, jwt

    query = text("SELECT u.id, u.role, u.company_id, c.id AS live_company, c.subscription_status FROM users u "
                 "LEFT JOIN companies c ON c.id = u.company_id AND c.deleted_at IS NULL "
                 "WHERE u.id = :id AND u.deleted_at IS NULL")

    @jwt.user_lookup_loader
    def _load_user(_header, payload):
        with tenancy.system_scope():
            row = db.session.execute(query, {"id": int(payload["sub"])}).first()
        if row is None or (row.company_id is not None and row.live_company is None):
            return None
        return SimpleNamespace(id=row.id, role=row.role, company_id=row.company_id,
                               company_suspended=row.subscription_status == "suspended")


def _fast_dump(_app):
    from marshmallow import fields

    from siete.evaluations.schemas import EvaluationDetailSchema, EvaluationSchema

    def compile_fields(schema_cls):
        out = []
        for name, field in schema_cls().dump_fields.items():
            kind = "dt" if isinstance(field, fields.DateTime) else "plain"
            out.append((name, field.attribute or name, kind))
        return out

    for schema_cls in (EvaluationSchema, EvaluationDetailSchema):
        spec = compile_fields(schema_cls)

        def one(obj, spec=spec):
            row = {}
            for name, attr, kind in spec:
                value = obj.get(attr) if isinstance(obj, Mapping) else getattr(obj, attr, None)
                row[name] = value.isoformat() if kind == "dt" and isinstance(value, datetime) else value
            return row

        def dump(self, obj, *, many=None, one=one):
            many = self.many if many is None else many
            return [one(o) for o in obj] if many else one(obj)

        schema_cls.dump = dump


def _scope_cache(_app):
    from functools import lru_cache

    from sqlalchemy import event
    from sqlalchemy.orm import Session, with_loader_criteria

    from siete.core import tenancy
    from siete.core.models import SoftDeleteMixin, TenantOwned, TenantRoot

    @lru_cache(maxsize=4096)
    def options_for(scope, include_deleted):
        options = []
        if not include_deleted:
            options.append(with_loader_criteria(SoftDeleteMixin, lambda cls: cls.deleted_at.is_(None),
                                                include_aliases=True))
        if scope is not None and scope.company_id is not None:
            company_id = scope.company_id
            options.append(with_loader_criteria(TenantOwned, lambda cls: cls.company_id == company_id,
                                                include_aliases=True))
            options.append(with_loader_criteria(TenantRoot, lambda cls: cls.id == company_id, include_aliases=True))
        if scope is not None and scope.user_id is not None:
            options.extend(tenancy._row_rules(scope))
        return tuple(options)

    def apply_scope(state):  # same rules as siete.core.tenancy._apply_scope, options cached per scope
        if state.is_column_load or state.is_relationship_load:
            return
        if not (state.is_select or state.is_update or state.is_delete):
            return
        scope = tenancy._current.get()
        if scope is None and tenancy._touches_tenant_data(state):
            raise tenancy.TenancyError("Tenant data queried outside any tenant scope")
        options = options_for(scope, bool(state.execution_options.get("include_deleted")))
        if options:
            state.statement = state.statement.options(*options)

    event.remove(Session, "do_orm_execute", tenancy._apply_scope)
    event.listen(Session, "do_orm_execute", apply_scope)


def _core_rows(_app):
    from siete.core.pagination import SelectPage
    from siete.extensions import db

    def items(self):
        if self.page_params.first_item >= self.page_params.item_count:
            return []
        entity = self.collection.column_descriptions[0]["entity"]
        columns = [attr for attr in entity.__mapper__.column_attrs]
        stmt = (self.collection.with_only_columns(*(getattr(entity, c.key) for c in columns))
                .limit(self.page_params.page_size).offset(self.page_params.first_item))
        return db.session.execute(stmt).mappings().all()

    SelectPage.items = property(items)


PATCHES = {"cached_count": _cached_count, "no_count": _no_count, "light_user": _light_user, "fast_dump": _fast_dump,
           "scope_cache": _scope_cache, "core_rows": _core_rows}


def create():
    """gunicorn factory: `bench.api_load.whatif:create()` with BENCH_WHATIF set."""
    from siete import create_app
    from siete.config import Config

    chosen = [v for v in os.environ.get("BENCH_WHATIF", "baseline").split(",") if v and v != "baseline"]
    chosen = list(ALL) if chosen == ["all"] else chosen
    config = Config()
    options = dict(config.SQLALCHEMY_ENGINE_OPTIONS)
    if "pool" in chosen:
        options.update(pool_size=16, max_overflow=4)
    if "no_preping" in chosen:
        options.update(pool_pre_ping=False, pool_recycle=1800)
    config.SQLALCHEMY_ENGINE_OPTIONS = options
    app = create_app(config)
    for name in chosen:
        if name in PATCHES:
            PATCHES[name](app)
    return app


def _inprocess_child() -> None:
    """One variant in a fresh interpreter: single-threaded requests through Flask's test client (no network, no
    contention); prints JSON with wall and CPU milliseconds per request."""
    import statistics
    import time

    from bench.api_load import data
    from bench.api_load.run import PAGES, list_path

    app = create()
    requests_n = int(os.environ.get("BENCH_WHATIF_N", "300"))
    client = app.test_client()
    login = client.post("/api/v1/auth/login", json={"email": os.environ["BENCH_WHATIF_EMAIL"],
                                                    "password": data.PASSWORD})
    headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
    ids = json.loads(os.environ["BENCH_WHATIF_IDS"])
    out = {}
    for endpoint in ("list", "detail"):
        paths = [list_path(p) for p in PAGES] if endpoint == "list" else [f"/api/v1/evaluations/{i}" for i in ids]
        for i in range(50):
            assert client.get(paths[i % len(paths)], headers=headers).status_code == 200
        walls, cpus = [], []
        for i in range(requests_n):
            wall0, cpu0 = time.perf_counter(), time.thread_time()
            response = client.get(paths[i % len(paths)], headers=headers)
            cpus.append((time.thread_time() - cpu0) * 1000)
            walls.append((time.perf_counter() - wall0) * 1000)
            assert response.status_code == 200
        out[endpoint] = {"wall_ms_median": round(statistics.median(walls), 3),
                         "wall_ms_mean": round(statistics.fmean(walls), 3),
                         "cpu_ms_median": round(statistics.median(cpus), 3),
                         "cpu_ms_mean": round(statistics.fmean(cpus), 3)}
    print("WHATIFJSON " + json.dumps(out))


def inprocess(variants: list[str], dbname: str, email: str, ids: list[int], n: int) -> list[dict]:
    import subprocess

    from bench._common import ROOT
    from bench.api_load.run import real_env

    rows = []
    for variant in variants:
        env = {**real_env(dbname, __import__("bench.api_load.data", fromlist=["x"]).var_dir()),
               "BENCH_WHATIF": variant, "BENCH_WHATIF_EMAIL": email, "BENCH_WHATIF_IDS": json.dumps(ids[:200]),
               "BENCH_WHATIF_N": str(n)}
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # one process: the default registry
        done = subprocess.run([sys.executable, "-c", "from bench.api_load.whatif import _inprocess_child as c; c()"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
        line = next((l for l in done.stdout.splitlines() if l.startswith("WHATIFJSON ")), None)
        if done.returncode != 0 or line is None:
            raise RuntimeError(f"{variant}: {done.stderr[-2000:]}")
        result = json.loads(line.removeprefix("WHATIFJSON "))
        rows.append({"variant": variant, **result})
        print(f"{variant:<14} list wall {result['list']['wall_ms_median']:.2f} ms cpu {result['list']['cpu_ms_median']:.2f}"
              f" | detail wall {result['detail']['wall_ms_median']:.2f} cpu {result['detail']['cpu_ms_median']:.2f}",
              flush=True)
    return rows


def main(argv=None) -> int:
    from bench._common import CACHE
    from bench.api_load import data, loadgen, servers
    from bench.api_load.run import (PAGES, check_equivalence, list_path, login, measure, real_env, reference_env,
                                    wait_for_quiet)

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", default=",".join(VARIANTS) + ",all")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--evaluations", type=int, default=data.FULL_SIZE)
    parser.add_argument("--endpoint", choices=("list", "detail"), default="list")
    parser.add_argument("--wait-max", type=float, default=0)
    parser.add_argument("--layouts", default="2x16",
                        help="gunicorn gthread workers x threads for the variants, e.g. 2x16,4x4,2x16:ka0 "
                             "(`:ka0` = --keep-alive 0; the Procfile: 2x16)")
    parser.add_argument("--inprocess", action="store_true",
                        help="single-threaded cost per request through the test client instead of load")
    parser.add_argument("--requests", type=int, default=300, help="--inprocess: timed requests per endpoint")
    args = parser.parse_args(argv)
    servers.install_signal_handlers()
    dbname = data.database_for(args.evaluations)
    var = data.var_dir()
    (var / "logs").mkdir(exist_ok=True)
    rows = []
    with data.bench_lock(dbname):
        db = data.prepare_database(data.Params.sized(args.evaluations))
        main_company = db["facts"]["main"]
        ids = loadgen.shuffled(data.sample_ids(dbname, main_company["id"]))
        other = data.sample_ids(dbname, db["facts"]["others"][0]["id"], 1)[0]
        live = db["facts"]["live_evaluations"][str(main_company["id"])]
        quiet = wait_for_quiet(1.5, args.wait_max, True)
        if args.inprocess:
            rows = inprocess(args.variants.split(","), dbname, main_company["admin_email"], ids, args.requests)
            print(f"\nload before start {quiet['load_at_start']}; median of {args.requests} sequential requests each\n")
            print("| variant | list wall ms | list app CPU ms | detail wall ms | detail app CPU ms |")
            print("|---|---|---|---|---|")
            for r in rows:
                print(f"| {r['variant']} | {r['list']['wall_ms_median']:.2f} | {r['list']['cpu_ms_median']:.2f} | "
                      f"{r['detail']['wall_ms_median']:.2f} | {r['detail']['cpu_ms_median']:.2f} |")
            (CACHE / "api_load-whatif-inprocess.json").write_text(json.dumps({"quiet": quiet, "rows": rows}, indent=2))
            return 0
        minimal = servers.Server("minimal", "bench.api_load.reference_app:create_minimal()",
                                 reference_env(dbname, main_company["id"], var), var / "logs",
                                 list_path(1, "/evaluations"))
        floor_paths = [list_path(p, "/evaluations") for p in PAGES]
        kw = dict(seconds=args.seconds, warmup=args.warmup, connections=32, dbname=dbname, verbose=True)
        with minimal:
            floors = [measure("minimal list (raw SQL)", minimal, floor_paths, headers={}, **kw)]
            for layout in args.layouts.split(","):
                shape, _, flag = layout.partition(":")
                workers, threads = (int(x) for x in shape.split("x"))
                gunicorn_args = ["--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads)]
                if flag == "ka0":  # no keep-alive: every request is a new connection, accepted by any worker
                    gunicorn_args += ["--keep-alive", "0"]
                for variant in args.variants.split(","):
                    env = {**real_env(dbname, var), "BENCH_WHATIF": variant}
                    server = servers.Server(f"whatif-{variant}", "bench.api_load.whatif:create()", env,
                                            var / "logs", "/health", gunicorn_args=gunicorn_args)
                    with server:
                        token = login(server.url, main_company["admin_email"])
                        if variant not in ("no_count",):
                            check_equivalence(server.url, minimal.url, token, live, ids[0], other)
                        auth = {"Authorization": f"Bearer {token}"}
                        paths = ([list_path(p) for p in PAGES] if args.endpoint == "list"
                                 else [f"/api/v1/evaluations/{i}" for i in ids])
                        label = f"{args.endpoint}: {variant}" + ("" if layout == "2x16" else f" [{layout}]")
                        rows.append(measure(label, server, paths, headers=auth, **kw))
            floors.append(measure("minimal list (raw SQL)", minimal, floor_paths, headers={}, **kw))
    floor = sum(f["rps"] for f in floors) / len(floors)
    print(f"\nload before start {quiet['load_at_start']}; minimal list {floors[0]['rps']} and {floors[1]['rps']} req/s "
          f"(mean {floor:.1f}) before and after the variants\n")
    print("| variant | req/s | vs minimal | p50 ms | p95 ms | p99 ms | server CPU ms/req | PG CPU ms/req | "
          "PG connects /100 req | workers, % of a core | machine CPU busy % |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['name']} | {r['rps']:.1f} | {r['rps'] / floor:.3f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
              f"{r['p99_ms']:.1f} | {r['server_cpu_ms_per_req']:.2f} | {r['pg_cpu_ms_per_req']:.2f} | "
              f"{r['pg_connects_per_100_req']:.1f} | {'/'.join(map(str, r['worker_core_pct']))} | "
              f"{r['machine_cpu_busy_pct']} |")
    (CACHE / f"api_load-whatif-{args.endpoint}.json").write_text(
        json.dumps({"quiet": quiet, "floors": floors, "rows": rows}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
