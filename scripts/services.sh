#!/usr/bin/env bash
# Install (as root, with apt) and start what the test suite needs: PostgreSQL and
# Redis on 127.0.0.1, Debian's Chromium, wrk, HAProxy (the scale-out tests' proxy) and git. Prints nothing on success.
# Safe to run again; source scripts/services.env afterwards for the addresses.
set -euo pipefail

packages=(postgresql redis-server chromium wrk haproxy git)
missing=()
command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v chromium >/dev/null || missing+=(chromium)
command -v wrk >/dev/null || missing+=(wrk)
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} with apt-get..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing ${missing[*]}: install them (Debian: apt-get install ${packages[*]}); tests that need them will be skipped (or fail when CI is set)." >&2
  fi
fi

start_postgres() {
  command -v pg_lsclusters >/dev/null || return 0
  local version
  version=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    pg_createcluster "$version" main >/dev/null
  fi
  pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online \
    || pg_ctlcluster "$version" main start
  if [ "$(id -u)" = 0 ]; then
    su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  fi
}

start_redis() {
  command -v redis-server >/dev/null || return 0
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 \
    || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
}

start_postgres
start_redis
