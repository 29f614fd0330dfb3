#!/usr/bin/env bash
# Makes sure the local Postgres used by tests/postgres answers on 127.0.0.1:5432; starts the cluster if stopped.
set -euo pipefail

HOST=127.0.0.1
PORT=5432

if pg_isready -q -h "$HOST" -p "$PORT"; then
  echo "postgres: up on $HOST:$PORT"
  exit 0
fi

version="$(ls /etc/postgresql | sort -n | tail -1)"
echo "postgres: down, starting cluster $version/main"
pg_ctlcluster --skip-systemctl-redirect "$version" main start

for _ in $(seq 1 30); do
  if pg_isready -q -h "$HOST" -p "$PORT"; then
    echo "postgres: up on $HOST:$PORT"
    exit 0
  fi
  sleep 1
done
echo "postgres: did not come up on $HOST:$PORT within 30 s" >&2
exit 1
