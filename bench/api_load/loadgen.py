"""Closed-loop HTTP load with wrk (Debian package `wrk`): N keep-alive connections, fixed duration, percentiles."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

# Each wrk thread has its own Lua state: it starts at its own offset in the path list and cycles through it.
LUA = r"""
local paths = {%(paths)s}
local headers = {%(headers)s}
local reqs, n = {}, 0
local counter = 1

function setup(thread)
  n = n + 1
  thread:set("tid", n)
end

function init(args)
  for i, p in ipairs(paths) do reqs[i] = wrk.format("GET", p, headers) end
  counter = ((tid or 1) * 7919) %% #reqs
end

function request()
  counter = counter %% #reqs + 1
  return reqs[counter]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, ' ..
    '"errors": {"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}, ' ..
    '"latency_us": {"p50": %%d, "p90": %%d, "p95": %%d, "p99": %%d, "max": %%d, "mean": %%.1f}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
"""


def wrk_path() -> str:
    path = shutil.which("wrk")
    if not path:
        raise RuntimeError("wrk is not installed: apt-get install wrk (Debian package)")
    return path


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal for these ASCII values


def script(paths: list[str], headers: dict[str, str]) -> str:
    return LUA % {
        "paths": ", ".join(_lua_string(p) for p in paths),
        "headers": ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items()),
    }


def run_wrk(base_url: str, paths: list[str], *, headers: dict[str, str] | None = None, seconds: float = 30,
            connections: int = 32, threads: int = 2, timeout_s: float = 10) -> dict:
    """Run wrk for `seconds`; return requests/s, latency percentiles in ms and error counts."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script(paths, headers or {}))
        lua = handle.name
    try:
        command = [wrk_path(), "-t", str(threads), "-c", str(connections), "-d", f"{max(1, round(seconds))}s",
                   "--timeout", f"{timeout_s:g}s", "-s", lua, base_url]
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    finally:
        Path(lua).unlink(missing_ok=True)
    line = next((l for l in done.stdout.splitlines() if l.startswith("WRKJSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr[-2000:]}\n{done.stdout[-2000:]}")
    raw = json.loads(line.removeprefix("WRKJSON "))
    duration = raw["duration_us"] / 1e6
    lat = raw["latency_us"]
    return {
        "requests": raw["requests"],
        "seconds": round(duration, 2),
        "rps": round(raw["requests"] / duration, 1) if duration else 0.0,
        "p50_ms": lat["p50"] / 1000, "p90_ms": lat["p90"] / 1000, "p95_ms": lat["p95"] / 1000,
        "p99_ms": lat["p99"] / 1000, "max_ms": lat["max"] / 1000, "mean_ms": round(lat["mean"] / 1000, 3),
        "non_2xx": raw["errors"]["status"],
        "socket_errors": sum(v for k, v in raw["errors"].items() if k != "status"),
        "kib_per_request": round(raw["bytes"] / max(raw["requests"], 1) / 1024, 2),
    }


def shuffled(items: list, seed: int = 8) -> list:
    items = list(items)
    random.Random(seed).shuffle(items)
    return items
