#!/usr/bin/env bash
# Install everything the suite needs, make sure PostgreSQL and Redis run, then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

step() { echo "==> $*"; }

ensure_debian_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v wrk >/dev/null || missing+=(wrk)  # the API load benchmark's smoke test
  command -v npm >/dev/null || missing+=(nodejs npm)  # the web console (Angular 21 needs Node.js >= 20.19)
  if ((${#missing[@]})); then
    step "installing Debian packages: ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_services() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    step "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    step "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
  fi
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='siete_test'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE siete_test"
}

step "python environment"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e ".[test,local-asr,bench]"
if [ -f scripts/setup_local_asr.sh ]; then
  step "local speech-to-text model"
  VENV="$VENV" bash scripts/setup_local_asr.sh
fi
ensure_debian_packages
ensure_services

step "web console: npm ci when its lockfile changed, production build when its sources changed"
export CHROME_BIN=${CHROME_BIN:-/usr/bin/chromium} PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NG_CLI_ANALYTICS=false
make --no-print-directory console

step "running the test suite"
set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" = 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi
exit "$status"
