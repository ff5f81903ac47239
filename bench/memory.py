"""Memory: a long recording probed, extracted and chunked, and a large upload streamed through the real API.

Usage:
  python bench/memory.py pipeline [--hours 2] [--no-baseline]    peak RSS of probe + extract + split (and ffmpeg)
  python bench/memory.py upload [--size-mb 1024] [--server gunicorn|werkzeug|both]
  python bench/memory.py                                           both, with the issue's sizes
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import (
    CACHE,
    FIXTURES,
    MB,
    ROOT,
    RssSampler,
    machine,
    mib,
    reset_peak,
    rss_kb,
    speech_video,
)


def _whisper_limit() -> int:
    """The chunk size the OpenAI transcriber asks split_audio for (falls back to its value when unavailable)."""
    try:
        from siete.ai.transcribers.openai_whisper import UPLOAD_LIMIT_BYTES
    except ImportError:
        return 24 * 1000 * 1000
    return UPLOAD_LIMIT_BYTES


PIPELINE_TARGET_MB = 300
UPLOAD_TARGET_MB = 50
CHILD_TIMEOUT = 1800
DEMO_EMAIL, DEMO_PASSWORD = "shopper@siete.demo", "demo-pass-2026"
SCRIPT = Path(__file__).resolve()


# ---------------------------------------------------------------------------------------------- (a) pipeline


def _maxrss_kb(who: int) -> int:
    return resource.getrusage(who).ru_maxrss  # kB on Linux


# Python's own peak is read from VmHWM, not RUSAGE_SELF: Linux starts a spawned process's ru_maxrss at its
# parent's high-water mark (vfork + exec), so RUSAGE_SELF would report the benchmark parent's size.


def _child_pipeline(src: Path, work: Path, max_bytes: int, overlap: float) -> dict:
    """Runs in a fresh interpreter: probe, extract_audio, split_audio as the pipeline does; reports peaks."""
    from siete.media import extract_audio, probe, split_audio

    idle_kb = rss_kb(os.getpid())["rss"]
    steps = {}
    start = time.perf_counter()
    info = probe(src)
    steps["probe_s"] = time.perf_counter() - start
    start = time.perf_counter()
    audio = extract_audio(src, work, info=info)
    steps["extract_s"] = time.perf_counter() - start
    start = time.perf_counter()
    chunks = split_audio(audio.path, max_bytes, overlap, work, duration=info.duration)
    steps["split_s"] = time.perf_counter() - start
    sizes = [chunk.path.stat().st_size for chunk in chunks]
    last = chunks[-1]
    return {
        "duration": info.duration, "audio_codec": info.audio_codec, "transcoded": audio.transcoded,
        "audio_bytes": audio.size_bytes, "chunks": len(chunks), "max_chunk_bytes": max(sizes),
        "covered_until": round(last.start + last.duration, 2), "steps": {k: round(v, 2) for k, v in steps.items()},
        "python_idle_kb": idle_kb, "python_peak_kb": rss_kb(os.getpid())["hwm"],
        "ffmpeg_peak_kb": _maxrss_kb(resource.RUSAGE_CHILDREN),
    }


def _child_moviepy(src: Path, work: Path) -> dict:
    """Runs in a fresh interpreter: the moviepy baseline extraction of the same file; reports peaks."""
    from moviepy import VideoFileClip

    idle_kb = rss_kb(os.getpid())["rss"]
    start = time.perf_counter()
    clip = VideoFileClip(str(src))
    try:
        clip.audio.write_audiofile(str(work / "baseline.mp3"), logger=None)
    finally:
        clip.close()
    return {
        "steps": {"extract_s": round(time.perf_counter() - start, 2)},
        "audio_bytes": (work / "baseline.mp3").stat().st_size,
        "python_idle_kb": idle_kb, "python_peak_kb": rss_kb(os.getpid())["hwm"],
        "ffmpeg_peak_kb": _maxrss_kb(resource.RUSAGE_CHILDREN),
    }


def _run_child(args: list[str], work: Path, timeout: float) -> dict:
    """Run this script's hidden child mode in a new interpreter while sampling its whole process tree's RSS."""
    command = [sys.executable, str(SCRIPT), "_child", *args, "--work", str(work)]
    start = time.perf_counter()
    with (subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc,
          RssSampler(proc.pid, tree=True, interval=0.02) as sampler):
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise RuntimeError(f"child did not finish within {timeout}s: {command}") from None
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["wall_s"] = round(time.perf_counter() - start, 2)
    result["tree_sampled_peak_kb"] = sampler.peak_kb
    result["ffmpeg_sampled_hwm_kb"] = sampler.child_hwm_kb
    result["samples"] = sampler.samples
    # Kernel peaks: python's own (VmHWM), and its largest reaped child's ru_maxrss. The latter is an upper bound
    # on ffmpeg's own peak: Linux carries the parent's high-water mark at spawn into the child's ru_maxrss;
    # ffmpeg_sampled_hwm_kb (VmHWM read while it ran) is ffmpeg's own peak. Our pipeline runs one ffmpeg at a
    # time while python waits, so python + largest child bounds the tree; moviepy runs readers and a writer at
    # once, so for it only the sampled tree sum sees the overlap. total = the larger of the two.
    result["python_plus_ffmpeg_kb"] = result["python_peak_kb"] + result["ffmpeg_peak_kb"]
    result["total_peak_kb"] = max(result["python_plus_ffmpeg_kb"], result["tree_sampled_peak_kb"])
    return result


def run_pipeline_memory_benchmark(hours: float = 2.0, *, max_bytes: int | None = None, overlap_s: float = 2.0,
                                  baseline: bool = True, timeout: float = CHILD_TIMEOUT) -> dict:
    """Probe, extract and chunk a cached `hours`-long video in a child interpreter; peak RSS of it and its ffmpegs.

    max_bytes defaults to the OpenAI transcriber's chunk limit. With baseline=True the same file also goes through
    moviepy's write_audiofile in another child.
    """
    max_bytes = max_bytes or _whisper_limit()
    src = speech_video(hours * 3600, size="64x36", fps=1)
    work_root = CACHE / "tmp"
    work_root.mkdir(parents=True, exist_ok=True)
    result = {"benchmark": "pipeline_memory", "machine": machine(), "hours": hours, "source": src.name,
              "source_bytes": src.stat().st_size, "max_bytes": max_bytes, "overlap_s": overlap_s,
              "target_mb": PIPELINE_TARGET_MB}
    runs = [("ours", ["pipeline", "--src", str(src), "--max-bytes", str(max_bytes), "--overlap", str(overlap_s)])]
    if baseline:
        runs.append(("moviepy", ["moviepy", "--src", str(src)]))
    for name, args in runs:
        work = Path(tempfile.mkdtemp(prefix=f"memory-{name}-", dir=work_root))
        try:
            result[name] = _run_child(args, work, timeout)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    ours = result["ours"]
    result["target_met"] = {"python": ours["python_peak_kb"] < PIPELINE_TARGET_MB * 1024,
                            "python_plus_ffmpeg": ours["total_peak_kb"] < PIPELINE_TARGET_MB * 1024,
                            "chunks_fit": ours["max_chunk_bytes"] <= max_bytes}
    if baseline:
        result["total_ratio_vs_moviepy"] = round(ours["total_peak_kb"] / result["moviepy"]["total_peak_kb"], 2)
        result["speed_ratio_vs_moviepy"] = round(result["moviepy"]["steps"]["extract_s"]
                                                 / max(ours["steps"]["extract_s"], 1e-3), 1)
    return result


def report_pipeline(r: dict) -> str:
    o = r["ours"]
    lines = [
        (f"Source: {r['source']} ({r['hours']:g} h, {r['source_bytes'] / MB:.1f} MiB); chunk limit "
        f"{r['max_bytes']:,} bytes, overlap {r['overlap_s']:g} s"),
        (f"ours: probe {o['steps']['probe_s']} s, extract {o['steps']['extract_s']} s "
        f"({'transcoded' if o['transcoded'] else 'stream copy'} {o['audio_codec']}, {o['audio_bytes'] / MB:.1f} MiB), "
        f"split {o['steps']['split_s']} s -> {o['chunks']} chunks, largest {o['max_chunk_bytes']:,} bytes, "
        f"cover 0-{o['covered_until']} s of {o['duration']} s"),
        (f"{'run':<9}{'py idle':>9}{'py peak':>9}{'child':>8}{'ffmpeg':>8}{'py+child':>9}{'tree smp':>9}"
        f"{'total':>8}{'wall s':>8}   (MiB)"),
    ]
    for name in ("ours", "moviepy"):
        if name in r:
            x = r[name]
            lines.append(f"{name:<9}{mib(x['python_idle_kb']):>9}{mib(x['python_peak_kb']):>9}"
                         f"{mib(x['ffmpeg_peak_kb']):>8}{mib(x['ffmpeg_sampled_hwm_kb']):>8}"
                         f"{mib(x['python_plus_ffmpeg_kb']):>9}{mib(x['tree_sampled_peak_kb']):>9}"
                         f"{mib(x['total_peak_kb']):>8}{x['wall_s']:>8}")
    met = r["target_met"]
    lines.append(f"Target: peak RSS < {PIPELINE_TARGET_MB} MB -> python {'MET' if met['python'] else 'NOT met'}, "
                 f"python+ffmpeg {'MET' if met['python_plus_ffmpeg'] else 'NOT met'}; chunks <= limit "
                 f"{'yes' if met['chunks_fit'] else 'NO'}")
    if "total_ratio_vs_moviepy" in r:
        lines.append(f"total peak vs moviepy baseline (extraction only): {r['total_ratio_vs_moviepy']}x; "
                     f"extraction {r['speed_ratio_vs_moviepy']}x faster")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ (b) upload


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_", "REDIS_", "CELERY_", "MEDIA_", "STORAGE_", "S3_", "R2_", "RATELIMIT_"))}
    env.pop("SIETE_ENV", None)
    tmp = var_dir / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    env.update({"SIETE_VAR_DIR": str(var_dir), "MAX_UPLOAD_MB": "2048", "TMPDIR": str(tmp),
                "PYTHONUNBUFFERED": "1"})
    return env


def _flask(args: list[str], env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi:app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _request(port: int, method: str, path: str, *, body: dict | None = None, token: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read()
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = raw[:500].decode("utf-8", "replace")
        return response.status, payload
    finally:
        conn.close()


def _start_server(kind: str, port: int, env: dict, log: Path):
    """Start the API; return (process, pid to measure). gunicorn as in the Procfile but with one worker."""
    if kind == "gunicorn":
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread",
                   "--workers", "1", "--threads", "8", "--timeout", "300", "wsgi:app"]
    else:
        command = [sys.executable, "-m", "flask", "--app", "wsgi:app", "run", "--host", "127.0.0.1", "--port",
                   str(port), "--no-reload", "--no-debugger", "--with-threads"]
    out = open(log, "wb")  # noqa: SIM115 - closed by _stop_server
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    proc.log_file = out
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{kind} exited ({proc.returncode}): {log.read_text()[-3000:]}")
        try:
            _request(port, "GET", "/health")
            break
        except OSError:
            time.sleep(0.25)
    else:
        _stop_server(proc)
        raise RuntimeError(f"{kind} did not answer within 90 s: {log.read_text()[-3000:]}")
    if kind == "gunicorn":
        workers = [pid for pid in _children(proc.pid)]
        if len(workers) != 1:
            _stop_server(proc)
            raise RuntimeError(f"expected one gunicorn worker, found {workers}")
        return proc, workers[0]
    return proc, proc.pid


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _stop_server(proc) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    proc.log_file.close()


def fake_mp4_chunks(size: int, block: bytes):
    """`size` bytes of a playable mp4 (never all in memory): a real recording (the 50 s fixture, faststart), then
    one `free` box of filler that players and ffmpeg skip. Uploads are probed before they are stored, so the bytes
    must be a video ffmpeg reads, whole."""
    video = (FIXTURES / "good_service.mp4").read_bytes()
    free = (1).to_bytes(4, "big") + b"free" + (size - len(video)).to_bytes(8, "big")
    head = video + free
    yield head
    left = size - len(head)
    while left > 0:
        piece = block if left >= len(block) else block[:left]
        left -= len(piece)
        yield piece


def post_multipart(port: int, token: str, fields: dict, filename: str, file_size: int, file_chunks,
                   *, timeout: float = 900) -> dict:
    """POST multipart/form-data built by hand with an exact Content-Length, sending the file as it is produced."""
    boundary = f"siete-bench-{uuid.uuid4().hex}"
    head = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                    for name, value in fields.items())
    head += (f'--{boundary}\r\nContent-Disposition: form-data; name="video"; filename="{filename}"\r\n'
             f"Content-Type: video/mp4\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    start = time.perf_counter()
    sent, send_error = 0, None
    try:
        conn.putrequest("POST", "/api/v1/evaluations")
        conn.putheader("Authorization", f"Bearer {token}")
        conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        conn.putheader("Content-Length", str(len(head) + file_size + len(tail)))
        conn.putheader("Accept", "application/json")
        conn.endheaders()
        try:
            conn.send(head)
            for chunk in file_chunks:
                conn.send(chunk)
                sent += len(chunk)
            conn.send(tail)
        except OSError as exc:  # the server may answer (413, 401) and close before reading everything
            send_error = repr(exc)
        sent_s = time.perf_counter() - start
        response = conn.getresponse()
        raw = response.read()
        status = response.status
    finally:
        conn.close()
    try:
        body = json.loads(raw)
    except ValueError:
        body = raw[:500].decode("utf-8", "replace")
    return {"status": status, "body": body, "file_bytes_sent": sent, "send_error": send_error,
            "send_s": round(sent_s, 2), "total_s": round(time.perf_counter() - start, 2)}


def _spool_bytes(pid: int, under: Path) -> int:
    """Bytes in files the process holds open under `under` (werkzeug's spooled upload, the storage .part)."""
    total = 0
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return 0
    for fd in fds:
        try:
            if os.readlink(fd).startswith(str(under)):
                total += os.stat(fd).st_size
        except OSError:
            continue
    return total


class SpoolWatcher(RssSampler):
    """RssSampler that also records the largest files the server keeps open in TMPDIR and in the media root."""

    def __init__(self, pid: int, var_dir: Path):
        super().__init__(pid, interval=0.02)
        self.dirs = {"tmp": var_dir / "tmp", "media": var_dir / "media"}
        self.open_peak = dict.fromkeys(self.dirs, 0)

    def _run(self) -> None:
        tick = 0
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, rss_kb(self.pid)["rss"])
            self.samples += 1
            if tick % 10 == 0:
                for name, under in self.dirs.items():
                    self.open_peak[name] = max(self.open_peak[name], _spool_bytes(self.pid, under))
            tick += 1
            self._stop.wait(self.interval)


def _measured_upload(port: int, pid: int, token: str, fields: dict, size: int, chunks, var_dir: Path) -> dict:
    before = rss_kb(pid)
    peak_reset = reset_peak(pid)
    with SpoolWatcher(pid, var_dir) as watcher:
        result = post_multipart(port, token, fields, "bench.mp4", size, chunks)
    after = rss_kb(pid)
    peak = max(watcher.peak_kb, after["hwm"] if peak_reset else 0)
    result.update({"bytes": size, "rss_before_kb": before["rss"], "rss_after_kb": after["rss"],
                   "rss_peak_kb": peak, "hwm_after_kb": after["hwm"], "hwm_was_reset": peak_reset,
                   "growth_kb": peak - before["rss"], "samples": watcher.samples,
                   "tmpdir_open_peak_bytes": watcher.open_peak["tmp"],
                   "media_open_peak_bytes": watcher.open_peak["media"]})
    if isinstance(result["body"], dict):
        result["body"] = {k: result["body"][k] for k in ("id", "status", "stage", "media_size", "code", "message")
                          if k in result["body"]}
    return result


def run_upload_memory_benchmark(size_mb: float = 1024, *, server: str = "gunicorn", keep: bool = False,
                                broker_dirs: bool = True) -> dict:
    """Start the real API on the embedded default in a temp var dir, upload a small real video (baseline) and
    then a `size_mb` mp4-like body, sampling the serving process's RSS; report growth and the answer.

    broker_dirs creates the filesystem broker's folders first: on a fresh SIETE_VAR_DIR the app does not, and
    enqueueing the pipeline after the upload then fails with a 500 (reported in bench/RESULTS.md).
    """
    size = int(size_mb * MB)
    CACHE.mkdir(parents=True, exist_ok=True)
    var_dir = Path(tempfile.mkdtemp(prefix=f"upload-{server}-", dir=CACHE))
    env = _server_env(var_dir)
    if broker_dirs:
        for name in ("broker", "broker-processed"):
            (var_dir / name).mkdir()
    result = {"benchmark": "upload_memory", "machine": machine(), "server": server, "size_mb": size_mb,
              "target_mb": UPLOAD_TARGET_MB, "broker_dirs_precreated": broker_dirs}
    proc = None
    try:
        _flask(["db", "upgrade"], env)
        _flask(["seed-demo"], env)
        port = _free_port()
        proc, pid = _start_server(server, port, env, var_dir / "server.log")
        status, login = _request(port, "POST", "/api/v1/auth/login",
                                 body={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
        if status != 200:
            raise RuntimeError(f"login failed: {status} {login}")
        token = login["access_token"]
        status, campaigns = _request(port, "GET", "/api/v1/campaigns", token=token)
        if status != 200 or not campaigns:
            raise RuntimeError(f"no campaign for the demo shopper: {status} {campaigns}")
        campaign_id = campaigns[0]["id"]
        status, zones = _request(port, "GET", f"/api/v1/campaigns/{campaign_id}/zones", token=token)
        if status != 200 or not zones:
            raise RuntimeError(f"no zone in campaign {campaign_id}: {status} {zones}")
        fields = {"campaign_id": campaign_id, "zone_id": zones[0]["id"], "comments": "bench upload"}
        result["rss_idle_kb"] = rss_kb(pid)["rss"]
        video = (FIXTURES / "good_service.mp4").read_bytes()
        result["small"] = _measured_upload(port, pid, token, fields, len(video), [video], var_dir)
        block = os.urandom(MB)
        result["large"] = _measured_upload(port, pid, token, fields, size, fake_mp4_chunks(size, block), var_dir)
        stored = sorted((p.stat().st_size for p in (var_dir / "media").rglob("*") if p.is_file()), reverse=True)
        result["stored_files_bytes"] = stored[:3]
        result["client_peak_kb"] = rss_kb(os.getpid())["hwm"]
        if server == "gunicorn":
            result["master_rss_kb"] = rss_kb(proc.pid)["rss"]
    finally:
        if proc is not None:
            _stop_server(proc)
        if keep:
            result["var_dir"] = str(var_dir)
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
    large = result["large"]
    result["target_met"] = large["growth_kb"] <= UPLOAD_TARGET_MB * 1024
    result["growth_per_gib_upload_kb"] = round(large["growth_kb"] / (size / (1024 * MB)), 1)
    return result


def report_upload(r: dict) -> str:
    lines = [f"server: {r['server']} (embedded SQLite, local storage); idle RSS {mib(r['rss_idle_kb'])} MiB"]
    lines.append(f"{'upload':<7}{'MiB':>9}{'status':>7}{'send s':>8}{'total s':>8}{'before':>9}{'peak':>9}"
                 f"{'after':>9}{'growth':>8}{'TMPDIR':>9}{'media':>9}   (MiB; last two: open files on disk)")
    for name in ("small", "large"):
        x = r[name]
        lines.append(f"{name:<7}{x['bytes'] / MB:>9.2f}{x['status']:>7}{x['send_s']:>8}{x['total_s']:>8}"
                             f"{mib(x['rss_before_kb']):>9}{mib(x['rss_peak_kb']):>9}{mib(x['rss_after_kb']):>9}"
                     f"{mib(x['growth_kb']):>8}{x['tmpdir_open_peak_bytes'] / MB:>9.1f}"
                     f"{x['media_open_peak_bytes'] / MB:>9.1f}")
    large = r["large"]
    lines.append(f"large upload answer: {large['status']} {json.dumps(large['body'])[:300]}"
                 + (f"; client send error {large['send_error']}" if large["send_error"] else ""))
    lines.append(f"stored files (largest): {[round(b / MB, 1) for b in r['stored_files_bytes']]} MiB; "
                 f"client peak RSS {mib(r['client_peak_kb'])} MiB")
    lines.append(f"Target: API grows <= {UPLOAD_TARGET_MB} MB on a {r['size_mb']:g} MiB upload -> "
                 f"{'MET' if r['target_met'] else 'NOT met'} (growth {mib(large['growth_kb'])} MiB; small-upload "
                 f"baseline growth {mib(r['small']['growth_kb'])} MiB)")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------- main


def _child_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["pipeline", "moviepy"])
    parser.add_argument("--src", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--max-bytes", type=int, default=0)
    parser.add_argument("--overlap", type=float, default=2.0)
    args = parser.parse_args(argv)
    if args.mode == "pipeline":
        result = _child_pipeline(args.src, args.work, args.max_bytes, args.overlap)
    else:
        result = _child_moviepy(args.src, args.work)
    print(json.dumps(result))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        return _child_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="?", choices=["pipeline", "upload", "all"], default="all")
    parser.add_argument("--hours", type=float, default=2.0)
    parser.add_argument("--max-mb", type=float, help="chunk size limit in MiB (default: the transcriber's)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the moviepy run of the pipeline check")
    parser.add_argument("--size-mb", type=float, default=1024)
    parser.add_argument("--server", choices=["gunicorn", "werkzeug", "both"], default="both")
    parser.add_argument("--keep", action="store_true", help="keep the upload run's var dir (1 GB+)")
    parser.add_argument("--no-broker-dirs", action="store_true",
                        help="do not pre-create the filesystem broker folders (reproduces the 500 on submit)")
    args = parser.parse_args(argv)
    results = {}
    if args.which in ("pipeline", "all"):
        print(f"Pipeline memory: preparing a {args.hours:g}-hour video (cached under {CACHE}) ...", flush=True)
        max_bytes = int(args.max_mb * MB) if args.max_mb else None
        r = run_pipeline_memory_benchmark(args.hours, max_bytes=max_bytes, baseline=not args.no_baseline)
        print(json.dumps(r["machine"]))
        print(report_pipeline(r), flush=True)
        results["pipeline"] = r
    if args.which in ("upload", "all"):
        servers = ["gunicorn", "werkzeug"] if args.server == "both" else [args.server]
        for server in servers:
            print(f"Upload memory: {args.size_mb:g} MiB through {server} ...", flush=True)
            r = run_upload_memory_benchmark(args.size_mb, server=server, keep=args.keep,
                                            broker_dirs=not args.no_broker_dirs)
            print(report_upload(r), flush=True)
            results[f"upload_{server}"] = r
    out = CACHE / f"memory-{args.which}-last.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"figures: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
