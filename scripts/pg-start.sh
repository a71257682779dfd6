#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the SQL back end's tests: Debian's server binaries, a fresh cluster in
# $JZ_PG_DIR (default /tmp/jz-pg), listening only on a Unix socket there, trust authentication, owned by the
# `postgres` user (the server refuses to run as root). Installs the server from Debian when it is missing.
# Prints the environment for psql: eval "$(scripts/pg-start.sh)".
set -euo pipefail
dir=${JZ_PG_DIR:-/tmp/jz-pg}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
  echo "installing postgresql from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -f "$dir/data/postmaster.pid" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
rm -rf "$dir"; mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses='' -k $dir -p 54329 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
echo "export PGHOST=$dir PGPORT=54329 PGUSER=postgres PGDATABASE=postgres"
